"""Parsers for the tab-separated report documents the sync reads (pure: no Qt, no database, no network).

* ``GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA`` → :func:`parse_fba_returns`
* ``GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE`` (MFN) → :func:`parse_mfn_returns`
* ``GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2`` → :func:`parse_settlement`

Numbers and dates: :mod:`.report_values` (locales, ``10-Jul-2025``). Where each format fact comes from:
docs/amazon-formats.md.

Nothing is skipped silently. A wrong header refuses the document. A line that cannot be read (wrong number of
fields, a value that does not parse) raises :class:`ReportParseError` naming the report, the line (1 = the
header) and the column — or, with the ``read_*`` functions, is returned raw as an :class:`UnreadableRow` while
the rest of the report is read (one bad row never blocks a whole report).

Every row carries ``row_digest``: the SHA-256 of the fields that identify it (not of the fields Amazon
updates later, such as a return's status), plus its occurrence number among identical keys in the file.
Storing rows keyed by it makes re-reading a report, or an overlapping one, an idempotent upsert.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .report_values import (
    AMOUNT_DIGITS,
    ReportLocale,
    ReportParseError,
    detect_locale,
    format_amount,
    parse_amount,
    parse_datetime,
    settlement_locale,
)

FBA_RETURNS = "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"
MFN_RETURNS = "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE"
SETTLEMENT_V2 = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"


# -- rows -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FbaReturnRow:
    line: int
    return_date: datetime
    amazon_order_id: str
    sku: str
    asin: str | None
    fnsku: str | None
    product_name: str | None
    quantity: int
    fulfillment_center_id: str | None
    disposition: str | None
    reason: str | None
    status: str | None
    license_plate_number: str | None
    row_digest: str


@dataclass(frozen=True, slots=True)
class MfnReturnRow:
    line: int
    amazon_order_id: str
    order_date: datetime | None
    return_date: datetime
    status: str | None
    rma_id: str
    merchant_rma_id: str | None
    label_type: str | None
    label_cost: Decimal | None
    currency: str | None
    carrier: str | None
    tracking_id: str | None
    label_paid_by: str | None
    atoz_claim: bool
    is_prime: bool | None
    asin: str | None
    sku: str | None
    item_name: str | None
    quantity: int
    reason: str | None
    in_policy: bool | None
    return_type: str | None
    resolution: str | None
    order_amount: Decimal | None
    order_quantity: int | None
    safet_action_reason: str | None
    safet_claim_id: str | None
    safet_claim_state: str | None
    safet_claim_created: datetime | None
    safet_reimbursed: Decimal | None
    refunded_amount: Decimal | None
    row_digest: str


@dataclass(frozen=True, slots=True)
class SettlementSummary:
    settlement_id: str
    start: datetime
    end: datetime
    deposit_date: datetime | None
    total: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class SettlementRow:
    line: int
    settlement_id: str
    transaction_type: str | None
    amazon_order_id: str | None
    merchant_order_id: str | None
    adjustment_id: str | None
    shipment_id: str | None
    marketplace_name: str | None
    amount_type: str | None
    amount_description: str | None
    amount: Decimal
    currency: str
    fulfillment_id: str | None
    posted_at: datetime | None
    order_item_code: str | None
    merchant_order_item_id: str | None
    merchant_adjustment_item_id: str | None
    sku: str | None
    quantity: int | None
    promotion_id: str | None
    row_digest: str


@dataclass(frozen=True)
class SettlementReport:
    summary: SettlementSummary
    rows: list[SettlementRow]
    locale: ReportLocale


# -- the reader -------------------------------------------------------------------------------------------------


def _digest(*parts: object) -> str:
    text = json.dumps(parts, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _keyed_digests(keys: list[tuple]) -> list[str]:
    """A digest per key; identical keys in one file get their occurrence number so none collapses."""
    seen: dict[tuple, int] = {}
    out = []
    for key in keys:
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(_digest(*key, n))
    return out


@dataclass
class _Line:
    """One data line with typed accessors that raise :class:`ReportParseError` for this line/column."""

    report: str
    number: int
    values: dict[str, str]
    locale: ReportLocale
    raw_line: str = ""

    def _fail(self, column: str, value: str | None, zh: str, en: str, code: str = "value") -> ReportParseError:
        return ReportParseError(self.report, self.number, column, value, zh, en, code=code)

    def text(self, column: str, *, required: bool = False) -> str | None:
        value = self.values.get(column, "").strip()
        if not value:
            if required:
                raise self._fail(column, "", "必填值为空", "required value is empty", "empty")
            return None
        return value

    def _typed(self, column: str, required: bool, convert: Callable[[str], object], zh: str, en: str, code: str):
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            return convert(value)
        except ValueError as exc:
            raise self._fail(column, value, zh, f"{en}: {exc}", code) from None

    def amount(self, column: str, *, required: bool = False) -> Decimal | None:
        return self._typed(
            column, required, lambda v: parse_amount(v, self.locale),
            f"不是{self.locale.value.upper()}格式的金额", "not an amount", "amount",
        )  # fmt: skip

    def instant(self, column: str, *, required: bool = False) -> datetime | None:
        return self._typed(
            column, required, lambda v: parse_datetime(v, self.locale),
            f"不是{self.locale.value.upper()}格式的日期时间", "not a date", "date",
        )  # fmt: skip

    def integer(self, column: str, *, required: bool = False) -> int | None:
        return self._typed(column, required, _integer, "不是整数", "not a whole number", "integer")

    def flag(self, column: str) -> bool | None:
        return self._typed(column, False, _flag, "不是 Y/N", "not a yes/no value", "flag")


def _integer(value: str) -> int:
    if not re.match(r"^[+-]?\d+$", value):
        raise ValueError("digits expected")
    return int(value)


_TRUE = {"y", "yes", "true", "1"}
_FALSE = {"n", "no", "false", "0"}


def _flag(value: str) -> bool:
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError("Y or N expected")


@dataclass(frozen=True, slots=True)
class UnreadableRow:
    """A data line that could not be read, kept raw with what is wrong (a code) so a person can act on it."""

    line: int
    raw: str
    code: str  # UNREADABLE_CODES
    column: str | None
    value: str | None
    row_digest: str  # of the raw line and its occurrence: the same report read twice keeps it once


# What can be wrong with one line; the UI and CLI render each with what to do.
UNREADABLE_CODES = ("fields", "empty", "amount", "date", "integer", "flag", "currency", "value")


@dataclass(frozen=True)
class ReadReport:
    """The readable rows of a report and the lines kept raw because they were not (nothing skipped silently)."""

    rows: list
    unreadable: list[UnreadableRow]


def _decode(text: str | bytes) -> str:
    if isinstance(text, bytes):
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError:
            return text.decode("cp1252", errors="replace")
    return text


def _unquote(field: str) -> str:
    """``"a ""b"" c"`` → ``a "b" c``: Excel and some exports quote fields; Amazon's own files do not."""
    if len(field) >= 2 and field[0] == field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def _lines(
    text: str | bytes,
    report: str,
    required: tuple[str, ...],
    locale: ReportLocale,
    *,
    unreadable: list[UnreadableRow] | None = None,
    short_rows: bool = False,
) -> Iterator[_Line]:
    """The data lines as :class:`_Line`. A header problem always raises; a bad line raises, or, when
    ``unreadable`` is a list, is appended to it raw and the reading goes on. ``short_rows``: a line with fewer
    fields than the header is padded with empty values (real MFN returns rows end without their empty cells).
    """
    raw = _decode(text).lstrip("\ufeff").splitlines()
    while raw and not raw[-1].strip():
        raw.pop()
    if not raw:
        raise ReportParseError(
            report, 1, None, None, "文件为空(没有表头)", "the document is empty (no header line)", code="header"
        )
    header = [_unquote(h.strip()) for h in raw[0].split("\t")]
    while header and not header[-1]:
        header.pop()  # a header line ending in a tab
    missing = [c for c in required if c not in header]
    if missing:
        raise ReportParseError(
            report, 1, missing[0], None,
            f"缺少列:{', '.join(missing)}(这不是预期的报告格式)",
            f"missing column(s) {', '.join(missing)} (not the expected report layout)", code="header",
        )  # fmt: skip
    occurrences: dict[str, int] = {}
    for number, line in enumerate(raw[1:], start=2):
        if not line.strip():
            # Documents written with CRLF and read back line by line show an empty line between rows
            # (python-amazon-sp-api PR #853): an empty line carries no data.
            continue
        fields = [_unquote(f) for f in line.split("\t")]
        while len(fields) > len(header) and not fields[-1].strip():
            fields.pop()  # trailing empty cells past the header
        if short_rows and len(fields) < len(header):
            fields += [""] * (len(header) - len(fields))
        if len(fields) != len(header):
            error = ReportParseError(
                report, number, None, None,
                f"有 {len(fields)} 个字段,表头有 {len(header)} 列(文件可能被截断或损坏)",
                f"{len(fields)} fields where the header has {len(header)} (truncated or damaged file?)",
                code="fields",
            )  # fmt: skip
            if unreadable is None:
                raise error
            unreadable.append(_unreadable(error, line, occurrences))
            continue
        yield _Line(report, number, dict(zip(header, fields, strict=True)), locale, raw_line=line)


