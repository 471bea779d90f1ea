"""Reading and writing a stream's persisted cursor (inside the caller's transaction)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import SyncCursor


@dataclass
class Cursor:
    watermark: datetime | None = None
    next_token: str | None = None
    state: dict = field(default_factory=dict)


def load(session: Session, account_id: int, stream: str) -> Cursor:
    row = session.scalar(sa.select(SyncCursor).where(SyncCursor.account_id == account_id, SyncCursor.stream == stream))
    if row is None:
        return Cursor()
    return Cursor(row.watermark, row.next_token, dict(row.state or {}))


def save(
    session: Session,
    account_id: int,
    stream: str,
    cursor: Cursor,
    *,
    success_at: datetime | None = None,
    error: str | None = None,
) -> None:
    row = session.scalar(sa.select(SyncCursor).where(SyncCursor.account_id == account_id, SyncCursor.stream == stream))
    if row is None:
        row = SyncCursor(account_id=account_id, stream=stream)
        session.add(row)
    row.watermark = cursor.watermark
    row.next_token = cursor.next_token
    row.state = dict(cursor.state)
    if success_at is not None:
        row.last_success_at = success_at
        row.last_error = None
    if error is not None:
        row.last_error = error[:1000]
    session.flush()


def record_error(session: Session, account_id: int, stream: str, error: str) -> None:
    row = session.scalar(sa.select(SyncCursor).where(SyncCursor.account_id == account_id, SyncCursor.stream == stream))
    if row is None:
        row = SyncCursor(account_id=account_id, stream=stream)
        session.add(row)
    row.last_error = error[:1000]
    session.flush()
