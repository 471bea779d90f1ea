"""Per-account, per-stream sync cursors: what has been fetched, so a restart resumes instead of repeating."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class SyncCursor(Base):
    __tablename__ = "sync_cursors"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("seller_accounts.id", ondelete="CASCADE"))
    stream: Mapped[str] = mapped_column(sa.String(48))  # finances, returns_mfn, returns_fba, settlements, orders
    watermark: Mapped[datetime | None] = mapped_column(UTCDateTime)  # e.g. PostedAfter of the open window
    next_token: Mapped[str | None] = mapped_column(sa.Text)
    state: Mapped[dict | None] = mapped_column(sa.JSON)  # report ids seen, window end, …
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(1000))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.UniqueConstraint("account_id", "stream"),)
