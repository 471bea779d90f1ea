"""The refund queue page: saved views, filter bar, search, the lazy table with live countdowns.

Keyboard first: Ctrl+F search, J/K (or ↓/↑) next/previous case, Enter opens the detail, and the bulk
actions work on the selection. Every query runs through the model in the background; typing in the
search box is debounced so a fast typist sends one query, not ten.
"""

from __future__ import annotations

import enum
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.cases import CaseKind, CaseState
from ..domain.fx import DEFAULT_CNY_RATES
from ..domain.marketplaces import MARKETPLACES
from ..services.queue import QueueQuery
from .queue_model import COLUMN, COLUMNS, QueueModel
from .user_views import SavedView, saved_view_key

SEARCH_DEBOUNCE_MS = 250
UNASSIGNED = -1  # the assignee filter's "nobody" entry
TICK_MS = 1000
HIGH_RISK = 70


class QueueView(QWidget):
    """Filters on top, the table below. Emits ``sig_case_activated(case_id)`` for Enter/double-click."""

    sig_case_activated = Signal(int)
    sig_current_case = Signal(int)
    sig_no_case = Signal()  # the view holds no rows: nothing is current (the detail pane must not show a stale case)
    sig_loaded = Signal(int)

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueView")
        self.model = model
        self.views = self._saved_views()
        self._built_in = dict(self.views)  # the views the app offers (they follow the logged-in user)
        self._user_views: dict[str, SavedView] = {}  # combo key → the person's own saved view
        self._decoders: dict[QComboBox, object] = {}

        self.view_combo = self._combo("savedViews", [(name, key) for key, (name, _) in self.views.items()])
        self.search = QLineEdit()
        self.search.setObjectName("queueSearch")
        self.search.setPlaceholderText(self.tr("Order ID, SKU or ASIN"))  # fits at 1120 px; the key is in the tooltip
        self.search.setToolTip(self.tr("Search order ID, SKU or ASIN  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.marketplace = self._combo(
            "marketplaceFilter", [(self.tr("All marketplaces"), None)]
            + [(f"{m.code} · {m.name_en if model.english else m.name_zh}", m.code) for m in MARKETPLACES.values()],
        )  # fmt: skip
        self.kind = self._combo(
            "kindFilter", [(self.tr("All types"), None)] + [(_label(k, model.english), k) for k in CaseKind], CaseKind
        )
        self.state = self._combo(
            "stateFilter",
            [(self.tr("All states"), None)] + [(_label(s, model.english), s) for s in CaseState],
            CaseState,
        )
        self.due = self._combo(
            "dueFilter",
            [(self.tr("Any deadline"), None), (self.tr("Overdue"), "overdue"), (self.tr("Within 6 h"), "6h"),
             (self.tr("Within 24 h"), "24h"), (self.tr("Within 3 days"), "3d")],
        )  # fmt: skip
        self.store = self._combo("storeFilter", [(self.tr("All stores"), None)])
        self.assignee = self._combo("assigneeFilter", [(self.tr("Anyone"), None), (self.tr("Unassigned"), UNASSIGNED)])
        self.amount_min = QLineEdit()
        self.amount_min.setObjectName("amountMin")
        self.amount_min.setPlaceholderText("≥ ¥")  # symbols: short in every language (800-px windows)
        self.amount_min.setToolTip(
            self.tr("Minimum amount in ≈ CNY, as the ≈ CNY column: cases of every currency compare")
        )
        self.amount_min.setMaximumWidth(90)
        self.amount_max = QLineEdit()
        self.amount_max.setObjectName("amountMax")
        self.amount_max.setPlaceholderText("≤ ¥")
        self.amount_max.setToolTip(self.tr("Maximum amount in ≈ CNY, as the ≈ CNY column"))
        self.amount_max.setMaximumWidth(90)
        for edit in (self.amount_min, self.amount_max):  # never narrower than what it asks for
            edit.setMinimumWidth(min(90, edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 12))
        self.count_label = QLabel()
        self.count_label.setObjectName("queueCount")

        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(COLUMN["time_left"], Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # At least the designed width; wider where the UI language's header or a long countdown needs it
        # (English "overdue 26d 07:36:27" is longer than 已逾期 26天 07:36:27).
        metrics = self.table.fontMetrics()
        samples = {
            "time_left": "overdue 88d 23:59:59" if model.english else "已逾期 88天 23:59:59",
            "kind": max((_label(k, model.english) for k in CaseKind), key=metrics.horizontalAdvance),
            "state": max((_label(k, model.english) for k in CaseState), key=metrics.horizontalAdvance),
        }
        for key, width in (("time_left", 130), ("kind", 96), ("state", 90), ("marketplace", 74), ("store", 150),
                           ("order", 160), ("sku", 190), ("amount", 110), ("cny", 80), ("reason", 180),
                           ("risk", 50)):  # fmt: skip
            title = model.headerData(COLUMN[key], Qt.Orientation.Horizontal) or ""
            needed = max(metrics.horizontalAdvance(title) + 28, metrics.horizontalAdvance(samples.get(key, "")) + 16)
            header.resizeSection(COLUMN[key], max(width, needed))

        # Two rows, so the page still fits an 800-pixel-wide window.
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.view_combo)
        top.addWidget(self.store)
        top.addWidget(self.assignee)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        for widget in (self.marketplace, self.kind, self.state, self.due, self.amount_min, self.amount_max):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._debounce.start)
        self.amount_min.textChanged.connect(self._debounce.start)
        self.amount_max.textChanged.connect(self._debounce.start)
        for combo in (self.marketplace, self.kind, self.state, self.due, self.store, self.assignee):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.view_combo.currentIndexChanged.connect(self._on_view_chosen)

        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()

        self.table.doubleClicked.connect(self._activate)
        model.sig_loaded.connect(self._on_loaded)
        self._kept: tuple[int | None, int] = (None, 0)  # (case id, row) current when the rows were reset
        self._new_filter = False
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._restore_current)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self._build_actions()

    # -- construction helpers -----------------------------------------------------------------------------
    def _combo(self, name: str, items: list[tuple[str, object]], decode=None) -> QComboBox:
        """A filter combo whose item data are plain codes (str/int/None), never enum members.

        QComboBox hands a StrEnum back as a bare ``str``; :meth:`_choice` turns the code back into the
        domain value with ``decode`` — the one place where filter data are converted.
        """
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for text, data in items:
            combo.addItem(text, data.value if isinstance(data, enum.Enum) else data)
        self._decoders[combo] = decode
        return combo

    def _choice(self, combo: QComboBox):
        """The current filter value of ``combo``: None for "all", else the decoded code."""
        data = combo.currentData()
        if data is None:
            return None
        decode = self._decoders.get(combo)
        return decode(data) if decode is not None else data

    def _saved_views(self, user_id: int | None = None, can_approve: bool = False) -> dict[str, tuple[str, QueueQuery]]:
        """Saved views: name (English source, translated) and the query they stand for.

        With someone logged in, "My to-do" (assigned to me) comes first, then "Awaiting my approval" for the
        roles that approve (a CS agent would only ever see it empty).
        """
        mine = {}
        if user_id is not None:
            mine["my_todo"] = (self.tr("My to-do"), QueueQuery(assignee_id=user_id))
            if can_approve:
                mine["awaiting_me"] = (self.tr("Awaiting my approval"), QueueQuery(approver_id=user_id))
        return {
            **mine,
            "open": (self.tr("All open cases"), QueueQuery()),
            "due_today": (self.tr("Due today"), QueueQuery(due_within="24h")),
            "overdue": (self.tr("Overdue"), QueueQuery(due_within="overdue")),
            "high_risk": (self.tr("High risk"), QueueQuery(risk_min=HIGH_RISK)),
            "awaiting_approval": (self.tr("Awaiting approval"), QueueQuery(states=(CaseState.AWAITING_APPROVAL,))),
            "refund_unconfirmed": (
                self.tr("Unconfirmed"),  # 待确认退款 (short: the view list sets the width)
                QueueQuery(open_only=False, refund_unconfirmed=True),
            ),
            "everything": (self.tr("All cases (history)"), QueueQuery(open_only=False)),
        }

    def _build_actions(self) -> None:
        def action(text: str, shortcut, slot) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.focus_search = action(self.tr("Search"), QKeySequence.StandardKey.Find, self._focus_search)
        self.next_case = action(self.tr("Next case"), "J", lambda: self._move(1))
        self.previous_case = action(self.tr("Previous case"), "K", lambda: self._move(-1))
        self.open_case = action(self.tr("Open case"), "Return", lambda: self._activate(self.table.currentIndex()))

    # -- filters --------------------------------------------------------------------------------------------
    def current_query(self) -> QueueQuery:
        base = self.views.get(self.view_combo.currentData(), self.views["open"])[1]
        store = self._choice(self.store)
        assignee = self._choice(self.assignee)
        state = self._choice(self.state)
        kind = self._choice(self.kind)
        market = self._choice(self.marketplace)
        return base.with_(
            search=self.search.text().strip(),
            marketplaces=(market,) if market else base.marketplaces,
            kinds=(kind,) if kind else base.kinds,
            states=(state,) if state else base.states,
            open_only=base.open_only and not (state and not state.is_open),
            due_within=self._choice(self.due) or base.due_within,
            accounts=(store,) if store else base.accounts,
            unassigned=assignee == UNASSIGNED,
            assignee_id=assignee if isinstance(assignee, int) and assignee != UNASSIGNED else base.assignee_id,
            amount_min=_decimal(self.amount_min.text()),
            amount_max=_decimal(self.amount_max.text()),
            cny_rates=tuple(sorted((self.model.cny_rates or DEFAULT_CNY_RATES).items())),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )

    @Slot()
    def apply_filters(self) -> None:
        self.count_label.setText(self.tr("Searching…"))
        self._new_filter = True
        self.model.set_query(self.current_query())

    @Slot(int)
    def _on_view_chosen(self, _index: int) -> None:
        saved = self._user_views.get(self.view_combo.currentData())
        if saved is not None:
            self.apply_saved(saved)
        else:
            self.apply_filters()

    def choose_view(self, key: str) -> None:
        self.view_combo.setCurrentIndex(self.view_combo.findData(key))

    def set_current_user(self, user_id: int | None, *, can_approve: bool = True) -> None:
        """Offer (or withdraw) the personal views; keeps the chosen view if it still exists."""
        self._built_in = self._saved_views(user_id, can_approve)
        self._fill_views()
        self.apply_filters()

    def set_user_views(self, views: list[SavedView]) -> None:
        """The person's own saved views, listed after the built-in ones (keeps the chosen view if it still exists)."""
        self._user_views = {saved_view_key(v.name): v for v in views}
        if self._fill_views():
            self.apply_filters()  # the chosen view was deleted: back to the open cases

    def _fill_views(self) -> bool:
        """Refill the views combo; True if the chosen view is gone (the open cases are chosen instead)."""
        current = self.view_combo.currentData()
        built_in = self._built_in
        self.views = dict(built_in)
        for key, saved in self._user_views.items():
            base = built_in.get(saved.base, built_in["open"])[1]
            self.views[key] = (saved.name, base)
        self.view_combo.blockSignals(True)
        self.view_combo.clear()
        for key, (name, _) in self.views.items():
            self.view_combo.addItem(name, key)
        index = self.view_combo.findData(current)
        self.view_combo.setCurrentIndex(index if index >= 0 else self.view_combo.findData("open"))
        self.view_combo.blockSignals(False)
        return index < 0

    def current_saved_view(self) -> SavedView | None:
        """The person's own view now chosen in the combo (None for a built-in one)."""
        return self._user_views.get(self.view_combo.currentData())

    def snapshot(self, name: str) -> SavedView:
        """The current view, filters, search and sort as a :class:`SavedView` named ``name`` (codes only)."""
        chosen = self.current_saved_view()
        amounts = [_decimal(edit.text()) for edit in (self.amount_min, self.amount_max)]
        return SavedView(
            name=name,
            base=chosen.base if chosen is not None else self.view_combo.currentData(),
            marketplace=self.marketplace.currentData(),
            kind=self.kind.currentData(),
            state=self.state.currentData(),
            due=self.due.currentData(),
            store=self.store.currentData(),
            assignee=self.assignee.currentData(),
            amount_min=str(amounts[0]) if amounts[0] is not None else "",
            amount_max=str(amounts[1]) if amounts[1] is not None else "",
            search=self.search.text().strip(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )

    def apply_saved(self, saved: SavedView) -> None:
        """Set the filters, search and sort of ``saved`` and load its rows (one query)."""
        combos = ((self.marketplace, saved.marketplace), (self.kind, saved.kind), (self.state, saved.state),
                  (self.due, saved.due), (self.store, saved.store), (self.assignee, saved.assignee))  # fmt: skip
        for combo, code in combos:
            index = combo.findData(code) if code is not None else 0
            combo.blockSignals(True)
            combo.setCurrentIndex(max(index, 0))  # a store or user no longer there: "all"
            combo.blockSignals(False)
        for edit, text in ((self.search, saved.search), (self.amount_min, saved.amount_min),
                           (self.amount_max, saved.amount_max)):  # fmt: skip
            edit.blockSignals(True)
            edit.setText(text)
            edit.blockSignals(False)
        self._debounce.stop()
        header = self.table.horizontalHeader()
        column = next((i for i, (_, key) in enumerate(COLUMNS) if key == saved.sort), -1)
        order = Qt.SortOrder.DescendingOrder if saved.descending else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)  # the query below carries the sort: the header only shows it
        header.setSortIndicator(column, order)
        header.blockSignals(False)
        header.viewport().update()
        self.count_label.setText(self.tr("Searching…"))
        self._new_filter = True
        self.model.set_query(self.current_query().with_(sort=saved.sort, descending=saved.descending))

    def set_view_count(self, key: str, count: int | None) -> None:
        """A count badge on a saved view ("待我审批 (3)"); None or 0 shows the plain name."""
        index = self.view_combo.findData(key)
        if index < 0 or key not in self.views:
            return
        name = self.views[key][0]
        self.view_combo.setItemText(index, f"{name} ({count:,})" if count else name)

    def set_filter_choices(self, choices) -> None:
        """Fill the store and assignee filters (keeps the current choice when it still exists)."""
        for combo, items in ((self.store, choices.stores), (self.assignee, choices.assignees)):
            current = combo.currentData()
            combo.blockSignals(True)
            fixed = 1 if combo is self.store else 2
            while combo.count() > fixed:
                combo.removeItem(fixed)
            for item_id, name in items:
                combo.addItem(name, item_id)
            index = combo.findData(current)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)

    # -- table ----------------------------------------------------------------------------------------------
    @Slot()
    def tick(self) -> None:
        """Once a second: repaint the countdowns of the rows on screen, nothing else."""
        top = self.table.rowAt(0)
        if top < 0:
            return
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        self.model.tick(top, bottom if bottom >= 0 else self.model.rowCount() - 1)

    def _on_loaded(self, total: int) -> None:
        self.count_label.setText(self.tr("{count} cases").format(count=f"{total:,}"))
        self.sig_loaded.emit(total)

    def _remember_current(self) -> None:
        index = self.table.currentIndex()
        row = 0 if self._new_filter or not index.isValid() else index.row()  # a new filter starts at the top
        self._kept = (self.model.case_id(index.row()) if index.isValid() else None, row)
        self._new_filter = False

    def _restore_current(self) -> None:
        """After new rows (a reload, an action): stay on the case that was current.

        If it has left the list (closed, filtered out), the row it had now holds the next case in sort
        order: select that one (the last row if it was the last). The first row on a first load.
        """
        if not self.model.rowCount():
            self.sig_no_case.emit()
            return
        case_id, row = self._kept
        found = self.model.row_of(case_id) if case_id is not None else None
        row = found if found is not None else min(row, self.model.rowCount() - 1)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))

    def _move(self, step: int) -> None:
        row = max(0, min(self.model.rowCount() - 1, self.table.currentIndex().row() + step))
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _activate(self, index: QModelIndex) -> None:
        case_id = self.model.case_id(index.row()) if index.isValid() else None
        if case_id is not None:
            self.sig_case_activated.emit(case_id)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        case_id = self.model.case_id(current.row()) if current.isValid() else None
        if case_id is not None:
            self.sig_current_case.emit(case_id)

    def selected_case_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [case_id for case_id in (self.model.case_id(r) for r in rows) if case_id is not None]


def _label(member: CaseKind | CaseState, english: bool) -> str:
    return member.label_en if english else member.label_zh


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().replace(",", "")) if text.strip() else None
    except InvalidOperation:
        return None
