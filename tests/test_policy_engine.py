"""The policy table and deadline engine (pure): one example per default row, holidays, DST, properties."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acorn_desktop.domain.calendars import BusinessCalendar, calendar_for
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.domain.marketplaces import MARKETPLACES
from acorn_desktop.domain.policy import (
    APPEAL_EVENT,
    CASE_KIND_EVENT,
    DEFAULT_POLICIES,
    HOLIDAY_EXTENSIONS,
    PolicyEvent,
    PolicyTable,
    PolicyVersion,
    clock_text,
    deadline,
    default_policy,
    holiday_extension,
    return_window_end,
)

HOLIDAY_FILE = Path(__file__).resolve().parents[1] / "resources" / "calendars" / "holidays.json"
REQUIRED_CALENDARS = ("US", "CA", "MX", "UK", "DE", "FR", "IT", "ES", "NL", "SE", "PL", "JP", "AU")


def load_holidays() -> dict[str, frozenset[date]]:
    data = json.loads(HOLIDAY_FILE.read_text(encoding="utf-8"))
    return {
        code: frozenset(date.fromisoformat(h["date"]) for h in block["holidays"])
        for code, block in data["marketplaces"].items()
    }


HOLIDAYS = load_holidays()
CALENDARS = {code: calendar_for(code, HOLIDAYS.get(code, ())) for code in MARKETPLACES}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def local(code: str, text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(MARKETPLACES[code].timezone))


# -- the table ---------------------------------------------------------------------------------------------------
AMAZON_WIDE = (
    PolicyEvent.BUYER_MESSAGE_REPLY, PolicyEvent.RETURN_AUTHORISE, PolicyEvent.RETURN_LATE,
    PolicyEvent.REFUND_AFTER_RECEIPT, PolicyEvent.ATOZ_INFO_REQUEST, PolicyEvent.ATOZ_APPEAL,
    PolicyEvent.CHARGEBACK_RESPONSE, PolicyEvent.SAFET_CLAIM, PolicyEvent.RETURN_WINDOW, PolicyEvent.FBA_REIMBURSEMENT,
)  # fmt: skip


def test_one_row_per_marketplace_and_event_with_a_source():
    keys = Counter((p.marketplace, p.event) for p in DEFAULT_POLICIES)
    assert max(keys.values()) == 1
    for code in MARKETPLACES:
        for event in AMAZON_WIDE:
            assert (code, event) in keys, (code, event)
    assert {m for m, e in keys if e is PolicyEvent.CROSS_BORDER_RETURN_OPTION} == {"DE", "UK", "AU"}
    assert {m for m, e in keys if e is PolicyEvent.EU_WITHDRAWAL} == {"DE", "FR", "IT", "ES", "NL", "SE", "PL", "BE"}
    assert not any(p.event is PolicyEvent.HOLIDAY_RETURN_EXTENSION for p in DEFAULT_POLICIES)  # dated, see below
    for p in DEFAULT_POLICIES:
        assert p.source.startswith("[S") and len(p.source) <= 500
        assert p.effective_from.tzinfo is not None
        assert p.hours >= 0 and p.business_days >= 0 and (p.hours or p.business_days)


def test_sources_say_where_a_clock_is_assumed():
    assert "assumed" not in default_policy("US", PolicyEvent.BUYER_MESSAGE_REPLY).source
    assert "CA: assumed" in default_policy("CA", PolicyEvent.BUYER_MESSAGE_REPLY).source
    assert "assumed" not in default_policy("DE", PolicyEvent.ATOZ_INFO_REQUEST).source
    assert "FR: assumed 3 calendar days like amazon.de" in default_policy("FR", PolicyEvent.ATOZ_INFO_REQUEST).source
    assert "MX: assumed 48 h like amazon.com" in default_policy("MX", PolicyEvent.ATOZ_INFO_REQUEST).source
    assert default_policy("GB", PolicyEvent.CROSS_BORDER_RETURN_OPTION).marketplace == "UK"
    assert default_policy("US", PolicyEvent.CROSS_BORDER_RETURN_OPTION) is None


def test_every_case_kind_has_a_clock_in_every_marketplace():
    assert set(CASE_KIND_EVENT) == set(CaseKind)
    for event in CASE_KIND_EVENT.values():
        for code in MARKETPLACES:
            assert default_policy(code, event) is not None
    assert APPEAL_EVENT[CaseKind.ATOZ_CLAIM] is PolicyEvent.ATOZ_APPEAL


def test_event_labels():
    assert PolicyEvent.REFUND_AFTER_RECEIPT.label_zh == "收到退货后退款"
    assert PolicyEvent.ATOZ_APPEAL.label("en") == "Appeal an A-to-z claim"
    for event in PolicyEvent:
        assert event.label_zh and event.label_en and event.label_zh != event.label_en


# -- one example per default row ---------------------------------------------------------------------------------
OPENED = utc("2026-03-04T10:00")  # a Wednesday; no holiday on 5–6 March and no DST change before 8 March anywhere
EXPECTED = {
    PolicyEvent.BUYER_MESSAGE_REPLY: "2026-03-05T10:00",
    PolicyEvent.RETURN_AUTHORISE: "2026-03-05T10:00",
    PolicyEvent.RETURN_LATE: "2026-03-06T10:00",
    PolicyEvent.REFUND_AFTER_RECEIPT: "2026-03-06T10:00",  # Thu day 1, Fri day 2, same local wall time
    PolicyEvent.ATOZ_APPEAL: "2026-04-03T10:00",
    PolicyEvent.CHARGEBACK_RESPONSE: "2026-03-11T10:00",
    PolicyEvent.SAFET_CLAIM: "2026-05-03T10:00",
    PolicyEvent.RETURN_WINDOW: "2026-04-03T10:00",
    PolicyEvent.EU_WITHDRAWAL: "2026-03-18T10:00",
    PolicyEvent.FBA_REIMBURSEMENT: "2026-05-03T10:00",
}
EXPECTED_BY_MARKET = {
    (PolicyEvent.ATOZ_INFO_REQUEST, "48h"): "2026-03-06T10:00",
    (PolicyEvent.ATOZ_INFO_REQUEST, "72h"): "2026-03-07T10:00",
    (PolicyEvent.CROSS_BORDER_RETURN_OPTION, "DE"): "2026-03-07T10:00",
    (PolicyEvent.CROSS_BORDER_RETURN_OPTION, "UK"): "2026-03-07T10:00",
    (PolicyEvent.CROSS_BORDER_RETURN_OPTION, "AU"): "2026-03-09T10:00",
}
ATOZ_72H = {"UK", "DE", "FR", "IT", "ES", "NL", "SE", "PL", "BE"}


def expected_for(row) -> datetime:
    if row.event is PolicyEvent.ATOZ_INFO_REQUEST:
        return utc(EXPECTED_BY_MARKET[(row.event, "72h" if row.marketplace in ATOZ_72H else "48h")])
    if row.event is PolicyEvent.CROSS_BORDER_RETURN_OPTION:
        return utc(EXPECTED_BY_MARKET[(row.event, row.marketplace)])
    return utc(EXPECTED[row.event])


@pytest.mark.parametrize("row", DEFAULT_POLICIES, ids=lambda r: f"{r.marketplace}-{r.event.value}")
def test_example_for_every_default_row(row):
    got = deadline(OPENED, row.hours, row.business_days, CALENDARS[row.marketplace])
    assert got == expected_for(row)
    assert got.tzinfo is UTC


# A refund received just before each marketplace's public holidays (2 business days; local wall time kept).
HOLIDAY_EXAMPLES = {
    "US": ("2026-11-25T12:00", "2026-11-30T20:00"),  # Thanksgiving Thu; Fri day 1, Mon day 2
    "CA": ("2026-12-24T09:00", "2026-12-30T14:00"),  # Christmas, weekend, Boxing Day observed Mon 28
    "MX": ("2026-03-13T10:00", "2026-03-18T16:00"),  # Benito Juárez Mon 16
    "BR": ("2026-04-02T10:00", "2026-04-07T13:00"),  # Good Friday (Easter Monday is a working day)
    "UK": ("2026-04-02T10:00", "2026-04-08T09:00"),  # Good Friday + Easter Monday (BST)
    "DE": ("2026-04-02T15:00", "2026-04-08T13:00"),  # Karfreitag + Ostermontag
    "FR": ("2026-04-02T15:00", "2026-04-07T13:00"),  # only Lundi de Pâques: Fri day 1, Tue day 2
    "IT": ("2026-04-02T15:00", "2026-04-07T13:00"),  # only Pasquetta
    "ES": ("2026-04-02T15:00", "2026-04-07T13:00"),  # only Viernes Santo: Mon day 1, Tue day 2
    "NL": ("2026-04-02T15:00", "2026-04-08T13:00"),
    "SE": ("2026-04-02T15:00", "2026-04-08T13:00"),
    "PL": ("2026-04-02T15:00", "2026-04-07T13:00"),
    "BE": ("2026-04-02T15:00", "2026-04-07T13:00"),
    "JP": ("2026-04-30T10:00", "2026-05-07T01:00"),  # Golden Week: Fri 1 May day 1, 4–6 May holidays, Thu day 2
    "AU": ("2026-04-02T10:00", "2026-04-08T00:00"),  # Easter + end of AEDT (10:00 AEST = 00:00 UTC)
    "SG": ("2026-08-07T10:00", "2026-08-12T02:00"),  # National Day observed Mon 10 Aug
}


def test_holiday_examples_cover_every_marketplace():
    assert set(HOLIDAY_EXAMPLES) == set(MARKETPLACES)


@pytest.mark.parametrize("code", sorted(HOLIDAY_EXAMPLES))
def test_refund_clock_skips_each_marketplaces_holidays(code):
    received, expected = HOLIDAY_EXAMPLES[code]
    row = default_policy(code, PolicyEvent.REFUND_AFTER_RECEIPT)
    got = deadline(local(code, received), row.hours, row.business_days, CALENDARS[code])
    assert got == utc(expected)
    assert got.astimezone(CALENDARS[code].zone).time() == local(code, received).time()


def test_without_holiday_data_only_weekends_are_skipped():
    bare = calendar_for("DE")
    assert deadline(local("DE", "2026-04-02T15:00"), 0, 2, bare) == utc("2026-04-06T13:00")


def test_business_days_count_on_the_local_calendar():
    berlin = CALENDARS["DE"]
    # Friday 23:00 Berlin (22:00 UTC, still Friday in UTC): Monday is day 1, Tuesday day 2
    assert berlin.add_business_days(local("DE", "2026-01-16T23:00"), 2) == utc("2026-01-20T22:00")
    # Monday 00:30 Berlin is Sunday 23:30 UTC: counting starts from Monday's local date, so Tuesday is day 1
    assert berlin.add_business_days(local("DE", "2026-01-19T00:30"), 2) == utc("2026-01-20T23:30")
    # received on a Saturday: Monday day 1, Tuesday day 2
    assert berlin.add_business_days(local("DE", "2026-01-17T10:00"), 2) == utc("2026-01-20T09:00")
    # Tokyo: Friday 08:00 JST is Thursday 23:00 UTC; day 1 is Monday in Tokyo
    assert CALENDARS["JP"].add_business_days(local("JP", "2026-01-16T08:00"), 1) == utc("2026-01-18T23:00")


# -- DST ---------------------------------------------------------------------------------------------------------
def test_dst_start_us():
    la = CALENDARS["US"]
    # Fri 10:00 PST → Tue 10:00 PDT: the same wall time, one hour less in UTC
    assert la.add_business_days(local("US", "2026-03-06T10:00"), 2) == utc("2026-03-10T17:00")
    # plain hours are exact: 24 h from Sat 12:00 PST is Sun 13:00 PDT
    got = deadline(local("US", "2026-03-07T12:00"), 24, 0, la)
    assert got == utc("2026-03-08T20:00") and got.astimezone(la.zone).hour == 13


def test_dst_end_us():
    assert CALENDARS["US"].add_business_days(local("US", "2026-10-30T10:00"), 1) == utc("2026-11-02T18:00")


def test_dst_start_and_end_eu():
    berlin = CALENDARS["DE"]
    assert berlin.add_business_days(local("DE", "2026-03-27T10:00"), 2) == utc("2026-03-31T08:00")
    assert berlin.add_business_days(local("DE", "2026-10-23T10:00"), 2) == utc("2026-10-27T09:00")
    london = CALENDARS["UK"]
    assert london.add_business_days(local("UK", "2026-03-27T18:30"), 1) == utc("2026-03-30T17:30")
    assert deadline(local("DE", "2026-03-28T12:00"), 24, 0, berlin) == utc("2026-03-29T11:00")  # 13:00 CEST


def test_wall_time_in_the_spring_gap_lands_an_hour_later_and_the_overlap_takes_the_first():
    # A (made-up) Friday/Saturday weekend makes Sunday a business day, so the result can fall on DST days.
    calendar = BusinessCalendar("XX", "Europe/Berlin", weekend=frozenset({4, 5}))
    start = datetime(2026, 3, 26, 2, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # Thursday, CET
    assert calendar.add_business_days(start, 1) == utc("2026-03-29T01:30")  # 02:30 does not exist: 03:30 CEST
    start = datetime(2026, 10, 22, 2, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # Thursday, CEST
    assert calendar.add_business_days(start, 1) == utc("2026-10-25T00:30")  # first 02:30 (CEST)


# -- arithmetic edge cases ---------------------------------------------------------------------------------------
def test_naive_or_negative_input_is_refused():
    with pytest.raises(ValueError, match="naive"):
        deadline(datetime(2026, 1, 1), 24, 0, CALENDARS["US"])
    with pytest.raises(ValueError):
        deadline(OPENED, -1, 0, CALENDARS["US"])
    with pytest.raises(ValueError):
        CALENDARS["US"].add_business_days(OPENED, -1)
    with pytest.raises(ValueError):
        BusinessCalendar("XX", "UTC", weekend=frozenset(range(7)))


def test_hours_then_business_days():
    # 24 h lands on Saturday 10:00 UTC (= 11:00 Berlin); then 1 business day → Monday 11:00 Berlin
    assert deadline(utc("2026-01-16T10:00"), 24, 1, CALENDARS["DE"]) == utc("2026-01-19T10:00")


def test_other_time_zones_in_are_the_same_instant_out():
    start = utc("2026-05-12T03:00")
    assert deadline(start.astimezone(ZoneInfo("Asia/Shanghai")), 48, 2, CALENDARS["JP"]) == deadline(
        start, 48, 2, CALENDARS["JP"]
    )


def test_clock_text():
    assert clock_text(24, 0, "en") == "24 h" and clock_text(24, 0) == "24 小时"
    assert clock_text(48, 0, "en") == "48 h"
    assert clock_text(72, 0, "en") == "3 days (72 h)" and clock_text(720, 0) == "30 天(720 小时)"
    assert clock_text(0, 2, "en") == "2 business days" and clock_text(0, 1, "en") == "1 business day"
    assert clock_text(0, 2) == "2 个工作日"
    assert clock_text(24, 2, "en") == "24 h + 2 business days"


# -- the versioned table -----------------------------------------------------------------------------------------
def test_policy_table_picks_the_version_in_force():
    v1 = PolicyVersion(1, "DE", "refund_after_receipt", 0, 2, utc("2020-01-01T00:00"), 1)
    v2 = PolicyVersion(2, "DE", "refund_after_receipt", 0, 3, utc("2026-06-01T00:00"), 2)
    v3 = PolicyVersion(3, "DE", "refund_after_receipt", 0, 4, utc("2026-06-01T00:00"), 3)  # same start: newer wins
    table = PolicyTable([v3, v1, v2], {"DE": [date(2026, 1, 6)]})
    assert table.version_at("DE", "refund_after_receipt", utc("2019-05-01T00:00")) is v1  # before the first
    assert table.version_at("DE", PolicyEvent.REFUND_AFTER_RECEIPT, utc("2026-05-31T23:59")) is v1
    assert table.version_at("de", "refund_after_receipt", utc("2026-06-01T00:00")) is v3
    assert table.version_at("DE", "atoz_appeal", OPENED) is None
    due, row = table.deadline("refund_after_receipt", "DE", utc("2026-01-05T09:00"))  # Monday, then a holiday
    assert row is v1 and due == utc("2026-01-08T09:00")  # Tue 6 Jan is skipped: Wed day 1, Thu day 2
    with pytest.raises(KeyError):
        table.version_at("ZZ", "refund_after_receipt", OPENED)


def test_default_table_agrees_with_the_default_rows():
    table = PolicyTable.defaults(HOLIDAYS)
    for row in DEFAULT_POLICIES:
        due, version = table.deadline(row.event, row.marketplace, OPENED)
        assert due == expected_for(row) and version.id is None and version.hours == row.hours


# -- holiday return extensions -----------------------------------------------------------------------------------
@pytest.mark.parametrize("ext", HOLIDAY_EXTENSIONS, ids=lambda e: f"{e.marketplace}-{e.season}")
def test_example_for_every_holiday_extension(ext):
    year = ext.season or 2026
    shipped = datetime(year, 12, 10, 12, tzinfo=ZoneInfo(MARKETPLACES[ext.marketplace].timezone))
    delivered = shipped + timedelta(days=3)
    end = return_window_end(ext.marketplace, delivered, shipped)
    assert end.astimezone(shipped.tzinfo).replace(tzinfo=None) == datetime(year + 1, 1, 31, 23, 59, 59)
    assert ext.source.startswith("[S")


def test_holiday_extension_periods():
    assert holiday_extension("US", date(2020, 10, 1)).season == 2020  # the 2020 season began 1 Oct
    assert holiday_extension("US", date(2023, 10, 31)) is None  # 2023 began 1 Nov
    assert holiday_extension("US", date(2024, 11, 15)) is None  # no sourced data for 2024
    assert holiday_extension("DE", date(2027, 11, 1)).season is None  # yearly rule
    assert holiday_extension("AU", date(2025, 12, 31)).season == 2025


def test_return_window_without_or_before_an_extension():
    shipped = utc("2026-06-01T08:00")
    assert return_window_end("DE", shipped + timedelta(days=2), shipped) == utc("2026-07-03T08:00")
    # shipped 30 Dec, delivered 20 Jan: the normal 30 days (19 Feb) is later than 31 Jan and wins
    shipped = utc("2026-12-30T08:00")
    assert return_window_end("DE", utc("2027-01-20T08:00"), shipped) == utc("2027-02-19T08:00")


# -- properties --------------------------------------------------------------------------------------------------
starts = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 11, 30), timezones=st.just(UTC))
codes = st.sampled_from(sorted(MARKETPLACES))


def _wall_time_exists(day: date, wall, zone: ZoneInfo) -> bool:
    candidate = datetime.combine(day, wall, tzinfo=zone)
    return candidate.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == candidate.replace(tzinfo=None)


@settings(max_examples=300, deadline=None)
@given(start=starts, code=codes, days=st.integers(0, 25))
def test_property_monotonic_in_days(start, code, days):
    calendar = CALENDARS[code]
    assert deadline(start, 0, days + 1, calendar) > deadline(start, 0, days, calendar)


@settings(max_examples=300, deadline=None)
@given(start=starts, code=codes, days=st.integers(1, 25))
def test_property_result_is_a_business_day_at_the_same_wall_time(start, code, days):
    calendar = CALENDARS[code]
    zone = calendar.zone
    got = deadline(start, 0, days, calendar)
    assert got.tzinfo is UTC
    begin, end = start.astimezone(zone), got.astimezone(zone)
    assert calendar.is_business_day(end.date())
    counted = sum(
        calendar.is_business_day(begin.date() + timedelta(days=i))
        for i in range(1, (end.date() - begin.date()).days + 1)
    )
    assert counted == days
    if _wall_time_exists(end.date(), begin.time(), zone):
        assert end.time() == begin.time()
    else:  # the spring-forward gap: one hour later on the clock
        assert end.time() == (datetime.combine(end.date(), begin.time()) + timedelta(hours=1)).time()


@settings(max_examples=300, deadline=None)
@given(start=starts, code=codes, hours=st.integers(0, 24 * 120), zoned=st.booleans())
def test_property_hours_are_exact_in_utc(start, code, hours, zoned):
    if zoned:  # a start given in the marketplace's zone is the same instant; the hours are still real hours
        start = start.astimezone(CALENDARS[code].zone)
    got = deadline(start, hours, 0, CALENDARS[code])
    assert got.timestamp() - start.timestamp() == hours * 3600
    assert got.tzinfo is UTC


@settings(max_examples=200, deadline=None)
@given(start=starts, code=codes, hours=st.integers(0, 200), days=st.integers(0, 10))
def test_property_hours_then_days_compose_and_never_come_back_naive(start, code, hours, days):
    calendar = CALENDARS[code]
    got = deadline(start, hours, days, calendar)
    assert got == deadline(deadline(start, hours, 0, calendar), 0, days, calendar)
    assert got.tzinfo is not None and got >= start
    with pytest.raises(ValueError):
        deadline(start.replace(tzinfo=None), hours, days, calendar)


# -- the bundled holiday data ------------------------------------------------------------------------------------
def test_bundled_holidays_cover_2025_to_2027_with_sources():
    data = json.loads(HOLIDAY_FILE.read_text(encoding="utf-8"))
    markets = data["marketplaces"]
    assert set(REQUIRED_CALENDARS) <= set(markets) <= set(MARKETPLACES)
    for code, block in markets.items():
        assert block["source"] and len(block["source"]) <= 300
        years = Counter(date.fromisoformat(h["date"]).year for h in block["holidays"])
        assert set(years) == {2025, 2026, 2027}, code
        assert all(5 <= n <= 25 for n in years.values()), (code, years)
    # spot checks against the official lists
    assert date(2026, 11, 26) in HOLIDAYS["US"] and date(2027, 7, 5) in HOLIDAYS["US"]  # Thanksgiving; observed
    assert date(2026, 12, 28) in HOLIDAYS["UK"]  # Boxing Day substitute
    assert date(2026, 10, 3) in HOLIDAYS["DE"] and date(2026, 11, 1) not in HOLIDAYS["DE"]  # no state holidays
    assert date(2025, 12, 24) in HOLIDAYS["PL"]  # Wigilia, a holiday from 2025
    assert date(2026, 9, 22) in HOLIDAYS["JP"]  # 国民の休日 between two holidays
    assert date(2026, 1, 26) in HOLIDAYS["AU"]
