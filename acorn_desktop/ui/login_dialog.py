"""The login dialog: user name and password, checked off the GUI thread (argon2 takes ~50 ms or more).

The dialog never sees a hash or a database session: it calls ``backend.login(username, password)`` (see
``services.users.LoginServices``) through the :class:`~acorn_desktop.ui.background.BackgroundRunner`. A refusal
(wrong password, locked account) is shown inside the dialog in the UI language; the password field is cleared
after every attempt.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Protocol

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..services.users import AccountLockedError, LoginSession
from .background import BackgroundRunner
from .error_dialog import describe

log = logging.getLogger(__name__)


class LoginBackend(Protocol):
    """``services.users.LoginServices`` (runs on the DB worker)."""

    def login(self, username: str, password: str) -> LoginSession: ...


class LoginDialog(QDialog):
    """Asks for user name and password; accepted once the backend returned a :class:`LoginSession`."""

    # The logged-in session (GUI thread), just before the dialog closes.
    sig_logged_in = Signal(object)
    # The refusal (LoginFailedError, AccountLockedError or an unexpected error), after it is shown.
    sig_failed = Signal(object)

    def __init__(
        self, backend: LoginBackend, runner: BackgroundRunner, parent: QWidget | None = None, *, username: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Log in to ACORN-i"))
        self._backend = backend
        self._runner = runner
        self._busy = False
        self.session: LoginSession | None = None

        title = QLabel(self.tr("Log in"))
        title.setProperty("role", "pageTitle")
        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("usernameEdit")
        self.username_edit.setMaxLength(64)
        self.username_edit.setPlaceholderText(self.tr("e.g. li.lei"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(256)
        self.message_label = QLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setProperty("role", "error")
        self.message_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Log in"))
        self.ok_button.setObjectName("loginButton")
        self.buttons.accepted.connect(self.on_login)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.username_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.username_edit.textChanged.connect(self._update)
        self.password_edit.textChanged.connect(self._update)
        (self.password_edit if username else self.username_edit).setFocus()
        self._update()
        self.setMinimumWidth(380)

    @property
    def busy(self) -> bool:
        return self._busy

    @Slot()
    def on_login(self) -> None:
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if self._busy or not username or not password:
            return
        self._set_busy(True)
        self.message_label.setText(self.tr("Checking…"))
        self.message_label.setProperty("role", "hint")
        self._restyle()
        self.message_label.show()
        self._runner.run(partial(self._backend.login, username, password), self._on_success, self._on_failure)

    def _on_success(self, session: LoginSession) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.session = session
        self.sig_logged_in.emit(session)
        self.accept()

    def _on_failure(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        if isinstance(exc, AccountLockedError):
            text, _ = describe(exc)
        else:
            text, details = describe(exc)
            if details:  # not a refusal: something broke; the log has the traceback, the person a short line
                log.error("login failed unexpectedly: %s", text)
                text = self.tr("Logging in failed unexpectedly ({error}). The details are in the log file.").format(
                    error=type(exc).__name__
                )
        self.message_label.setText(text)
        self.message_label.setProperty("role", "error")
        self._restyle()
        self.message_label.show()
        self.password_edit.setFocus()
        self.sig_failed.emit(exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.username_edit.setEnabled(not busy)
        self.password_edit.setEnabled(not busy)
        self._update()

    @Slot()
    def _update(self) -> None:
        ready = bool(self.username_edit.text().strip()) and bool(self.password_edit.text())
        self.ok_button.setEnabled(ready and not self._busy)

    def _restyle(self) -> None:
        style = self.message_label.style()
        style.unpolish(self.message_label)
        style.polish(self.message_label)

    def reject(self) -> None:
        if not self._busy:  # a check in flight finishes first; its answer must not arrive at a closed dialog
            super().reject()


def ask_login(
    backend: LoginBackend, runner: BackgroundRunner, parent: QWidget | None = None, *, username: str = ""
) -> LoginSession | None:
    """Show the dialog modally; the session, or None when the user cancelled."""
    dialog = LoginDialog(backend, runner, parent, username=username)
    return dialog.session if dialog.exec() == QDialog.DialogCode.Accepted else None
