"""Which queue columns show: a checkable list on the header's context menu and under 视图 › 列.

Hidden columns are kept as column codes (``queue_model.COLUMNS`` keys), per user — or per installation while
nobody is logged in — and survive a restart; the order and widths the person dragged are kept too (the
header's ``saveState``). The order id column cannot be hidden: a row without it names no case. A stored
value that does not parse is ignored (logged), never fatal.
"""

from __future__ import annotations

import json
import logging

from PySide6.QtCore import QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from .queue_model import COLUMN, COLUMNS
from .settings import Settings, user_scope

log = logging.getLogger(__name__)

ALWAYS_SHOWN = frozenset({"order"})  # 订单号: the one column every row is recognised by


def parse_hidden(text: str) -> set[str]:
    """The hidden column codes stored as ``text`` (JSON list); unknown or fixed codes are left out."""
    if not text:
        return set()
    try:
        codes = json.loads(text)
    except ValueError:
        log.warning("ignoring a stored queue column list that is not JSON")
        return set()
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        log.warning("ignoring a stored queue column list that is not a list of codes")
        return set()
    return {c for c in codes if c in COLUMN and c not in ALWAYS_SHOWN}


class ColumnChooser(QObject):
    """Owns the "Columns" menu of the queue table and keeps the header's layout for the current scope."""

    # The set of hidden column codes changed (after a toggle or a new scope).
    sig_changed = Signal()

    def __init__(self, table: QTableView, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent or table)
        self._table = table
        self._settings = settings
        self._scope = user_scope(None)
        self._restoring = False
        self.menu = QMenu(self.tr("&Columns"), parent or table)
        self.menu.setObjectName("menu_columns")
        self.actions: dict[str, QAction] = {}
        for key, _sort in COLUMNS:
            title = table.model().headerData(COLUMN[key], Qt.Orientation.Horizontal) or key
            action = QAction(title, self.menu)
            action.setObjectName(f"column_{key}")
            action.setCheckable(True)
            action.setChecked(True)
            if key in ALWAYS_SHOWN:
                action.setEnabled(False)
                action.setToolTip(self.tr("This column is always shown"))
            action.toggled.connect(lambda shown, k=key: self._on_toggled(k, shown))
            self.menu.addAction(action)
            self.actions[key] = action
        self.menu.addSeparator()
        self.reset_action = self.menu.addAction(self.tr("&Reset Columns"))
        self.reset_action.setObjectName("column_reset")
        self.reset_action.triggered.connect(self.reset)

        header = table.horizontalHeader()
        self._default_state = header.saveState()  # the designed layout, for "reset"
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_menu)
        header.sectionMoved.connect(self._save_layout)
        header.sectionResized.connect(self._save_layout)
        self.set_scope(None)

    # -- public API -----------------------------------------------------------------------------------------
    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("view", self.menu.menuAction())]

    def hidden(self) -> set[str]:
        header = self._table.horizontalHeader()
        return {key for key, _ in COLUMNS if header.isSectionHidden(COLUMN[key])}

    def set_scope(self, user_id: int | None) -> None:
        """Show the layout kept for this user (None: the installation's)."""
        self._scope = user_scope(user_id)
        header = self._table.horizontalHeader()
        section, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        self._restoring = True
        header.blockSignals(True)  # a restored sort indicator must not re-sort: the query owns the sort
        try:
            state = self._settings.get_for(Settings.queue_header_state, self._scope)
            if state.isEmpty() or not header.restoreState(state):
                header.restoreState(self._default_state)
            header.setSortIndicator(section, order)
            hidden = parse_hidden(self._settings.get_for(Settings.queue_hidden_columns, self._scope))
            for key, action in self.actions.items():
                header.setSectionHidden(COLUMN[key], key in hidden)
                action.blockSignals(True)
                action.setChecked(key not in hidden)
                action.blockSignals(False)
        finally:
            header.blockSignals(False)
            self._restoring = False
        self._table.viewport().update()
        header.viewport().update()
        self.sig_changed.emit()

    def set_shown(self, key: str, shown: bool) -> None:
        self.actions[key].setChecked(shown or key in ALWAYS_SHOWN)

    @Slot()
    def reset(self) -> None:
        """Every column back, in the designed order and widths."""
        header = self._table.horizontalHeader()
        section, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        header.blockSignals(True)
        try:
            header.restoreState(self._default_state)
            header.setSortIndicator(section, order)
        finally:
            header.blockSignals(False)
        for action in self.actions.values():
            action.blockSignals(True)
            action.setChecked(True)
            action.blockSignals(False)
        for key in COLUMN:
            header.setSectionHidden(COLUMN[key], False)
        self._save()
        self.sig_changed.emit()

    def save(self) -> None:
        """Write the current layout for the current scope (also done on every change)."""
        self._save()

    # -- internals ------------------------------------------------------------------------------------------
    @Slot(QPoint)
    def _show_menu(self, pos: QPoint) -> None:
        self.menu.popup(self._table.horizontalHeader().viewport().mapToGlobal(pos))

    def _on_toggled(self, key: str, shown: bool) -> None:
        if key in ALWAYS_SHOWN and not shown:
            self.actions[key].setChecked(True)
            return
        self._table.horizontalHeader().setSectionHidden(COLUMN[key], not shown)
        self._save()
        self.sig_changed.emit()

    def _save_layout(self, *_args) -> None:
        if not self._restoring:
            self._settings.set_for(Settings.queue_header_state, self._scope, self._table.horizontalHeader().saveState())

    def _save(self) -> None:
        hidden = sorted(self.hidden() - ALWAYS_SHOWN)
        self._settings.set_for(Settings.queue_hidden_columns, self._scope, json.dumps(hidden))
        self._save_layout()
        self._settings.sync()
