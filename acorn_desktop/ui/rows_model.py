"""A read-only table model over a short list of rows (frozen dataclasses, named tuples): the base of the small tables.

Subclasses say what the columns are (``headers``) and what a cell shows (``cell``; optionally ``tooltip`` and
``foreground``). The rows are replaced as a whole by :meth:`set_rows` (a model reset); the row's ``id`` is
``UserRole``. Big, lazily paged data has its own model (:mod:`acorn_desktop.ui.queue_model`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    ALIGN_RIGHT: frozenset[int] = frozenset()  # columns shown right-aligned (amounts, counts)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list = []

    # -- what subclasses say ---------------------------------------------------------------------------------
    def headers(self) -> list[str]:
        raise NotImplementedError

    def cell(self, row, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, row, column: int) -> str | None:
        return None

    def foreground(self, row, column: int):
        """A ``QColor`` for the cell's text, or None for the palette's."""
        return None

    # -- rows ------------------------------------------------------------------------------------------------
    @property
    def rows(self) -> list:
        return self._rows

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self._rows[row]

    # -- the model -------------------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.ALIGN_RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return getattr(row, "id", None)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None
