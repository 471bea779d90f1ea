"""Preferences (首选项): language, time zone, sync interval, deadline alerts and the ≈CNY rates.

Everything but the rates is a typed option of :class:`~acorn_desktop.ui.settings.Settings`; the dialog reads
them when it opens and writes only on OK. ``PreferencesDialog.changed`` (and
``PreferencesFeature.sig_settings_changed``) name the options that changed, so the window applies what it can
at once (sync interval, alert lead times); the language applies at the next start.

The rates are the store's one managed rate table (``services.rates``): the ≈CNY shown everywhere and the
approval limits use it. Finance and administrators edit it here (saved through the service, audited);
everyone else sees it read-only. Without an open store the dialog falls back to the local display rates.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    QTimeZone,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.fx import DEFAULT_CNY_RATES, DEFAULT_RATES_DATE
from .i18n import error_text
from .settings import Settings
from .tray import parse_lead_hours

LANGUAGES = (("zh_CN", "中文(简体)"), ("en", "English"))  # each in its own language, never translated
COMMON_TIME_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Madrid",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "America/Toronto",
    "UTC",
)
ALERT_HOURS = (1, 6, 24)
SYNC_MAX_MINUTES = 24 * 60
RATE_MAX = Decimal(100_000)
RATE_DECIMALS = 6


# -- values stored as text ------------------------------------------------------------------------------------
def parse_rate(text: Any) -> Decimal | None:
    """A valid rate (Decimal > 0, at most 6 decimals, below 100,000) or None."""
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value <= 0 or value >= RATE_MAX:
        return None
    if value.as_tuple().exponent < -RATE_DECIMALS:
        return None
    return value


def load_rates(text: str) -> dict[str, Decimal]:
    """Settings.cny_rates_json → {currency: rate}: the defaults, overridden by every valid stored value."""
    rates = dict(DEFAULT_CNY_RATES)
    try:
        stored = json.loads(text) if text else {}
    except ValueError:
        stored = {}
    if isinstance(stored, dict):
        for currency, value in stored.items():
            rate = parse_rate(value)
            if currency in rates and rate is not None:
                rates[currency] = rate
    return rates


def dump_rates(rates: dict[str, Decimal]) -> str:
    """{currency: rate} → JSON text; "" when they equal the defaults (so newer defaults apply after updates)."""
    if rates == DEFAULT_CNY_RATES:
        return ""
    return json.dumps({c: str(r) for c, r in rates.items()}, sort_keys=True)


def cny_rates(settings: Settings) -> dict[str, Decimal]:
    """The rates the ≈CNY column should use."""
    return load_rates(settings.cny_rates_json)


def zone_label(zone_id: str) -> str:
    """``Asia/Shanghai(UTC+08:00)`` with the zone's offset right now."""
    zone = QTimeZone(zone_id.encode())
    if not zone.isValid():
        return zone_id
    seconds = zone.offsetFromUtc(QDateTime.currentDateTimeUtc())
    sign = "+" if seconds >= 0 else "-"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{zone_id} (UTC{sign}{hours:02d}:{minutes:02d})"


# -- the rates table ------------------------------------------------------------------------------------------
class RatesModel(QAbstractTableModel):
    """Currency → CNY per unit. Only the rate column is editable; invalid input is refused (``sig_invalid``)."""

    CURRENCY, RATE = range(2)
    sig_invalid = Signal(str)

    def __init__(self, rates: dict[str, Decimal] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[Any]] = []
        self.set_rates(rates or DEFAULT_CNY_RATES)

    def set_rates(self, rates: dict[str, Decimal]) -> None:
        self.beginResetModel()
        known = [c for c in DEFAULT_CNY_RATES if c in rates]  # the defaults' order, then any others by code
        others = sorted(c for c in rates if c not in DEFAULT_CNY_RATES)
        self._rows = [[c, Decimal(rates[c])] for c in known + others]
        self.endResetModel()

    def restore_defaults(self) -> None:
        self.set_rates(DEFAULT_CNY_RATES)

    def rates(self) -> dict[str, Decimal]:
        return {c: r for c, r in self._rows}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return (self.tr("Currency"), self.tr("CNY per unit"))[section] if 0 <= section < 2 else None
        return str(section + 1) if 0 <= section < len(self._rows) else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == self.RATE else base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        currency, rate = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return currency if index.column() == self.CURRENCY else format(rate, "f")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.RATE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.RATE:
            default = DEFAULT_CNY_RATES.get(currency)
            if default is not None and default != rate:
                return self.tr("Default: {rate}").format(rate=format(default, "f"))
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.RATE:
            return False
        rate = parse_rate(value)
        if rate is None:
            self.sig_invalid.emit(
                self.tr("“{value}” is not a valid rate: enter a number greater than 0.").format(value=value)
            )
            return False
        self._rows[index.row()][1] = rate
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True


