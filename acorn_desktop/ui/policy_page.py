"""The "Marketplace policies" page (站点政策): every clock per marketplace, its versions, edits and holiday imports.

All reads and writes go through a :class:`PolicyBackend` (implemented by
:class:`~acorn_desktop.services.policies.PolicyServices`) on the background runner's DB worker. Editing is only
offered when ``can_edit`` is true (the caller asks ``PolicyServices.can_edit(actor)``); the service checks the
permission again and its refusal is shown like any other error: inline, Chinese or English, never as a modal box.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QDate, QDateTime, QModelIndex, QPersistentModelIndex, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.marketplaces import MARKETPLACES
from ..domain.policy import MAX_BUSINESS_DAYS, MAX_HOURS
from ..errors import AcornError
from ..services.policies import HolidayImportResult, PolicyRowInfo
from . import i18n
from .background import BackgroundRunner
from .policy_source import effective_date, exact_moment, source_sentence, source_tooltip
from .rows_model import RowsTableModel

log = logging.getLogger(__name__)

DEFAULT_TIME_ZONE = "Asia/Shanghai"
DATA_PROPERTY = "acornData"  # labels showing data carry it (as in queue_area / case_detail)
_Index = QModelIndex | QPersistentModelIndex

STYLE = """
QLabel#policyMessage[kind="error"], QLabel#policyDialogMessage { background: #fdecea; color: #a93226;
    border: 1px solid #f5c6cb; border-radius: 6px; padding: 6px 10px; }
QLabel#policyMessage[kind="info"] { background: #eaf6ec; color: #1e6b34; border: 1px solid #c3e6cb;
    border-radius: 6px; padding: 6px 10px; }
"""


class PolicyBackend(Protocol):
    """What the page needs (``PolicyServices``). Every method runs on the DB worker."""

    def list_rows(self, marketplace: str | None = None) -> list[PolicyRowInfo]: ...
    def history(self, marketplace: str, kind: str) -> list[PolicyRowInfo]: ...
    def edit_row(
        self,
        actor: Any,
        marketplace: str,
        kind: str,
        hours: int,
        business_days: int,
        source: str,
        effective_from: datetime,
        *,
        expected_version: int | None = None,
    ) -> PolicyRowInfo: ...
    def import_holidays(self, actor: Any, path: Path) -> HolidayImportResult: ...


def _lang() -> str:
    return i18n.current_language()


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    return "—" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def is_assumed(row: PolicyRowInfo) -> bool:
    """A default row whose source names other marketplaces (see ``domain.policy``): worth checking."""
    return f" — {row.marketplace}: assumed" in row.source


def error_text(exc: BaseException) -> str:
    """What a person reads: an AcornError's message in the UI language, else a generic line (logged)."""
    if isinstance(exc, AcornError):
        return exc.text(_lang())
    log.error("policy page operation failed", exc_info=(type(exc), exc, exc.__traceback__))
    return f"{type(exc).__name__}: {exc}"


# -- models ------------------------------------------------------------------------------------------------------
class _RowsModel(RowsTableModel):
    """Read-only rows of :class:`PolicyRowInfo` with times in the user's zone; subclasses give headers and cells."""

    def __init__(self, parent=None, time_zone: str = DEFAULT_TIME_ZONE) -> None:
        super().__init__(parent)
        self._zone = ZoneInfo(time_zone)

    def set_time_zone(self, name: str) -> None:
        self._zone = ZoneInfo(name)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))

    def _reset(self, rows: Sequence[PolicyRowInfo]) -> None:
        RowsTableModel.set_rows(self, rows)


