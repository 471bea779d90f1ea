"""未解析的报告行: lines of Amazon reports the sync could not read. The rest of each report was imported; these
wait for a person, who looks the order up in Seller Central, deals with it by hand and marks the line done.

Like the unparsed-mails page: the list is short, loaded whole on the DB worker into a plain table model.
"""

from __future__ import annotations

from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ..services.changes import Actor
from . import i18n
from .rows_model import RowsTableModel
from .work_list_page import WorkListPage

REPORT_NAMES = {
    "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE": ("MFN returns report", "自发货退货报告"),
    "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA": ("FBA customer returns report", "FBA 买家退货报告"),
}


class ReportLinesModel(RowsTableModel):
    """services.unreadable_lines.UnreadableLineRow, newest first."""

    def __init__(self, parent=None, *, time_zone: str = "Asia/Shanghai") -> None:
        super().__init__(parent)
        self.zone = ZoneInfo(time_zone)

    def headers(self) -> list[str]:
        return [self.tr("Found"), self.tr("Store"), self.tr("Report"), self.tr("Line"), self.tr("Problem"),
                self.tr("Line as Amazon wrote it")]  # fmt: skip

    def problem(self, row) -> str:
        texts = {
            "fields": self.tr("wrong number of fields (damaged line?)"),
            "empty": self.tr("required value '{column}' is empty"),
            "amount": self.tr("'{column}' is not an amount: {value}"),
            "date": self.tr("'{column}' is not a date: {value}"),
            "integer": self.tr("'{column}' is not a whole number: {value}"),
            "flag": self.tr("'{column}' is not Y/N: {value}"),
            "currency": self.tr("'{column}' is not a currency code: {value}"),
        }
        text = texts.get(row.problem, self.tr("'{column}' cannot be read: {value}"))
        return text.format(column=row.column or "", value=row.value or "")

    def cell(self, row, column: int) -> str:
        if column == 0:
            return row.found_at.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")
        if column == 1:
            return row.store or "—"
        if column == 2:
            en, zh = REPORT_NAMES.get(row.report_type, (row.report_type, row.report_type))
            return f"{zh if i18n.is_chinese() else en} #{row.report_ref}"
        if column == 3:
            return str(row.line)
        if column == 4:
            return self.problem(row)
        return row.raw.replace("\t", " ⇥ ")

    def tooltip(self, row, column: int) -> str:
        return self.cell(row, column)


class ReportLinesPage(WorkListPage):
    """The list, with 标记为已处理 and 刷新; ``sig_loaded(count)`` after every load."""

    def __init__(self, runner, parent=None, *, time_zone: str = "Asia/Shanghai") -> None:
        super().__init__(runner, parent)
        self.setObjectName("reportLinesPage")
        self.hint = QLabel(
            self.tr(
                "These lines of Amazon's reports could not be read; the rest of each report was imported. Look the "
                "order up in Seller Central, deal with it by hand (for example a new case), then mark the line done."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.model = ReportLinesModel(self, time_zone=time_zone)
        self.table = QTableView(self)
        self.table.setObjectName("reportLinesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.done_button = QPushButton(self.tr("Mark as &Done"), self)
        self.refresh_button = QPushButton(self.tr("Re&fresh"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.done_button.clicked.connect(self.on_done)
        self.refresh_button.clicked.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def set_backend(self, backend, actor: Actor) -> None:
        """``backend``: the store's UnreadableLinesServices (or None)."""
        super().set_backend(backend, actor)

    def load_rows(self):
        return self._backend.open_lines

    @Slot()
    def _selection_changed(self, *_args) -> None:
        self.done_button.setEnabled(bool(self.selected()))

    @Slot()
    def on_done(self) -> None:
        chosen = self.selected()
        if not chosen or self._backend is None:
            return
        work = partial(self._backend.resolve, self._actor, [r.id for r in chosen])
        self._runner.run(work, self._on_done, self._on_failed)

    def _on_done(self, ids: list[int]) -> None:
        self.sig_message.emit(self.tr("{count} report line(s) marked done").format(count=len(ids)))
        self.reload()
