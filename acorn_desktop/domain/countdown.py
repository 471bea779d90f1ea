"""Time left until a deadline, its colour band and its text (Qt-free; the queue paints from this).

A case whose answer was given (``Case.responded_at``: a buyer reply marked sent, …) has a stopped clock: its band
is :attr:`Band.ANSWERED` and its text "已答复 <when>", whatever the deadline was — it is neither due nor overdue.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime, timedelta, tzinfo


class Band(enum.Enum):
    OVERDUE = "overdue"
    UNDER_6H = "under_6h"
    UNDER_24H = "under_24h"
    LATER = "later"
    NONE = "none"  # no deadline
    ANSWERED = "answered"  # the clock stopped: the answer was given


def band(deadline: datetime | None, now: datetime, responded_at: datetime | None = None) -> Band:
    """Bands are half-open: exactly 6 h left is already "< 24 h", exactly 0 left is overdue."""
    if responded_at is not None:
        return Band.ANSWERED
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
    deadline: datetime | None,
    now: datetime,
    *,
    days_word: str = "天",
    overdue_word: str = "已逾期",
    responded_at: datetime | None = None,
    answered_word: str = "已答复",
    tz: tzinfo = UTC,
) -> str:
    """``1天 03:15:12`` / ``05:12:30`` / ``已逾期 3:12:00`` (hours:minutes:seconds; days beyond 24 h);
    ``已答复 11-20 14:05`` (in ``tz``) once the case was answered."""
    if responded_at is not None:
        return f"{answered_word} {responded_at.astimezone(tz):%m-%d %H:%M}"
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
