"""The reply dialog's two lists: the reply situations (those meant for the case's kind in bold) and what the
messaging-policy check found (blocking ones in red, with the rule's explanation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ..domain.messaging_policy import Finding
from ..services.replies import SituationInfo
from . import i18n

_Index = QModelIndex | QPersistentModelIndex
BLOCK_COLOUR = QColor(192, 57, 43)
WARN_COLOUR = QColor(185, 119, 14)


class SituationModel(QAbstractListModel):
    """The reply situations; those meant for this kind of case first, in bold."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[SituationInfo] = []
        self._mark = False

    def set_rows(self, rows: Sequence[SituationInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        # bold marks the ones meant for this kind of case — only when that says something
        self._mark = any(s.suggested for s in self._rows) and not all(s.suggested for s in self._rows)
        self.endResetModel()

    def row_at(self, row: int) -> SituationInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int:
        return next((i for i, s in enumerate(self._rows) if s.key == key), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        situation = self.row_at(index.row()) if index.isValid() else None
        if situation is None:
            return None
        chinese = i18n.is_chinese()
        if role == Qt.ItemDataRole.DisplayRole:
            return situation.label_zh if chinese else situation.label_en
        if role == Qt.ItemDataRole.ToolTipRole:
            return situation.hint_zh if chinese else situation.hint_en
        if role == Qt.ItemDataRole.FontRole and situation.suggested and self._mark:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return situation.key
        return None


class FindingModel(QAbstractListModel):
    """What the messaging-policy check found: blocking ones first, in red, with the rule's explanation."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Finding] = []

    def set_rows(self, rows: Sequence[Finding]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Finding | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        finding = self.row_at(index.row()) if index.isValid() else None
        if finding is None:
            return None
        lang = i18n.current_language()
        if role == Qt.ItemDataRole.DisplayRole:
            severity = self.tr("Blocked") if finding.blocks else self.tr("Warning")
            text = f"{severity} · {finding.title(lang)}"
            if finding.excerpt and not finding.rule.whole_text:
                quoted = finding.excerpt[:60]
                text += f" ·「{quoted}」" if i18n.is_chinese() else f" · \u201c{quoted}\u201d"
            return f"{text}\n{finding.explanation(lang)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.explanation(lang)
        if role == Qt.ItemDataRole.ForegroundRole:
            return BLOCK_COLOUR if finding.blocks else WARN_COLOUR
        if role == Qt.ItemDataRole.UserRole:
            return finding.rule_id
        return None
