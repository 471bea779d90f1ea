"""文件 › 邮箱…: the IMAP mailboxes the app polls — add (the login is tested first), test, poll now, remove.

Network work (test, add, poll) runs on the background API's network pool; the list on the DB worker. The
password field is cleared after every attempt and never leaves the service call (it goes to the keyring).
"""

from __future__ import annotations

from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
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
    QTableView,
    QVBoxLayout,
)

from ..services.changes import Actor
from ..services.mailboxes import DEFAULT_PORTS
from . import i18n
from .rows_model import RowsTableModel


class MailboxModel(RowsTableModel):
    def __init__(self, parent=None, *, time_zone: str = "Asia/Shanghai") -> None:
        super().__init__(parent)
        self.zone = ZoneInfo(time_zone)

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Account"), self.tr("Store"), self.tr("Last poll"), self.tr("Status")]

    def cell(self, box, column: int) -> str:
        if column == 0:
            return box.name
        if column == 1:
            return f"{box.username} @ {box.host}:{box.port} ({box.security}) · {box.folder}"
        if column == 2:
            return box.account_name or self.tr("(by order / marketplace)")
        if column == 3:
            return box.last_polled_at.astimezone(self.zone).strftime("%Y-%m-%d %H:%M") if box.last_polled_at else "—"
        if box.last_error:
            return box.last_error
        return self.tr("OK") if box.last_polled_at else self.tr("Not polled yet")

    tooltip = cell

    def foreground(self, box, column: int):
        return QColor("#d0453b") if column == 4 and box.last_error else None