def _unreadable(error: ReportParseError, line: str, occurrences: dict[str, int]) -> UnreadableRow:
    n = occurrences.get(line, 0)
    occurrences[line] = n + 1
    return UnreadableRow(error.line, line, error.code, error.column, error.value, _digest(line, n))


def _read_rows(lines: Iterator[_Line], read_one: Callable[[_Line], dict], unreadable: list | None) -> list[dict]:
    """``read_one`` for every line; a line whose values do not parse raises or lands on ``unreadable``."""
    parsed = []
    occurrences: dict[str, int] = {}
    for ln in lines:
        try:
            parsed.append(read_one(ln))
        except ReportParseError as error:
            if unreadable is None:
                raise
            unreadable.append(_unreadable(error, ln.raw_line, occurrences))
    return parsed


# -- FBA customer returns ---------------------------------------------------------------------------------------

FBA_COLUMNS = ("return-date", "order-id", "sku", "asin", "fnsku", "quantity", "detailed-disposition", "reason",
               "status", "license-plate-number")  # fmt: skip


def _fba_row(ln: _Line) -> dict:
    return dict(
        line=ln.number,
        return_date=ln.instant("return-date", required=True),
        amazon_order_id=ln.text("order-id", required=True),
        sku=ln.text("sku", required=True),
        asin=ln.text("asin"),
        fnsku=ln.text("fnsku"),
        product_name=ln.text("product-name"),
        quantity=ln.integer("quantity", required=True),
        fulfillment_center_id=ln.text("fulfillment-center-id"),
        disposition=ln.text("detailed-disposition"),
        reason=ln.text("reason"),
        status=ln.text("status"),
        license_plate_number=ln.text("license-plate-number"),
    )


