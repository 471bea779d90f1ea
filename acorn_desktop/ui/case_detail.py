"""The case detail pane (工单详情): header, order, applicable policy, timeline, evidence, internal notes, assignee.

Meant to sit right of the queue table in a QSplitter; also usable on its own. All reads and writes go through
:class:`~acorn_desktop.services.case_detail.CaseDetailServices` on the background runner's DB worker; results
and errors come back on the GUI thread. Errors are shown inline (Chinese, or English with ``--lang en``), never
as a modal box: the pane must not block the person working through the queue.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..errors import AcornError
from ..services.case_detail import (
    EVIDENCE_CATEGORIES,
    CaseDetail,
    EvidenceInfo,
    TimelineEntry,
    UserChoice,
)
from ..services.changes import Actor, StaleCaseError
from . import i18n
from .background import BackgroundRunner
from .code_labels import timeline_kind_label
from .order_items import OrderItemsModel, fit_items_view, money
from .policy_source import default_clock_text, show_source
from .rows_model import RowsTableModel
from .unconfirmed_actions import UnconfirmedActions

log = logging.getLogger(__name__)

DEFAULT_TIME_ZONE = "Asia/Shanghai"
# Labels showing data (names, numbers from the database) carry this property; translation tests skip them.
# (The same name as ``queue_area.DATA_PROPERTY``.)
DATA_PROPERTY = "acornData"
UNASSIGNED = -1  # the assignee combo's item data for "nobody" (None does not survive a QVariant)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BILINGUAL = re.compile(r"\s?/ (?=[A-Z])")
_Index = QModelIndex | QPersistentModelIndex

STYLE = """
#caseDetailContent { background: #f4f6f8; }
#detailCard { background: #ffffff; border: 1px solid #dde2e7; border-radius: 8px; }
QLabel[role="detailTitle"] { font-size: 17px; font-weight: 600; color: #1f2d3d; }
QLabel[role="sectionTitle"] { font-size: 14px; font-weight: 600; color: #1f2d3d; }
QLabel[role="fieldName"] { color: #6b7785; }
QLabel[role="hint"] { color: #6b7785; }
QLabel[role="stateBadge"] { background: #e8f0fe; color: #1a4fa0; border-radius: 9px; padding: 1px 10px; }
QLabel[band="overdue"] { color: #c0392b; font-weight: 600; }
QLabel[band="soon"] { color: #b9770e; font-weight: 600; }
QLabel[band="answered"] { color: #1e7e34; font-weight: 600; }
QLabel#detailMessage[kind="error"] { background: #fdecea; color: #a93226; border: 1px solid #f5c6cb;
                                     border-radius: 6px; padding: 6px 10px; }
QLabel#detailMessage[kind="info"] { background: #eaf6ec; color: #1e6b34; border: 1px solid #c3e6cb;
                                    border-radius: 6px; padding: 6px 10px; }
QLabel#evidenceHints { background: #fff8e5; color: #8a5a00; border-radius: 6px; padding: 6px 10px; }
QLabel#refundUnconfirmed { background: #fff8e5; color: #8a5a00; border: 1px solid #f0d58c; border-radius: 6px;
                           padding: 6px 10px; }
QTableView, QListView { background: #ffffff; border: 1px solid #e3e7eb; }
"""


class CaseDetailBackend(Protocol):
    """What the pane needs (``CaseDetailServices``). Every method runs on the DB worker."""

    def load(self, case_id: int) -> CaseDetail: ...
    def list_users(self) -> list[UserChoice]: ...
    def add_note(self, case_id: int, text: str, actor: Any) -> None: ...
    def attach_evidence(self, case_id: int, path: Path, category: str, actor: Any) -> int: ...
    def evidence_bytes(self, attachment_id: int) -> tuple[str, str, bytes]: ...
    def set_assignee(self, case_id: int, user_id: int | None, actor: Any, *, expected_version=None) -> None: ...


# -- formatting helpers ------------------------------------------------------------------------------------------
def _label(item) -> str:
    """A domain enum's glossary label (CaseKind, CaseState) in the UI language."""
    return item.label_zh if i18n.is_chinese() else item.label_en


def _pick_language(text: str) -> str:
    """Timeline summaries written by the services are "中文 / English"; show the UI language's half.

    The English half starts with a capital letter after the first "/ " ("…)/ Demo: …", "… / State: …");
    it may itself contain Chinese (file names, people), so only the Chinese half is required to have some.
    """
    match = _BILINGUAL.search(text)
    if match is None or not _CJK.search(text[: match.start()]):
        return text
    return text[: match.start()].strip() if i18n.is_chinese() else text[match.end() :].strip()


def _user_id(data) -> int | None:
    return None if data is None or data == UNASSIGNED else int(data)


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    return "—" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def utc_time(moment: datetime | None) -> str:
    return "—" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


# -- models ----------------------------------------------------------------------------------------------------
class TimelineModel(RowsTableModel):
    """The case's timeline, newest first: time (user's zone), kind, what happened, who."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.zone = ZoneInfo(DEFAULT_TIME_ZONE)

    def headers(self) -> list[str]:
        return [self.tr("Time"), self.tr("Event"), self.tr("Details"), self.tr("By")]

    def kind_label(self, kind: str) -> str:
        labels = {
            "created": self.tr("Created"),
            "state_changed": self.tr("State change"),
            "note": self.tr("Note"),
            "sync": self.tr("Sync"),
            "intake": self.tr("Amazon notice"),
            "evidence_added": self.tr("Evidence"),
            "assigned": self.tr("Assignee"),
            "decision": self.tr("Decision"),
            "buyer_reply": self.tr("Buyer reply"),
        }
        return labels.get(kind) or timeline_kind_label(kind) or kind

    def text(self, row: TimelineEntry) -> str:
        if row.kind == "note":
            return row.text or row.summary
        summary = _pick_language(row.summary)
        return f"{summary} — {row.text}" if row.text else summary

    def cell(self, row: TimelineEntry, column: int) -> str:
        if column == 0:
            return local_time(row.at, self.zone)
        if column == 1:
            return self.kind_label(row.kind)
        if column == 2:
            return self.text(row)
        return row.actor or self.tr("System")

    def tooltip(self, row: TimelineEntry, column: int) -> str | None:
        return utc_time(row.at) if column == 0 else self.text(row)


class EvidenceModel(RowsTableModel):
    """The case's evidence (metadata only; the bytes stay in the database until exported)."""

    ALIGN_RIGHT = frozenset({2})

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.zone = ZoneInfo(DEFAULT_TIME_ZONE)

    def headers(self) -> list[str]:
        return [self.tr("Category"), self.tr("File"), self.tr("Size"), self.tr("Added")]

    def cell(self, row: EvidenceInfo, column: int) -> str:
        if column == 0:
            zh, en = EVIDENCE_CATEGORIES.get(row.category, (row.category, row.category))
            return zh if i18n.is_chinese() else en
        if column == 1:
            return row.filename
        if column == 2:
            return file_size(row.size)
        return local_time(row.added_at, self.zone)

    def tooltip(self, row: EvidenceInfo, column: int) -> str | None:
        return f"{row.filename}\n{row.media_type}\nSHA-256 {row.sha256}"


class NotesModel(QAbstractListModel):
    """Internal notes, newest first: a "time · who" line above the note's text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._notes: list[TimelineEntry] = []
        self.zone = ZoneInfo(DEFAULT_TIME_ZONE)

    def set_notes(self, notes: Sequence[TimelineEntry]) -> None:
        self.beginResetModel()
        self._notes = list(notes)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._notes)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._notes)):
            return None
        note = self._notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            who = note.actor or self.tr("System")
            return f"{local_time(note.at, self.zone)} · {who}\n{note.text or note.summary}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return utc_time(note.at)
        if role == Qt.ItemDataRole.UserRole:
            return note.id
        return None


# -- small widgets ---------------------------------------------------------------------------------------------
class _NoteEdit(QPlainTextEdit):
    """A plain text editor where Ctrl+Enter (main or keypad Enter) submits instead of adding a line."""

    sig_submit = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.sig_submit.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class _Card(QFrame):
    """A white card with a section title; ``body`` is its content layout."""

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailCard")
        self.setProperty("section", object_name)
        self.title = QLabel(title)
        self.title.setProperty("role", "sectionTitle")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 12)
        self.body.setSpacing(6)
        self.body.addWidget(self.title)


def _data_label(text: str = "—", *, name: str = "", wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setProperty(DATA_PROPERTY, True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


def _field_name(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "fieldName")
    return label


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _table(model: QAbstractTableModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return view


def _fit_rows(view: QTableView | QListView, max_height: int = 260, min_height: int = 0) -> None:
    """Size an embedded view to its rows (the pane scrolls, not each list), up to ``max_height``."""
    model = view.model()
    if isinstance(view, QTableView):
        view.resizeRowsToContents()
        height = view.horizontalHeader().height() + sum(view.rowHeight(r) for r in range(model.rowCount()))
    else:
        height = sum(view.sizeHintForRow(r) for r in range(model.rowCount()))
    height += 2 * view.frameWidth() + 2
    view.setFixedHeight(max(min_height, min(height, max_height)))


# -- the pane --------------------------------------------------------------------------------------------------
class CaseDetailPane(QWidget):
    """Shows one case; adds notes and evidence, exports evidence, changes the assignee."""

    # A write to this case succeeded (note, evidence, assignee): the queue refreshes that row.
    sig_case_changed = Signal(int)
    # A case was loaded and shown (the CaseDetail); used by tests and screenshots.
    sig_loaded = Signal(object)
    # An operation failed; the message is already shown inline (the exception).
    sig_failed = Signal(object)
    # Evidence was exported to this path.
    sig_exported = Signal(str)

    def __init__(
        self,
        runner: BackgroundRunner,
        parent: QWidget | None = None,
        *,
        actor: Actor | str = "gui",
        time_zone: str = DEFAULT_TIME_ZONE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseDetailPane")
        self.setStyleSheet(STYLE)
        self._runner = runner
        self._backend: CaseDetailBackend | None = None
        self._actor: Actor | str = actor
        self._zone = ZoneInfo(time_zone)
        self._request = 0  # results of older show_case() calls are dropped
        self._busy = False
        self._loading_shown = False
        self._users: list[UserChoice] = []
        self._export_dir: Path | None = None
        self.case_id: int | None = None
        self.detail: CaseDetail | None = None
        self._extra_cards: list = []  # feature cards (the evidence package): see add_card()

        self.items_model = OrderItemsModel(self)
        self.timeline_model = TimelineModel(self)
        self.evidence_model = EvidenceModel(self)
        self.notes_model = NotesModel(self)

        self.message = QLabel()
        self.message.setObjectName("detailMessage")
        self.message.setWordWrap(True)
        self.message.setProperty(DATA_PROPERTY, True)
        self.message.hide()
        self.placeholder = QLabel(self.tr("Select a case in the queue to see its details."))
        self.placeholder.setProperty("role", "hint")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        self.header = self._build_header()
        self.order_card = self._build_order()
        self.policy_card = self._build_policy()
        self.timeline_card = self._build_timeline()
        self.evidence_card = self._build_evidence()
        self.notes_card = self._build_notes()
        self.cards = [
            self.header, self.order_card, self.policy_card, self.evidence_card, self.notes_card, self.timeline_card,
        ]  # fmt: skip

        content = QWidget()
        content.setObjectName("caseDetailContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(10)
        column.addWidget(self.message)
        column.addWidget(self.placeholder)
        for card in self.cards:
            column.addWidget(card)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self.setMinimumWidth(380)
        self._set_cards_visible(False)
        self._update_enabled()

    # -- construction ------------------------------------------------------------------------------------------
    def _build_header(self) -> _Card:
        card = _Card("", "header")
        card.title.hide()
        self.title_label = _data_label(name="detailTitle")
        self.title_label.setProperty("role", "detailTitle")
        self.state_badge = _data_label(name="stateBadge")
        self.state_badge.setProperty("role", "stateBadge")
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addWidget(self.state_badge)
        top.addStretch(1)
        card.body.addLayout(top)

        self.fields: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        # Short facts two per row; long ones (SKU/ASIN, deadline with time left, reason) get a whole row.
        rows = [
            (("marketplace", self.tr("Marketplace")), ("store", self.tr("Store"))),
            (("order", self.tr("Order")), ("amount", self.tr("Amount"))),
            (("opened", self.tr("Opened")), ("risk", self.tr("Risk"))),
            (("sku", self.tr("SKU / ASIN")),),
            (("deadline", self.tr("Deadline")),),
            (("reason", self.tr("Reason")),),
        ]
        for r, pairs in enumerate(rows):
            for c, (key, name) in enumerate(pairs):
                self.fields[key] = _data_label(name=f"field_{key}", wrap=True)
                grid.addWidget(_field_name(name), r, 2 * c)
                grid.addWidget(self.fields[key], r, 2 * c + 1, 1, 1 if len(pairs) > 1 else 3)
        self.assignee_combo = QComboBox()
        self.assignee_combo.setObjectName("assigneeCombo")
        self.assignee_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.assignee_combo.activated.connect(self._on_assignee_chosen)
        grid.addWidget(_field_name(self.tr("Assignee")), len(rows) + 1, 0)
        grid.addWidget(self.assignee_combo, len(rows) + 1, 1, 1, 3, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        card.body.addLayout(grid)
        self.refund_unconfirmed = QLabel()  # 待确认 refunds and what to check in Seller Central
        self.refund_unconfirmed.setObjectName("refundUnconfirmed")
        self.refund_unconfirmed.setWordWrap(True)
        self.refund_unconfirmed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refund_unconfirmed.hide()
        card.body.addWidget(self.refund_unconfirmed)
        self.unconfirmed_actions = UnconfirmedActions(self._runner)  # a 主管's buttons for them
        self.unconfirmed_actions.sig_message.connect(self._show_message)
        self.unconfirmed_actions.sig_changed.connect(
            lambda case_id: (self.sig_case_changed.emit(case_id), self.reload())
        )
        card.body.addWidget(self.unconfirmed_actions)
        return card

    def _build_order(self) -> _Card:
        card = _Card(self.tr("Order"), "order")
        self.order_summary = _data_label(name="orderSummary", wrap=True)
        self.items_view = _table(self.items_model, stretch=0)
        self.items_view.setObjectName("orderItemsView")
        fit_items_view(self.items_view)
        self.no_order = QLabel(self.tr("No order data for this case yet."))
        self.no_order.setProperty("role", "hint")
        card.body.addWidget(self.order_summary)
        card.body.addWidget(self.items_view)
        card.body.addWidget(self.no_order)
        return card

    def _build_policy(self) -> _Card:
        card = _Card(self.tr("Applicable policy"), "policy")
        self.clock_label = _data_label(name="clockLabel", wrap=True)
        self.policy_source = _data_label(name="policySource", wrap=True)
        self.policy_source.setProperty("role", "hint")
        card.body.addWidget(self.clock_label)
        card.body.addWidget(self.policy_source)
        return card

    def _build_timeline(self) -> _Card:
        card = _Card(self.tr("Timeline"), "timeline")
        self.timeline_view = _table(self.timeline_model, stretch=2)
        self.timeline_view.setObjectName("timelineView")
        self.timeline_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        card.body.addWidget(self.timeline_view)
        return card

    def _build_evidence(self) -> _Card:
        card = _Card(self.tr("Evidence"), "evidence")
        # Reserved for the missing-evidence hints (e.g. "A-to-z claim without a delivery scan"): set_evidence_hints().
        self.evidence_hints = QLabel()
        self.evidence_hints.setObjectName("evidenceHints")
        self.evidence_hints.setWordWrap(True)
        self.evidence_hints.setProperty(DATA_PROPERTY, True)
        self.evidence_hints.hide()
        self.evidence_view = _table(self.evidence_model, stretch=1)
        self.evidence_view.setObjectName("evidenceView")
        self.evidence_view.doubleClicked.connect(lambda _index: self.export_evidence())
        self.no_evidence = QLabel(self.tr("No evidence attached yet."))
        self.no_evidence.setProperty("role", "hint")
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("evidenceCategory")
        self.category_combo.setToolTip(self.tr("Evidence category"))
        for key, (zh, en) in EVIDENCE_CATEGORIES.items():
            self.category_combo.addItem(zh if i18n.is_chinese() else en, key)
        self.add_evidence_button = QPushButton(self.tr("Add evidence…"))
        self.add_evidence_button.setObjectName("addEvidenceButton")
        self.add_evidence_button.setToolTip(self.tr("The file is stored inside the encrypted database (max 20 MB)."))
        self.add_evidence_button.clicked.connect(self.add_evidence)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("exportEvidenceButton")
        self.export_button.clicked.connect(self.export_evidence)
        self.evidence_view.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        buttons = QHBoxLayout()
        buttons.addWidget(self.category_combo)
        buttons.addWidget(self.add_evidence_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        card.body.addWidget(self.evidence_hints)
        card.body.addWidget(self.evidence_view)
        card.body.addWidget(self.no_evidence)
        card.body.addLayout(buttons)
        return card

    def _build_notes(self) -> _Card:
        card = _Card(self.tr("Internal notes"), "notes")
        self.note_edit = _NoteEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText(self.tr("Only your team sees internal notes. Ctrl+Enter adds the note."))
        self.note_edit.setFixedHeight(70)
        self.note_edit.sig_submit.connect(self.add_note)
        self.note_edit.textChanged.connect(self._update_enabled)
        self.add_note_button = QPushButton(self.tr("Add note"))
        self.add_note_button.setObjectName("addNoteButton")
        self.add_note_button.setToolTip(self.tr("Ctrl+Enter"))
        self.add_note_button.clicked.connect(self.add_note)
        self.notes_view = QListView()
        self.notes_view.setObjectName("notesView")
        self.notes_view.setModel(self.notes_model)
        self.notes_view.setWordWrap(True)
        self.notes_view.setAlternatingRowColors(True)
        self.notes_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.notes_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.notes_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes_view.setSpacing(2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_note_button)
        card.body.addWidget(self.note_edit)
        card.body.addLayout(row)
        card.body.addWidget(self.notes_view)
        return card

    # -- public API --------------------------------------------------------------------------------------------
    def set_backend(self, backend: CaseDetailBackend | None) -> None:
        self._backend = backend
        if backend is None:
            self.clear()
        elif self.case_id is not None:
            self.reload()
        self._update_enabled()

    def set_actor(self, actor: Actor | str) -> None:
        """Who the writes are attributed to in the timeline and the audit log."""
        self._actor = actor

    def add_card(self, card: QWidget, after: QWidget | None = None) -> None:
        """Add a feature's card below ``after`` (default: the evidence card). The card gets ``show_case(case_id,
        marketplace)`` when a case is shown, ``clear()`` when none is, ``set_time_zone(name)``, and may emit
        ``sig_message(text, kind)`` (shown on the pane's message line) and ``sig_changed(case_id)``."""
        column = self.evidence_card.parentWidget().layout()
        column.insertWidget(column.indexOf(after or self.evidence_card) + 1, card)
        card.hide()
        self._extra_cards.append(card)
        card.sig_message.connect(self._show_message)
        card.sig_changed.connect(self.sig_case_changed)
        card.sig_changed.connect(lambda case_id: self.reload() if case_id == self.case_id else None)

    def set_time_zone(self, name: str) -> None:
        for card in self._extra_cards:
            card.set_time_zone(name)
        self._zone = ZoneInfo(name)
        if self.detail is not None:
            self._show(self.detail, None)

    def set_evidence_hints(self, hints: Sequence[str]) -> None:
        """Show what evidence is still missing for this case (filled by the evidence checker, later)."""
        self.evidence_hints.setText("\n".join(f"• {h}" for h in hints))
        self.evidence_hints.setVisible(bool(hints))

    @property
    def busy(self) -> bool:
        return self._busy

    @Slot(int)
    def show_case(self, case_id: int) -> None:
        """Load ``case_id`` in the background and show it (later calls win over earlier ones)."""
        if case_id != self.case_id:
            self.note_edit.clear()
            self.set_evidence_hints([])
            self._show_message("")
        self.case_id = case_id
        if self._backend is None:
            return
        self._request += 1
        request = self._request
        backend = self._backend
        if self.detail is None or self.detail.id != case_id:
            self._show_message(self.tr("Loading case #{id}…").format(id=case_id), "info")
            self._loading_shown = True

        def load():
            return backend.load(case_id), backend.list_users()

        self._runner.run(
            load,
            lambda result: self._on_loaded(request, result),
            lambda exc: self._on_load_failed(request, exc),
        )

    def evidence_of(self, case_id: int) -> list:
        """The evidence of ``case_id`` as shown (empty when the pane shows another case or nothing yet)."""
        return list(self.detail.evidence) if self.detail is not None and self.detail.id == case_id else []

    @Slot()
    def reload(self) -> None:
        if self.case_id is not None:
            self.show_case(self.case_id)

    def clear(self) -> None:
        self._request += 1
        self.case_id = None
        self.detail = None
        for model in (self.items_model, self.timeline_model, self.evidence_model):
            model.set_rows([])
        self.notes_model.set_notes([])
        self.note_edit.clear()
        self._show_message("")
        self._set_cards_visible(False)
        for card in self._extra_cards:
            card.clear()
        self._update_enabled()

    # -- writes ------------------------------------------------------------------------------------------------
    @Slot()
    def add_note(self) -> None:
        text = self.note_edit.toPlainText()
        if not self._can_write() or not text.strip():
            return
        case_id, backend, actor = self.detail.id, self._backend, self._actor
        self._write(
            lambda: backend.add_note(case_id, text, actor),
            lambda _result: (self.note_edit.clear(), self.tr("Note added.")),
        )

    @Slot()
    def add_evidence(self) -> None:
        if not self._can_write():
            return
        path = self._ask_open_path()
        if not path:
            return
        case_id, backend, actor = self.detail.id, self._backend, self._actor
        category = self.category_combo.currentData()
        self._write(
            lambda: backend.attach_evidence(case_id, Path(path), category, actor),
            lambda _id: (None, self.tr("Evidence added: {file}").format(file=Path(path).name)),
        )

    @Slot()
    def export_evidence(self) -> None:
        item = self.selected_evidence()
        if item is None or self._backend is None or self._busy:
            return
        target = self._ask_save_path(item)
        if not target:
            return
        backend = self._backend
        self._export_dir = Path(target).parent

        def export() -> str:  # runs on the DB worker: read the bytes and write them where the user chose
            _name, _media_type, content = backend.evidence_bytes(item.id)
            Path(target).write_bytes(content)
            return target

        def done(path: str) -> None:
            self._set_busy(False)
            self._show_message(self.tr("Exported to {path}").format(path=path), "info")
            self.sig_exported.emit(path)

        self._set_busy(True)
        self._runner.run(export, done, self._on_write_failed)

    def selected_evidence(self) -> EvidenceInfo | None:
        rows = self.evidence_view.selectionModel().selectedRows()
        return self.evidence_model.row_at(rows[0].row()) if rows else None

    @Slot(int)
    def _on_assignee_chosen(self, index: int) -> None:
        user_id = _user_id(self.assignee_combo.itemData(index))
        if not self._can_write() or user_id == self.detail.assignee_id:
            return
        case_id, version, backend, actor = self.detail.id, self.detail.version, self._backend, self._actor
        name = self.assignee_combo.itemText(index)
        self._write(
            lambda: backend.set_assignee(case_id, user_id, actor, expected_version=version),
            lambda _result: (None, self.tr("Assignee: {name}").format(name=name)),
        )

    # -- dialogs (tests replace these two) -------------------------------------------------------------------------
    def _ask_open_path(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Add evidence"),
            "",
            self.tr(
                "Evidence (*.pdf *.png *.jpg *.jpeg *.webp *.heic *.eml *.msg *.txt *.csv *.xlsx *.docx);;All files (*)"
            ),
        )
        return path

    def _ask_save_path(self, item: EvidenceInfo) -> str:
        folder = self._export_dir or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export evidence"), str(folder / item.filename))
        return path

    # -- background plumbing (GUI thread) ---------------------------------------------------------------------
    def _can_write(self) -> bool:
        return self._backend is not None and self.detail is not None and not self._busy

    def _write(self, work: Callable[[], Any], after: Callable[[Any], tuple[Any, str]]) -> None:
        """Run a write; on success show its message, tell the queue, and reload the case."""
        case_id = self.detail.id
        self._set_busy(True)
        self._show_message("")

        def done(result) -> None:
            self._set_busy(False)
            _, message = after(result)
            self._show_message(message, "info")
            self.sig_case_changed.emit(case_id)
            if self.case_id == case_id:
                self.show_case(case_id)

        self._runner.run(work, done, self._on_write_failed)

    def _on_write_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_error(exc)
        if self.detail is not None:
            self._restore_assignee()  # the combo shows what is stored, not what was refused
        if isinstance(exc, StaleCaseError):  # someone else changed the case: show their version (message stays)
            self.reload()

    def _on_loaded(self, request: int, result: tuple[CaseDetail, list[UserChoice]]) -> None:
        if request != self._request:
            return
        detail, users = result
        if self._loading_shown:
            self._show_message("")
        self._show(detail, users)
        for card in self._extra_cards:
            card.show_case(detail.id, detail.marketplace)
        self.sig_loaded.emit(detail)

    def _on_load_failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, AcornError):
            text = exc.text(i18n.current_language())
        elif isinstance(exc, OSError):
            text = self.tr("The file could not be written: {reason}").format(reason=exc.strerror or exc)
        else:
            log.error("case detail operation failed", exc_info=(type(exc), exc, exc.__traceback__))
            text = self.tr("Something went wrong ({error}). The details are in the log file.").format(
                error=type(exc).__name__
            )
        self._show_message(text, "error")
        self.sig_failed.emit(exc)

    def _show_message(self, text: str, kind: str = "info") -> None:
        self._loading_shown = False
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        _repolish(self.message)
        self.message.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_enabled()

    def _update_enabled(self) -> None:
        ready = self._backend is not None and self.detail is not None and not self._busy
        self.add_note_button.setEnabled(ready and bool(self.note_edit.toPlainText().strip()))
        self.note_edit.setReadOnly(not ready)
        self.add_evidence_button.setEnabled(ready)
        self.category_combo.setEnabled(ready)
        self.assignee_combo.setEnabled(ready)
        self.export_button.setEnabled(ready and self.selected_evidence() is not None)

    def _set_cards_visible(self, visible: bool) -> None:
        for card in self.cards:
            card.setVisible(visible)
        self.placeholder.setVisible(not visible)

    # -- showing a case ----------------------------------------------------------------------------------------
    def _show(self, detail: CaseDetail, users: list[UserChoice] | None) -> None:
        self.detail = detail
        zone = self._zone
        chinese = i18n.is_chinese()
        self.title_label.setText(f"{_label(detail.kind)} #{detail.id}")
        self.state_badge.setText(_label(detail.state))
        market = detail.marketplace_zh if chinese else detail.marketplace_en
        f = self.fields
        f["marketplace"].setText(f"{detail.marketplace} · {market}")
        f["store"].setText(detail.store)
        f["order"].setText(detail.amazon_order_id or "—")
        f["amount"].setText(money(detail.amount, detail.currency))
        f["sku"].setText(" / ".join(x for x in (detail.sku, detail.asin) if x) or "—")
        f["risk"].setText(str(detail.risk))
        f["opened"].setText(local_time(detail.opened_at, zone))
        f["opened"].setToolTip(utc_time(detail.opened_at))
        reason = detail.reason_text or detail.reason_code or "—"
        f["reason"].setText(reason)
        f["reason"].setToolTip(detail.reason_code or "")
        self._show_deadline(detail)
        self._show_unconfirmed(detail)

        if users is not None:
            self._users = users
        self._fill_assignees(detail)

        order = detail.order
        self.items_model.set_rows(order.items if order else [])
        self.items_view.setVisible(bool(order and order.items))
        self.order_summary.setVisible(order is not None)
        self.no_order.setVisible(order is None)
        if order is not None:
            channel = self.tr("FBA") if order.fulfillment_channel == "AFN" else self.tr("Seller fulfilled")
            self.order_summary.setText(
                self.tr("{order} · ordered {date} · {status} · {channel} · total {total}").format(
                    order=order.amazon_order_id,
                    date=local_time(order.purchase_date, zone),
                    status=self._order_status(order.status),
                    channel=channel,
                    total=money(order.order_total, order.currency),
                )
            )
            _fit_rows(self.items_view, max_height=180)

        self._show_policy(detail)

        for model in (self.timeline_model, self.evidence_model, self.notes_model):
            model.zone = zone
        self.timeline_model.set_rows(detail.timeline)
        _fit_rows(self.timeline_view, max_height=320)
        self.evidence_model.set_rows(detail.evidence)
        self.evidence_view.setVisible(bool(detail.evidence))
        self.no_evidence.setVisible(not detail.evidence)
        _fit_rows(self.evidence_view, max_height=200)
        self.notes_model.set_notes(detail.notes)
        self.notes_view.setVisible(bool(detail.notes))
        _fit_rows(self.notes_view, max_height=220)

        self._set_cards_visible(True)
        self._reserve_column_height()
        self._update_enabled()

    def _show_unconfirmed(self, detail: CaseDetail) -> None:
        """待确认: Amazon's answer about a refund is unknown; say what a manager checks in Seller Central."""
        reasons = {
            "create_unknown": self.tr("Amazon's answer to the submission was lost"),
            "interrupted": self.tr("the sync stopped while submitting"),
            "feed_not_found": self.tr("Amazon no longer knows the feed"),
            "feed_unprocessed": self.tr("the feed ended without a processing report"),
            "report_mismatch": self.tr("the processing report does not match what was sent"),
            "approval_mismatch": self.tr("differs from the approval record"),
        }
        blocks = []
        for g in detail.unconfirmed_refunds:
            parts = ", ".join(f"{k} {v}" for k, v in g.components.items())
            text = self.tr("Refund unconfirmed ({reason}). It is not sent again on its own.").format(
                reason=reasons.get(g.reason or "", g.reason or "?")
            )
            text += "\n" + self.tr(
                "Check in Seller Central: order {order}, item {item}, refund {amount} ({parts}), "
                "MerchantAdjustmentItemID {key}, uploaded {uploaded}."
            ).format(
                order=g.amazon_order_id, item=g.order_item_id or "—", amount=money(g.amount, g.currency),
                parts=parts, key=g.merchant_adjustment_item_id,
                uploaded=local_time(g.uploaded_at, self._zone) if g.uploaded_at else "—",
            )  # fmt: skip
            text += "\n" + (
                self.tr(
                    "No evidence yet: a manager may mark it done, or ask to send it again (a second manager confirms)."
                )
                if g.review_due
                else self.tr("Waiting for Amazon's refund record.")
            )
            blocks.append(text)
        self.unconfirmed_actions.show_refunds(detail.unconfirmed_refunds)
        label = self.refund_unconfirmed
        label.setText("\n\n".join(blocks))
        label.setVisible(bool(blocks))
        # The scroll area ignores height-for-width: reserve the wrapped text's height, and let the column grow
        # (and scroll) rather than squeeze the other cards.
        width = max(self.scroll.viewport().width() - 24 - 28, 300)
        label.setMinimumHeight(label.heightForWidth(width) if blocks else 0)

    def _reserve_column_height(self) -> None:
        """With a 待确认 notice the column may outgrow the view: make it scroll instead of squeezing the cards."""
        content = self.scroll.widget()
        needed = content.layout().heightForWidth(self.scroll.viewport().width())
        content.setMinimumHeight(needed if self.refund_unconfirmed.isVisibleTo(self) else 0)

    def _order_status(self, status: str) -> str:
        """Amazon's order status (English API values) in the UI language; unknown values as they are."""
        labels = {
            "Pending": self.tr("Pending"),
            "Unshipped": self.tr("Unshipped"),
            "PartiallyShipped": self.tr("Partially shipped"),
            "Shipped": self.tr("Shipped"),
            "Delivered": self.tr("Delivered"),
            "Canceled": self.tr("Cancelled"),
            "Unfulfillable": self.tr("Unfulfillable"),
        }
        return labels.get(status, status)

    def _show_deadline(self, detail: CaseDetail) -> None:
        label = self.fields["deadline"]
        if detail.deadline_at is None:
            label.setText(self.tr("none"))
            label.setToolTip("")
            label.setProperty("band", "")
            _repolish(label)
            return
        if detail.responded_at is not None:  # answered: the clock stopped, nothing is due
            answered = local_time(detail.responded_at, self._zone)
            text = local_time(detail.deadline_at, self._zone)
            note = self.tr("answered {time}").format(time=answered)
            label.setText(f"{text}({note})" if i18n.is_chinese() else f"{text} ({note})")
            label.setToolTip(utc_time(detail.responded_at))
            label.setProperty("band", "answered")
            _repolish(label)
            return
        left = detail.deadline_at - datetime.now(UTC)
        seconds = int(left.total_seconds())
        band = "overdue" if seconds <= 0 else ("soon" if seconds <= 24 * 3600 else "")
        span = self._span(abs(seconds))
        relative = (
            self.tr("overdue by {span}").format(span=span)
            if seconds <= 0
            else self.tr("≈ {span} left").format(span=span)
        )
        if not detail.state.is_open:
            relative, band = "", ""
        text = local_time(detail.deadline_at, self._zone)
        label.setText(
            f"{text}({relative})" if relative and i18n.is_chinese() else (f"{text} ({relative})" if relative else text)
        )
        label.setToolTip(utc_time(detail.deadline_at))
        label.setProperty("band", band)
        _repolish(label)

    def _span(self, seconds: int) -> str:
        days, rest = divmod(seconds, 86_400)
        hours, rest = divmod(rest, 3_600)
        minutes = rest // 60
        if days:
            return self.tr("{days} d {hours} h").format(days=days, hours=hours)
        if hours:
            return self.tr("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
        return self.tr("{minutes} min").format(minutes=max(minutes, 1))

    def _show_policy(self, detail: CaseDetail) -> None:
        rows = [detail.policy, detail.clock] if detail.policy else [detail.clock]
        texts = []
        for row in rows:
            if row.hours and row.business_days:
                clock = self.tr("{hours} h + {days} business days").format(hours=row.hours, days=row.business_days)
            elif row.business_days:
                clock = self.tr("{days} business days").format(days=row.business_days)
            elif row.hours % 24 == 0 and row.hours >= 72:
                clock = self.tr("{days} days ({hours} h)").format(days=row.hours // 24, hours=row.hours)
            else:
                clock = self.tr("{hours} hours").format(hours=row.hours)
            if row.origin == "marketplace":
                texts.append(
                    self.tr("Marketplace policy {market} v{version}: {clock}").format(
                        market=row.marketplace, version=row.version, clock=clock
                    )
                )
            elif detail.policy is None:
                texts.append(default_clock_text(detail.kind.value, clock))
        self.clock_label.setText("\n".join(texts))
        show_source(self.policy_source, detail.policy.source if detail.policy else detail.clock.source)

    def _fill_assignees(self, detail: CaseDetail) -> None:
        combo = self.assignee_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Unassigned"), UNASSIGNED)
        chinese = i18n.is_chinese()
        known = False
        for user in self._users:
            combo.addItem(
                f"{user.display_name}({user.role_zh})" if chinese else f"{user.display_name} ({user.role_en})", user.id
            )
            known = known or user.id == detail.assignee_id
        if detail.assignee_id is not None and not known:  # assigned to a deactivated user: still show who
            combo.addItem(detail.assignee or f"#{detail.assignee_id}", detail.assignee_id)
        self._restore_assignee()
        combo.blockSignals(False)

    def _restore_assignee(self) -> None:
        combo = self.assignee_combo
        assignee = self.detail.assignee_id if self.detail else None
        index = combo.findData(UNASSIGNED if assignee is None else assignee)
        combo.blockSignals(True)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
