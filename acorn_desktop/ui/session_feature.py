"""Who is logged in, and the pages that depend on it: marketplace policies, auto-decision rules, the audit log.

Log in (File menu) binds the user to every feature that acts: queue actions, the detail pane, the rules, policy
and audit pages, and the personal saved views. Logging out returns them to the anonymous "gui" actor, which the
services refuse for anything that needs a permission.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow

from ..services.audit_log import AuditLogServices
from ..services.changes import Actor, ActorBound
from ..services.permissions import Permission
from .audit_view import AuditPage
from .background import BackgroundRunner
from .login_dialog import LoginDialog
from .policy_page import PolicyPage
from .rules_page import RulesPage

ANONYMOUS = Actor("gui")


class SessionFeature(QObject):
    """Owns the login/logout actions, the current-user label and the three decision pages."""

    sig_user_changed = Signal(object)  # the LoginSession, or None after logout

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
        self.label = QLabel(self.tr("Not logged in"))
        self.label.setObjectName("userLabel")

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("file", self.login_action), ("file", self.logout_action)]

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
