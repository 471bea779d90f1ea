"""The sandbox's ground truth: what "Amazon" knows about the three demo sellers, built from the generator.

The world is the generator's data set for ``(seed, cases, now)`` — the same orders, items and cases the
demo seeder writes — plus everything Amazon would derive from it: financial events, settlement periods
(financial event groups), and the mutable state of the APIs (reports, feeds, documents, accepted refunds).

Laziness and scale
------------------
The generator is built from independent blocks of :data:`~.generator.BLOCK_CASES` cases. The world
builds a block only when a request needs it (or when :meth:`World.prefetch` walks them in the
background) and keeps its financial events pre-serialised (JSON text per event, sorted by PostedDate per
region), so a page of 100 events is a bisect plus a string join. Order ids are inverted to their block
(:func:`~.generator.order_block`), so ``getOrder`` / ``listFinancialEventsByOrderId`` / the refund feed
touch one block. Pages of ``listFinancialEvents`` walk the blocks in order (NextToken = block + offset), so
events are ordered by PostedDate *within* a block, not across the whole result — Amazon promises no
order either — and a page can come back empty with a NextToken (as Amazon's docs warn).

Financial events per case (the mapping the app relies on to tie an event to the seeded case)
---------------------------------------------------------------------------------------------
Only things that *happened* before ``now`` produce events; their PostedDate is the time of the case's
timeline transition that made them happen.

=====================  ===============================================  ======================================
case kind              event (list) and when                            id carrying the case's ``source_ref``
=====================  ===============================================  ======================================
(every order)          ``ShipmentEventList``, when shipped              ``AmazonOrderId`` / ``OrderItemId``
refund                 ``RefundEventList``, at the transition to        ``ShipmentItemAdjustmentList[0]
                       ``refunded``                                     .OrderAdjustmentItemId``
A-to-z claim           ``GuaranteeClaimEventList``, at ``lost`` or      ``…OrderAdjustmentItemId``
                       ``refunded`` (the claim was granted)
chargeback             ``ChargebackEventList``, at ``lost``/``refunded`` ``…OrderAdjustmentItemId``
SAFE-T claim           ``SAFETReimbursementEventList``, at ``won``      ``SAFETClaimId``
FBA reimbursement      ``AdjustmentEventList``, at ``won``              ``AdjustmentItemList[0].TransactionNumber``
return request         none (returns appear in the returns reports)     ``Amazon RMA ID`` column (MFN report)
=====================  ===============================================  ======================================

Refunds the app submits through ``POST_PAYMENT_ADJUSTMENT_DATA`` are kept in :attr:`World.adjustments`
(one :class:`AcceptedAdjustment` per ``MerchantAdjustmentItemID``) and become ``RefundEventList`` entries
posted when the feed finishes processing. Their ``OrderAdjustmentItemId`` is the ``source_ref`` of the
open refund case on that order item that has no refund event yet (so a refund submitted for a seeded
case shows up under that case's id); otherwise a fresh 14-digit id derived from the adjustment.

Signs follow the seller's account: charges in a ShipmentEvent are positive, fees negative; in refund,
claim and chargeback events the charge adjustments are negative (a restocking fee kept is positive), the
commission reversal positive and ``RefundCommission`` negative.

Settlement periods: 14 days per (region, currency), anchored at :data:`SETTLEMENT_EPOCH`; the
``FinancialEventGroupId`` of a period is its ``settlement-id``.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ..domain.cases import CaseKind, CaseState
from ..domain.marketplaces import MARKETPLACES, Region
from ..domain.money import CURRENCY_EXPONENT
from .clock import ScaledClock
from .generator import (
    BLOCK_CASES,
    REGION_MARKETPLACES,
    CaseRecord,
    Chunk,
    ItemRecord,
    OrderRecord,
    generate_block,
    order_block,
)

# One sandbox seller per region; the ids match services/demo.py (DEMO_ACCOUNTS) so a synced store lines up.
SELLER_IDS: dict[Region, str] = {
    Region.NA: "ADEMONA0SANDBOX",
    Region.EU: "ADEMOEU0SANDBOX",
    Region.FE: "ADEMOFE0SANDBOX",
}
AWS_REGIONS = {Region.NA: "us-east-1", Region.EU: "eu-west-1", Region.FE: "us-west-2"}
SETTLEMENT_EPOCH = datetime(2020, 1, 2, tzinfo=UTC)
SETTLEMENT_DAYS = 14
_REGION_HOUR = {Region.NA: 7, Region.EU: 1, Region.FE: 15}  # settlements do not close at midnight
ORDER_LIST_NAMES = ("ShipmentEventList", "RefundEventList", "GuaranteeClaimEventList", "ChargebackEventList")
REIMBURSEMENT_TYPES = {
    "CustomerReturn": "REVERSAL_REIMBURSEMENT",
    "CustomerServiceIssue": "CS_ERROR_ITEMS",
    "Damaged_Warehouse": "WAREHOUSE_DAMAGE",
    "Lost_Warehouse": "WAREHOUSE_LOST",
}
_CHARGE_TYPES = {"Principal": "Principal", "Tax": "Tax", "Shipping": "ShippingCharge", "RestockingFee": "RestockingFee"}


def marketplace_name(code: str) -> str:
    """Finances' MarketplaceName, e.g. ``Amazon.de``, ``Amazon.co.uk``, ``Amazon.com``."""
    return "A" + MARKETPLACES[code].domain[1:]


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ts(ts: float) -> str:
    return iso(datetime.fromtimestamp(ts, UTC))


