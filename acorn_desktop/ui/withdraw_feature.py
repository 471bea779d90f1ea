"""工单 › 撤回申请…: the requester takes their own pending refund request back (a feature: it owns its action).

The action follows the queue's current case: on every change it asks the DB worker whether that case has a
pending request the logged-in user may withdraw (their own; any, for an administrator) and is enabled only then.
Triggering it opens a confirmation with a required reason; the withdrawal runs on the DB worker
(``services.approval_withdrawal``) and ``sig_withdrawn`` tells the window which case to refresh — that row only.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..services.approval_withdrawal import REASON_MAX_CHARS, OwnRequest, WithdrawResult
from ..services.changes import Actor, ActorBound
from .i18n import error_text


class WithdrawDialog(QDialog):
    """「撤回申请」confirmation: what is withdrawn, and why (required)."""

    def __init__(self, request: OwnRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("withdrawDialog")
        self.setWindowTitle(self.tr("Withdraw Request"))
        self.request = request
        self.prompt = prompt = QLabel(
            self.tr("Withdraw the refund request of case #{case} ({amount})? The approvers will no longer see it "
                    "and the case goes back to In progress.").format(case=request.case_id, amount=request.amount)
        )  # fmt: skip
        prompt.setObjectName("withdrawPrompt")
        prompt.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("withdrawReason")
        self.reason.setMaxLength(REASON_MAX_CHARS)
        self.reason.setPlaceholderText(self.tr("Why? e.g. the buyer cancelled the return"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Withdraw Request"))
        self.ok_button.setObjectName("withdrawButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(460, 160)


class WithdrawFeature(QObject):
    sig_withdrawn = Signal(object)  # WithdrawResult
    sig_message = Signal(str)  # a short status-bar message
    sig_checked = Signal(object)  # the OwnRequest of the current case, or None (the action's state follows it)
    sig_dialog_opened = Signal(object)  # the WithdrawDialog (tests drive it from here)

    def __init__(self, window: QWidget, runner, *, menu: str = "cases") -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._menu_key = menu
        self._services = None  # services.approval_withdrawal.WithdrawalServices
        self._generation = 0
        self._case_id: int | None = None
        self.actor = Actor("gui")
        self.request: OwnRequest | None = None
        self.dialog: WithdrawDialog | None = None
        self.withdraw_action = QAction(self.tr("&Withdraw Request…"), window)
        self.withdraw_action.setObjectName("action_withdraw_request")
        self.withdraw_action.setToolTip(self.tr("Take your own pending refund request back before it is decided"))
        self.withdraw_action.triggered.connect(self.ask)
        self.withdraw_action.setEnabled(False)

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [(self._menu_key, self.withdraw_action)]

    def toolbar_actions(self) -> list[QAction]:
        return []

    def context_menu_actions(self) -> list[QAction]:
        return [self.withdraw_action]

    def set_backend(self, backend) -> None:
        """The store's backend: needs ``withdrawals`` (``WithdrawalServices``)."""
        self._services = getattr(backend, "withdrawals", None)
        self.show_case(self._case_id)

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.show_case(self._case_id)

    @Slot(object)
    def show_case(self, case_id: int | None) -> None:
        """The queue's current case changed (or who is logged in): may its request be withdrawn by this user?"""
        self._case_id = case_id
        self._generation += 1
        self.request = None
        self.withdraw_action.setEnabled(False)  # until the DB worker says otherwise
        if self._services is None or case_id is None or self.actor.user_id is None:
            self._set_request(None)
            return
        services, generation = ActorBound(self._services, self.actor), self._generation
        self._runner.run(
            partial(services.own_request, case_id),
            partial(self._on_checked, generation),
            lambda _exc: None,  # no case, no login: the action simply stays disabled
            owner=self,  # the window may be gone by then
        )

    def _on_checked(self, generation: int, request: OwnRequest | None) -> None:
        if generation == self._generation:  # else another case was chosen meanwhile
            self._set_request(request)

    def _set_request(self, request: OwnRequest | None) -> None:
        self.request = request
        self.withdraw_action.setEnabled(request is not None)
        self.sig_checked.emit(request)

    @Slot()
    def ask(self) -> None:
        if self.request is None or self._services is None:
            return
        self.dialog = WithdrawDialog(self.request, self._window)
        self.dialog.accepted.connect(partial(self._withdraw, self.dialog))
        self.dialog.open()
        self.sig_dialog_opened.emit(self.dialog)

    def _withdraw(self, dialog: WithdrawDialog) -> None:
        request, reason = dialog.request, dialog.reason.text().strip()
        services = ActorBound(self._services, self.actor)
        self.withdraw_action.setEnabled(False)
        self._runner.run(
            partial(services.withdraw, request.approval_id, reason, expected_version=request.case_version),
            self._on_withdrawn,
            self._on_failed,
            owner=self,
        )

    def _on_withdrawn(self, result: WithdrawResult) -> None:
        self.sig_message.emit(self.tr("The approval request of case #{case} was withdrawn").format(case=result.case_id))
        self.sig_withdrawn.emit(result)
        self.show_case(self._case_id)

    def _on_failed(self, exc: BaseException) -> None:
        self.sig_message.emit(error_text(exc))
        self.show_case(self._case_id)
