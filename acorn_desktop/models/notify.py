"""Notification channels (企业微信 / 钉钉 / 飞书 webhooks, SMTP; keys and secrets stay in the keyring) and the
per-user notifications the desktop shows (通知)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class NotificationChannel(Base):
    __tablename__ = "notification_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))  # wecom, dingtalk, feishu, smtp
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    # Non-secret settings only (which events, lead times, mentions); the URL key / secret is in the keyring.
    settings: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UserNotification(Base):
    """Something a person should know, for their desktop: a code and a case, never display text (services.notices).

    One per (kind, approval): what the refund an approval asked for became. ``read_at`` is set when the person
    has seen it in the 通知 list.
    """

    __tablename__ = "user_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(32))  # refund_submitted, refund_credited
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    approval_id: Mapped[int] = mapped_column(sa.ForeignKey("approvals.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.UniqueConstraint("kind", "approval_id"), sa.Index(None, "user_id", "read_at"))
