"""Who may do what. Every service that changes something checks here; the UI only hides what would be refused.

Roles (codes as in ``roles``): cs 客服, operator 运营, manager 主管, finance 财务, admin 管理员. Refund approval is
also bounded by the role's ``approval_limit_cny`` (a manager edits limits); four-eyes (requester ≠ approver) is
enforced by the approval service.
"""

from __future__ import annotations

import enum
from decimal import Decimal

from sqlalchemy.orm import Session

from ..errors import PermissionDeniedError
from ..models import User
from .changes import Actor


class Permission(enum.StrEnum):
    HANDLE_CASES = "cases.handle"  # notes, evidence, assign, mark handled, request approval
    APPROVE_REFUNDS = "refunds.approve"  # level-1 approval, up to the role's CNY limit
    APPROVE_FINANCE = "refunds.approve_finance"  # the finance sign-off of a level-2 refund
    EDIT_RULES = "rules.edit"  # auto-decision rules (draft, back-test, enable)
    EDIT_POLICIES = "policies.edit"  # marketplace policy rows and holiday calendars
    MANAGE_USERS = "users.manage"
    VIEW_AUDIT = "audit.view"  # audit view and export
    EDIT_STORES = "stores.edit"  # a store's legal name and address (what signs its letters)

    @property
    def label_zh(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]


_LABELS = {
    Permission.HANDLE_CASES: ("处理工单", "handle cases"),
    Permission.APPROVE_REFUNDS: ("审批退款", "approve refunds"),
    Permission.APPROVE_FINANCE: ("财务复核", "give the finance sign-off"),
    Permission.EDIT_RULES: ("修改自动决策规则", "change auto-decision rules"),
    Permission.EDIT_POLICIES: ("修改站点政策", "change marketplace policies"),
    Permission.MANAGE_USERS: ("管理用户", "manage users"),
    Permission.VIEW_AUDIT: ("查看审计日志", "view the audit log"),
    Permission.EDIT_STORES: ("修改店铺的法定名称和地址", "change a store's legal name and address"),
}

_P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "cs": frozenset({_P.HANDLE_CASES}),
    "operator": frozenset({_P.HANDLE_CASES, _P.APPROVE_REFUNDS}),
    "manager": frozenset(
        {_P.HANDLE_CASES, _P.APPROVE_REFUNDS, _P.EDIT_RULES, _P.EDIT_POLICIES, _P.VIEW_AUDIT, _P.EDIT_STORES}
    ),
    "finance": frozenset({_P.HANDLE_CASES, _P.APPROVE_REFUNDS, _P.APPROVE_FINANCE, _P.VIEW_AUDIT}),
    "admin": frozenset({_P.MANAGE_USERS, _P.VIEW_AUDIT, _P.EDIT_STORES}),  # administers; does not decide refunds
}


def permissions_of(role_code: str) -> frozenset[Permission]:
    return ROLE_PERMISSIONS.get(role_code, frozenset())


def current_user(session: Session, actor: Actor) -> User:
    """The active user row behind ``actor``; refuses anonymous actors (not logged in) and disabled users."""
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None or not user.active:
        raise PermissionDeniedError(
            "请先以有效用户登录。",
            "Log in as an active user first.",
            hint_zh="此操作需要记录是谁做的;在桌面端登录,或在命令行用 --user 指定用户。",
            hint_en="This action must name who does it: log in on the desktop, or pass --user on the command line.",
        )
    return user


def require(session: Session, actor: Actor, permission: Permission) -> User:
    """The acting user, if their role has ``permission``; else :class:`PermissionDeniedError` in Chinese."""
    user = current_user(session, actor)
    if permission not in permissions_of(user.role_code):
        role = user.role
        raise PermissionDeniedError(
            f"「{role.name_zh}」角色无权{permission.label_zh}。",
            f"The role '{role.name_en}' may not {permission.label_en}.",
            hint_zh="请让有权限的同事操作,或请管理员调整角色。",
            hint_en="Ask a colleague who may, or an administrator to change your role.",
        )
    return user


def approval_limit_cny(user: User) -> Decimal | None:
    """The most (CNY) this user may approve alone; None: may not approve refunds at all."""
    if Permission.APPROVE_REFUNDS not in permissions_of(user.role_code):
        return None
    return user.role.approval_limit_cny
