"""Parsers for the tab-separated report documents the sync reads (pure: no Qt, no database, no network).

* ``GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA`` → :func:`parse_fba_returns`
* ``GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE`` (MFN) → :func:`parse_mfn_returns`
* ``GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2`` → :func:`parse_settlement`

Numbers and dates follow the marketplace's locale (spapi.md §5): EU settlement files write ``1.141,18`` and
``14.03.2023 07:49:55 UTC``, US ones ``1,141.18`` and ``2023-03-14 07:49:55 UTC`` / ISO 8601. A decimal
number is ambiguous between the two (``1,141`` is 1141 in the US and 1.141 in Germany), so the locale is
never guessed from a number: it is given, or read from the unambiguous date format of the file.

Nothing is skipped silently: a missing column, a line with the wrong number of fields or a value that does
not parse raises :class:`ReportParseError` naming the report, the line (1 = the header) and the column.

Every row carries ``row_digest``: the SHA-256 of the fields that identify it (not of the fields Amazon
updates later, such as a return's status), plus its occurrence number among identical keys in the file.
Storing rows keyed by it makes re-reading a report, or an overlapping one, an idempotent upsert.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from ..domain.marketplaces import MARKETPLACES, Region
from ..errors import InputError

FBA_RETURNS = "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"
MFN_RETURNS = "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE"
SETTLEMENT_V2 = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"
AMOUNT_DIGITS = 4  # the database keeps four decimals (models.base.Amount)


class ReportLocale(enum.StrEnum):
    """How a file writes numbers and dates."""

    EU = "eu"  # 1.141,18 · 14.03.2023 07:49:55 UTC
    US = "us"  # 1,141.18 · 2023-03-14 07:49:55 UTC

    @property
    def decimal_mark(self) -> str:
        return "," if self is ReportLocale.EU else "."

    @property
    def group_mark(self) -> str:
        return "." if self is ReportLocale.EU else ","


def settlement_locale(region_or_marketplace: Region | str) -> ReportLocale:
    """The default locale of settlement files for a region or a marketplace code (EU region → EU formats)."""
    key = str(region_or_marketplace)
    if key in {r.value for r in Region}:
        region = Region(key)
    else:
        region = MARKETPLACES["UK" if key.upper() == "GB" else key.upper()].region
    return ReportLocale.EU if region is Region.EU else ReportLocale.US


class ReportParseError(InputError):
    """A report document that cannot be read as its type says. Names the report, line and column."""

    def __init__(self, report: str, line: int, column: str | None, value: str | None, zh: str, en: str) -> None:
        shown = "" if value is None else (value if len(value) <= 60 else value[:57] + "…")
        where_zh = f"报告 {report} 第 {line} 行" + (f"「{column}」列" if column else "")
        where_en = f"report {report}, line {line}" + (f", column '{column}'" if column else "")
        value_zh = f"(值:「{shown}」)" if value is not None else ""
        value_en = f" (value: '{shown}')" if value is not None else ""
        super().__init__(
            f"{where_zh}无法解析:{zh}{value_zh}",
            f"Cannot parse {where_en}: {en}{value_en}",
            hint_zh="报告未导入,下次同步会重新下载;如果一直出现,请把这条信息发给技术支持。",
            hint_en="Nothing from this report was stored; the next sync downloads it again. "
            "If this keeps happening, send this message to support.",
        )
        self.report = report
        self.line = line
        self.column = column
        self.value = value


# -- numbers ----------------------------------------------------------------------------------------------------

_NUMBER = {
    ReportLocale.EU: re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$"),
    ReportLocale.US: re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$"),
}


def parse_amount(text: str, locale: ReportLocale) -> Decimal:
    """``1.141,18`` (EU) / ``1,141.18`` (US) → ``Decimal("1141.18")``. Raises ValueError on anything else."""
    value = text.strip()
    if not _NUMBER[locale].match(value):
        other = ReportLocale.US if locale is ReportLocale.EU else ReportLocale.EU
        hint = f" (looks like {other.value.upper()} format)" if _NUMBER[other].match(value) else ""
        raise ValueError(f"not a {locale.value.upper()} number{hint}")
    plain = value.replace(locale.group_mark, "").replace(locale.decimal_mark, ".")
    try:
        amount = Decimal(plain)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
        raise ValueError("not a number") from exc
    if -amount.as_tuple().exponent > AMOUNT_DIGITS:
        raise ValueError(f"more than {AMOUNT_DIGITS} decimals")
    return amount


def format_amount(amount: Decimal, locale: ReportLocale, *, grouped: bool = False) -> str:
    """The inverse of :func:`parse_amount` (used by tests and by exports)."""
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):f}"
    whole, _, frac = text.partition(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", locale.group_mark)
    return sign + whole + (locale.decimal_mark + frac if frac else "")


# -- dates ------------------------------------------------------------------------------------------------------

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_TZ_SUFFIX = re.compile(r"^(?P<body>.*?)\s+(?P<tz>UTC|GMT|Z|[+-]\d{2}:?\d{2})$")
_FORMATS = {
    ReportLocale.EU: ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y"),
    ReportLocale.US: ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d"),
}


def _offset(tz: str) -> timezone:
    if tz in ("UTC", "GMT", "Z"):
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_datetime(text: str, locale: ReportLocale) -> datetime:
    """An aware UTC instant from the locale's date formats (ISO 8601 is accepted in every locale).

    A value without a zone is UTC (Amazon's flat files are in UTC unless they say otherwise).
    """
    value = text.strip()
    if _ISO.match(value):
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    zone = UTC
    match = _TZ_SUFFIX.match(value)
    if match:
        value, zone = match["body"], _offset(match["tz"])
    for fmt in _FORMATS[locale]:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=zone).astimezone(UTC)
        except ValueError:
            continue
    raise ValueError(f"not a {locale.value.upper()} date")


def detect_locale(text: str) -> ReportLocale | None:
    """The locale a date value is written in, when the value says (``14.03.2023`` / ``2023-03-14``)."""
    value = text.strip()
    if re.match(r"^\d{2}\.\d{2}\.\d{4}", value):
        return ReportLocale.EU
    if re.match(r"^\d{4}[-/]\d{2}[-/]\d{2}", value):
        return ReportLocale.US
    return None


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

    def _fail(self, column: str, value: str | None, zh: str, en: str) -> ReportParseError:
        return ReportParseError(self.report, self.number, column, value, zh, en)

    def text(self, column: str, *, required: bool = False) -> str | None:
        value = self.values.get(column, "").strip()
        if not value:
            if required:
                raise self._fail(column, "", "必填值为空", "required value is empty")
            return None
        return value

    def _typed(self, column: str, required: bool, convert: Callable[[str], object], zh: str, en: str):
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            return convert(value)
        except ValueError as exc:
            raise self._fail(column, value, zh, f"{en}: {exc}") from None

    def amount(self, column: str, *, required: bool = False) -> Decimal | None:
        return self._typed(
            column, required, lambda v: parse_amount(v, self.locale),
            f"不是{self.locale.value.upper()}格式的金额", "not an amount",
        )  # fmt: skip

    def instant(self, column: str, *, required: bool = False) -> datetime | None:
        return self._typed(
            column, required, lambda v: parse_datetime(v, self.locale),
            f"不是{self.locale.value.upper()}格式的日期时间", "not a date",
        )  # fmt: skip

    def integer(self, column: str, *, required: bool = False) -> int | None:
        return self._typed(column, required, _integer, "不是整数", "not a whole number")

    def flag(self, column: str) -> bool | None:
        return self._typed(column, False, _flag, "不是 Y/N", "not a yes/no value")


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


def _lines(text: str | bytes, report: str, required: tuple[str, ...], locale: ReportLocale) -> Iterator[_Line]:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            text = text.decode("cp1252", errors="replace")
    raw = text.lstrip("\ufeff").splitlines()
    while raw and not raw[-1].strip():
        raw.pop()
    if not raw:
        raise ReportParseError(report, 1, None, None, "文件为空(没有表头)", "the document is empty (no header line)")
    header = [h.strip() for h in raw[0].split("\t")]
    missing = [c for c in required if c not in header]
    if missing:
        raise ReportParseError(
            report, 1, missing[0], None,
            f"缺少列:{', '.join(missing)}(这不是预期的报告格式)",
            f"missing column(s) {', '.join(missing)} (not the expected report layout)",
        )  # fmt: skip
    for number, line in enumerate(raw[1:], start=2):
        if not line.strip():
            raise ReportParseError(report, number, None, None, "空行出现在数据中间", "blank line inside the data")
        fields = line.split("\t")
        if len(fields) != len(header):
            raise ReportParseError(
                report, number, None, None,
                f"有 {len(fields)} 个字段,表头有 {len(header)} 列(文件可能被截断或损坏)",
                f"{len(fields)} fields where the header has {len(header)} (truncated or damaged file?)",
            )  # fmt: skip
        yield _Line(report, number, dict(zip(header, fields, strict=True)), locale)


# -- FBA customer returns ---------------------------------------------------------------------------------------

FBA_COLUMNS = ("return-date", "order-id", "sku", "asin", "fnsku", "quantity", "detailed-disposition", "reason",
               "status", "license-plate-number")  # fmt: skip


def parse_fba_returns(
    text: str | bytes, *, report: str = FBA_RETURNS, locale: ReportLocale = ReportLocale.US
) -> list[FbaReturnRow]:
    """Rows of an FBA customer returns report. Amazon writes these with ISO dates in every marketplace."""
    parsed = []
    for ln in _lines(text, report, FBA_COLUMNS, locale):
        parsed.append(
            dict(
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
        )
    keys = [
        (FBA_RETURNS, r["amazon_order_id"], r["sku"], r["fnsku"], r["return_date"].isoformat(),
         r["license_plate_number"])
        for r in parsed
    ]  # fmt: skip
    return [FbaReturnRow(**r, row_digest=d) for r, d in zip(parsed, _keyed_digests(keys), strict=True)]


# -- MFN returns ------------------------------------------------------------------------------------------------

MFN_COLUMNS = ("Order ID", "Return request date", "Return request status", "Amazon RMA ID", "A-to-Z Claim",
               "Merchant SKU", "Return quantity", "Currency code", "Refunded Amount", "SafeT claim id")  # fmt: skip


def parse_mfn_returns(
    text: str | bytes, *, report: str = MFN_RETURNS, locale: ReportLocale = ReportLocale.US
) -> list[MfnReturnRow]:
    """Rows of the MFN returns report (one per RMA and item). The Amazon RMA ID is required: it keys the case."""
    parsed = []
    for ln in _lines(text, report, MFN_COLUMNS, locale):
        currency = ln.text("Currency code")
        if currency is not None and not re.match(r"^[A-Z]{3}$", currency):
            raise ln._fail("Currency code", currency, "不是 ISO 4217 货币代码", "not an ISO 4217 currency code")
        parsed.append(
            dict(
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
        )
    keys = [(MFN_RETURNS, r["rma_id"], r["amazon_order_id"], r["sku"], r["asin"]) for r in parsed]
    return [MfnReturnRow(**r, row_digest=d) for r, d in zip(parsed, _keyed_digests(keys), strict=True)]


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
    "FBA_RETURNS", "MFN_RETURNS", "SETTLEMENT_V2", "FbaReturnRow", "MfnReturnRow", "ReportLocale",
    "ReportParseError", "SettlementReport", "SettlementRow", "SettlementSummary", "detect_locale",
    "format_amount", "parse_amount", "parse_datetime", "parse_fba_returns", "parse_mfn_returns",
    "parse_settlement", "settlement_locale",
]  # fmt: skip