def read_fba_returns(
    text: str | bytes, *, report: str = FBA_RETURNS, locale: ReportLocale = ReportLocale.US, strict: bool = False
) -> ReadReport:
    """An FBA customer returns report: readable rows, and the lines that were not (``strict``: raise instead).

    Amazon writes these with ISO dates in every marketplace.
    """
    unreadable: list[UnreadableRow] | None = None if strict else []
    parsed = _read_rows(_lines(text, report, FBA_COLUMNS, locale, unreadable=unreadable), _fba_row, unreadable)
    keys = [
        (FBA_RETURNS, r["amazon_order_id"], r["sku"], r["fnsku"], r["return_date"].isoformat(),
         r["license_plate_number"])
        for r in parsed
    ]  # fmt: skip
    rows = [FbaReturnRow(**r, row_digest=d) for r, d in zip(parsed, _keyed_digests(keys), strict=True)]
    return ReadReport(rows, unreadable or [])


def parse_fba_returns(
    text: str | bytes, *, report: str = FBA_RETURNS, locale: ReportLocale = ReportLocale.US
) -> list[FbaReturnRow]:
    """Every row of an FBA customer returns report, or :class:`ReportParseError` for the first bad line."""
    return read_fba_returns(text, report=report, locale=locale, strict=True).rows


# -- MFN returns ------------------------------------------------------------------------------------------------

MFN_COLUMNS = ("Order ID", "Return request date", "Return request status", "Amazon RMA ID", "A-to-Z Claim",
               "Merchant SKU", "Return quantity", "Currency code", "Refunded Amount", "SafeT claim id")  # fmt: skip


