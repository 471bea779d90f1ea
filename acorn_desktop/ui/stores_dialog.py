"""文件 › 店铺…: the stores (seller accounts) and the legal name and address that sign their letters.

The list comes from ``StoreServices.identities`` and 保存 goes through ``StoreServices.save_identity`` (both on the
DB worker): the service checks Latin script and the required fields, that the logged-in user may edit stores
(管理员, 主管), and audits the change; its refusal is shown under the form in the UI language. The sender
block as the English letters print it is previewed while typing.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.seller_identity import MAX_LENGTHS, LegalIdentity, sender_lines
from ..services.accounts import StoreIdentity
from .error_dialog import describe

FIELDS = ("legal_name", "address_line1", "address_line2", "city", "state", "postcode", "country", "vat_id")


class StoresDialog(QDialog):
    """Pick a store on the left, edit its legal identity on the right, 保存."""

    sig_loaded = Signal(object)  # list[StoreIdentity]
    sig_saved = Signal(int)  # account id
    sig_failed = Signal(object)

    def __init__(self, backend, runner, parent: QWidget | None = None, *, actor: Any = "gui") -> None:
        super().__init__(parent)
        self.setObjectName("storesDialog")
        self.setWindowTitle(self.tr("Stores"))
        self._backend = backend
        self._runner = runner
        self.actor = actor
        self.stores: list[StoreIdentity] = []
        self._busy = False

        self.list = QListWidget()
        self.list.setObjectName("storeList")
        self.list.setMinimumWidth(230)
        self.list.currentRowChanged.connect(self._show_store)
        labels = {
            "legal_name": self.tr("Legal name (Latin script):"),
            "address_line1": self.tr("Address line 1:"),
            "address_line2": self.tr("Address line 2:"),
            "city": self.tr("City:"),
            "state": self.tr("State / province:"),
            "postcode": self.tr("Postcode:"),
            "country": self.tr("Country (ISO code):"),
            "vat_id": self.tr("VAT id (optional):"),
        }
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"identity_{name}")
            edit.setMaxLength(MAX_LENGTHS[name])
            edit.textEdited.connect(self._preview)
            self.edits[name] = edit
            form.addRow(labels[name], edit)
        self.edits["legal_name"].setPlaceholderText("Shenzhen Acorn Trading Co., Ltd.")
        self.edits["country"].setPlaceholderText("CN")
        self.hint = QLabel(self.tr("As the business licence writes it in Latin letters: Amazon reads the letters in "
                                   "Latin script, and they are signed with this name and address."))  # fmt: skip
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "hint")
        self.preview = QLabel()
        self.preview.setObjectName("identityPreview")
        self.preview.setProperty("acornData", True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setObjectName("storesMessage")
        self.message.setWordWrap(True)
        self.message.setProperty("acornData", True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveIdentityButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.hint)
        right.addWidget(QLabel(self.tr("Sender block of the letters:")))
        right.addWidget(self.preview)
        right.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(780, 500)
        self._set_busy(True)
        self.reload()

    # -- loading ---------------------------------------------------------------------------------------------
    def reload(self, select: int | None = None) -> None:
        self._set_busy(True)
        self._runner.run(self._backend.identities, partial(self._on_loaded, select), self._on_failed)

    def _on_loaded(self, select: int | None, stores: list[StoreIdentity]) -> None:
        self.stores = list(stores)
        current = select if select is not None else self.current_account_id()
        self.list.blockSignals(True)
        self.list.clear()
        for store in self.stores:
            state = self.tr("signed") if store.identity.complete else self.tr("legal name missing")
            item = QListWidgetItem(f"{store.name}\n{store.region.upper()} · {', '.join(store.marketplaces)} · {state}")
            item.setData(Qt.ItemDataRole.UserRole, store.account_id)
            if not store.identity.complete:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [s.account_id for s in self.stores]
        self.list.setCurrentRow(ids.index(current) if current in ids else 0 if ids else -1)
        self._show_store(self.list.currentRow())
        self._set_busy(False)
        if not self.stores:
            self._say(self.tr("No stores yet."), "hint")
        self.sig_loaded.emit(self.stores)

    def current_account_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @Slot(int)
    def _show_store(self, row: int) -> None:
        identity = self.stores[row].identity if 0 <= row < len(self.stores) else LegalIdentity()
        for name, edit in self.edits.items():
            edit.setText(getattr(identity, name))
        self._preview()

    def identity(self) -> LegalIdentity:
        return LegalIdentity(**{name: edit.text() for name, edit in self.edits.items()})

    @Slot()
    def _preview(self, *_args) -> None:
        lines = sender_lines(self.identity(), "en")
        self.preview.setText("\n".join(lines) if lines else self.tr("(incomplete: name, address, city and country)"))

    # -- saving ----------------------------------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        account_id = self.current_account_id()
        if account_id is None or self._busy:
            return
        self._set_busy(True)
        self._say(self.tr("Saving…"), "hint")
        work = partial(self._backend.save_identity, account_id, self.identity(), self.actor)
        self._runner.run(work, lambda _saved: self._on_saved(account_id), self._on_failed)

    def _on_saved(self, account_id: int) -> None:
        self._say(self.tr("Saved. Letters of this store are signed with it."), "info")
        self.sig_saved.emit(account_id)
        self.reload(select=account_id)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._say(describe(exc)[0], "error")
        self.sig_failed.emit(exc)

    # -- state -----------------------------------------------------------------------------------------------
    def _say(self, text: str, kind: str) -> None:
        colour = {"error": "#a93226", "info": "#1e6b34"}.get(kind, "#6b7785")
        self.message.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        self.message.setText(text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        ready = not busy and bool(self.stores)
        for edit in self.edits.values():
            edit.setEnabled(ready)
        self.save_button.setEnabled(ready)


class StoresFeature(QObject):
    """文件 › 店铺…: enabled once a store is open; ``sig_saved`` after a legal identity was saved."""

    sig_saved = Signal(int)

    def __init__(self, window: QMainWindow, runner) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._backend = None
        self.actor: Any = "gui"
        self.dialog: StoresDialog | None = None
        self.action = QAction(self.tr("Sto&res…"), window)
        self.action.setObjectName("action_stores")
        self.action.setEnabled(False)
        self.action.triggered.connect(self.open_dialog)

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("file", self.action)]

    def set_backend(self, backend) -> None:
        self._backend = backend
        self.action.setEnabled(backend is not None)

    @Slot()
    def open_dialog(self) -> None:
        if self._backend is None:
            return
        parent = QApplication.activeModalWidget() or self._window  # from the letter dialog: on top of it
        dialog = StoresDialog(self._backend, self._runner, parent, actor=self.actor)
        dialog.sig_saved.connect(self.sig_saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, d=dialog: self._closed(d))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: StoresDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