class PolicyTableModel(_RowsModel):
    """The newest version of every clock: marketplace, event kind, clock, source, effective from, version.

    Holds all rows; :meth:`set_marketplace` filters them (a few hundred rows: no query needed).
    """

    MARKET, EVENT, CLOCK, SOURCE, EFFECTIVE, VERSION = range(6)

    def __init__(self, parent=None, time_zone: str = DEFAULT_TIME_ZONE) -> None:
        super().__init__(parent, time_zone)
        self._all: list[PolicyRowInfo] = []
        self._marketplace: str | None = None

    def headers(self) -> list[str]:
        return [self.tr("Marketplace"), self.tr("Event"), self.tr("Clock"), self.tr("Source"),
                self.tr("Effective from"), self.tr("Version")]  # fmt: skip

    def set_rows(self, rows: Sequence[PolicyRowInfo]) -> None:
        self._all = list(rows)
        self._apply()

    def set_marketplace(self, code: str | None) -> None:
        self._marketplace = code or None
        self._apply()

    @property
    def marketplace(self) -> str | None:
        return self._marketplace

    def row_of(self, row_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == row_id), None)

    def _apply(self) -> None:
        rows = self._all if self._marketplace is None else [r for r in self._all if r.marketplace == self._marketplace]
        self._reset(rows)

    def cell(self, row: PolicyRowInfo, column: int) -> str:
        if column == self.MARKET:
            return row.marketplace
        if column == self.EVENT:
            return row.event_label(_lang())
        if column == self.CLOCK:
            return row.clock(_lang())
        if column == self.SOURCE:
            return source_sentence(row.event_label(_lang()), row.clock(_lang()), row.source, row.marketplace,
                                   edited=bool(row.created_by))  # fmt: skip
        if column == self.EFFECTIVE:
            return effective_date(row.effective_from, self._zone)
        return f"v{row.version}"

    def tooltip(self, row: PolicyRowInfo, column: int) -> str | None:
        if column == self.MARKET:
            info = MARKETPLACES.get(row.marketplace)
            return None if info is None else (info.name_zh if i18n.is_chinese() else info.name_en)
        if column == self.SOURCE:
            return source_tooltip(row.source)
        if column == self.EFFECTIVE:
            return exact_moment(row.effective_from, self._zone)
        if column == self.VERSION and row.created_by:
            return self.tr("Saved by {name}").format(name=row.created_by)
        return None


class PolicyHistoryModel(_RowsModel):
    """Every version of the selected clock, newest first."""

    def headers(self) -> list[str]:
        return [self.tr("Version"), self.tr("Clock"), self.tr("Effective from"), self.tr("Replaced at"),
                self.tr("Saved by"), self.tr("Source")]  # fmt: skip

    def set_rows(self, rows: Sequence[PolicyRowInfo]) -> None:
        self._reset(rows)

    def cell(self, row: PolicyRowInfo, column: int) -> str:
        values = (
            f"v{row.version}",
            row.clock(_lang()),
            effective_date(row.effective_from, self._zone),
            local_time(row.superseded_at, self._zone),
            row.created_by or self.tr("Default"),
            source_sentence(row.event_label(_lang()), row.clock(_lang()), row.source, row.marketplace,
                            edited=bool(row.created_by)),
        )  # fmt: skip
        return values[column]

    def tooltip(self, row: PolicyRowInfo, column: int) -> str | None:
        return source_tooltip(row.source) if column == 5 else None


# -- the edit dialog ---------------------------------------------------------------------------------------------
class PolicyEditDialog(QDialog):
    """Edit one clock: hours, business days, source and when the new version takes effect (in ``zone``)."""

    sig_submitted = Signal()

    def __init__(self, row: PolicyRowInfo, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self._zone = zone
        self.setObjectName("policyEditDialog")
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("Edit marketplace policy"))
        self.setMinimumWidth(480)

        title = QLabel(f"{row.marketplace} · {row.event_label(_lang())} · v{row.version}")
        title.setProperty(DATA_PROPERTY, True)
        title.setWordWrap(True)
        self.hours = QSpinBox()
        self.hours.setRange(0, MAX_HOURS)
        self.hours.setValue(row.hours)
        self.hours.setSuffix(self.tr(" h"))
        self.business_days = QSpinBox()
        self.business_days.setRange(0, MAX_BUSINESS_DAYS)
        self.business_days.setValue(row.business_days)
        self.source = QPlainTextEdit(row.source)
        self.source.setTabChangesFocus(True)
        self.source.setFixedHeight(90)
        self.effective = QDateTimeEdit()
        self.effective.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.effective.setCalendarPopup(True)
        self.set_effective_from(max(datetime.now(UTC), row.effective_from))
        zone_hint = QLabel(self.tr("Time zone: {zone}").format(zone=zone.key))
        zone_hint.setProperty("role", "hint")
        self.message = QLabel()
        self.message.setObjectName("policyDialogMessage")
        self.message.setWordWrap(True)
        self.message.setProperty(DATA_PROPERTY, True)
        self.message.hide()

        form = QFormLayout()
        form.addRow(self.tr("Hours:"), self.hours)
        form.addRow(self.tr("Business days:"), self.business_days)
        form.addRow(self.tr("Source:"), self.source)
        form.addRow(self.tr("Effective from:"), self.effective)
        form.addRow("", zone_hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.sig_submitted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("Saving adds a new version; cases keep the version they were computed with.")))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def set_effective_from(self, moment: datetime) -> None:
        local = moment.astimezone(self._zone)
        self.effective.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )

    def effective_from(self) -> datetime:
        """The chosen wall time read in the page's time zone, as an aware UTC instant."""
        value = self.effective.dateTime()
        d, t = value.date(), value.time()
        local = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self._zone)
        return local.astimezone(UTC)

    def values(self) -> tuple[int, int, str, datetime]:
        return self.hours.value(), self.business_days.value(), self.source.toPlainText(), self.effective_from()

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