class _RateDelegate(QStyledItemDelegate):
    """A line edit that only accepts positive decimals."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}([.,]\d{0,6})?"), editor))
        return editor


# -- the dialog -----------------------------------------------------------------------------------------------
class PreferencesDialog(QDialog):
    """Edits the typed settings; writes them on OK and lists what changed in :attr:`changed`."""

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, *, rate_table=None, rates_editable: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.settings = settings
        self.changed: set[str] = set()
        self.rate_table = rate_table  # services.rates.RateTable of the open store, or None
        self.rates_editable = rates_editable

        # general
        self.language = QComboBox(self)
        self.language.setObjectName("languageCombo")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        language_hint = QLabel(self.tr("Takes effect the next time ACORN-i starts."))
        language_hint.setProperty("role", "hint")
        self.time_zone = QComboBox(self)
        self.time_zone.setObjectName("timeZoneCombo")
        zones = list(COMMON_TIME_ZONES)
        if settings.time_zone not in zones and QTimeZone(settings.time_zone.encode()).isValid():
            zones.insert(0, settings.time_zone)
        for zone in zones:
            self.time_zone.addItem(zone_label(zone), zone)
        self.sync_interval = QSpinBox(self)
        self.sync_interval.setObjectName("syncIntervalSpin")
        self.sync_interval.setRange(0, SYNC_MAX_MINUTES)
        self.sync_interval.setSingleStep(5)
        self.sync_interval.setSuffix(self.tr(" min"))
        self.sync_interval.setSpecialValueText(self.tr("Only when I click Sync Now"))
        general = QGroupBox(self.tr("General"), self)
        form = QFormLayout(general)
        language_box = QVBoxLayout()
        language_box.setSpacing(2)
        language_box.addWidget(self.language)
        language_box.addWidget(language_hint)
        form.addRow(self.tr("Interface language:"), language_box)
        form.addRow(self.tr("Time zone for deadlines:"), self.time_zone)
        form.addRow(self.tr("Sync automatically every:"), self.sync_interval)

        # deadline alerts
        alerts = QGroupBox(self.tr("Deadline alerts (system tray)"), self)
        alerts_layout = QHBoxLayout(alerts)
        self.alert_boxes: dict[int, QCheckBox] = {}
        for hours in ALERT_HOURS:
            text = self.tr("1 hour before") if hours == 1 else self.tr("{hours} hours before").format(hours=hours)
            box = QCheckBox(text, alerts)
            box.setObjectName(f"alert{hours}h")
            self.alert_boxes[hours] = box
            alerts_layout.addWidget(box)
        alerts_layout.addStretch(1)

        # rates
        title = (
            self.tr("Exchange rates for the ≈ CNY column (display only, never used for refunds)")
            if rate_table is None
            else self.tr("Exchange rates: the ≈ CNY shown and the approval limits")
        )
        rates = QGroupBox(title, self)
        self.rates_model = RatesModel(parent=self)
        self.rates_view = QTableView(rates)
        self.rates_view.setObjectName("ratesView")
        self.rates_view.setModel(self.rates_model)
        self.rates_view.setItemDelegateForColumn(RatesModel.RATE, _RateDelegate(self.rates_view))
        self.rates_view.verticalHeader().hide()
        self.rates_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rates_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rates_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.rates_view.setMinimumHeight(200)
        self.rates_date = QLabel(
            self.tr("Default rates as of {date}.").format(date=DEFAULT_RATES_DATE)
            if rate_table is None
            else self.tr("Rate table version {version}, as of {date}.").format(
                version=rate_table.version, date=rate_table.as_of
            )
        )
        self.rates_date.setProperty("role", "hint")
        self.rates_error = QLabel()
        self.rates_error.setObjectName("ratesError")
        self.rates_error.setProperty("role", "error")
        self.rates_error.setWordWrap(True)
        self.rates_error.hide()
        self.restore_rates = QPushButton(self.tr("Restore Defaults"), rates)
        self.restore_rates.setObjectName("restoreRatesButton")
        self.restore_rates.clicked.connect(self._restore_rates)
        self.rates_model.sig_invalid.connect(self._show_rate_error)
        self.rates_readonly = QLabel(self.tr("Only finance and administrators can change the rate table."), rates)
        self.rates_readonly.setObjectName("ratesReadOnly")
        self.rates_readonly.setProperty("role", "hint")
        self.rates_readonly.setVisible(not rates_editable)
        if not rates_editable:
            self.rates_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.restore_rates.setEnabled(False)
        self.rates_model.dataChanged.connect(lambda *_: self.rates_error.hide())
        rates_layout = QVBoxLayout(rates)
        rates_layout.addWidget(self.rates_view)
        rates_layout.addWidget(self.rates_error)
        rates_layout.addWidget(self.rates_readonly)
        below = QHBoxLayout()
        below.addWidget(self.rates_date, 1)
        below.addWidget(self.restore_rates)
        rates_layout.addLayout(below)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(general)
        layout.addWidget(alerts)
        layout.addWidget(rates, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 640)
        self.load()

    # -- settings ↔ widgets ---------------------------------------------------------------------------------
    def load(self) -> None:
        s = self.settings
        self._select(self.language, "en" if s.language.startswith("en") else "zh_CN")
        self._select(self.time_zone, s.time_zone if self.time_zone.findData(s.time_zone) >= 0 else "Asia/Shanghai")
        self.sync_interval.setValue(max(0, min(SYNC_MAX_MINUTES, s.sync_interval_minutes)))
        hours = {int(lead.total_seconds() // 3600) for lead in parse_lead_hours(s.alert_lead_hours)}
        for h, box in self.alert_boxes.items():
            box.setChecked(h in hours)
        self._other_lead_hours = sorted(hours - set(self.alert_boxes))  # set in the INI by hand: kept as is
        self.rates_model.set_rates(self.rate_table.rates if self.rate_table is not None else cny_rates(s))

    def new_rates(self) -> dict[str, Decimal] | None:
        """The edited managed rate table, or None when it is unchanged (or not editable / not managed)."""
        if self.rate_table is None or not self.rates_editable:
            return None
        rates = self.rates_model.rates()
        return None if rates == self.rate_table.rates else rates

    def values(self) -> dict[str, Any]:
        """What the widgets say, as option name → value."""
        hours = sorted({h for h, box in self.alert_boxes.items() if box.isChecked()} | set(self._other_lead_hours))
        return {
            "language": self.language.currentData(),
            "time_zone": self.time_zone.currentData(),
            "sync_interval_minutes": self.sync_interval.value(),
            "alert_lead_hours": " ".join(str(h) for h in hours),
            "cny_rates_json": dump_rates(self.rates_model.rates())
            if self.rate_table is None
            else self.settings.cny_rates_json,  # the managed table is saved through its service
        }

    def save(self) -> set[str]:
        """Write the options that differ; returns their names."""
        changed = set()
        for name, value in self.values().items():
            if getattr(self.settings, name) != value:
                setattr(self.settings, name, value)
                changed.add(name)
        self.settings.sync()
        return changed

    def accept(self) -> None:
        self.changed = self.save()
        super().accept()

    # -- internals ------------------------------------------------------------------------------------------
    @staticmethod
    def _select(combo: QComboBox, data: str) -> None:
        index = combo.findData(data)
        combo.setCurrentIndex(max(0, index))

    @Slot()
    def _restore_rates(self) -> None:
        self.rates_model.restore_defaults()
        self.rates_error.hide()

    @Slot(str)
    def _show_rate_error(self, text: str) -> None:
        self.rates_error.setText(text)
        self.rates_error.show()


class PreferencesFeature(QObject):
    """The "Preferences…" action (Ctrl+,); emits what changed after OK.

    With a store open (:meth:`set_rates_backend`), the dialog shows the store's managed rate table, loaded off
    the GUI thread; an edit by finance / an administrator is saved through the rate service.
    """

    # Names of the Settings options that changed (e.g. {"sync_interval_minutes", "alert_lead_hours"}).
    sig_settings_changed = Signal(set)
    sig_rates_changed = Signal(object)  # the new services.rates.RateTable
    sig_message = Signal(str)  # e.g. why the rate table was not saved

    def __init__(self, window: QWidget, settings: Settings, runner=None) -> None:
        super().__init__(window)
        self._window = window
        self.settings = settings
        self._runner = runner
        self._rates = None  # services.rates.RateServices of the open store
        self.actor = None
        self.action = QAction(self.tr("&Preferences…"), window)
        self.action.setObjectName("action_preferences")
        self.action.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        if self.action.shortcut().isEmpty():  # Windows and most Linux desktops define no standard key
            self.action.setShortcut(QKeySequence("Ctrl+,"))
        self.action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.action.triggered.connect(self.open)

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("file", self.action)]

    def set_rates_backend(self, rates) -> None:
        self._rates = rates

    @property
    def has_store_rates(self) -> bool:
        """An open store's managed rate table is in use (the local display rates are not)."""
        return self._rates is not None

    @Slot()
    def open(self) -> None:
        rates, actor = self._rates, self.actor
        if rates is None or self._runner is None:
            self._show(None, True)
            return
        self._runner.run(
            lambda: (rates.table(), actor is not None and rates.may_edit(actor)),
            lambda loaded: self._show(*loaded),
            lambda exc: self._show(None, True),
        )

    def _show(self, table, editable: bool) -> None:
        dialog = PreferencesDialog(self.settings, self._window, rate_table=table, rates_editable=editable)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.changed:
                self.sig_settings_changed.emit(dialog.changed)
            new = dialog.new_rates()
            if new is not None:
                self._save_rates(new, table.version)
        dialog.deleteLater()

    def _save_rates(self, rates: dict[str, Decimal], version: int) -> None:
        backend, actor = self._rates, self.actor
        self._runner.run(
            lambda: backend.update(actor, rates, expected_version=version),
            self.sig_rates_changed.emit,
            lambda exc: self.sig_message.emit(error_text(exc)),
        )