def _mfn_row(ln: _Line) -> dict:
    currency = ln.text("Currency code")
    if currency is not None and not re.match(r"^[A-Z]{3}$", currency):
        raise ln._fail("Currency code", currency, "不是 ISO 4217 货币代码", "not an ISO 4217 currency code", "currency")
    return dict(
        line=ln.number,
        amazon_order_id=ln.text("Order ID", required=True),
        order_date=ln.instant("Order date"),
        return_date=ln.instant("Return request date", required=True),
        status=ln.text("Return request status"),
        rma_id=ln.text("Amazon RMA ID", required=True),
        merchant_rma_id=ln.text("Merchant RMA ID"),
        label_type=ln.text("Label type"),
        label_cost=ln.amount("Label cost"),
        currency=currency,
        carrier=ln.text("Return carrier"),
        tracking_id=ln.text("Tracking ID"),
        label_paid_by=ln.text("Label to be paid by"),
        atoz_claim=bool(ln.flag("A-to-Z Claim")),
        is_prime=ln.flag("Is prime"),
        asin=ln.text("ASIN"),
        sku=ln.text("Merchant SKU"),
        item_name=ln.text("Item Name"),
        quantity=ln.integer("Return quantity") or 1,
        reason=ln.text("Return Reason"),
        in_policy=ln.flag("In policy"),
        return_type=ln.text("Return type"),
        resolution=ln.text("Resolution"),
        order_amount=ln.amount("Order Amount"),
        order_quantity=ln.integer("Order quantity"),
        safet_action_reason=ln.text("SafeT Action reason"),
        safet_claim_id=ln.text("SafeT claim id"),
        safet_claim_state=ln.text("SafeT claim state"),
        safet_claim_created=ln.instant("SafeT claim creation time"),
        safet_reimbursed=ln.amount("SafeT claim reimbursement amount"),
        refunded_amount=ln.amount("Refunded Amount"),
    )


def read_mfn_returns(
    text: str | bytes, *, report: str = MFN_RETURNS, locale: ReportLocale = ReportLocale.US, strict: bool = False
) -> ReadReport:
    """The MFN returns report (one row per RMA and item; the Amazon RMA ID keys the case), as Amazon writes it:
    ``10-Jul-2025`` dates, a space for an empty cell, rows ending without their trailing empty cells
    (docs/amazon-formats.md). Lines that cannot be read are returned raw (``strict``: raise instead).
    """
    unreadable: list[UnreadableRow] | None = None if strict else []
    lines = _lines(text, report, MFN_COLUMNS, locale, unreadable=unreadable, short_rows=True)
    parsed = _read_rows(lines, _mfn_row, unreadable)
    keys = [(MFN_RETURNS, r["rma_id"], r["amazon_order_id"], r["sku"], r["asin"]) for r in parsed]
    rows = [MfnReturnRow(**r, row_digest=d) for r, d in zip(parsed, _keyed_digests(keys), strict=True)]
    return ReadReport(rows, unreadable or [])


def parse_mfn_returns(
    text: str | bytes, *, report: str = MFN_RETURNS, locale: ReportLocale = ReportLocale.US
) -> list[MfnReturnRow]:
    """Every row of an MFN returns report, or :class:`ReportParseError` for the first bad line."""
    return read_mfn_returns(text, report=report, locale=locale, strict=True).rows


# -- settlement V2 ----------------------------------------------------------------------------------------------

SETTLEMENT_COLUMNS = ("settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date",
                      "total-amount", "currency", "transaction-type", "order-id", "adjustment-id", "amount-type",
                      "amount-description", "amount", "posted-date", "sku")  # fmt: skip


def _first_data_value(text: str | bytes, column: str) -> str | None:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    lines = text.lstrip("\ufeff").splitlines()
    if len(lines) < 2:
        return None
    header = [h.strip() for h in lines[0].split("\t")]
    if column not in header:
        return None
    fields = lines[1].split("\t")
    index = header.index(column)
    return fields[index] if index < len(fields) else None


