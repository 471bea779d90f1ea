"""The buttons under the detail pane's 待确认 block: what a 主管 does with a refund whose outcome is unknown.

「已在卖家平台核实,标记为已完成」 asks what was verified (required); 「申请重新发送」 by one 主管 and
「确认重新发送」 by a second one (four-eyes). A button that cannot be used now is disabled and its tooltip says
why. The work runs on the background runner (``services.refund_review``); the pane reloads on ``sig_changed``.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services.refund_outbox import MANAGER_ROLES, REVIEW_AFTER, Guidance
from . import i18n
from .background import BackgroundRunner


class RefundReviewBackend(Protocol):
    def confirm_done(self, outbox_id: int, note: str, actor: Any) -> None: ...
    def request_resend(self, outbox_id: int, actor: Any) -> None: ...
    def confirm_resend(self, outbox_id: int, actor: Any) -> None: ...


class VerifiedDialog(QDialog):
    """Asks what the 主管 saw in Seller Central; OK only with some text."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifiedDialog")
        self.setWindowTitle(self.tr("Verified in Seller Central"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        prompt = QLabel(
            self.tr(
                "What did you find in Seller Central for adjustment {key}? (e.g. the refund's date and amount)"
            ).format(key=key)
        )
        prompt.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setObjectName("verifiedNote")
        self.note.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("verifiedOk")
        self.ok.setText(self.tr("Mark as done"))
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.note.textChanged.connect(lambda: self.ok.setEnabled(bool(self.text())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(420, 200)

    def text(self) -> str:
        return self.note.toPlainText().strip()


class _RefundRow(QWidget):
    """The three buttons of one 待确认 adjustment."""

    def __init__(self, guidance: Guidance, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guidance = guidance
        self.title = QLabel(guidance.merchant_adjustment_item_id)
        self.title.setObjectName("unconfirmedKey")
        self.done_button = QPushButton(self.tr("Verified in Seller Central: mark as done"))
        self.done_button.setObjectName("confirmDoneButton")
        self.request_button = QPushButton(self.tr("Ask to send again"))
        self.request_button.setObjectName("requestResendButton")
        self.confirm_button = QPushButton(self.tr("Confirm sending again"))
        self.confirm_button.setObjectName("confirmResendButton")
        self.status = QLabel()  # a resend asked for and waiting for the second 主管
        self.status.setObjectName("resendStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("QLabel#resendStatus { color: #8a5a00; font-weight: bold; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for button in (self.done_button, self.request_button, self.confirm_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def update_enabled(self, user_id: int | None, role: str | None, busy: bool) -> None:
        g = self.guidance
        hours = int(REVIEW_AFTER.total_seconds() // 3600)
        blocked = None
        if user_id is None:
            blocked = self.tr("Log in as a manager to resolve unconfirmed refunds")
        elif role not in MANAGER_ROLES:
            blocked = self.tr("Only a manager may resolve unconfirmed refunds")
        elif not g.review_due:
            blocked = self.tr("Unconfirmed for less than {hours} h: wait for Amazon's refund record").format(
                hours=hours
            )
        requested = g.resend_requested_by
        if requested is None:
            self.status.hide()
        else:
            self.status.setText(
                self.tr("You asked to send it again: waiting for a second manager to confirm.")
                if requested == user_id
                else self.tr("A manager asked to send it again: a second manager confirms (or marks it done).")
            )
            self.status.show()
        done_why = blocked
        request_why = blocked or (
            self.tr("Already asked: a second manager confirms sending again") if requested is not None else None
        )
        if blocked:
            confirm_why = blocked
        elif requested is None:
            confirm_why = self.tr("Nobody has asked to send it again yet")
        elif requested == user_id:
            confirm_why = self.tr("You asked to send it again: a second manager must confirm (four-eyes)")
        else:
            confirm_why = None
        tips = (
            (self.done_button, done_why, self.tr("Amazon has the refund: record what you verified, mark it done")),
            (self.request_button, request_why, self.tr("Amazon has no such refund: a second manager must confirm")),
            (self.confirm_button, confirm_why, self.tr("Send it again with the same MerchantAdjustmentItemID")),
        )
        for button, why, tip in tips:
            button.setEnabled(why is None and not busy)
            button.setToolTip(why or tip)


class UnconfirmedActions(QWidget):
    """Buttons for each 待确认 refund of the shown case."""

    sig_changed = Signal(int)  # the case whose refund changed
    sig_message = Signal(str, str)  # (text, "info" | "error") for the pane's message line

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unconfirmedActions")
        self._runner = runner
        self._backend: RefundReviewBackend | None = None
        self.actor: Any = None
        self.user_id: int | None = None
        self.role: str | None = None
        self.busy = False
        self.dialog: VerifiedDialog | None = None
        self.rows: list[_RefundRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.hide()

    def set_backend(self, backend: RefundReviewBackend | None) -> None:
        self._backend = backend
        self._update_enabled()

    def set_session(self, session) -> None:
        """The logged-in user (a ``LoginSession``) or None."""
        self.actor = session.actor if session is not None else None
        self.user_id = session.user_id if session is not None else None
        self.role = session.role if session is not None else None
        self._update_enabled()

    def show_refunds(self, refunds: tuple[Guidance, ...]) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for g in refunds:
            row = _RefundRow(g, self)
            row.title.setVisible(len(refunds) > 1)
            row.done_button.clicked.connect(lambda _=False, r=row: self.confirm_done(r.guidance))
            row.request_button.clicked.connect(lambda _=False, r=row: self.request_resend(r.guidance))
            row.confirm_button.clicked.connect(lambda _=False, r=row: self.confirm_resend(r.guidance))
            self._layout.addWidget(row)
            row.show()  # a child added to a shown widget is shown only later, from the event loop
            self.rows.append(row)
        self.setVisible(bool(refunds) and self._backend is not None)
        self._update_enabled()

    def _update_enabled(self) -> None:
        for row in self.rows:
            row.update_enabled(self.user_id, self.role, self.busy or self._backend is None)

    # -- actions ------------------------------------------------------------------------------------------------
    def confirm_done(self, g: Guidance) -> None:
        self.dialog = VerifiedDialog(g.merchant_adjustment_item_id, self)
        self.dialog.accepted.connect(lambda d=self.dialog: self._confirm_done(g, d.text()))
        self.dialog.open()

    def _confirm_done(self, g: Guidance, note: str) -> None:
        backend, actor = self._backend, self.actor
        self._write(g, lambda: backend.confirm_done(g.outbox_id, note, actor),
                    self.tr("Refund {key} marked as done."))  # fmt: skip

    def request_resend(self, g: Guidance) -> None:
        backend, actor = self._backend, self.actor
        self._write(g, lambda: backend.request_resend(g.outbox_id, actor),
                    self.tr("Asked to send refund {key} again: a second manager must confirm."))  # fmt: skip

    def confirm_resend(self, g: Guidance) -> None:
        backend, actor = self._backend, self.actor
        self._write(g, lambda: backend.confirm_resend(g.outbox_id, actor),
                    self.tr("Sending refund {key} again is confirmed: the next sync sends it."))  # fmt: skip

    def _write(self, g: Guidance, work, done_text: str) -> None:
        if self._backend is None or self.busy:
            return
        self.busy = True
        self._update_enabled()
        self._runner.run(work, lambda _r: self._on_done(g, done_text), self._on_failed)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._update_enabled()
        self.sig_message.emit(i18n.error_text(exc), "error")

    def _on_done(self, g: Guidance, text: str) -> None:
        self.busy = False
        self._update_enabled()
        self.sig_message.emit(text.format(key=g.merchant_adjustment_item_id), "info")
        self.sig_changed.emit(g.case_id)
