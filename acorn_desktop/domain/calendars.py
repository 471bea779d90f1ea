"""Business-day calendars per marketplace: weekends, public holidays and the marketplace's local time zone.

The rule every deadline follows (see :func:`acorn_desktop.domain.policy.deadline`):

* **Plain hours are exact elapsed time**: ``start + hours`` in UTC. A 24 h clock across a DST change is
  still 24 real hours (the local wall time of the result moves by the DST shift).
* **Business days are counted on the marketplace's local calendar**: the start instant is turned into the
  marketplace's local date and wall time (zoneinfo); day 1 is the first business day (not a weekend day,
  not a public holiday of that marketplace) *after* that local date, day N the N-th such day. The result
  is that day at the **same local wall time**, converted back to an aware UTC instant. A refund received
  Friday 23:00 Berlin time counts Monday as day 1, so "2 business days" ends Tuesday 23:00 Berlin time,
  whatever the UTC date was; Monday 00:30 Berlin time (still Sunday in UTC) counts Tuesday as day 1.
* DST: the arithmetic is on local *dates*; only the final wall time is converted. If that wall time does
  not exist on the result day (the spring-forward gap), it is read with the offset before the gap, i.e.
  it lands one hour later on the local clock; if it exists twice (fall-back), the first occurrence is used.
* Results are always aware UTC datetimes; a naive start is refused (``ValueError``), never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .marketplaces import marketplace as marketplace_info

WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday()); every marketplace the app knows


def require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: deadlines are computed on aware UTC instants")


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """One marketplace's working days. ``holidays`` are local dates; weekends are implied by ``weekend``."""

    marketplace: str
    timezone: str
    holidays: frozenset[date] = field(default_factory=frozenset)
    weekend: frozenset[int] = WEEKEND

    def __post_init__(self) -> None:
        if len(self.weekend) >= 7:
            raise ValueError("a calendar needs at least one working weekday")
        ZoneInfo(self.timezone)  # fail early on an unknown zone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)  # ZoneInfo caches instances per key

    def is_business_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def local_date(self, moment: datetime) -> date:
        require_aware(moment)
        return moment.astimezone(self.zone).date()

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """``start`` plus ``days`` business days on the local calendar, same local wall time (module rule)."""
        require_aware(start)
        if days < 0:
            raise ValueError("business days cannot be negative")
        if days == 0:
            return start.astimezone(UTC)
        local = start.astimezone(self.zone)
        day = local.date()
        for _ in range(days):
            day = self.next_business_day(day)
        wall = datetime.combine(day, local.time().replace(fold=0), tzinfo=self.zone)
        return wall.astimezone(UTC)


def calendar_for(marketplace: str, holidays: Iterable[date] = ()) -> BusinessCalendar:
    """The calendar of a marketplace code (``"GB"`` is read as ``"UK"``) in its time zone from marketplaces.py."""
    info = marketplace_info(marketplace)
    return BusinessCalendar(info.code, info.timezone, frozenset(holidays))
