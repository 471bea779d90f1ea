"""未识别邮件: the mails the intake kept for a person — link each to a case, open a case from it, or ignore it.

The list is short by nature (people work it down), so the page loads it whole on the DB worker into a plain
table model; every action is one service call in the background, then the list reloads.
"""

from __future__ import annotations

from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ..domain.cases import CaseKind
from ..domain.marketplaces import MARKETPLACES
from . import i18n
from .rows_model import RowsTableModel
from .work_list_page import WorkListPage

NOTICE_KINDS = (CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK, CaseKind.BUYER_MESSAGE)


class InboxModel(RowsTableModel):
    """Unparsed mails (services.inbox.InboxRow), newest first."""

    def __init__(self, parent=None, *, time_zone: str = "Asia/Shanghai") -> None:
        super().__init__(parent)
        self.zone = ZoneInfo(time_zone)

    def headers(self) -> list[str]:
        return [self.tr("Received"), self.tr("Subject"), self.tr("Why it is unparsed"), self.tr("Order IDs"),
                self.tr("From")]  # fmt: skip

    def tooltip(self, row, column: int) -> str:
        return self.cell(row, column) if column != 1 else row.excerpt or row.subject

    def cell(self, row, column: int) -> str:
        if column == 0:
            moment = row.received_at or row.imported_at
            return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")
        if column == 1:
            return row.subject
        if column == 2:
            return row.error if i18n.is_chinese() or not row.error_en else row.error_en
        if column == 3:
            return ", ".join(row.order_ids)
        channels = {"eml": self.tr("File"), "msg": self.tr("Outlook file"), "imap": self.tr("Mailbox")}
        return row.mailbox or channels.get(row.channel, row.channel)


