"""Notification channels (企业微信 / 钉钉 / 飞书 webhooks, SMTP). Webhook keys and secrets stay in the keyring."""

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
