"""Per-user notifications (通知): the person who asked for a refund hears what became of it. Qt-free.

When the sync moves a case to 退款已提交 (our feed was created) or to 已退款 (the Finances RefundEvent arrived),
:func:`refund_progress` writes a :class:`~acorn_desktop.models.UserNotification` for the requester of the
approval behind the refund, in the same transaction as the state change: a code and the case, never display
text. One per (kind, approval), so a sync that runs again, or a second path to the same state, never repeats
it. A refund queued without an approval (an approver refunding alone) has no requester to tell.

:class:`NotificationServices` is what the desktop of the logged-in user asks (DB worker): the unread count,
the recent list (with the case's order and amount for the line the UI writes) and marking them read once shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import Approval, Case, RefundOutbox, UserNotification

REFUND_SUBMITTED = "refund_submitted"  # 退款已提交亚马逊
REFUND_CREDITED = "refund_credited"  # 退款已入账 (已退款)
KINDS = (REFUND_SUBMITTED, REFUND_CREDITED)
RECENT_LIMIT = 50


def _approval_of(session: Session, case_id: int) -> Approval | None:
    """The approval whose refund the case's latest outbox rows carry (None: queued without one)."""
    approval_id = session.scalar(
        sa.select(RefundOutbox.approval_id)
        .where(RefundOutbox.case_id == case_id, RefundOutbox.approval_id.is_not(None))
        .order_by(RefundOutbox.id.desc())
        .limit(1)
    )
    return session.get(Approval, approval_id) if approval_id is not None else None


def refund_progress(session: Session, case_id: int, kind: str, *, at: datetime | None = None) -> bool:
    """Tell the requester of the case's refund approval that it was submitted / credited. True if written."""
    if kind not in KINDS:
        raise ValueError(kind)
    approval = _approval_of(session, case_id)
    if approval is None:
        return False
    exists = sa.select(UserNotification.id).where(
        UserNotification.kind == kind, UserNotification.approval_id == approval.id
    )
    if session.scalar(exists) is not None:
        return False
    session.add(
        UserNotification(
            user_id=approval.requested_by, kind=kind, case_id=case_id, approval_id=approval.id,
            created_at=(at or datetime.now(UTC)).astimezone(UTC),
        )
    )  # fmt: skip
    session.flush()
    return True


@dataclass(frozen=True, slots=True)
class NotificationView:
    id: int
    kind: str
    case_id: int
    created_at: datetime
    read: bool
    amazon_order_id: str | None
    amount: Decimal | None
    currency: str | None


class NotificationServices:
    """The 通知 of one user (every method runs on the DB worker)."""

    def __init__(self, store) -> None:
        self.store = store

    def unread_count(self, user_id: int) -> int:
        with self.store.reader() as session:
            return session.scalar(
                sa.select(sa.func.count())
                .select_from(UserNotification)
                .where(UserNotification.user_id == user_id, UserNotification.read_at.is_(None))
            )

    def recent(self, user_id: int, limit: int = RECENT_LIMIT) -> list[NotificationView]:
        """Newest first: the unread ones and the latest read ones, up to ``limit``."""
        with self.store.reader() as session:
            rows = session.execute(
                sa.select(UserNotification, Case.amazon_order_id, Approval.amount, Approval.currency)
                .join(Case, Case.id == UserNotification.case_id)
                .join(Approval, Approval.id == UserNotification.approval_id)
                .where(UserNotification.user_id == user_id)
                .order_by(UserNotification.read_at.is_not(None), UserNotification.id.desc())
                .limit(limit)
            ).all()
            return [
                NotificationView(n.id, n.kind, n.case_id, n.created_at, n.read_at is not None, order, amount, currency)
                for n, order, amount, currency in rows
            ]

    def mark_read(self, user_id: int, ids: Sequence[int], now: datetime | None = None) -> int:
        """The user has seen these (their own only). Returns how many were unread."""
        if not ids:
            return 0
        with self.store.session() as session:
            return session.execute(
                sa.update(UserNotification)
                .where(UserNotification.user_id == user_id, UserNotification.id.in_(list(ids)))
                .where(UserNotification.read_at.is_(None))
                .values(read_at=(now or datetime.now(UTC)).astimezone(UTC))
            ).rowcount