def exponent(currency: str) -> int:
    return CURRENCY_EXPONENT.get(currency, 2)


def quantize(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-exponent(currency)), rounding=ROUND_HALF_UP)


def money(amount: Decimal, currency: str) -> dict:
    """A Finances ``Currency`` object (CurrencyAmount is a JSON number)."""
    value = float(amount)
    return {"CurrencyCode": currency, "CurrencyAmount": value if value else 0.0}


@dataclass(frozen=True)
class Account:
    region: Region
    selling_partner_id: str
    marketplaces: tuple[str, ...]  # our codes (UK, not GB)
    refresh_token: str

    @property
    def marketplace_ids(self) -> tuple[str, ...]:
        return tuple(MARKETPLACES[code].amazon_id for code in self.marketplaces)

    @property
    def currencies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(MARKETPLACES[code].currency for code in self.marketplaces))

    def as_json(self) -> dict:
        return {
            "selling_partner_id": self.selling_partner_id,
            "region": self.region.value,
            "marketplaces": [
                {"code": code, "marketplace_id": MARKETPLACES[code].amazon_id} for code in self.marketplaces
            ],
            "refresh_token": self.refresh_token,
        }


@dataclass(slots=True)
class FinEvent:
    """One financial event. ``body`` is its JSON text as the API returns it inside ``list_name``."""

    ts: float  # PostedDate, epoch seconds
    list_name: str
    region: Region
    marketplace: str
    currency: str
    total: Decimal  # net effect on the seller's balance
    order_id: str | None
    order_item_id: str | None
    ref: str | None  # case source_ref / adjustment id / claim id (see the module docstring)
    kind: CaseKind | None  # the case kind behind it (None for shipments and ad-hoc refunds)
    body: str
    refunded: Decimal = Decimal(0)  # what the buyer got back for the item (refunds, claims, chargebacks)

    @property
    def data(self) -> dict:
        return json.loads(self.body)


@dataclass
class BlockData:
    """A block's financial events (kept for the life of the world: about 1 kB per event)."""

    index: int
    fin: dict[Region, list[FinEvent]]
    fin_ts: dict[Region, list[float]]
    by_order: dict[str, list[FinEvent]]


@dataclass
class ChunkData:
    """A block's generated records (kept in a small LRU cache; rebuilt from the seed when evicted)."""

    chunk: Chunk
    order_pos: dict[str, int]
    cases_by_order: dict[str, list[CaseRecord]]


@dataclass
class AcceptedAdjustment:
    """A refund accepted from a POST_PAYMENT_ADJUSTMENT_DATA feed (exactly one per MerchantAdjustmentItemID)."""

    merchant_adjustment_item_id: str
    feed_id: str
    message_id: int
    account: str  # selling partner id
    amazon_order_id: str
    order_item_id: str
    adjustment_reason: str
    components: dict[str, Decimal]  # feed component type → amount refunded to the buyer (deductions negative)
    currency: str
    amount: Decimal  # net refunded to the buyer
    posted_at: datetime
    order_adjustment_item_id: str
    case_source_ref: str | None  # the seeded refund case it settles, if any