# -- the page ----------------------------------------------------------------------------------------------------
class PolicyPage(QWidget):
    """Marketplace policies: a filterable table of clocks, the selected clock's versions, edit and import."""

    sig_loaded = Signal(object)  # list[PolicyRowInfo] shown
    sig_history_loaded = Signal(object)  # list[PolicyRowInfo] of the selected clock
    sig_saved = Signal(object)  # the new PolicyRowInfo
    sig_imported = Signal(object)  # HolidayImportResult
    sig_failed = Signal(object)  # the exception (its message is already shown)

    def __init__(
        self,
        runner: BackgroundRunner,
        parent: QWidget | None = None,
        *,
        actor: Any = "gui",
        can_edit: bool = False,
        time_zone: str = DEFAULT_TIME_ZONE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("policyPage")
        self.setStyleSheet(STYLE)
        self._runner = runner
        self._backend: PolicyBackend | None = None
        self._actor = actor
        self._can_edit = can_edit
        self._zone = ZoneInfo(time_zone)
        self._busy = False
        self._request = 0
        self._history_request = 0
        self._reselect: int | None = None  # the row to select after the next load (a saved version)
        self.edit_dialog: PolicyEditDialog | None = None

        self.model = PolicyTableModel(self, time_zone)
        self.history_model = PolicyHistoryModel(self, time_zone)

        title = QLabel(self.tr("Marketplace policies"))
        title.setProperty("role", "sectionTitle")
        self.market_combo = QComboBox()
        self.market_combo.setObjectName("policyMarketplace")
        self.market_combo.addItem(self.tr("All marketplaces"), "")
        for info in MARKETPLACES.values():
            self.market_combo.addItem(f"{info.code} {info.name_zh if i18n.is_chinese() else info.name_en}", info.code)
        self.market_combo.currentIndexChanged.connect(self._on_market_chosen)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.import_button = QPushButton(self.tr("Import holidays…"))
        self.import_button.clicked.connect(self.import_holidays)

        self.message = QLabel()
        self.message.setObjectName("policyMessage")
        self.message.setWordWrap(True)
        self.message.setProperty(DATA_PROPERTY, True)
        self.message.hide()

        self.view = self._table(self.model, self.model.SOURCE)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.history_view = self._table(self.history_model, 5)
        self.history_title = QLabel(self.tr("Versions"))
        self.history_title.setProperty("role", "sectionTitle")

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Marketplace:")))
        bar.addWidget(self.market_combo)
        bar.addStretch(1)
        for button in (self.refresh_button, self.import_button, self.edit_button):
            bar.addWidget(button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_title)
        lower_layout.addWidget(self.history_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self._update_enabled()

    @staticmethod
    def _table(model: QAbstractTableModel, stretch: int) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return view

    # -- public API --------------------------------------------------------------------------------------------
    def set_backend(self, backend: PolicyBackend | None) -> None:
        self._backend = backend
        if backend is None:
            self._request += 1
            self.model.set_rows([])
            self.history_model.set_rows([])
        else:
            self.reload()
        self._update_enabled()

    def set_actor(self, actor: Any) -> None:
        self._actor = actor

    def set_can_edit(self, can_edit: bool) -> None:
        """Offer editing and imports (the service still checks the permission)."""
        self._can_edit = can_edit
        self._update_enabled()

    def set_time_zone(self, name: str) -> None:
        self._zone = ZoneInfo(name)
        self.model.set_time_zone(name)
        self.history_model.set_time_zone(name)

    @property
    def can_edit(self) -> bool:
        return self._can_edit

    @property
    def busy(self) -> bool:
        return self._busy

    def reload(self) -> None:
        """Load every clock in the background (the filter is applied in the model)."""
        if self._backend is None:
            return
        self._request += 1
        request, backend = self._request, self._backend
        self._runner.run(
            backend.list_rows,
            lambda rows: self._on_loaded(request, rows),
            lambda exc: self._on_failed(exc) if request == self._request else None,
        )

    def select_row(self, row_id: int) -> bool:
        row = self.model.row_of(row_id)
        if row is None:
            return False
        self.view.selectRow(row)
        return True

    def selected_row(self) -> PolicyRowInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def edit_selected(self) -> PolicyEditDialog | None:
        """Open the edit dialog for the selected clock (only when editing is allowed)."""
        row = self.selected_row()
        if row is None or not self._can_edit or self._backend is None or self._busy:
            return None
        dialog = PolicyEditDialog(row, self._zone, self)
        dialog.sig_submitted.connect(lambda: self._save(dialog))
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.edit_dialog = dialog
        dialog.open()
        return dialog

    def import_holidays(self) -> None:
        if not self._can_edit or self._backend is None or self._busy:
            return
        path = self._ask_open_path()
        if not path:
            return
        backend, actor = self._backend, self._actor
        self._set_busy(True)
        self._show_message("")

        def done(result: HolidayImportResult) -> None:
            self._set_busy(False)
            self._show_message(
                self.tr("Imported {rows} holidays from {file} ({added} added, {removed} removed).").format(
                    rows=result.rows, file=result.file, added=result.added, removed=result.removed
                ),
                "info",
            )
            self.sig_imported.emit(result)

        self._runner.run(lambda: backend.import_holidays(actor, Path(path)), done, self._on_write_failed)

    # -- internals ---------------------------------------------------------------------------------------------
    def _ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import holidays"), "", self.tr("Holiday files (*.json *.csv)")
        )
        return path

    def _save(self, dialog: PolicyEditDialog) -> None:
        if self._backend is None or self._busy:
            return
        row = dialog.row
        hours, days, source, effective = dialog.values()
        backend, actor = self._backend, self._actor
        dialog.show_error("")
        dialog.set_busy(True)
        self._set_busy(True)

        def work() -> PolicyRowInfo:
            return backend.edit_row(actor, row.marketplace, row.event_kind, hours, days, source, effective,
                                    expected_version=row.version)  # fmt: skip

        def done(saved: PolicyRowInfo) -> None:
            self._set_busy(False)
            dialog.set_busy(False)
            dialog.accept()
            self._show_message(
                self.tr("Saved {market} as version {version}.").format(market=saved.marketplace, version=saved.version),
                "info",
            )
            self.sig_saved.emit(saved)
            self._reselect = saved.id
            self.reload()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            dialog.set_busy(False)
            dialog.show_error(error_text(exc))
            self.sig_failed.emit(exc)

        self._runner.run(work, done, failed)

    def _forget_dialog(self, dialog: PolicyEditDialog) -> None:
        if self.edit_dialog is dialog:
            self.edit_dialog = None
        dialog.deleteLater()

    def _on_loaded(self, request: int, rows: list[PolicyRowInfo]) -> None:
        if request != self._request:
            return
        selected = self.selected_row()
        keep = self._reselect or (selected.id if selected else None)
        self._reselect = None
        self.model.set_rows(rows)
        if keep is None or not self.select_row(keep):
            self.history_model.set_rows([])
        self._update_enabled()
        self.sig_loaded.emit(rows)

    def _on_selection(self) -> None:
        self._update_enabled()
        row = self.selected_row()
        self._history_request += 1
        if row is None or self._backend is None:
            self.history_model.set_rows([])
            return
        request, backend = self._history_request, self._backend

        def done(rows: list[PolicyRowInfo]) -> None:
            if request == self._history_request:
                self.history_model.set_rows(rows)
                self.sig_history_loaded.emit(rows)

        self._runner.run(lambda: backend.history(row.marketplace, row.event_kind), done, self._on_failed)

    def _on_market_chosen(self, _index: int) -> None:
        self.model.set_marketplace(self.market_combo.currentData() or None)
        self.history_model.set_rows([])
        self._update_enabled()

    def _on_failed(self, exc: BaseException) -> None:
        self._show_message(error_text(exc), "error")
        self.sig_failed.emit(exc)

    def _on_write_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._on_failed(exc)

    def _show_message(self, text: str, kind: str = "info") -> None:
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_enabled()

    def _update_enabled(self) -> None:
        ready = self._backend is not None and not self._busy
        self.refresh_button.setEnabled(ready)
        self.edit_button.setEnabled(ready and self._can_edit and self.selected_row() is not None)
        self.import_button.setEnabled(ready and self._can_edit)
        tip = "" if self._can_edit else self.tr("Only managers may change marketplace policies.")
        self.edit_button.setToolTip(tip)
        self.import_button.setToolTip(tip)
