"""The marketplace policy table (站点政策): Amazon's clocks and windows per marketplace × event, with sources.

Pure: the default rows (version 1 of every clock, seeded into ``marketplace_policies`` by
:mod:`acorn_desktop.services.policies`), which event sets which case kind's deadline, the holiday return
extensions, and the deadline arithmetic. Facts and [Sx] references: ``shared/reference/domain.md`` §1.1–1.4, §4.

Where the source covers only some marketplaces, the other marketplaces' rows say so in their source text
("assumed … source silent") so a manager sees what to check. Assumptions made here:

* Buyer message 24 h, MFN return authorisation 24 h, RDR "late" 48 h, refund within 2 business days, A-to-z
  appeal 30 days, chargeback 7 days, SAFE-T 60 days, FBA lost/damaged 60 days and the 30-day return window
  are Amazon-wide rules: marketplaces the sources do not name get the same clock, marked "assumed".
* A-to-z information request: 48 h on the US, AU and JP pages; 3 calendar days (72 h) on amazon.de. Other
  European marketplaces (UK, FR, IT, ES, NL, SE, PL, BE) are assumed to follow amazon.de (3 calendar days);
  the other American and Asian ones (CA, MX, BR, SG) are assumed to follow amazon.com (48 h).
* "N days" clocks are N × 24 exact hours (calendar days, not business days).
* Rows with no start date in the source get ``POLICY_BASELINE`` as ``effective_from``: the table holds no
  older history, so an event before a clock's first version is answered with that first version.
* The EU 14-day withdrawal right is seeded for the EU member marketplaces (DE FR IT ES NL SE PL BE) only.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .calendars import BusinessCalendar, calendar_for, require_aware
from .cases import CaseKind
from .marketplaces import MARKETPLACES
from .marketplaces import marketplace as marketplace_info

POLICY_BASELINE = datetime(2020, 1, 1, tzinfo=UTC)  # effective_from of rows whose source gives no start date
MAX_HOURS = 24 * 366  # sanity bounds for edited rows
MAX_BUSINESS_DAYS = 260


class PolicyEvent(enum.StrEnum):
    """What starts a clock (the ``event_kind`` of a policy row)."""

    BUYER_MESSAGE_REPLY = "buyer_message_reply"
    RETURN_AUTHORISE = "return_authorise"
    RETURN_LATE = "return_late"
    REFUND_AFTER_RECEIPT = "refund_after_receipt"
    ATOZ_INFO_REQUEST = "atoz_info_request"
    ATOZ_APPEAL = "atoz_appeal"
    CHARGEBACK_RESPONSE = "chargeback_response"
    SAFET_CLAIM = "safet_claim"
    CROSS_BORDER_RETURN_OPTION = "cross_border_return_option"
    RETURN_WINDOW = "return_window"
    EU_WITHDRAWAL = "eu_withdrawal"
    HOLIDAY_RETURN_EXTENSION = "holiday_return_extension"  # dated windows per year: HOLIDAY_EXTENSIONS
    FBA_REIMBURSEMENT = "fba_reimbursement"

    @property
    def label_zh(self) -> str:
        return _EVENT_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _EVENT_LABELS[self][1]

    def label(self, lang: str = "zh_CN") -> str:
        return self.label_en if lang.startswith("en") else self.label_zh


_EVENT_LABELS = {
    PolicyEvent.BUYER_MESSAGE_REPLY: ("回复买家消息", "Reply to a buyer message"),
    PolicyEvent.RETURN_AUTHORISE: ("处理退货申请(授权)", "Authorise a return request"),
    PolicyEvent.RETURN_LATE: ("退货处理逾期(RDR)", "Return handled late (RDR)"),
    PolicyEvent.REFUND_AFTER_RECEIPT: ("收到退货后退款", "Refund after the return arrives"),
    PolicyEvent.ATOZ_INFO_REQUEST: ("答复 A-to-z 索赔信息请求", "Answer an A-to-z information request"),
    PolicyEvent.ATOZ_APPEAL: ("A-to-z 索赔申诉", "Appeal an A-to-z claim"),
    PolicyEvent.CHARGEBACK_RESPONSE: ("答复拒付", "Respond to a chargeback"),
    PolicyEvent.SAFET_CLAIM: ("提交 SAFE-T 索赔", "File a SAFE-T claim"),
    PolicyEvent.CROSS_BORDER_RETURN_OPTION: ("跨境退货选项", "Cross-border return option"),
    PolicyEvent.RETURN_WINDOW: ("退货期", "Return window"),
    PolicyEvent.EU_WITHDRAWAL: ("欧盟 14 天撤销权", "EU 14-day withdrawal"),
    PolicyEvent.HOLIDAY_RETURN_EXTENSION: ("节日延长退货期", "Holiday return extension"),
    PolicyEvent.FBA_REIMBURSEMENT: ("FBA 赔偿申请", "FBA reimbursement claim"),
}

# Which clock sets a new case's deadline.
CASE_KIND_EVENT: dict[CaseKind, PolicyEvent] = {
    CaseKind.RETURN_REQUEST: PolicyEvent.RETURN_AUTHORISE,
    CaseKind.REFUND: PolicyEvent.REFUND_AFTER_RECEIPT,
    CaseKind.ATOZ_CLAIM: PolicyEvent.ATOZ_INFO_REQUEST,
    CaseKind.CHARGEBACK: PolicyEvent.CHARGEBACK_RESPONSE,
    CaseKind.SAFET_CLAIM: PolicyEvent.SAFET_CLAIM,
    CaseKind.REIMBURSEMENT: PolicyEvent.FBA_REIMBURSEMENT,
    CaseKind.BUYER_MESSAGE: PolicyEvent.BUYER_MESSAGE_REPLY,
}
# Which clock runs once a case of this kind is lost (granted against the seller): the appeal.
APPEAL_EVENT: dict[CaseKind, PolicyEvent] = {CaseKind.ATOZ_CLAIM: PolicyEvent.ATOZ_APPEAL}


@dataclass(frozen=True, slots=True)
class PolicyDefault:
    """One default row: marketplace × event, its clock (hours and/or business days), source and start."""

    marketplace: str
    event: PolicyEvent
    hours: int
    business_days: int
    source: str
    effective_from: datetime


@dataclass(frozen=True, slots=True)
class _Rule:
    event: PolicyEvent
    hours: int
    business_days: int
    source: str
    sourced: frozenset[str]  # marketplaces the source itself covers
    markets: tuple[str, ...]
    assumption: str = "assumed the same: source silent for this marketplace"
    effective_from: datetime = POLICY_BASELINE


_ALL = tuple(MARKETPLACES)
_EU_MEMBERS = ("DE", "FR", "IT", "ES", "NL", "SE", "PL", "BE")
_EUROPE = ("UK", *_EU_MEMBERS)
_DAY = 24
_E = PolicyEvent


def _f(*codes: str) -> frozenset[str]:
    return frozenset(codes)


_RULES: tuple[_Rule, ...] = (
    _Rule(_E.BUYER_MESSAGE_REPLY, 24, 0,
          "[S18] sellercentral.amazon.com/help/202152030: reply to buyer messages within 24 h incl. weekends and "
          "holidays; auto-responders don't count", _f("US"), _ALL),
    _Rule(_E.RETURN_AUTHORISE, 24, 0,
          "[S19] sellercentral.amazon.com help 200708210 (US) / [S41] sellercentral.amazon.co.jp 200708210 (JP): "
          "answer return requests that are not auto-authorised within 24 h", _f("US", "JP"), _ALL),
    _Rule(_E.RETURN_LATE, 48, 0,
          "[S22] sellercentral.amazon.com 201887610 / [S23] sellercentral-europe 201887610: a return not "
          "authorised, refunded or closed within 48 h counts as late (RDR)", _f("US", *_EUROPE), _ALL),
    _Rule(_E.REFUND_AFTER_RECEIPT, 0, 2,
          "[S19] sellercentral.amazon.com 200708210 / [S38] sellercentral.amazon.de YW2EV9FEMJ3JJGR / [S35] "
          "201468550: refund within 2 business days of receiving the return, else Amazon refunds and debits",
          _f("US", "DE", "UK", "FR"), _ALL),
    _Rule(_E.ATOZ_INFO_REQUEST, 48, 0,
          "[S1] sellercentral.amazon.com help 1781 (US) / [S7] sellercentral.amazon.com.au G1781 (AU) / [S8] "
          "sellercentral.amazon.co.jp G27951 (JP): answer Amazon's A-to-z information request within 48 h, "
          "else the claim is granted and debited", _f("US", "AU", "JP"), ("US", "CA", "MX", "BR", "JP", "AU", "SG"),
          "assumed 48 h like amazon.com: source silent for this marketplace"),
    _Rule(_E.ATOZ_INFO_REQUEST, 72, 0,
          "[S5] sellercentral.amazon.de 27951: answer Amazon's A-to-z information request within 3 calendar days, "
          "else the claim is granted and debited", _f("DE"), _EUROPE,
          "assumed 3 calendar days like amazon.de: source silent for this marketplace"),
    _Rule(_E.ATOZ_APPEAL, 30 * _DAY, 0,
          "[S3] sellercentral.amazon.com G202041210 / [S6] sellercentral.amazon.de 202041210: appeal within 30 "
          "calendar days of the grant/debit", _f("US", "DE"), _ALL),
    _Rule(_E.CHARGEBACK_RESPONSE, 7 * _DAY, 0,
          "[S16] sellercentral.amazon.com G202145040 (+ sellercentral.amazon.nl 202145040): respond within 7 "
          "calendar days of the chargeback e-mail, else possible debit", _f("US", "NL"), _ALL),
    _Rule(_E.SAFET_CLAIM, 60 * _DAY, 0,
          "[S28] SAFE-T policy (quoted): file a SAFE-T claim within 60 days of the refund; max $5,000 per order",
          _f("US"), _ALL),
    _Rule(_E.CROSS_BORDER_RETURN_OPTION, 3 * _DAY, 0,
          "[S32] sellercentral.amazon.co.uk G201468550 / [S33] forum: international sellers offer a return option "
          "within 3 calendar days of the request for items > £20/€25 (since 11 Aug 2025), else Amazon refunds "
          "and debits; not SAFE-T eligible", _f("DE", "UK"), ("DE", "UK"),
          effective_from=datetime(2025, 8, 11, tzinfo=UTC)),
    _Rule(_E.CROSS_BORDER_RETURN_OPTION, 5 * _DAY, 0,
          "[S40] sellercentral.amazon.com.au forum: international sellers offer a return option within 5 days of "
          "the request (since 19 Mar 2025), else Amazon refunds and debits", _f("AU"), ("AU",),
          effective_from=datetime(2025, 3, 19, tzinfo=UTC)),
    _Rule(_E.RETURN_WINDOW, 30 * _DAY, 0,
          "[S42] sellercentral.amazon.com 200708210 / [S39] sellercentral.amazon.com.au G200708210 / [S36] "
          "sellercentral.amazon.de G201725710: buyers may return within 30 days of delivery",
          _f("US", "AU", "DE"), _ALL),
    _Rule(_E.EU_WITHDRAWAL, 14 * _DAY, 0,
          "[S36] sellercentral.amazon.de G201725710: 14-day statutory withdrawal (Widerrufsrecht, EU Directive "
          "2011/83/EU art. 9) from delivery, under the 30-day Amazon guarantee", _f("DE"), _EU_MEMBERS,
          "assumed from the EU directive: Amazon page for this marketplace not researched"),
    _Rule(_E.FBA_REIMBURSEMENT, 60 * _DAY, 0,
          "[S63] [S65] Seller Central forum / youramz.com: FC lost/damaged reimbursement claims within 60 days "
          "(since 1 Nov 2024; most cases now automatic)", _f("US", *_EUROPE), _ALL,
          effective_from=datetime(2024, 11, 1, tzinfo=UTC)),
)  # fmt: skip


def _expand(rules: tuple[_Rule, ...]) -> tuple[PolicyDefault, ...]:
    rows = []
    for rule in rules:
        for code in rule.markets:
            source = rule.source if code in rule.sourced else f"{rule.source} — {code}: {rule.assumption}"
            rows.append(PolicyDefault(code, rule.event, rule.hours, rule.business_days, source, rule.effective_from))
    return tuple(rows)


DEFAULT_POLICIES: tuple[PolicyDefault, ...] = _expand(_RULES)


def default_policy(marketplace: str, event: PolicyEvent) -> PolicyDefault | None:
    code = marketplace_info(marketplace).code
    return next((p for p in DEFAULT_POLICIES if p.marketplace == code and p.event is event), None)


# -- arithmetic ---------------------------------------------------------------------------------------------------
def deadline(start_utc: datetime, hours: int, business_days: int, calendar: BusinessCalendar) -> datetime:
    """``start_utc`` + ``hours`` exact hours, then + ``business_days`` on the marketplace's local calendar.

    The rule (local dates, same wall time, DST gap and overlap) is documented in
    :mod:`acorn_desktop.domain.calendars`. Returns an aware UTC instant; a naive start raises ``ValueError``.
    """
    require_aware(start_utc)
    if hours < 0 or business_days < 0:
        raise ValueError("a clock cannot run backwards")
    due = start_utc.astimezone(UTC) + timedelta(hours=hours)  # in UTC: adding to a zoned datetime adds wall time
    return calendar.add_business_days(due, business_days) if business_days else due


def clock_text(hours: int, business_days: int, lang: str = "zh_CN") -> str:
    """ "24 h", "3 days (72 h)", "2 business days", "24 h + 2 business days" (or the Chinese)."""
    english = lang.startswith("en")
    parts = []
    if hours:
        if hours % 24 == 0 and hours >= 72:
            days = hours // 24
            parts.append(f"{days} days ({hours} h)" if english else f"{days} 天({hours} 小时)")
        else:
            parts.append(f"{hours} h" if english else f"{hours} 小时")
    if business_days:
        unit = "business day" if business_days == 1 else "business days"
        parts.append(f"{business_days} {unit}" if english else f"{business_days} 个工作日")
    return " + ".join(parts) if parts else ("none" if english else "无")


# -- the versioned table, in memory ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """One stored version of a clock (a ``marketplace_policies`` row; ``id`` None for an unsaved default)."""

    id: int | None
    marketplace: str
    event: str
    hours: int
    business_days: int
    effective_from: datetime
    version: int = 1


class PolicyTable:
    """Every version of every clock plus the holiday calendars; answers deadline questions without I/O.

    The version in force at an instant is the one with the latest ``effective_from`` not after it (the higher
    version wins a tie). An instant before a clock's first version gets that first version: the table holds
    no older history.
    """

    def __init__(self, versions: Iterable[PolicyVersion], holidays: Mapping[str, Iterable[date]] | None = None):
        grouped: dict[tuple[str, str], list[PolicyVersion]] = {}
        for v in versions:
            grouped.setdefault((v.marketplace, str(v.event)), []).append(v)
        self._versions = {}
        for key, items in grouped.items():
            items.sort(key=lambda v: (v.effective_from, v.version))
            self._versions[key] = ([v.effective_from for v in items], items)
        self._holidays = {code: frozenset(days) for code, days in (holidays or {}).items()}
        self._calendars: dict[str, BusinessCalendar] = {}

    @classmethod
    def defaults(cls, holidays: Mapping[str, Iterable[date]] | None = None) -> PolicyTable:
        return cls(
            (PolicyVersion(None, p.marketplace, p.event, p.hours, p.business_days, p.effective_from)
             for p in DEFAULT_POLICIES),
            holidays,
        )  # fmt: skip

    def version_at(self, marketplace: str, event: str, at: datetime) -> PolicyVersion | None:
        require_aware(at)
        found = self._versions.get((marketplace_info(marketplace).code, str(event)))
        if found is None:
            return None
        starts, items = found
        index = bisect.bisect_right(starts, at)
        return items[index - 1] if index else items[0]

    def calendar(self, marketplace: str) -> BusinessCalendar:
        code = marketplace_info(marketplace).code
        calendar = self._calendars.get(code)
        if calendar is None:
            calendar = self._calendars[code] = calendar_for(code, self._holidays.get(code, ()))
        return calendar

    def deadline(self, event: str, marketplace: str, start: datetime) -> tuple[datetime, PolicyVersion] | None:
        """The deadline of ``event`` started at ``start`` and the version it was computed with (None: no row)."""
        row = self.version_at(marketplace, event, start)
        if row is None:
            return None
        return deadline(start, row.hours, row.business_days, self.calendar(marketplace)), row


# -- holiday return extensions -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HolidayExtension:
    """Items shipped ``shipped_from``–``shipped_to`` (local dates) may be returned until ``return_by``.

    ``season`` None: a yearly rule whose source gives no year (the dates are then read in the ship year).
    """

    marketplace: str
    season: int | None
    shipped_from: tuple[int, int]  # (month, day)
    shipped_to: tuple[int, int]
    return_by: tuple[int, int]  # in the following year
    source: str

    def applies(self, shipped_on: date) -> bool:
        if self.season is not None and shipped_on.year != self.season:
            return False
        start = date(shipped_on.year, *self.shipped_from)
        end = date(shipped_on.year, *self.shipped_to)
        return start <= shipped_on <= end

    def return_by_date(self, shipped_on: date) -> date:
        return date(shipped_on.year + 1, *self.return_by)


HOLIDAY_EXTENSIONS: tuple[HolidayExtension, ...] = (
    HolidayExtension("US", 2020, (10, 1), (12, 31), (1, 31),
                     "[S29] Seller Central forum: 2020 extended holiday returns, shipped 1 Oct–31 Dec → 31 Jan"),
    HolidayExtension("US", 2023, (11, 1), (12, 31), (1, 31),
                     "[S30] eseller365.com: 2023 extended holiday returns, shipped 1 Nov–31 Dec → 31 Jan"),
    HolidayExtension("AU", 2021, (10, 1), (12, 31), (1, 31),
                     "[S31] sellercentral.amazon.com.au G201722240: 2021 season from 1 Oct → 31 Jan "
                     "(end of ship period assumed 31 Dec)"),
    HolidayExtension("AU", 2025, (11, 1), (12, 31), (1, 31),
                     "[S31] returnpolicies.info (Amazon AU 2025): shipped 1 Nov–31 Dec → 31 Jan"),
    HolidayExtension("DE", None, (11, 1), (12, 31), (1, 31),
                     "[S37] profiwebdesign.de: amazon.de shipped 1 Nov–31 Dec → 31 Jan (every year assumed: "
                     "source gives no year)"),
)  # fmt: skip


def holiday_extension(marketplace: str, shipped_on: date) -> HolidayExtension | None:
    """The known holiday extension covering an item shipped on ``shipped_on`` (a year-specific one first)."""
    code = marketplace_info(marketplace).code
    found = [e for e in HOLIDAY_EXTENSIONS if e.marketplace == code and e.applies(shipped_on)]
    found.sort(key=lambda e: e.season is None)
    return found[0] if found else None


def return_window_end(
    marketplace: str, delivered_at: datetime, shipped_at: datetime, window_hours: int = 30 * _DAY
) -> datetime:
    """When the buyer's return window closes: ``window_hours`` after delivery, or the holiday extension's
    return-by date (end of that local day, 23:59:59) when the item was shipped in an extension period and
    that is later. Aware UTC."""
    require_aware(delivered_at)
    require_aware(shipped_at)
    normal = delivered_at.astimezone(UTC) + timedelta(hours=window_hours)
    zone = ZoneInfo(marketplace_info(marketplace).timezone)
    shipped_on = shipped_at.astimezone(zone).date()
    extension = holiday_extension(marketplace, shipped_on)
    if extension is None:
        return normal
    end_of_day = datetime.combine(extension.return_by_date(shipped_on), time(23, 59, 59), tzinfo=zone)
    return max(normal, end_of_day.astimezone(UTC))
