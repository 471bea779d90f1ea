"""Who is logged in, and the pages that depend on it: marketplace policies, auto-decision rules, the audit log.

Log in (File menu) binds the user to every feature that acts: queue actions, the detail pane, the rules, policy
and audit pages, and the personal saved views. Logging out returns them to the anonymous "gui" actor, which the
services refuse for anything that needs a permission.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow

from ..services.audit_log import AuditLogServices
from ..services.changes import Actor, ActorBound
from ..services.permissions import Permission
from .approval_dialog import BatchApproveDialog, RequestApprovalDialog
from .audit_view import AuditPage
from .background import BackgroundRunner
from .decision_dialog import ApprovalDecisionDialog
from .i18n import error_text
from .login_dialog import LoginDialog
from .policy_page import PolicyPage
from .rules_page import RulesPage

ANONYMOUS = Actor("gui")


class SessionFeature(QObject):
    """Owns the login/logout actions, the current-user label and the three decision pages."""

    sig_user_changed = Signal(object)  # the LoginSession, or None after logout
    sig_decided = Signal(object)  # an approval decision was saved (DecisionResult, BatchApproveResult)
    sig_requested = Signal(object)  # an approval was requested from the request dialog (RequestResult)
    sig_message = Signal(str)  # a short status-bar message

    def __init__(self, window: QMainWindow, runner: BackgroundRunner, *, time_zone: str = "Asia/Shanghai") -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._backend = None
        self.session = None
        self.policy_page = PolicyPage(runner, window, time_zone=time_zone)
        self.rules_page = RulesPage(runner, window)
        self.audit_page = AuditPage(runner, window, time_zone=time_zone)

        self.login_action = QAction(self.tr("&Log In…"), window)
        self.login_action.setObjectName("action_login")
        self.login_action.setEnabled(False)
        self.login_action.triggered.connect(self.ask_login)
        self.logout_action = QAction(self.tr("Log &Out"), window)
        self.logout_action.setObjectName("action_logout")
        self.logout_action.setEnabled(False)
        self.logout_action.triggered.connect(self.logout)
        self.decide_action = QAction(self.tr("&Decide Approval…"), window)
        self.decide_action.setObjectName("action_decide_approval")
        self.decide_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.decide_action.setEnabled(False)
        self.decide_action.triggered.connect(self.decide_selected)
        self.batch_action = QAction(self.tr("Approve &Selected in One Step…"), window)
        self.batch_action.setObjectName("action_batch_approve")
        self.batch_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.batch_action.setEnabled(False)
        self.batch_action.triggered.connect(self.batch_approve_selected)
        self.selected_case_ids = lambda: []  # the window points this at the queue's selection
        self.evidence_of = lambda _case_id: []  # the window points this at the detail pane's evidence list
        self.label = QLabel(self.tr("Not logged in"))
        self.label.setObjectName("userLabel")

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [
            ("file", self.login_action),
            ("file", self.logout_action),
            ("cases", self.decide_action),
            ("cases", self.batch_action),
        ]

    def request_approval(self, case_id: int) -> bool:
        """Open the request dialog (reason, evidence, refund breakdown) for one case; False when nobody is logged in."""
        if self.session is None or not hasattr(self._backend, "approvals"):
            return False
        approvals = ActorBound(self._backend.approvals, self.actor)
        dialog = RequestApprovalDialog(
            approvals, self._runner, case_id, self._window, evidence=self.evidence_of(case_id)
        )
        dialog.sig_requested.connect(self.sig_requested)
        dialog.open()
        return True

    @Slot()
    def batch_approve_selected(self) -> None:
        """Approve the selected cases' pending approvals in one step (those above the user's limit are left out)."""
        ids = set(self.selected_case_ids())
        if self.session is None or self._backend is None or not ids:
            self.sig_message.emit(self.tr("Select the cases whose refunds you want to approve."))
            return
        approvals = ActorBound(self._backend.approvals, self.actor)

        def found(pending) -> None:
            mine = [p for p in pending if p.case_id in ids]
            if not mine:
                self.sig_message.emit(self.tr("None of the selected cases waits for your approval."))
                return
            dialog = BatchApproveDialog(approvals, self._runner, mine, self._window)
            dialog.sig_approved.connect(self._on_batch_approved)
            dialog.open()

        self._runner.run(approvals.pending_for, found, lambda exc: self.sig_message.emit(error_text(exc)))

    def _on_batch_approved(self, result) -> None:
        self.sig_message.emit(
            self.tr("{count} refund(s) approved, in total ≈ ¥{total}").format(
                count=len(result.results), total=f"{result.total_cny:,}"
            )
        )
        self.sig_decided.emit(result)

    @Slot()
    def decide_selected(self) -> None:
        """Open the approval decision dialog for the selected case's pending approval (Ctrl+Shift+D)."""
        ids = list(self.selected_case_ids())
        if self.session is None or self._backend is None or len(ids) != 1:
            self.sig_message.emit(self.tr("Select one case to decide its approval."))
            return
        approvals = ActorBound(self._backend.approvals, self.actor)

        def found(approval_id) -> None:
            if approval_id is None:
                self.sig_message.emit(self.tr("This case has no pending approval."))
                return
            dialog = ApprovalDecisionDialog(approvals, self._runner, approval_id, self._window)
            dialog.sig_decided.connect(self.sig_decided)
            dialog.open()

        self._runner.run(
            lambda: approvals.pending_approval_of_case(ids[0]),
            found,
            lambda exc: self.sig_message.emit(error_text(exc)),
        )

    def set_backend(self, backend) -> None:
        """The store's backend (``StoreBackend``): needs ``login_services``, ``policies``, ``rules``, ``store``."""
        self._backend = backend
        self.login_action.setEnabled(backend is not None and hasattr(backend, "login_services"))
        self.policy_page.set_backend(getattr(backend, "policies", None))
        self.rules_page.set_backend(getattr(backend, "rules", None))
        self._apply()

    @Slot()
    def ask_login(self) -> None:
        if self._backend is None:
            return
        dialog = LoginDialog(self._backend.login_services, self._runner, self._window)
        dialog.sig_logged_in.connect(self.set_session)
        dialog.open()

    @Slot()
    def logout(self) -> None:
        self.set_session(None)

    def set_session(self, session) -> None:
        self.session = session
        self._apply()
        self.sig_user_changed.emit(session)

    @property
    def actor(self) -> Actor:
        return self.session.actor if self.session is not None else ANONYMOUS

    def _apply(self) -> None:
        session, actor = self.session, self.actor
        self.logout_action.setEnabled(session is not None)
        self.decide_action.setEnabled(session is not None and hasattr(self._backend, "approvals"))
        self.batch_action.setEnabled(
            session is not None and hasattr(self._backend, "approvals") and session.can(Permission.APPROVE_REFUNDS)
        )
        if session is None:
            self.label.setText(self.tr("Not logged in"))
        else:
            self.label.setText(
                self.tr("User: {name} ({role})").format(name=session.display_name, role=self._role(session))
            )
        self.policy_page.set_actor(actor)
        self.policy_page.set_can_edit(session is not None and session.can(Permission.EDIT_POLICIES))
        self.rules_page.actor = actor
        can_audit = self._backend is not None and session is not None and session.can(Permission.VIEW_AUDIT)
        secrets = getattr(self._backend, "secrets", None)
        self.audit_page.set_backend(
            ActorBound(AuditLogServices(self._backend.store, secrets), actor) if can_audit else None
        )

    @staticmethod
    def _role(session) -> str:
        from .i18n import is_chinese

        return session.role_zh if is_chinese() else session.role_en