class MailboxDialog(QDialog):
    sig_changed = Signal()
    sig_polled = Signal(object)  # list of PollResult
    sig_done = Signal(str)  # the status line after an action (tests wait on it)

    def __init__(self, runner, backend, actor: Actor, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("mailboxDialog")
        self.setWindowTitle(self.tr("Mailboxes"))
        self._runner = runner
        self._backend = backend
        self._actor = actor
        self._stores = []
        self.model = MailboxModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("mailboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((110, 250, 120, 120)):
            self.table.setColumnWidth(column, width)
        self.test_button = QPushButton(self.tr("&Test"), self)
        self.poll_button = QPushButton(self.tr("&Poll Now"), self)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        row = QHBoxLayout()
        for button in (self.test_button, self.poll_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)

        self.name = QLineEdit(self)
        self.name.setObjectName("nameEdit")
        self.name.setPlaceholderText(self.tr("e.g. CS mailbox"))
        self.host = QLineEdit(self)
        self.host.setObjectName("hostEdit")
        self.host.setPlaceholderText("imap.exmail.qq.com")
        self.security = QComboBox(self)
        self.security.setObjectName("securityCombo")
        self.security.addItem("SSL/TLS", "ssl")
        self.security.addItem("STARTTLS", "starttls")
        self.security.addItem(self.tr("None (this computer only)"), "none")
        self.port = QSpinBox(self)
        self.port.setObjectName("portSpin")
        self.port.setRange(1, 65535)
        self.port.setValue(993)
        self.user = QLineEdit(self)
        self.user.setObjectName("userEdit")
        self.password = QLineEdit(self)
        self.password.setObjectName("passwordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.folder = QLineEdit("INBOX", self)
        self.folder.setObjectName("folderEdit")
        self.store = QComboBox(self)
        self.store.setObjectName("storeCombo")
        self.store.addItem(self.tr("Any store (by order / marketplace)"), None)
        self.add_button = QPushButton(self.tr("&Add and Test"), self)
        self.add_button.setObjectName("addButton")
        server = QHBoxLayout()
        server.addWidget(self.host, 1)
        server.addWidget(self.security)
        server.addWidget(self.port)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("IMAP server"), server)
        form.addRow(self.tr("User name"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Folder"), self.folder)
        form.addRow(self.tr("Mails belong to"), self.store)
        form.addRow("", self.add_button)
        add_box = QGroupBox(self.tr("Add a mailbox"), self)
        add_box.setLayout(form)
        self.status = QLabel(self)
        self.status.setObjectName("statusLabel")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(self.tr("Forward Seller Central notifications (A-to-z claims, chargebacks, buyer messages) to "
                              "this mailbox. Mails are read, never marked or moved; the password is kept in the "
                              "system keyring."), self)  # fmt: skip
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(add_box)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(720, 560)

        self.security.currentIndexChanged.connect(self._security_changed)
        self.add_button.clicked.connect(self.on_add)
        self.test_button.clicked.connect(self.on_test)
        self.poll_button.clicked.connect(self.on_poll)
        self.remove_button.clicked.connect(self.on_remove)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()
        self.reload()
        runner.run(backend.store_choices, self._on_stores, lambda _exc: None)

    # -- list -------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self._runner.run(self._backend.mailboxes.list, self._on_list, self._on_failed)

    def _on_list(self, rows) -> None:
        self.model.set_rows(rows)
        self._selection_changed()

    def _on_stores(self, stores) -> None:
        self._stores = list(stores)
        for choice in self._stores:
            self.store.addItem(choice.name, choice.id)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    @Slot()
    def _selection_changed(self, *_args) -> None:
        chosen = self.selected() is not None
        for button in (self.test_button, self.poll_button, self.remove_button):
            button.setEnabled(chosen)

    @Slot()
    def _security_changed(self) -> None:
        self.port.setValue(DEFAULT_PORTS[self.security.currentData()])

    # -- actions ----------------------------------------------------------------------------------------------
    @Slot()
    def on_add(self) -> None:
        password = self.password.text()
        self.password.clear()
        work = partial(
            self._backend.mailboxes.add, self._actor, name=self.name.text(), host=self.host.text(),
            username=self.user.text(), password=password, security=self.security.currentData(),
            port=self.port.value(), folder=self.folder.text(), account_id=self.store.currentData(),
        )  # fmt: skip
        self._busy(self.tr("Logging in to {host}…").format(host=self.host.text()))
        self._runner.run(work, self._on_added, self._on_failed, kind="net")

    def _on_added(self, _mailbox_id: int) -> None:
        self.name.clear()
        self._done(self.tr("Mailbox added; the login works. New mail is read on the sync schedule."))
        self.sig_changed.emit()
        self.reload()

    @Slot()
    def on_test(self) -> None:
        box = self.selected()
        if box is None:
            return
        self._busy(self.tr("Testing {name}…").format(name=box.name))
        self._runner.run(partial(self._backend.mailboxes.test, box.id),
                         lambda n: self._done(self.tr("The login works; the folder holds {count} mail(s).").format(
                             count=n)), self._on_failed, kind="net")  # fmt: skip

    @Slot()
    def on_poll(self) -> None:
        box = self.selected()
        if box is None:
            return
        self._busy(self.tr("Reading new mail of {name}…").format(name=box.name))
        self._runner.run(partial(self._backend.mailboxes.poll, box.id), self._on_polled, self._on_failed, kind="net")

    def _on_polled(self, result) -> None:
        if result.error:
            self._done(result.error if i18n.is_chinese() else result.error_en)
        else:
            self._done(self.tr("{count} new mail(s) read. ").format(count=result.fetched)
                       + result.summary.text(i18n.current_language()))  # fmt: skip
        self.sig_polled.emit([result])
        self.reload()

    @Slot()
    def on_remove(self) -> None:
        box = self.selected()
        if box is None:
            return
        self._busy(self.tr("Removing {name}…").format(name=box.name))
        self._runner.run(partial(self._backend.mailboxes.remove, self._actor, box.id), self._on_removed,
                         self._on_failed)  # fmt: skip

    def _on_removed(self, _result) -> None:
        self._done(self.tr("Mailbox removed."))
        self.reload()

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        self.add_button.setEnabled(False)

    def _done(self, text: str) -> None:
        self.status.setText(text)
        self.add_button.setEnabled(True)
        self.sig_done.emit(text)

    def _on_failed(self, exc: BaseException) -> None:
        self._done(i18n.error_text(exc))