@dataclass
class SettlementPeriod:
    settlement_id: str
    region: Region
    currency: str
    start: datetime
    end: datetime

    @property
    def deposit_date(self) -> datetime:
        return self.end + timedelta(days=1, hours=2)


@dataclass
class StoredReport:
    report_id: str
    report_type: str
    account: str
    marketplace_ids: list[str]
    created: datetime
    data_start: datetime | None = None
    data_end: datetime | None = None
    document_id: str | None = None
    cancelled: bool = False
    fatal: bool = False
    settlement: SettlementPeriod | None = None


@dataclass
class StoredFeed:
    feed_id: str
    feed_type: str
    account: str
    marketplace_ids: list[str]
    created: datetime
    input_document_id: str
    result_document_id: str | None = None
    cancelled: bool = False
    results: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)


@dataclass
class StoredDocument:
    document_id: str
    content_type: str = "text/plain"
    data: bytes | None = None  # raw (uncompressed) content; None until uploaded / built
    compressed: bool = False
    builder: object = None  # callable producing ``data`` on first download (reports)
    account: str = ""


def _digits(*parts, n: int) -> str:
    value = int.from_bytes(hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).digest(), "big")
    return str(10 ** (n - 1) + value % (9 * 10 ** (n - 1)))


class World:
    """Ground truth for one sandbox. Thread-safe; blocks are built on first use and cached."""

    def __init__(
        self,
        seed: int = 42,
        cases: int = 2000,
        now: datetime | None = None,
        clock: ScaledClock | None = None,
        *,
        cache_chunks: int = 12,
    ) -> None:
        if cases < 0:
            raise ValueError("cases must be ≥ 0")
        now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.seed = seed
        self.cases = cases
        self.now0 = now
        self.clock = clock or ScaledClock(1.0, start=now)
        self.n_blocks = (cases + BLOCK_CASES - 1) // BLOCK_CASES
        self.accounts: dict[Region, Account] = {
            region: Account(
                region,
                SELLER_IDS[region],
                REGION_MARKETPLACES[region],
                "Atzr|IwEBsandbox-" + region.value + "-" + hashlib.sha256(f"{seed}|{region}".encode()).hexdigest()[:40],
            )
            for region in (Region.NA, Region.EU, Region.FE)
        }
        self.by_seller = {a.selling_partner_id: a for a in self.accounts.values()}
        self._cache_chunks = max(1, cache_chunks)
        self._blocks: dict[int, BlockData] = {}
        self._chunks: OrderedDict[int, ChunkData] = OrderedDict()
        self._block_locks = [threading.Lock() for _ in range(self.n_blocks)]
        self._lock = threading.RLock()
        self._live: dict[Region, list[FinEvent]] = {r: [] for r in self.accounts}
        self._live_ts: dict[Region, list[float]] = {r: [] for r in self.accounts}
        self.adjustments: dict[str, AcceptedAdjustment] = {}
        self._settled_refs: set[str] = set()
        self.reports: dict[str, StoredReport] = {}
        self.feeds: dict[str, StoredFeed] = {}
        self.documents: dict[str, StoredDocument] = {}
        self._serial = 0
        self._prefetch: threading.Thread | None = None
        self._stop = threading.Event()

    # -- time ------------------------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The simulated now (the scaled clock)."""
        return self.clock.now()

    def next_serial(self) -> int:
        with self._lock:
            self._serial += 1
            return self._serial

    # -- blocks ----------------------------------------------------------------------------------------------
    def block_cases(self, index: int) -> int:
        return min(BLOCK_CASES, self.cases - index * BLOCK_CASES)

    def is_built(self, index: int) -> bool:
        return index in self._blocks

    def block(self, index: int) -> BlockData:
        data = self._blocks.get(index)
        if data is not None:
            return data
        with self._block_locks[index]:
            data = self._blocks.get(index)
            if data is None:
                data = self._build_block(self.chunk(index))
                self._blocks[index] = data
        return data

    def chunk(self, index: int) -> ChunkData:
        """The generated records of block ``index`` (cached; regenerated deterministically after eviction)."""
        with self._lock:
            data = self._chunks.get(index)
            if data is not None:
                self._chunks.move_to_end(index)
                return data
        chunk = generate_block(self.seed, index, self.now0, self.block_cases(index))
        cases_by_order: dict[str, list[CaseRecord]] = {}
        for case in chunk.cases:
            cases_by_order.setdefault(case.amazon_order_id, []).append(case)
        data = ChunkData(chunk, {o.amazon_order_id: i for i, o in enumerate(chunk.orders)}, cases_by_order)
        with self._lock:
            self._chunks[index] = data
            while len(self._chunks) > self._cache_chunks:
                self._chunks.popitem(last=False)
        return data

    def prefetch(self) -> None:
        """Build every block in a background thread (the server starts it; requests never wait for it)."""
        if self._prefetch is None and self.n_blocks > 1:
            self._prefetch = threading.Thread(target=self._prefetch_all, name="sandbox-prefetch", daemon=True)
            self._prefetch.start()

    def _prefetch_all(self) -> None:
        for index in range(self.n_blocks):
            if self._stop.is_set():
                return
            self.block(index)

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait for :meth:`prefetch` to finish (benchmarks: time the client, not the world build)."""
        thread = self._prefetch
        if thread is None:
            for index in range(self.n_blocks):
                self.block(index)
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def close(self) -> None:
        self._stop.set()

    def _build_block(self, cdata: ChunkData) -> BlockData:
        chunk = cdata.chunk
        transitions: dict[int, dict[str, datetime]] = {}
        for event in chunk.events:
            if event.kind == "state_changed":
                transitions.setdefault(event.case_index, {}).setdefault(event.data["to"], event.at)
        events: list[FinEvent] = []
        items_of: dict[int, list[ItemRecord]] = {}
        for item in chunk.items:
            items_of.setdefault(item.order_index, []).append(item)
        for i, order in enumerate(chunk.orders):
            events.append(_shipment_event(order, items_of.get(i, [])))
        for ci, case in enumerate(chunk.cases):
            event = _case_event(case, chunk.orders[case.order_index], chunk.items[case.item_index], transitions.get(ci))
            if event is not None:
                events.append(event)
        fin: dict[Region, list[FinEvent]] = {r: [] for r in self.accounts}
        by_order: dict[str, list[FinEvent]] = {}
        for event in sorted(events, key=lambda e: e.ts):
            fin[event.region].append(event)
            if event.order_id:
                by_order.setdefault(event.order_id, []).append(event)
        fin_ts = {r: [e.ts for e in lst] for r, lst in fin.items()}
        return BlockData(chunk.index, fin, fin_ts, by_order)

    def iter_blocks(self) -> Iterator[BlockData]:
        for index in range(self.n_blocks):
            yield self.block(index)

    # -- ground truth for tests ------------------------------------------------------------------------------
    def orders(self) -> Iterator[OrderRecord]:
        for index in range(self.n_blocks):
            yield from self.chunk(index).chunk.orders

    def items(self) -> Iterator[ItemRecord]:
        for index in range(self.n_blocks):
            yield from self.chunk(index).chunk.items

    def all_cases(self) -> Iterator[CaseRecord]:
        for index in range(self.n_blocks):
            yield from self.chunk(index).chunk.cases

    def case(self, source_ref: str) -> CaseRecord | None:
        return next((c for c in self.all_cases() if c.source_ref == source_ref), None)

    def financial_events(self, region: Region | None = None) -> list[FinEvent]:
        """Every financial event (generated and live), per region or all, in page order."""
        regions = [region] if region else list(self.accounts)
        out: list[FinEvent] = []
        for r in regions:
            for data in self.iter_blocks():
                out.extend(data.fin[r])
            with self._lock:
                out.extend(self._live[r])
        return out

    def event_for_ref(self, ref: str) -> FinEvent | None:
        """The financial event carrying a case's ``source_ref`` (see the mapping table above)."""
        for event in self.financial_events():
            if event.ref == ref:
                return event
        return None

    def event_for_order_ref(self, amazon_order_id: str, ref: str) -> FinEvent | None:
        """Like :meth:`event_for_ref` but only looks at one order's events (one block: fast)."""
        return next((e for e in self.order_events(amazon_order_id) if e.ref == ref), None)

    def find_order(self, amazon_order_id: str) -> tuple[OrderRecord, list[ItemRecord], list[CaseRecord]] | None:
        index = order_block(self.seed, amazon_order_id)
        if index is None or index >= self.n_blocks:
            return None
        data = self.chunk(index)
        pos = data.order_pos.get(amazon_order_id)
        if pos is None:
            return None
        order = data.chunk.orders[pos]
        items = [item for item in data.chunk.items if item.order_index == pos]
        return order, items, data.cases_by_order.get(amazon_order_id, [])

    def order_events(self, amazon_order_id: str) -> list[FinEvent]:
        index = order_block(self.seed, amazon_order_id)
        out: list[FinEvent] = []
        if index is not None and index < self.n_blocks:
            out.extend(self.block(index).by_order.get(amazon_order_id, []))
        with self._lock:
            for lst in self._live.values():
                out.extend(e for e in lst if e.order_id == amazon_order_id)
        return out

    # -- pages -----------------------------------------------------------------------------------------------
    def live(self, region: Region) -> tuple[list[FinEvent], list[float]]:
        with self._lock:
            return list(self._live[region]), list(self._live_ts[region])

    def add_live_event(self, event: FinEvent) -> None:
        with self._lock:
            lst, ts = self._live[event.region], self._live_ts[event.region]
            pos = bisect.bisect_right(ts, event.ts)
            lst.insert(pos, event)
            ts.insert(pos, event.ts)

    # -- refunds from feeds ----------------------------------------------------------------------------------
    def refunded_so_far(self, amazon_order_id: str, order_item_id: str) -> Decimal:
        return sum(
            (e.refunded for e in self.order_events(amazon_order_id) if e.order_item_id == order_item_id),
            Decimal(0),
        )

    def accept_refund(self, adjustment: AcceptedAdjustment, cases: list[CaseRecord], order: OrderRecord,
                      item: ItemRecord) -> AcceptedAdjustment:  # fmt: skip
        """Record an accepted refund (caller checked uniqueness under :attr:`lock`) and post its event."""
        with self._lock:
            ref = None
            refunded_refs = {
                e.ref for e in self.order_events(order.amazon_order_id) if e.list_name == "RefundEventList"
            }
            for case in cases:
                if (
                    case.kind is CaseKind.REFUND
                    and case.order_item_id == item.order_item_id
                    and case.source_ref not in refunded_refs
                    and case.source_ref not in self._settled_refs
                ):
                    ref = case.source_ref
                    break
            adjustment.case_source_ref = ref
            adjustment.order_adjustment_item_id = ref or _digits(
                self.seed, "adj", adjustment.merchant_adjustment_item_id, n=14
            )
            if ref:
                self._settled_refs.add(ref)
            self.adjustments[adjustment.merchant_adjustment_item_id] = adjustment
            breakdown = {}
            for ctype, amount in adjustment.components.items():
                key = {"Shipping": "Shipping", "Principal": "Principal", "Tax": "Tax"}.get(ctype, ctype)
                breakdown[key] = breakdown.get(key, Decimal(0)) + amount
            event = _refund_like(
                "RefundEventList",
                order,
                item,
                adjustment.order_adjustment_item_id,
                breakdown,
                adjustment.posted_at,
                CaseKind.REFUND if ref else None,
                quantity=1,
            )
            self.add_live_event(event)
        return adjustment

    @property
    def lock(self) -> threading.RLock:
        return self._lock

    # -- settlements -----------------------------------------------------------------------------------------
    def settlement_periods(self, region: Region, until: datetime | None = None) -> list[SettlementPeriod]:
        """Periods from the oldest generated activity up to the one containing ``until`` (default: now)."""
        until = until or self.now()
        first = self.now0 - timedelta(days=200)
        offset = timedelta(hours=_REGION_HOUR[region])
        k0 = int((first - SETTLEMENT_EPOCH - offset).total_seconds() // (SETTLEMENT_DAYS * 86400))
        k1 = int((until - SETTLEMENT_EPOCH - offset).total_seconds() // (SETTLEMENT_DAYS * 86400))
        out = []
        for k in range(k0, k1 + 1):
            start = SETTLEMENT_EPOCH + offset + timedelta(days=SETTLEMENT_DAYS * k)
            for currency in self.accounts[region].currencies:
                out.append(
                    SettlementPeriod(
                        _digits(self.seed, region.value, currency, k, n=11),
                        region,
                        currency,
                        start,
                        start + timedelta(days=SETTLEMENT_DAYS),
                    )
                )
        return out

    def period_events(self, period: SettlementPeriod) -> list[FinEvent]:
        lo, hi = period.start.timestamp(), period.end.timestamp()
        out: list[FinEvent] = []
        blocks = [(d.fin[period.region], d.fin_ts[period.region]) for d in self.iter_blocks()]
        blocks.append(self.live(period.region))
        for events, ts in blocks:
            a, b = bisect.bisect_left(ts, lo), bisect.bisect_left(ts, hi)
            out.extend(e for e in events[a:b] if e.currency == period.currency)
        return out

    def find_period(self, settlement_id: str) -> SettlementPeriod | None:
        for region in self.accounts:
            for period in self.settlement_periods(region):
                if period.settlement_id == settlement_id:
                    return period
        return None


# ---------------------------------------------------------------------------------------------------------------
# Event builders
# ---------------------------------------------------------------------------------------------------------------


def _charge(ctype: str, amount: Decimal, currency: str) -> dict:
    return {"ChargeType": ctype, "ChargeAmount": money(amount, currency)}


def _fee(ftype: str, amount: Decimal, currency: str) -> dict:
    return {"FeeType": ftype, "FeeAmount": money(amount, currency)}


def _shipped_at(order: OrderRecord) -> datetime:
    span = order.delivered_at - order.purchase_date
    return order.purchase_date + min(span / 3, timedelta(days=1))


def _shipment_event(order: OrderRecord, items: list[ItemRecord]) -> FinEvent:
    cur = order.currency
    posted = _shipped_at(order)
    total = Decimal(0)
    rows = []
    for item in items:
        charges = [_charge("Principal", item.item_price, cur)]
        tax = Decimal(0) if item.tax_inclusive else item.item_tax
        charges.append(_charge("Tax", tax, cur))
        if item.shipping_price:
            charges.append(_charge("ShippingCharge", item.shipping_price, cur))
        fees = [_fee("Commission", -item.referral_fee, cur)]
        if item.fba_fee:
            fees.append(_fee("FBAPerUnitFulfillmentFee", -item.fba_fee, cur))
        row = {
            "SellerSKU": item.sku,
            "OrderItemId": item.order_item_id,
            "QuantityShipped": item.quantity,
            "ItemChargeList": charges,
            "ItemFeeList": fees,
        }
        total += item.item_price + tax + item.shipping_price - item.referral_fee - item.fba_fee
        if tax and order.marketplace_code in ("US",):  # marketplace facilitator: Amazon remits the sales tax
            row["ItemTaxWithheldList"] = [
                {
                    "TaxCollectionModel": "MarketplaceFacilitator",
                    "TaxesWithheld": [_charge("MarketplaceFacilitatorTax-Principal", -tax, cur)],
                }
            ]
            total -= tax
        rows.append(row)
    body = {
        "AmazonOrderId": order.amazon_order_id,
        "SellerOrderId": order.amazon_order_id,
        "MarketplaceName": marketplace_name(order.marketplace_code),
        "PostedDate": iso(posted),
        "ShipmentItemList": rows,
    }
    return FinEvent(
        posted.timestamp(), "ShipmentEventList", order.region, order.marketplace_code, cur, total,
        order.amazon_order_id, None, order.amazon_order_id, None, json.dumps(body, separators=(",", ":")),
    )  # fmt: skip


def _refund_like(list_name, order, item, ref, breakdown, posted, kind, quantity) -> FinEvent:
    """A refund / guarantee claim / chargeback ShipmentEvent; ``breakdown`` = what the buyer gets back."""
    cur = order.currency
    charges = []
    seller_total = Decimal(0)
    for key, amount in breakdown.items():
        if not amount:
            continue
        ctype = _CHARGE_TYPES.get(key, key)
        charges.append(_charge(ctype, -amount, cur))
        seller_total -= amount
    principal = breakdown.get("Principal", Decimal(0))
    fees = []
    if item.item_price and principal:
        reversal = quantize(item.referral_fee * principal / item.item_price, cur)
        if reversal:
            fees.append(_fee("Commission", reversal, cur))
            seller_total += reversal
            if list_name == "RefundEventList":
                kept = quantize(reversal * Decimal("0.2"), cur)
                if kept:
                    fees.append(_fee("RefundCommission", -kept, cur))
                    seller_total -= kept
    row = {
        "SellerSKU": item.sku,
        "OrderItemId": item.order_item_id,
        "OrderAdjustmentItemId": ref,
        "QuantityShipped": quantity,
        "ItemChargeAdjustmentList": charges,
    }
    if fees:
        row["ItemFeeAdjustmentList"] = fees
    body = {
        "AmazonOrderId": order.amazon_order_id,
        "SellerOrderId": order.amazon_order_id,
        "MarketplaceName": marketplace_name(order.marketplace_code),
        "PostedDate": iso(posted),
        "ShipmentItemAdjustmentList": [row],
    }
    refunded = sum(breakdown.values(), Decimal(0))
    return FinEvent(
        posted.timestamp(), list_name, order.region, order.marketplace_code, cur, seller_total,
        order.amazon_order_id, item.order_item_id, ref, kind, json.dumps(body, separators=(",", ":")), refunded,
    )  # fmt: skip


def _case_event(case: CaseRecord, order: OrderRecord, item: ItemRecord, moves: dict | None) -> FinEvent | None:
    if not moves:
        return None
    cur = case.currency
    kind = case.kind
    if kind is CaseKind.REFUND:
        at = moves.get(CaseState.REFUNDED.value)
        if at is None:
            return None
        return _refund_like("RefundEventList", order, item, case.source_ref, case.breakdown, at, kind, case.quantity)
    if kind in (CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK):
        at = moves.get(CaseState.LOST.value) or moves.get(CaseState.REFUNDED.value)
        if at is None:
            return None
        name = "GuaranteeClaimEventList" if kind is CaseKind.ATOZ_CLAIM else "ChargebackEventList"
        return _refund_like(name, order, item, case.source_ref, case.breakdown, at, kind, case.quantity)
    if kind is CaseKind.SAFET_CLAIM:
        at = moves.get(CaseState.WON.value)
        if at is None:
            return None
        share = Decimal(str(case.details.get("max_share", 1.0)))
        amount = quantize(case.amount * share, cur)
        body = {
            "PostedDate": iso(at),
            "SAFETClaimId": case.source_ref,
            "ReimbursedAmount": money(amount, cur),
            "ReasonCode": case.reason_code,
            "SAFETReimbursementItemList": [
                {
                    "itemChargeList": [_charge("SAFE-TReimbursement", amount, cur)],
                    "productDescription": item.title,
                    "quantity": str(case.quantity),
                }
            ],
        }
        list_name = "SAFETReimbursementEventList"
    elif kind is CaseKind.REIMBURSEMENT:
        at = moves.get(CaseState.WON.value)
        if at is None:
            return None
        amount = case.amount
        qty = int(case.details.get("quantity_reimbursed", 1))
        body = {
            "AdjustmentType": REIMBURSEMENT_TYPES.get(case.reason_code, "REVERSAL_REIMBURSEMENT"),
            "PostedDate": iso(at),
            "AdjustmentAmount": money(amount, cur),
            "AdjustmentItemList": [
                {
                    "Quantity": str(qty),
                    "PerUnitAmount": money(quantize(amount / qty, cur), cur),
                    "TotalAmount": money(amount, cur),
                    "SellerSKU": item.sku,
                    "FnSKU": item.fnsku,
                    "ProductDescription": item.title,
                    "ASIN": item.asin,
                    "TransactionNumber": case.source_ref,
                }
            ],
        }
        list_name = "AdjustmentEventList"
    else:
        return None
    return FinEvent(
        at.timestamp(), list_name, case.region, case.marketplace_code, cur, amount, case.amazon_order_id,
        case.order_item_id, case.source_ref, kind, json.dumps(body, separators=(",", ":")),
    )  # fmt: skip