def parse_settlement(
    text: str | bytes, *, report: str = SETTLEMENT_V2, locale: ReportLocale | None = None
) -> SettlementReport:
    """A V2 settlement flat file: the summary (first data row) and the transaction rows.

    ``locale`` None reads it from the summary's date format (``14.03.2023`` → EU). The amounts of the rows
    must add up to the summary's total-amount; otherwise the file is incomplete and an error is raised.
    """
    if locale is None:
        locale = detect_locale(_first_data_value(text, "settlement-start-date") or "")
        if locale is None:
            raise ReportParseError(
                report, 2, "settlement-start-date", _first_data_value(text, "settlement-start-date"),
                "无法从日期判断文件的地区格式", "cannot tell the file's locale from this date",
            )  # fmt: skip
    lines = iter(_lines(text, report, SETTLEMENT_COLUMNS, locale))
    first = next(lines, None)
    if first is None:
        raise ReportParseError(report, 2, None, None, "缺少汇总行", "the summary row (first data row) is missing")
    if first.text("transaction-type") is not None or first.text("total-amount") is None:
        raise ReportParseError(
            report, 2, "total-amount", first.text("total-amount"),
            "第一行数据应为结算汇总行(有 total-amount,没有 transaction-type)",
            "the first data row must be the settlement summary (total-amount set, no transaction-type)",
        )  # fmt: skip
    currency = first.text("currency", required=True)
    summary = SettlementSummary(
        settlement_id=first.text("settlement-id", required=True),
        start=first.instant("settlement-start-date", required=True),
        end=first.instant("settlement-end-date", required=True),
        deposit_date=first.instant("deposit-date"),
        total=first.amount("total-amount", required=True),
        currency=currency,
    )
    parsed = []
    raw_keys = []
    for ln in lines:
        settlement_id = ln.text("settlement-id", required=True)
        if settlement_id != summary.settlement_id:
            raise ln._fail(
                "settlement-id", settlement_id,
                f"与汇总行的结算编号 {summary.settlement_id} 不一致",
                f"differs from the summary's settlement id {summary.settlement_id}",
            )  # fmt: skip
        row_currency = ln.text("currency") or currency
        parsed.append(
            dict(
                line=ln.number,
                settlement_id=settlement_id,
                transaction_type=ln.text("transaction-type"),
                amazon_order_id=ln.text("order-id"),
                merchant_order_id=ln.text("merchant-order-id"),
                adjustment_id=ln.text("adjustment-id"),
                shipment_id=ln.text("shipment-id"),
                marketplace_name=ln.text("marketplace-name"),
                amount_type=ln.text("amount-type"),
                amount_description=ln.text("amount-description"),
                amount=ln.amount("amount", required=True),
                currency=row_currency,
                fulfillment_id=ln.text("fulfillment-id"),
                posted_at=ln.instant("posted-date-time") or ln.instant("posted-date"),
                order_item_code=ln.text("order-item-code"),
                merchant_order_item_id=ln.text("merchant-order-item-id"),
                merchant_adjustment_item_id=ln.text("merchant-adjustment-item-id"),
                sku=ln.text("sku"),
                quantity=ln.integer("quantity-purchased"),
                promotion_id=ln.text("promotion-id"),
            )
        )
        raw_keys.append((SETTLEMENT_V2, settlement_id, *(v.strip() for v in ln.values.values())))
    total = sum((r["amount"] for r in parsed), Decimal(0))
    if total != summary.total:
        raise ReportParseError(
            report, 2, "total-amount", format_amount(summary.total, locale),
            f"各行金额合计 {format_amount(total, locale)} 与汇总金额不符(文件不完整?)",
            f"the rows add up to {format_amount(total, locale)}, not the summary total (incomplete file?)",
        )  # fmt: skip
    rows = [SettlementRow(**r, row_digest=d) for r, d in zip(parsed, _keyed_digests(raw_keys), strict=True)]
    return SettlementReport(summary, rows, locale)


__all__ = [
    "AMOUNT_DIGITS", "FBA_RETURNS", "MFN_RETURNS", "SETTLEMENT_V2", "UNREADABLE_CODES", "FbaReturnRow", "MfnReturnRow",
    "ReadReport", "ReportLocale", "ReportParseError", "SettlementReport", "SettlementRow", "SettlementSummary",
    "UnreadableRow", "detect_locale", "format_amount", "parse_amount", "parse_datetime", "parse_fba_returns",
    "parse_mfn_returns", "parse_settlement", "read_fba_returns", "read_mfn_returns", "settlement_locale",
]  # fmt: skip
