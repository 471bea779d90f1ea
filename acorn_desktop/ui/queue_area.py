"""The central "queue area". For now a case summary (total / open / overdue, by kind, by state);
the real case queue (id-based lazy table model) replaces it later behind the same ``set_backend`` API.
"""

from __future__ import annotations

import logging
import sys
from typing import Protocol

from PySide6.QtCore import QLocale, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..domain.cases import CaseKind, CaseState
from ..services.cases import CaseSummary
from . import i18n
from .background import BackgroundRunner

log = logging.getLogger(__name__)

# Labels carrying data (numbers, names from the database) set this property; translation tests skip them.
DATA_PROPERTY = "acornData"


class SummaryBackend(Protocol):
    def case_summary(self) -> CaseSummary:
        """Runs on the DB worker."""
        ...


def kind_label(kind: CaseKind) -> str:
    return kind.label_zh if i18n.is_chinese() else kind.label_en


def state_label(state: CaseState) -> str:
    return state.label_zh if i18n.is_chinese() else state.label_en


def _data_label(text: str = "—", object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty(DATA_PROPERTY, True)
    if object_name:
        label.setObjectName(object_name)
    return label


class _Card(QFrame):
    """A big number with a caption underneath."""

    def __init__(self, caption: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryCard")
        self.value = _data_label(object_name=object_name)
        self.value.setObjectName(object_name)
        self.value.setProperty("role", "cardValue")
        self.caption = QLabel(caption)
        self.caption.setProperty("role", "cardCaption")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


class _CountTable(QFrame):
    """A titled two-column list: label, count (right-aligned)."""

    def __init__(self, title: str, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPanel")
        self.counts: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(20, 14, 20, 14)
        grid.setHorizontalSpacing(24)
        heading = QLabel(title)
        heading.setProperty("role", "panelTitle")
        grid.addWidget(heading, 0, 0, 1, 2)
        grid.setRowMinimumHeight(0, 32)
        for row, (key, text) in enumerate(rows, start=1):
            name = QLabel(text)  # the domain's bilingual labels (glossary terms), not the .qm file
            count = _data_label()
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, row, 0)
            grid.addWidget(count, row, 1)
            self.counts[key] = count
        grid.setRowStretch(len(rows) + 1, 1)
        grid.setColumnStretch(0, 1)

    def set_counts(self, counts: dict[str, int], fmt) -> None:
        for key, label in self.counts.items():
            label.setText(fmt(counts.get(key, 0)))


class QueueArea(QWidget):
    """Shows the case summary; reloads it in the background on :meth:`refresh`."""

    # Emitted on the GUI thread after a summary was loaded and shown.
    sig_loaded = Signal(object)
    # Emitted with the exception when loading failed.
    sig_failed = Signal(object)

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueArea")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # let the style sheet paint it
        self._runner = runner
        self._backend: SummaryBackend | None = None
        self.summary: CaseSummary | None = None

        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.setEnabled(False)
        self.refresh_action.triggered.connect(self.refresh)

        title = QLabel(self.tr("Case overview"))
        title.setProperty("role", "pageTitle")
        self.status = QLabel(self.tr("Opening the database…"))
        self.status.setProperty("role", "hint")

        self.total_card = _Card(self.tr("Cases in total"), "totalValue")
        self.open_card = _Card(self.tr("Open cases"), "openValue")
        self.overdue_card = _Card(self.tr("Overdue"), "overdueValue")
        cards = QHBoxLayout()
        cards.setSpacing(16)
        for card in (self.total_card, self.open_card, self.overdue_card):
            cards.addWidget(card)

        self.by_kind = _CountTable(self.tr("By case type"), [(k.value, kind_label(k)) for k in CaseKind])
        self.by_state = _CountTable(self.tr("By state"), [(s.value, state_label(s)) for s in CaseState])
        tables = QHBoxLayout()
        tables.setSpacing(16)
        tables.addWidget(self.by_kind, 1)
        tables.addWidget(self.by_state, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(16)
        layout.addWidget(title)
        layout.addWidget(self.status)
        layout.addLayout(cards)
        layout.addLayout(tables, 1)

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("view", self.refresh_action)]

    def set_backend(self, backend: SummaryBackend | None) -> None:
        self._backend = backend
        self.refresh_action.setEnabled(backend is not None)
        if backend is not None:
            self.refresh()

    def show_message(self, text: str) -> None:
        self.status.setText(text)

    @Slot()
    def refresh(self) -> None:
        if self._backend is None:
            return
        self.refresh_action.setEnabled(False)
        self.status.setText(self.tr("Loading…"))
        self._runner.run(self._backend.case_summary, self._on_loaded, self._on_failed)

    def _on_loaded(self, summary: CaseSummary) -> None:
        self.summary = summary
        fmt = QLocale().toString
        self.total_card.value.setText(fmt(summary.total))
        self.open_card.value.setText(fmt(summary.open))
        self.overdue_card.value.setText(fmt(summary.overdue))
        self._set_role(self.overdue_card.value, "cardValueAlert" if summary.overdue else "cardValue")
        self.by_kind.set_counts(summary.by_kind, fmt)
        self.by_state.set_counts(summary.by_state, fmt)
        self.status.setText(self.tr("Up to date."))
        self.refresh_action.setEnabled(True)
        self.sig_loaded.emit(summary)

    @staticmethod
    def _set_role(label: QLabel, role: str) -> None:
        if label.property("role") != role:
            label.setProperty("role", role)
            label.style().unpolish(label)  # re-apply the style sheet rules for the new property value
            label.style().polish(label)

    def _on_failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("The case overview could not be loaded."))
        self.refresh_action.setEnabled(self._backend is not None)
        self.sig_failed.emit(exc)
        sys.excepthook(type(exc), exc, exc.__traceback__)
