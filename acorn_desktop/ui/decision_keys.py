"""Keys of the decision dialog (审批决定), for an approver working through the day's approvals.

* Ctrl+Enter 批准, Ctrl+Shift+R 驳回, Ctrl+Shift+I 退回补充 — each only when its button is enabled (a rejection
  still needs its comment), shown in the buttons' tooltips;
* Ctrl+Shift+N 下一个: the next approval waiting for this user, in 待我审批's order (oldest request first, then by
  number) counted from the one shown — the same order every time, whatever was decided or skipped meanwhile.

After a decision the dialog moves on to the next approval the same way, and closes when there is none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QDialog

from ..services.approvals import PendingApproval

APPROVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # the main Enter key and the keypad's
REJECT_KEY = "Ctrl+Shift+R"
RETURN_KEY = "Ctrl+Shift+I"
NEXT_KEY = "Ctrl+Shift+N"


def next_pending(pending: Sequence[PendingApproval], approval_id: int, requested_at: datetime | None) -> int | None:
    """The approval after ``approval_id`` in 待我审批's order (requested_at, id), or None at the end."""
    if requested_at is None:
        return None
    here = (requested_at, approval_id)
    later = sorted((p.requested_at, p.approval_id) for p in pending if (p.requested_at, p.approval_id) > here)
    return later[0][1] if later else None


def _key_text(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class DecisionKeys(QObject):
    """Installs the keys on ``dialog`` (an ``ApprovalDecisionDialog``) and finds the next approval for it."""

    sig_no_next = Signal()  # the next-approval key found nothing after the one shown

    def __init__(self, dialog: QDialog, backend, runner) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._backend = backend
        self._runner = runner
        self._note = ""  # said once the next approval has loaded ("#12 approved; this is the next one")
        buttons = {"approve": dialog.approve_button, "reject": dialog.reject_button, "return": dialog.return_button}
        keys = {"approve": APPROVE_KEYS, "reject": (REJECT_KEY,), "return": (RETURN_KEY,)}
        for name, button in buttons.items():
            for key in keys[name]:
                QShortcut(QKeySequence(key), dialog, partial(self._press, button))
        self.hints = {
            "approve": self.tr("Approve ({key})").format(key=_key_text(APPROVE_KEYS[0])),
            "reject": self.tr("Reject ({key}); needs a comment").format(key=_key_text(REJECT_KEY)),
            "return": self.tr("Return for information ({key}); needs a comment").format(key=_key_text(RETURN_KEY)),
        }
        dialog.reject_button.setToolTip(self.hints["reject"])
        dialog.return_button.setToolTip(self.hints["return"])
        self.next_shortcut = QShortcut(QKeySequence(NEXT_KEY), dialog, self.go_next)
        dialog.sig_loaded.connect(self._say_note)

    @staticmethod
    def _press(button: QAbstractButton) -> None:
        if button.isEnabled() and button.isVisible():
            button.click()

    # -- the next approval ---------------------------------------------------------------------------------------
    def go_next(self) -> None:
        """Ctrl+Shift+N: show the next approval waiting for this user (the dialog stays as it is at the end)."""
        if self._dialog.view is None or self._dialog.busy:
            return
        self._find_next(self._moved_on, note="")

    def after_decision(self, result) -> None:
        """A decision was saved: on to the next approval, or close the dialog when there is none."""
        verb = {
            "approve": self.tr("#{id} approved."),
            "reject": self.tr("#{id} rejected."),
            "return_for_info": self.tr("#{id} returned for information."),
        }[result.decision.value]
        note = verb.format(id=result.approval_id) + " " + self.tr("This is the next approval waiting for you.")
        self._find_next(lambda next_id: self._moved_on(next_id) if next_id else self._dialog.accept(), note=note)

    def _find_next(self, then, *, note: str) -> None:
        view = self._dialog.view
        current, requested_at = self._dialog.approval_id, view.requested_at if view is not None else None
        self._dialog.busy = True

        def found(pending) -> None:
            self._dialog.busy = False
            self._note = note
            then(next_pending(pending, current, requested_at))

        def failed(exc: BaseException) -> None:
            self._dialog.busy = False
            self._dialog.show_error(exc)

        self._runner.run(self._backend.pending_for, found, failed, owner=self._dialog)

    def _moved_on(self, next_id: int | None) -> None:
        if next_id is None:
            self._note = ""
            self._dialog.show_hint(self.tr("No more approvals are waiting for you after this one."))
            self.sig_no_next.emit()
            return
        self._dialog.load(next_id)

    def _say_note(self) -> None:
        note, self._note = self._note, ""
        if note and not self._dialog.message_label.isVisible():
            self._dialog.show_hint(note)