class FileMailDialog(QDialog):
    """Open a case from an unparsed mail: its kind, store, marketplace and order id."""

    def __init__(self, stores, order_ids: tuple[str, ...], kind: str | None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("fileMailDialog")
        self.setWindowTitle(self.tr("New case from this mail"))
        chinese = i18n.is_chinese()
        self._stores = list(stores)
        self.kind = QComboBox(self)
        for item in NOTICE_KINDS:
            self.kind.addItem(item.label_zh if chinese else item.label_en, item.value)
        if kind:
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.store = QComboBox(self)
        for choice in self._stores:
            self.store.addItem(choice.name, choice.id)
        self.marketplace = QComboBox(self)
        self.order = QLineEdit(order_ids[0] if order_ids else "", self)
        self.order.setPlaceholderText("302-1234567-1234567")
        form = QFormLayout()
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Store"), self.store)
        form.addRow(self.tr("Marketplace"), self.marketplace)
        form.addRow(self.tr("Order ID"), self.order)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.store.currentIndexChanged.connect(self._fill)
        self._fill()

    @Slot()
    def _fill(self) -> None:
        self.marketplace.clear()
        index = self.store.currentIndex()
        if 0 <= index < len(self._stores):
            for code in self._stores[index].marketplaces:
                info = MARKETPLACES.get(code)
                self.marketplace.addItem(f"{code} · {info.name_zh if i18n.is_chinese() else info.name_en}", code)

    def values(self) -> dict:
        return {"kind": CaseKind(self.kind.currentData()), "account_id": self.store.currentData(),
                "marketplace": self.marketplace.currentData() or "", "order_id": self.order.text().strip()}  # fmt: skip


class InboxPage(WorkListPage):
    sig_cases_changed = Signal(list)
    sig_mail_shown = Signal(object)  # the dialog showing a mail (tests)

    def __init__(self, runner, parent=None) -> None:
        super().__init__(runner, parent)
        self.setObjectName("inboxPage")
        # replaceable in tests
        self.ask_link = self._ask_link
        self.ask_file = self._ask_file
        self.confirm = self._confirm
        self.model = InboxModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("inboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((130, 300, 360, 170)):
            self.table.setColumnWidth(column, width)
        self.hint = QLabel(self.tr("Mails no notification format recognised, or whose store is unclear. Link each "
                                   "one to a case, open a new case from it, or ignore it."), self)  # fmt: skip
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "hint")
        self.excerpt = QLabel(self)
        self.excerpt.setObjectName("excerptLabel")
        self.excerpt.setWordWrap(True)
        self.link_button = QPushButton(self.tr("&Link to Case…"), self)
        self.file_button = QPushButton(self.tr("New &Case from Mail…"), self)
        self.ignore_button = QPushButton(self.tr("&Ignore"), self)
        self.view_button = QPushButton(self.tr("&View Mail…"), self)
        self.again_button = QPushButton(self.tr("&Read All Again"), self)
        self.again_button.setToolTip(self.tr("Parse the unparsed mails again, e.g. after a format was added"))
        self.refresh_button = QPushButton(self.tr("Re&fresh"), self)
        buttons = QHBoxLayout()
        for button in (self.view_button, self.link_button, self.file_button, self.ignore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.excerpt)
        layout.addLayout(buttons)
        self.view_button.clicked.connect(self.on_view)
        self.table.doubleClicked.connect(lambda _index: self.on_view())
        self.link_button.clicked.connect(self.on_link)
        self.file_button.clicked.connect(self.on_file)
        self.ignore_button.clicked.connect(self.on_ignore)
        self.again_button.clicked.connect(self.on_read_again)
        self.refresh_button.clicked.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def load_rows(self):
        return self._backend.inbox.unparsed

    @Slot()
    def _selection_changed(self, *_args) -> None:
        chosen = self.selected()
        single = len(chosen) == 1
        self.link_button.setEnabled(single)
        self.file_button.setEnabled(single)
        self.view_button.setEnabled(single)
        self.ignore_button.setEnabled(bool(chosen))
        self.excerpt.setText(chosen[0].excerpt if single else "")

    # -- actions ----------------------------------------------------------------------------------------------
    @Slot()
    def on_view(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or self._backend is None:
            return
        row = chosen[0]
        self._runner.run(partial(self._backend.inbox.mail_text, row.id), partial(self._show_mail, row),
                         self._on_failed)  # fmt: skip

    def _show_mail(self, row, text: str) -> None:
        dialog = QDialog(self)
        dialog.setObjectName("mailTextDialog")
        dialog.setWindowTitle(row.subject or self.tr("Mail"))
        view = QPlainTextEdit(dialog)
        view.setReadOnly(True)
        view.setPlainText(text or self.tr("The mail's text was deleted after the retention period; only this "
                                          "excerpt is kept:") + "\n\n" + row.excerpt)  # fmt: skip
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        layout.addWidget(buttons)
        dialog.resize(720, 520)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.sig_mail_shown.emit(dialog)

    @Slot()
    def on_link(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or self._backend is None:
            return
        target = self.ask_link(chosen[0])
        if not target:
            return
        kwargs = {"order_id": target} if "-" in target else {"case_id": int(target.lstrip("#"))}
        work = partial(self._backend.inbox.link, self._actor, chosen[0].id, **kwargs)
        self._runner.run(work, self._on_linked, self._on_failed)

    def _on_linked(self, case_id: int) -> None:
        self.sig_message.emit(self.tr("Mail linked to case #{id}").format(id=case_id))
        self.sig_cases_changed.emit([case_id])
        self.reload()

    @Slot()
    def on_file(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or self._backend is None:
            return
        row = chosen[0]
        self._runner.run(self._backend.store_choices, partial(self._file_with_stores, row), self._on_failed)

    def _file_with_stores(self, row, stores) -> None:
        values = self.ask_file(stores, row)
        if values is None:
            return
        work = partial(self._backend.inbox.open_case, self._actor, row.id, **values)
        self._runner.run(work, self._on_linked, self._on_failed)

    @Slot()
    def on_ignore(self) -> None:
        chosen = self.selected()
        if not chosen or self._backend is None:
            return
        if not self.confirm(self.tr("Ignore {count} mail(s)? They are not cases; their text is deleted.").format(
                count=len(chosen))):  # fmt: skip
            return
        work = partial(self._backend.inbox.ignore, self._actor, [r.id for r in chosen])
        self._runner.run(work, lambda n: (self.sig_message.emit(self.tr("{count} mail(s) ignored").format(count=n)),
                                          self.reload()), self._on_failed)  # fmt: skip

    @Slot()
    def on_read_again(self) -> None:
        if self._backend is None:
            return
        self._runner.run(partial(self._backend.inbox.read_again, self._actor), self._on_read_again, self._on_failed)

    def _on_read_again(self, summary) -> None:
        self.sig_message.emit(self.tr("{parsed} mail(s) recognised now").format(parsed=summary.parsed))
        if summary.case_ids:
            self.sig_cases_changed.emit(list(summary.case_ids))
        self.reload()

    # -- default dialogs --------------------------------------------------------------------------------------
    def _ask_link(self, row) -> str | None:
        suggestion = row.order_ids[0] if row.order_ids else ""
        text, ok = QInputDialog.getText(self, self.tr("Link to case"),
                                        self.tr("Case number (e.g. 1234) or order id (e.g. 302-1234567-1234567):"),
                                        QLineEdit.EchoMode.Normal, suggestion)  # fmt: skip
        text = text.strip()
        return text if ok and (text.lstrip("#").isdigit() or "-" in text) else None

    def _ask_file(self, stores, row) -> dict | None:
        dialog = FileMailDialog(stores, row.order_ids, row.kind, self)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Ignore mails"), text)
        return answer == QMessageBox.StandardButton.Yes
