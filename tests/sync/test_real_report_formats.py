"""Returns reports as Amazon really writes them (docs/amazon-formats.md), and one bad line never blocks a report."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acorn_desktop.formats.report_parsers import (
    ReportLocale,
    ReportParseError,
    parse_datetime,
    parse_mfn_returns,
    read_fba_returns,
    read_mfn_returns,
)
from acorn_desktop.sandbox.api_reports import FBA_RETURNS_COLUMNS, MFN_RETURNS_COLUMNS

HEADER = "\t".join(MFN_RETURNS_COLUMNS)
# The shape of a real GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE row: dd-Mon-yyyy dates, a single space for an
# empty Merchant RMA ID / Invoice number / Return delivery date, and the row ends after "Order quantity" with
# one tab: the six SafeT / refund cells are not written at all.
REAL_ROW = "\t".join([
    "113-5550123-7654321", "10-Jul-2025", "14-Jul-2025", "Approved", "DqTestABCRMA", " ", "AmazonPrePaidLabel",
    "4.14", "USD", "USPS", "9202090000000000000001", "Seller", "N", "N", "B0TESTASIN", "ACN-NECK-925",
    "Sterling silver necklace - 16 to 18 inch adjustable", "2", "AMZ-PG-WJ-TOO-SMALL", "Y", "C-Returns",
    "StandardRefund", " ", " ", "21.38", "2", "",
])  # fmt: skip


def test_a_real_mfn_returns_row_reads():
    (row,) = parse_mfn_returns(f"{HEADER}\n{REAL_ROW}\n")
    assert row.order_date == datetime(2025, 7, 10, tzinfo=UTC)
    assert row.return_date == datetime(2025, 7, 14, tzinfo=UTC)
    assert row.merchant_rma_id is None  # " " is empty
    assert (row.order_amount, row.order_quantity, row.quantity) == (Decimal("21.38"), 2, 2)
    assert row.safet_claim_id is None and row.refunded_amount is None  # cells Amazon did not write
    assert row.reason == "AMZ-PG-WJ-TOO-SMALL" and row.label_paid_by == "Seller"


def test_windows_line_ends_and_empty_lines_between_rows_read_the_same():
    plain = parse_mfn_returns(f"{HEADER}\n{REAL_ROW}\n")
    assert parse_mfn_returns(f"{HEADER}\r\n{REAL_ROW}\r\n") == plain
    spaced = parse_mfn_returns(f"{HEADER}\r\n\r\n{REAL_ROW}\r\n\r\n".encode())
    assert [replace(r, line=2) for r in spaced] == plain and spaced[0].line == 3  # lines stay file lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10-Jul-2025", datetime(2025, 7, 10, tzinfo=UTC)),
        ("1-jan-2026", datetime(2026, 1, 1, tzinfo=UTC)),
        ("31-DEC-2026", datetime(2026, 12, 31, tzinfo=UTC)),
    ],
)
def test_day_month_name_year_dates_in_every_locale(text, expected):
    for locale in ReportLocale:
        assert parse_datetime(text, locale) == expected


@pytest.mark.parametrize("text", ["10-Jux-2025", "32-Jul-2025", "29-Feb-2025"])
def test_impossible_named_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_datetime(text, ReportLocale.US)


def test_one_unreadable_line_is_kept_raw_and_the_rest_imports():
    bad = REAL_ROW.replace("14-Jul-2025", "14-Jux-2025").replace("DqTestABCRMA", "DqBadRowXRMA")
    other = REAL_ROW.replace("DqTestABCRMA", "DqOtherXXRMA")
    surplus = REAL_ROW.replace("DqTestABCRMA", "DqSurplusRMA") + "\tx\ty\tz\tq\tw\te\tr"
    text = "\n".join([HEADER, REAL_ROW, bad, other, surplus]) + "\n"
    read = read_mfn_returns(text, report="R#7")
    assert [r.rma_id for r in read.rows] == ["DqTestABCRMA", "DqOtherXXRMA"]
    assert [(u.line, u.code, u.column, u.value) for u in read.unreadable] == [
        (3, "date", "Return request date", "14-Jux-2025"),
        (5, "fields", None, None),
    ]
    assert read.unreadable[0].raw == bad and read.unreadable[1].raw == surplus
    assert read_mfn_returns(text, report="R#7").unreadable[0].row_digest == read.unreadable[0].row_digest
    with pytest.raises(ReportParseError) as info:  # strict readers still stop at the first bad line
        parse_mfn_returns(text, report="R#7")
    assert info.value.line == 3 and info.value.code == "date"


def test_a_wrong_header_still_refuses_the_whole_document():
    with pytest.raises(ReportParseError) as info:
        read_mfn_returns("order\tdate\n1\t2\n")
    assert info.value.line == 1 and info.value.code == "header"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.booleans())
def test_random_bytes_after_a_real_header_never_break_the_reader(junk, fba):
    header = "\t".join(FBA_RETURNS_COLUMNS if fba else MFN_RETURNS_COLUMNS).encode()
    data = header + b"\n" + junk
    read = (read_fba_returns if fba else read_mfn_returns)(data)  # never raises: the header is right
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    lines = [ln for ln in text.splitlines()[1:] if ln.strip()]
    assert len(read.rows) + len(read.unreadable) == len(lines)  # every data line is a row or kept raw
