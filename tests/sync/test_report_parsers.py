"""Report parsers: every format, EU and US locales, and bad lines named by report, line and column."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.formats.report_parsers import (
    ReportLocale,
    ReportParseError,
    format_amount,
    parse_amount,
    parse_datetime,
    parse_fba_returns,
    parse_mfn_returns,
    parse_settlement,
    settlement_locale,
)
from acorn_desktop.sandbox.api_reports import FBA_RETURNS_COLUMNS, MFN_RETURNS_COLUMNS, SETTLEMENT_COLUMNS

EU, US = ReportLocale.EU, ReportLocale.US


def tsv(columns, *rows: dict) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(str(row.get(c, "")) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


# -- numbers and dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "locale", "value"),
    [
        ("1141,18", EU, "1141.18"),
        ("1.141,18", EU, "1141.18"),
        ("-0,5", EU, "-0.5"),
        ("1.234.567", EU, "1234567"),
        ("1141.18", US, "1141.18"),
        ("1,141.18", US, "1141.18"),
        ("-19.99", US, "-19.99"),
        ("1980", US, "1980"),
    ],
)
def test_amounts_per_locale(text, locale, value):
    assert parse_amount(text, locale) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "locale"),
    [("1,141.18", EU), ("12.34", EU), ("1.141,18", US), ("12,3", US), ("12a", US), ("", EU), ("1.2.3", US)],
)
def test_amounts_in_the_wrong_locale_are_refused(text, locale):
    with pytest.raises(ValueError):
        parse_amount(text, locale)


@given(
    st.decimals(min_value=Decimal("-10000000"), max_value=Decimal("10000000"), places=2, allow_nan=False),
    st.sampled_from([EU, US]),
    st.booleans(),
)
def test_amounts_round_trip(value, locale, grouped):
    assert parse_amount(format_amount(value, locale, grouped=grouped), locale) == value


@given(st.integers(min_value=1000, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_grouped_numbers_never_read_as_the_other_locale(whole, cents):
    """1,141.18 is refused in EU and 1.141,18 in US: a locale mix-up fails loudly instead of being off by 1000.

    (Without decimals "1,000" is valid in both: that is why the locale is never guessed from a number.)
    """
    value = Decimal(whole) + Decimal(cents).scaleb(-2)  # always two decimals, as in Amazon's files
    with pytest.raises(ValueError):
        parse_amount(format_amount(value, US, grouped=True), EU)
    with pytest.raises(ValueError):
        parse_amount(format_amount(value, EU, grouped=True), US)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("14.03.2023 07:49:55 UTC", EU),
        ("2023-03-14 07:49:55 UTC", US),
        ("2023-03-14T07:49:55Z", US),
        ("2023-03-14T07:49:55+00:00", EU),  # ISO is unambiguous: accepted in every locale
        ("2023-03-14T08:49:55+01:00", US),
        ("2023-03-14 00:49:55 -07:00", US),
    ],
)
def test_dates_per_locale(text, locale):
    assert parse_datetime(text, locale) == datetime(2023, 3, 14, 7, 49, 55, tzinfo=UTC)


def test_date_only_and_wrong_locale_dates():
    assert parse_datetime("14.03.2023", EU) == datetime(2023, 3, 14, tzinfo=UTC)
    assert parse_datetime("2023-03-14", US) == datetime(2023, 3, 14, tzinfo=UTC)
    for text, locale in (("14.03.2023 07:49:55 UTC", US), ("03/14/2023", US), ("31.02.2023", EU)):
        with pytest.raises(ValueError):
            parse_datetime(text, locale)


def test_settlement_locale_per_region_and_marketplace():
    assert settlement_locale(Region.EU) is EU and settlement_locale("DE") is EU and settlement_locale("GB") is EU
    assert settlement_locale(Region.NA) is US and settlement_locale("JP") is US


# -- FBA returns --------------------------------------------------------------------------------------------------

FBA_ROW = {
    "return-date": "2026-10-01T08:15:00+00:00", "order-id": "028-1234567-1234567", "sku": "ACN-LAMP-01",
    "asin": "B0ABCDEFGH", "fnsku": "X00ABCDEFG", "product-name": "LED 台灯", "quantity": "1",
    "fulfillment-center-id": "FRA3", "detailed-disposition": "CUSTOMER_DAMAGED", "reason": "DAMAGED_BY_CARRIER",
    "status": "Reimbursed", "license-plate-number": "LPN0A1B2C3D4E", "customer-comments": "",
}  # fmt: skip


def test_fba_returns():
    second = FBA_ROW | {"license-plate-number": "LPN0000000001", "status": "Unit returned to inventory"}
    rows = parse_fba_returns(tsv(FBA_RETURNS_COLUMNS, FBA_ROW, second))
    assert [r.line for r in rows] == [2, 3]
    first = rows[0]
    assert first.return_date == datetime(2026, 10, 1, 8, 15, tzinfo=UTC)
    assert (first.amazon_order_id, first.sku, first.quantity, first.disposition) == (
        "028-1234567-1234567", "ACN-LAMP-01", 1, "CUSTOMER_DAMAGED",
    )  # fmt: skip
    assert first.product_name == "LED 台灯" and first.row_digest != rows[1].row_digest


def test_fba_digest_ignores_status_but_keeps_identical_rows_apart():
    later = FBA_ROW | {"status": "Unit returned to inventory", "detailed-disposition": "SELLABLE"}
    assert parse_fba_returns(tsv(FBA_RETURNS_COLUMNS, FBA_ROW))[0].row_digest == (
        parse_fba_returns(tsv(FBA_RETURNS_COLUMNS, later))[0].row_digest
    )  # the same return, updated: one record
    no_lpn = FBA_ROW | {"license-plate-number": ""}
    twins = parse_fba_returns(tsv(FBA_RETURNS_COLUMNS, no_lpn, no_lpn))
    assert len({r.row_digest for r in twins}) == 2  # two units returned the same day: two records


# -- MFN returns --------------------------------------------------------------------------------------------------

MFN_ROW = {
    "Order ID": "113-1234567-1234567", "Order date": "2026-09-20T10:00:00+00:00",
    "Return request date": "2026-10-02T11:30:00+00:00", "Return request status": "Approved",
    "Amazon RMA ID": "DaBcDeFgHRMA", "Label type": "AmazonPrepaidLabel", "Label cost": "7.45",
    "Currency code": "USD", "Return carrier": "UPS", "Tracking ID": "1Z999AA10123456784",
    "Label to be paid by": "Customer", "A-to-Z Claim": "Y", "Is prime": "N", "ASIN": "B0ABCDEFGH",
    "Merchant SKU": "ACN-LAMP-01", "Item Name": "LED desk lamp", "Return quantity": "1",
    "Return Reason": "DEFECTIVE", "In policy": "Y", "Return type": "C-Returns", "Resolution": "StandardRefund",
    "Order Amount": "1,141.18", "Order quantity": "2", "SafeT Action reason": "RETURNED_DAMAGED",
    "SafeT claim id": "1234567890", "SafeT claim state": "Reimbursed",
    "SafeT claim creation time": "2026-10-10T09:00:00+00:00", "SafeT claim reimbursement amount": "12.50",
    "Refunded Amount": "570.59",
}  # fmt: skip


def test_mfn_returns():
    (row,) = parse_mfn_returns(tsv(MFN_RETURNS_COLUMNS, MFN_ROW))
    assert row.rma_id == "DaBcDeFgHRMA" and row.amazon_order_id == "113-1234567-1234567"
    assert row.return_date == datetime(2026, 10, 2, 11, 30, tzinfo=UTC)
    assert row.atoz_claim is True and row.in_policy is True and row.is_prime is False
    assert (row.order_amount, row.refunded_amount, row.label_cost) == (
        Decimal("1141.18"), Decimal("570.59"), Decimal("7.45"),
    )  # fmt: skip
    assert (row.safet_claim_id, row.safet_claim_state, row.safet_reimbursed) == (
        "1234567890", "Reimbursed", Decimal("12.50"),
    )  # fmt: skip
    assert row.quantity == 1 and row.order_quantity == 2


def test_mfn_returns_in_an_eu_locale_and_with_optional_columns_empty():
    eu = MFN_ROW | {"Order Amount": "1.141,18", "Refunded Amount": "570,59", "Label cost": "7,45",
                    "SafeT claim reimbursement amount": "", "SafeT claim id": "", "A-to-Z Claim": "N",
                    "Return request date": "02.10.2026 11:30:00 UTC"}  # fmt: skip
    (row,) = parse_mfn_returns(tsv(MFN_RETURNS_COLUMNS, eu), locale=EU)
    assert row.order_amount == Decimal("1141.18") and row.refunded_amount == Decimal("570.59")
    assert row.return_date == datetime(2026, 10, 2, 11, 30, tzinfo=UTC)
    assert row.safet_claim_id is None and row.safet_reimbursed is None and row.atoz_claim is False


def test_mfn_digest_follows_the_rma_not_the_status():
    pending = MFN_ROW | {"Return request status": "Pending", "Refunded Amount": ""}
    assert parse_mfn_returns(tsv(MFN_RETURNS_COLUMNS, pending))[0].row_digest == (
        parse_mfn_returns(tsv(MFN_RETURNS_COLUMNS, MFN_ROW))[0].row_digest
    )
    other = MFN_ROW | {"Amazon RMA ID": "DzzzzzzzzRMA"}
    assert parse_mfn_returns(tsv(MFN_RETURNS_COLUMNS, other))[0].row_digest != (
        parse_mfn_returns(tsv(MFN_RETURNS_COLUMNS, MFN_ROW))[0].row_digest
    )


# -- settlement V2 ------------------------------------------------------------------------------------------------


def settlement(locale: ReportLocale, *, total: str | None = None, extra: tuple[dict, ...] = ()) -> str:
    eu = locale is EU

    def d(iso_text: str) -> str:  # "2023-03-14 07:49:55" in the file's locale
        date, _, time = iso_text.partition(" ")
        y, m, day = date.split("-")
        return (f"{day}.{m}.{y}" if eu else date) + (f" {time} UTC" if time else "")

    def a(text: str) -> str:
        return text.replace(",", "_").replace(".", ",").replace("_", ".") if eu else text

    summary = {"settlement-id": "12345678901", "settlement-start-date": d("2023-03-01 07:49:55"),
               "settlement-end-date": d("2023-03-14 07:49:55"), "deposit-date": d("2023-03-16 09:00:00"),
               "total-amount": a(total or "1,141.18"), "currency": "EUR"}  # fmt: skip
    common = {"settlement-id": "12345678901", "order-id": "028-1234567-1234567", "marketplace-name": "Amazon.de",
              "posted-date": d("2023-03-10"), "posted-date-time": d("2023-03-10 07:49:55"),
              "sku": "ACN-LAMP-01"}  # fmt: skip
    rows = [
        common | {"transaction-type": "Order", "amount-type": "ItemPrice", "amount-description": "Principal",
                  "amount": a("1,300.00"), "quantity-purchased": "2", "order-item-code": "12345678901234"},
        common | {"transaction-type": "Order", "amount-type": "ItemFees", "amount-description": "Commission",
                  "amount": a("-195.00"), "order-item-code": "12345678901234"},
        common | {"transaction-type": "Refund", "adjustment-id": "98765432109876", "amount-type": "ItemPrice",
                  "amount-description": "Principal", "amount": a("-65.00"),
                  "merchant-adjustment-item-id": "ACORN-1"},
        common | {"transaction-type": "Refund", "adjustment-id": "98765432109876", "amount-type": "ItemFees",
                  "amount-description": "Commission", "amount": a("9.75")},
        common | {"transaction-type": "Refund", "adjustment-id": "98765432109876", "amount-type": "ItemFees",
                  "amount-description": "RefundCommission", "amount": a("-1.95")},
        common | {"transaction-type": "other-transaction", "amount-type": "other-transaction",
                  "amount-description": "SAFE-T reimbursement", "amount": a("93.38")},
        *extra,
    ]  # fmt: skip
    return tsv(SETTLEMENT_COLUMNS, summary, *rows)


@pytest.mark.parametrize("locale", [EU, US])
def test_settlement_in_both_locales_reads_the_same(locale):
    report = parse_settlement(settlement(locale))
    assert report.locale is locale  # read from the summary's date format
    s = report.summary
    assert (s.settlement_id, s.total, s.currency) == ("12345678901", Decimal("1141.18"), "EUR")
    assert s.start == datetime(2023, 3, 1, 7, 49, 55, tzinfo=UTC)
    assert [r.line for r in report.rows] == [3, 4, 5, 6, 7, 8]
    assert sum(r.amount for r in report.rows) == s.total
    refund = report.rows[2]
    assert (refund.transaction_type, refund.adjustment_id, refund.amount, refund.currency) == (
        "Refund", "98765432109876", Decimal("-65.00"), "EUR",
    )  # fmt: skip
    assert refund.merchant_adjustment_item_id == "ACORN-1"
    assert refund.posted_at == datetime(2023, 3, 10, 7, 49, 55, tzinfo=UTC)
    assert report.rows[0].quantity == 2
    assert len({r.row_digest for r in report.rows}) == 6
    assert [r.row_digest for r in parse_settlement(settlement(locale)).rows] == [r.row_digest for r in report.rows]


def test_identical_settlement_lines_are_both_kept():
    twin = {"settlement-id": "12345678901", "transaction-type": "other-transaction",
            "amount-type": "Cost of Advertising", "amount-description": "TransactionTotalAmount",
            "amount": "-5.00"}  # fmt: skip
    report = parse_settlement(settlement(US, total="1,131.18", extra=(twin, twin)))
    assert len(report.rows) == 8 and len({r.row_digest for r in report.rows}) == 8


def test_an_explicit_locale_that_does_not_fit_fails_loudly():
    with pytest.raises(ReportParseError) as info:
        parse_settlement(settlement(EU), locale=US)
    assert info.value.line == 2 and info.value.column == "settlement-start-date"


# -- errors -------------------------------------------------------------------------------------------------------


def error(fn, text, **kw) -> ReportParseError:
    with pytest.raises(ReportParseError) as info:
        fn(text, report="R#1", **kw)
    return info.value


def test_bad_amount_names_report_line_and_column_in_both_languages():
    bad = MFN_ROW | {"Refunded Amount": "570,59"}  # an EU amount in a US file
    e = error(parse_mfn_returns, tsv(MFN_RETURNS_COLUMNS, MFN_ROW, bad))
    assert (e.report, e.line, e.column, e.value) == ("R#1", 3, "Refunded Amount", "570,59")
    assert "R#1" in e.zh and "第 3 行" in e.zh and "「Refunded Amount」列" in e.zh and "570,59" in e.zh
    assert "line 3" in e.en and "column 'Refunded Amount'" in e.en and "'570,59'" in e.en
    assert "looks like EU format" in e.en
    assert e.hint_zh and e.hint_en


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"Return request date": "gestern"}, "Return request date"),
        ({"Return quantity": "1.5"}, "Return quantity"),
        ({"A-to-Z Claim": "maybe"}, "A-to-Z Claim"),
        ({"Amazon RMA ID": ""}, "Amazon RMA ID"),
        ({"Currency code": "euro"}, "Currency code"),
    ],
)
def test_bad_mfn_values(change, column):
    e = error(parse_mfn_returns, tsv(MFN_RETURNS_COLUMNS, MFN_ROW | change))
    assert (e.line, e.column) == (2, column)


def test_bad_fba_values():
    e = error(parse_fba_returns, tsv(FBA_RETURNS_COLUMNS, FBA_ROW, FBA_ROW | {"quantity": "eins"}))
    assert (e.line, e.column, e.value) == (3, "quantity", "eins")
    e = error(parse_fba_returns, tsv(FBA_RETURNS_COLUMNS, FBA_ROW | {"order-id": ""}))
    assert (e.line, e.column) == (2, "order-id")


def test_structural_problems():
    text = tsv(MFN_RETURNS_COLUMNS, MFN_ROW)
    e = error(parse_mfn_returns, text.replace("Amazon RMA ID", "RMA"))
    assert (e.line, e.column) == (1, "Amazon RMA ID") and "missing column" in e.en
    fba = tsv(FBA_RETURNS_COLUMNS, FBA_ROW)
    e = error(parse_fba_returns, fba.rstrip("\n").rsplit("\t", 3)[0] + "\n")  # a line cut short (FBA: strict)
    assert e.line == 2 and e.column is None and "fields" in e.en and "截断" in e.zh and e.code == "fields"
    e = error(parse_mfn_returns, text.rstrip("\n") + "\tsurplus\tvalues\n")  # more values than columns
    assert e.line == 2 and e.code == "fields"
    e = error(parse_mfn_returns, "")
    assert e.line == 1 and "empty" in e.en
    # An empty line between rows (CRLF documents read back line by line) carries no data; it is no error.
    assert len(parse_mfn_returns(text + "\n" + text.splitlines()[1] + "\n")) == 2


def test_settlement_errors():
    e = error(parse_settlement, settlement(EU).replace("-195,00", "-195.00"))
    assert (e.line, e.column, e.value) == (4, "amount", "-195.00")
    lines = settlement(US).splitlines()
    e = error(parse_settlement, "\n".join(lines[:-1]) + "\n")  # the last line missing: totals disagree
    assert e.column == "total-amount" and "incomplete" in e.en and "不符" in e.zh
    e = error(parse_settlement, "\n".join([lines[0], *lines[2:]]) + "\n", locale=US)  # no summary row
    assert e.line == 2 and "summary" in e.en
    other = settlement(US).replace("12345678901\t\t\t\t\t\tOrder", "99999999999\t\t\t\t\t\tOrder", 1)
    e = error(parse_settlement, other)
    assert e.line == 3 and e.column == "settlement-id"


def test_bytes_and_bom_are_accepted():
    text = "\ufeff" + tsv(FBA_RETURNS_COLUMNS, FBA_ROW)
    assert parse_fba_returns(text.encode("utf-8"))[0].product_name == "LED 台灯"
    assert parse_fba_returns(tsv(FBA_RETURNS_COLUMNS, FBA_ROW | {"product-name": "Lámpara"}).encode("cp1252"))
