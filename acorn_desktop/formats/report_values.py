"""Values in Amazon's flat files: the locale of numbers and dates, and the error that names report, line, column.

Numbers and dates follow the marketplace's locale (spapi.md §5): EU settlement files write ``1.141,18`` and
``14.03.2023 07:49:55 UTC``, US ones ``1,141.18`` and ``2023-03-14 07:49:55 UTC`` / ISO 8601; MFN returns reports
``10-Jul-2025`` everywhere. A decimal number is ambiguous between the two locales (``1,141`` is 1141 in the US and
1.141 in Germany), so the locale is never guessed from a number: it is given, or read from a date of the file.
Pure: no Qt, no database, no network. Where each fact comes from: docs/amazon-formats.md.
"""

from __future__ import annotations

import enum
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from ..domain.marketplaces import MARKETPLACES, Region
from ..errors import InputError

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

    def __init__(
        self, report: str, line: int, column: str | None, value: str | None, zh: str, en: str, *, code: str = "value"
    ) -> None:
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
        self.code = code  # what is wrong, as a code the UI renders: see UNREADABLE_CODES


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


# ``10-Jul-2025``: how real MFN returns reports write "Order date" / "Return request date" in every locale (see
# docs/amazon-formats.md). English month abbreviations whatever the OS locale, so not strptime's ``%b``.
_DAY_MONTH_YEAR = re.compile(r"^(?P<day>\d{1,2})-(?P<month>[A-Za-z]{3})-(?P<year>\d{4})$")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), start=1)}  # fmt: skip


def parse_datetime(text: str, locale: ReportLocale) -> datetime:
    """An aware UTC instant from the locale's date formats (ISO 8601 and ``10-Jul-2025`` in every locale).

    A value without a zone is UTC (Amazon's flat files are in UTC unless they say otherwise); a date without a
    time is its midnight UTC, which is never later than the instant Amazon meant (deadlines err early).
    """
    value = text.strip()
    named = _DAY_MONTH_YEAR.match(value)
    if named:
        month = _MONTHS.get(named["month"].lower())
        if month is None:
            raise ValueError(f"not a month name: {named['month']}")
        return datetime(int(named["year"]), month, int(named["day"]), tzinfo=UTC)
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
