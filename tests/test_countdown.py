"""Countdown bands at their edges and the time-left text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from acorn_desktop.domain.countdown import Band, band, format_left
from acorn_desktop.domain.fx import to_cny

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def test_band_edges():
    s = timedelta(seconds=1)
    assert band(NOW, NOW) is Band.OVERDUE
    assert band(NOW - s, NOW) is Band.OVERDUE
    assert band(NOW + s, NOW) is Band.UNDER_6H
    assert band(NOW + timedelta(hours=6), NOW) is Band.UNDER_6H
    assert band(NOW + timedelta(hours=6) + s, NOW) is Band.UNDER_24H
    assert band(NOW + timedelta(hours=24), NOW) is Band.UNDER_24H
    assert band(NOW + timedelta(hours=24) + s, NOW) is Band.LATER
    assert band(None, NOW) is Band.NONE


def test_format_left():
    assert format_left(NOW + timedelta(hours=5, minutes=12, seconds=30), NOW) == "05:12:30"
    assert format_left(NOW + timedelta(days=1, hours=3, seconds=12), NOW) == "1天 03:00:12"
    assert format_left(NOW - timedelta(hours=3, minutes=12), NOW) == "已逾期 03:12:00"
    assert format_left(NOW + timedelta(days=2), NOW, days_word="d ", overdue_word="overdue") == "2d  00:00:00"
    assert format_left(None, NOW) == "—"


def test_an_answered_case_has_a_stopped_clock_whatever_its_deadline():
    from zoneinfo import ZoneInfo

    answered = NOW - timedelta(hours=2)
    for deadline in (NOW - timedelta(days=3), NOW + timedelta(minutes=5), None):
        assert band(deadline, NOW, answered) is Band.ANSWERED
        assert format_left(deadline, NOW, responded_at=answered) == "已答复 11-22 06:00"
    shanghai = format_left(NOW, NOW, responded_at=answered, answered_word="answered", tz=ZoneInfo("Asia/Shanghai"))
    assert shanghai == "answered 11-22 14:00"


@given(st.integers(min_value=-(10**7), max_value=10**7))
def test_band_is_monotonic_in_time_left(seconds):
    order = [Band.OVERDUE, Band.UNDER_6H, Band.UNDER_24H, Band.LATER]
    a = order.index(band(NOW + timedelta(seconds=seconds), NOW))
    b = order.index(band(NOW + timedelta(seconds=seconds + 1), NOW))
    assert b >= a


def test_cny():
    assert to_cny(Decimal("19.99"), "EUR") == Decimal("156")
    assert to_cny(Decimal("1980"), "JPY") == Decimal("93")
    assert to_cny(Decimal("1"), "XXX") is None
