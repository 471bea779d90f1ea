"""Time left until a deadline, its colour band and its text (Qt-free; the queue paints from this)."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta


class Band(enum.Enum):
    OVERDUE = "overdue"
    UNDER_6H = "under_6h"
    UNDER_24H = "under_24h"
    LATER = "later"
    NONE = "none"  # no deadline


def band(deadline: datetime | None, now: datetime) -> Band:
    """Bands are half-open: exactly 6 h left is already "< 24 h", exactly 0 left is overdue."""
    if deadline is None:
        return Band.NONE
    left = deadline - now
    if left <= timedelta(0):
        return Band.OVERDUE
    if left <= timedelta(hours=6):
        return Band.UNDER_6H
    if left <= timedelta(hours=24):
        return Band.UNDER_24H
    return Band.LATER


def format_left(
    deadline: datetime | None, now: datetime, *, days_word: str = "天", overdue_word: str = "已逾期"
) -> str:
    """``1天 03:15:12`` / ``05:12:30`` / ``已逾期 3:12:00`` (hours:minutes:seconds; days beyond 24 h)."""
    if deadline is None:
        return "—"
    left = deadline - now
    overdue = left <= timedelta(0)
    seconds = int(abs(left.total_seconds()))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    text = f"{days}{days_word} {clock}" if days else clock
    return f"{overdue_word} {text}" if overdue else text
