"""Deterministic synthetic Amazon data: orders, order items, cases and case timelines.

Everything comes from ``random.Random`` instances derived from the seed (never the global random
state) and from ``now`` (the wall clock only when ``now`` is not given), so the same seed and the same
``now`` always give the same records, whatever the chunk size.

Layout of the stream
--------------------
* Cases are made in **blocks** of :data:`BLOCK_CASES`; each block has its own RNG, seeded from
  ``(seed, block index)``, so any block can be rebuilt on its own (the sandbox SP-API server will page
  through it) and the output for ``cases=n`` is a prefix of the output for ``cases=m > n``.
* A block is a run of **stories**: one order (1–3 items) and the 1–3 cases that happen to it, e.g.
  return request → refund → SAFE-T claim. The last story of a block is cut at the block boundary.
* :func:`generate` hands the stories out in :class:`Chunk` objects of at most ``chunk_size`` cases. A
  chunk never splits a story, so every case's order is in the same chunk as the case.

Identity versus time
--------------------
Ids (Amazon order ids, order item ids, ``source_ref``), marketplaces, products, kinds, reasons and
amounts depend only on the seed. ``now`` only moves the timeline and so the states (what is still open
or overdue "today"). Every story draws a fixed number of random values whatever ``now`` is, which is
what makes that true; the demo seeder relies on it to resume a seed idempotently.

Ids are unique by construction: each comes from a running serial through a bijection (an affine map
modulo the id space), so a million cases never collide and no set of used ids is kept in memory.

No buyer names, addresses, e-mails or phone numbers are generated: a buyer is an opaque alias.
This module imports no database code; records are plain dataclasses.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from ..domain.cases import CaseKind, CaseState
from ..domain.deadlines import default_deadline
from ..domain.marketplaces import MARKETPLACES, Region
from ..domain.money import CURRENCY_EXPONENT

BLOCK_CASES = 1000
HISTORY_DAYS = 120  # purchase dates spread over this many days before ``now``
DEMO_SOURCE = "demo"

DAY = 86_400
HOUR = 3_600

# ---------------------------------------------------------------------------------------------------------------
# Marketplaces: share of orders, share fulfilled by Amazon (AFN), tax, order-id prefixes, ship country, carriers
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarketProfile:
    code: str
    weight: float
    afn_share: float
    tax_inclusive: bool  # EU/UK/JP/AU prices include VAT/GST/JCT; US/CA tax is added on top
    tax_rates: tuple[float, ...]  # one is picked per order (US states, CA provinces)
    price_factor: float  # local gross price = USD list price × factor
    order_prefixes: tuple[str, ...]
    ship_country: str
    carriers: tuple[str, ...]


MARKET_PROFILES: dict[str, MarketProfile] = {
    p.code: p
    for p in (
        MarketProfile(
            "US",
            0.38,
            0.55,
            False,
            (0.0, 0.06, 0.0625, 0.07, 0.0725, 0.0825, 0.08875, 0.095, 0.1025),
            1.0,
            ("111", "112", "113", "114"),
            "US",
            ("USPS", "UPS", "FedEx"),
        ),
        MarketProfile(
            "CA",
            0.06,
            0.45,
            False,
            (0.05, 0.11, 0.13, 0.14975, 0.15),
            1.36,
            ("701", "702"),
            "CA",
            ("Canada Post", "Purolator", "UPS"),
        ),
        MarketProfile(
            "UK",
            0.12,
            0.50,
            True,
            (0.20,),
            0.95,
            ("202", "203", "204", "205", "206"),
            "GB",
            ("Royal Mail", "DPD", "Evri"),
        ),
        MarketProfile(
            "DE", 0.14, 0.55, True, (0.19,), 1.10, ("302", "303", "304", "305", "306"), "DE", ("DHL", "Hermes", "DPD")
        ),
        MarketProfile(
            "FR",
            0.06,
            0.50,
            True,
            (0.20,),
            1.10,
            ("402", "403", "404", "405", "406", "407"),
            "FR",
            ("Colissimo", "Chronopost", "Mondial Relay"),
        ),
        MarketProfile(
            "IT",
            0.05,
            0.50,
            True,
            (0.22,),
            1.10,
            ("402", "403", "404", "405", "406", "407", "408"),
            "IT",
            ("Poste Italiane", "BRT", "GLS"),
        ),
        MarketProfile(
            "ES",
            0.04,
            0.50,
            True,
            (0.21,),
            1.10,
            ("402", "403", "404", "405", "406", "407", "408"),
            "ES",
            ("Correos", "SEUR", "GLS"),
        ),
        MarketProfile(
            "JP", 0.09, 0.60, True, (0.10,), 155.0, ("249", "250", "503"), "JP", ("ヤマト運輸", "佐川急便", "日本郵便")
        ),
        MarketProfile(
            "AU",
            0.06,
            0.40,
            True,
            (0.10,),
            1.60,
            ("249", "250"),
            "AU",
            ("Australia Post", "StarTrack", "CouriersPlease"),
        ),
    )
}
DEMO_MARKETPLACES: tuple[str, ...] = tuple(MARKET_PROFILES)
REGION_MARKETPLACES: dict[Region, tuple[str, ...]] = {
    region: tuple(code for code in DEMO_MARKETPLACES if MARKETPLACES[code].region is region) for region in Region
}

# ---------------------------------------------------------------------------------------------------------------
# The catalogue: plausible products of a Chinese cross-border seller, list price in USD before tax
# ---------------------------------------------------------------------------------------------------------------

# category | code | title | USD list price | referral fee rate | FBA fee (USD) | variants
_CATALOGUE_TABLE = """
Electronics | EL | USB C Charger 65W GaN Fast Wall Charger, 3-Port | 29.99 | 0.08 | 4.12 | White, Black
Electronics | EL | Wireless Earbuds Bluetooth 5.3 with Charging Case | 39.99 | 0.08 | 4.35 | Black, White
Electronics | EL | Magnetic Phone Case for iPhone 15, Shockproof | 15.99 | 0.15 | 3.22 | Black, Navy Blue, Clear
Electronics | EL | Braided USB-C to USB-C Cable 2m, 2-Pack | 12.99 | 0.15 | 3.06 | Grey
Electronics | EL | Portable Power Bank 20000mAh, PD 22.5W Fast Charging | 32.99 | 0.08 | 4.75 | Black, Blue
Electronics | EL | Smart LED Strip Lights 10m, App Control, RGB Music Sync | 24.99 | 0.15 | 4.08 | RGB
Electronics | EL | 1080p Webcam with Microphone and Privacy Cover | 35.99 | 0.08 | 4.30 | Black
Electronics | EL | Mechanical Gaming Keyboard, Hot-Swap, RGB | 59.99 | 0.08 | 6.10 | Red Switch, Brown Switch
Home & Kitchen | HK | Stainless Steel Electric Kettle 1.7L, Auto Shut-Off | 34.99 | 0.15 | 6.45 | Silver
Home & Kitchen | HK | Silicone Kitchen Utensil Set, 12 Pieces, Heat Resistant | 25.99 | 0.15 | 5.20 | Grey, Green
Home & Kitchen | HK | Vacuum Insulated Water Bottle 750ml, BPA-Free | 19.99 | 0.15 | 4.40 | Black, Sage, Pink
Home & Kitchen | HK | Digital Kitchen Scale 5kg with Tare Function | 14.99 | 0.15 | 3.86 | Black
Home & Kitchen | HK | Air Fryer Liners, 100 Pcs Disposable Parchment Paper | 9.99 | 0.15 | 3.22 | Round
Home & Kitchen | HK | Memory Foam Pillow, Contour Cervical Support | 39.99 | 0.15 | 7.25 | Standard
Sports & Outdoors | SP | Non-Slip Yoga Mat 6mm with Carry Strap | 27.99 | 0.15 | 6.05 | Purple, Black, Teal
Sports & Outdoors | SP | Adjustable Resistance Bands Set, 5 Levels | 18.99 | 0.15 | 3.95 | Multicolour
Sports & Outdoors | SP | Rechargeable LED Camping Lantern, 4 Light Modes | 22.99 | 0.15 | 4.60 | Black
Sports & Outdoors | SP | Bike Phone Mount, 360° Rotation, Aluminium | 16.99 | 0.15 | 3.70 | Black
Toys & Games | TY | Magnetic Building Tiles 64 Pcs for Kids | 45.99 | 0.15 | 7.80 | Rainbow
Toys & Games | TY | Remote Control Car 1:16 Off-Road, 2.4GHz, 2 Batteries | 49.99 | 0.15 | 7.95 | Red, Blue
Toys & Games | TY | Kids Drawing Tablet 10 Inch LCD Writing Board | 13.99 | 0.15 | 3.40 | Blue, Pink
Beauty | BT | Ionic Hair Dryer 1800W with Diffuser | 42.99 | 0.15 | 6.30 | Black, Rose Gold
Beauty | BT | Sonic Electric Toothbrush with 8 Brush Heads, 5 Modes | 29.99 | 0.15 | 4.25 | White, Black
Beauty | BT | Makeup Brush Set 14 Pcs, Synthetic Bristles | 15.99 | 0.15 | 3.55 | Champagne
Pet Supplies | PT | Automatic Pet Feeder 4L with Timer | 59.99 | 0.15 | 8.40 | White
Pet Supplies | PT | No-Pull Dog Harness, Reflective, Adjustable | 21.99 | 0.15 | 4.10 | S, M, L
Pet Supplies | PT | Cat Water Fountain 2.5L, Ultra Quiet Pump | 27.99 | 0.15 | 5.35 | White
Office Products | OF | Ergonomic Laptop Stand, Aluminium, Adjustable Height | 31.99 | 0.15 | 5.60 | Silver, Space Grey
Office Products | OF | Bamboo Desk Organizer with Drawer | 23.99 | 0.15 | 5.05 | Natural
Automotive | AU | Car Phone Holder for Dashboard and Windshield | 17.99 | 0.12 | 3.80 | Black
Automotive | AU | Portable Tyre Inflator Air Compressor 150 PSI | 44.99 | 0.12 | 6.20 | Black
Automotive | AU | Dash Cam 1080p Front and Rear, Night Vision | 69.99 | 0.12 | 5.90 | Black
Clothing | CL | Men's Lightweight Rain Jacket, Waterproof, Packable | 45.99 | 0.17 | 5.10 | Navy M, Navy L, Black XL
Clothing | CL | Women's Running Shoes, Breathable Mesh | 49.99 | 0.17 | 5.75 | Size 7, Size 8, Size 9
"""


def _catalogue_rows():
    for line in _CATALOGUE_TABLE.strip().splitlines():
        category, code, title, usd, referral, fba, variants = (part.strip() for part in line.split(" | "))
        yield category, code, title, usd, float(referral), fba, tuple(v.strip() for v in variants.split(","))


_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    asin: str
    fnsku: str
    title: str
    category: str
    referral_rate: float
    # per marketplace: gross unit price (what the buyer sees) and FBA fee, in minor units of the local currency
    prices: dict[str, int]
    fba_fees: dict[str, int]


def _exp(currency: str) -> int:
    return CURRENCY_EXPONENT.get(currency, 2)


def _price_point(value: float, currency: str) -> int:
    """A shop-like price in minor units from a value in major units: x.99 for cent currencies, ¥x,x80 for yen."""
    if _exp(currency) == 0:
        return max(180, round(value / 100.0) * 100 - 20)
    return max(99, int(value) * 100 + 99)


def _stable_code(text: str, alphabet: str, length: int) -> str:
    digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=16).digest(), "big")
    chars = []
    for _ in range(length):
        digest, rem = divmod(digest, len(alphabet))
        chars.append(alphabet[rem])
    return "".join(chars)


def _build_catalogue() -> tuple[Product, ...]:
    products = []
    per_code: dict[str, int] = {}
    for category, code, title, usd, referral, fba_usd, variants in _catalogue_rows():
        per_code[code] = per_code.get(code, 0) + 1
        for variant in variants:
            tag = "".join(ch for ch in variant.upper() if ch.isalnum())[:5]
            sku = f"ACN-{code}-{per_code[code]:03d}-{tag}"
            prices, fees = {}, {}
            for mkt, profile in MARKET_PROFILES.items():
                currency = MARKETPLACES[mkt].currency
                prices[mkt] = _price_point(float(usd) * profile.price_factor, currency)
                fee = float(fba_usd) * profile.price_factor * (100 if _exp(currency) == 2 else 1)
                fees[mkt] = round(fee)
            products.append(
                Product(
                    sku=sku,
                    asin="B0" + _stable_code("asin:" + sku, _ALNUM, 8),
                    fnsku="X00" + _stable_code("fnsku:" + sku, _ALNUM, 7),
                    title=f"{title}, {variant}" if variant not in title else title,
                    category=category,
                    referral_rate=referral,
                    prices=prices,
                    fba_fees=fees,
                )
            )
    return tuple(products)


CATALOGUE: tuple[Product, ...] = _build_catalogue()

# ---------------------------------------------------------------------------------------------------------------
# Reasons per case kind: (code, Chinese, English, weight, seller at fault)
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    zh: str
    en: str
    weight: float
    seller_fault: bool

    @property
    def text(self) -> str:
        return f"{self.zh}({self.en})"


_R = Reason
REASONS: dict[CaseKind, tuple[Reason, ...]] = {
    CaseKind.RETURN_REQUEST: (
        _R("DEFECTIVE", "商品有缺陷或无法使用", "Item defective or doesn't work", 0.22, True),
        _R("NOT_AS_DESCRIBED", "商品与网站描述不符", "Not as described on the website", 0.11, True),
        _R("SWITCHEROO", "收到的商品与订购的不同", "Wrong item was sent", 0.05, True),
        _R("NO_LONGER_NEEDED", "不再需要", "No longer needed", 0.18, False),
        _R("ORDERED_WRONG_ITEM", "买家下错了单", "Bought by mistake", 0.09, False),
        _R("DAMAGED_BY_CARRIER", "商品在运输中损坏", "Item arrived damaged in transit", 0.08, True),
        _R("MISSING_PARTS", "缺少零件或配件", "Missing parts or accessories", 0.06, True),
        _R("QUALITY_UNACCEPTABLE", "性能或质量不达预期", "Performance or quality not adequate", 0.09, True),
        _R("NOT_COMPATIBLE", "不兼容或不适合预期用途", "Incompatible or not useful for intended purpose", 0.05, False),
        _R("FOUND_BETTER_PRICE", "找到更低价格", "Better price available", 0.03, False),
        _R("MISSED_ESTIMATED_DELIVERY", "送达太晚", "Item arrived too late", 0.04, True),
    ),
    CaseKind.REFUND: (  # AdjustmentReason values of POST_PAYMENT_ADJUSTMENT_DATA
        _R("CustomerReturn", "买家退货退款", "Customer return", 0.0, False),  # only after a return
        _R("GeneralAdjustment", "部分退款(协商补偿)", "Partial refund (goodwill)", 0.30, True),
        _R("CustomerCancel", "买家取消订单", "Customer cancelled", 0.14, False),
        _R("NoInventory", "缺货无法发货", "No inventory", 0.08, True),
        _R("CouldNotShip", "无法配送", "Could not ship", 0.08, True),
        _R("PriceError", "价格错误", "Pricing error", 0.07, True),
        _R("DifferentItem", "发错商品", "Different item sent", 0.08, True),
        _R("Undeliverable", "包裹无法投递,已退回", "Undeliverable, returned to sender", 0.15, False),
        _R("CarrierCreditDecision", "承运商赔付决定", "Carrier credit decision", 0.10, True),
    ),
    CaseKind.ATOZ_CLAIM: (
        _R("ITEM_NOT_RECEIVED", "买家未收到商品", "Item not received", 0.50, True),
        _R(
            "NOT_AS_DESCRIBED",
            "商品损坏、有缺陷或与描述严重不符",
            "Damaged, defective or materially different",
            0.20,
            True,
        ),
        _R("RETURNED_NOT_REFUNDED", "已退货但未退款", "Returned but not refunded", 0.12, True),
        _R("RETURN_REFUSED", "卖家拒绝符合政策的退货", "Seller refused an in-policy return", 0.08, True),
        _R("CUSTOMS_CHARGES", "买家被收取额外关税", "Unexpected customs charges", 0.05, True),
        _R("REPLACEMENT_NOT_RECEIVED", "未收到补发商品", "Replacement not received", 0.05, True),
    ),
    CaseKind.CHARGEBACK: (
        _R("UNAUTHORIZED_PURCHASE", "持卡人称未授权该交易", "Unauthorized purchase", 0.35, False),
        _R("ITEM_NOT_RECEIVED", "持卡人称未收到商品", "Item not received", 0.30, True),
        _R("NOT_AS_DESCRIBED", "持卡人称商品与描述不符", "Not as described", 0.15, True),
        _R("CREDIT_NOT_PROCESSED", "持卡人称退款未处理", "Credit not processed", 0.15, True),
        _R("DUPLICATE_CHARGE", "重复扣款", "Duplicate charge", 0.05, False),
    ),
    CaseKind.SAFET_CLAIM: (
        _R("RETURNED_DAMAGED", "买家退回的商品已损坏", "Item returned damaged by the customer", 0.40, False),
        _R("RETURNED_DIFFERENT_ITEM", "退回的商品与原商品不同", "Different item returned", 0.15, False),
        _R("RETURNED_MISSING_PARTS", "退回的商品缺少配件", "Item returned with missing parts", 0.15, False),
        _R(
            "RETURN_NOT_RECEIVED", "已先行退款但未收到退货", "Refunded at first scan, return never arrived", 0.20, False
        ),
        _R("RETURNED_EMPTY_BOX", "退回的是空包裹", "Empty box returned", 0.05, False),
        _R("RETURNED_USED", "退回的商品已被使用", "Item returned used", 0.05, False),
    ),
    CaseKind.REIMBURSEMENT: (  # reason values of the FBA reimbursements report
        _R(
            "CustomerReturn",
            "买家退款后 45 天内未退回商品",
            "Customer did not return the item within 45 days",
            0.45,
            False,
        ),
        _R("CustomerServiceIssue", "客服处理导致的损失", "Customer service issue", 0.20, False),
        _R("Damaged_Warehouse", "退货在运营中心受损", "Returned item damaged in the fulfilment centre", 0.20, False),
        _R("Lost_Warehouse", "退货在运营中心丢失", "Returned item lost in the fulfilment centre", 0.15, False),
    ),
}
_REFUND_AFTER_RETURN = REASONS[CaseKind.REFUND][0]
_ATOZ_AFTER_RETURN = tuple(
    r for r in REASONS[CaseKind.ATOZ_CLAIM] if r.code in ("RETURNED_NOT_REFUNDED", "RETURN_REFUSED")
)

# ---------------------------------------------------------------------------------------------------------------
# Stories: what happens to one order. Measured mix (100k cases): 34 % returns, 41 % refunds, 5 % A-to-z,
# 5 % chargebacks, 4 % SAFE-T, 11 % reimbursements; about 40 % still open and 5 % overdue at ``now``.
# ---------------------------------------------------------------------------------------------------------------
_K = CaseKind
MFN_STORIES: tuple[tuple[tuple[CaseKind, ...], float], ...] = (
    ((_K.RETURN_REQUEST,), 0.24),
    ((_K.RETURN_REQUEST, _K.REFUND), 0.30),
    ((_K.RETURN_REQUEST, _K.REFUND, _K.SAFET_CLAIM), 0.12),
    ((_K.REFUND,), 0.12),
    ((_K.ATOZ_CLAIM,), 0.11),
    ((_K.RETURN_REQUEST, _K.ATOZ_CLAIM), 0.04),
    ((_K.CHARGEBACK,), 0.07),
)
AFN_STORIES: tuple[tuple[tuple[CaseKind, ...], float], ...] = (
    ((_K.RETURN_REQUEST,), 0.25),
    ((_K.REFUND,), 0.40),
    ((_K.REFUND, _K.REIMBURSEMENT), 0.18),
    ((_K.REIMBURSEMENT,), 0.10),
    ((_K.CHARGEBACK,), 0.07),
)

# States a case can be in while its deadline is still ahead, and while it is overdue (cumulative choice tables).
_S = CaseState
_PENDING_STATES: dict[CaseKind, tuple[tuple[CaseState, float], ...]] = {
    _K.RETURN_REQUEST: (
        (_S.NEW, 0.45),
        (_S.IN_PROGRESS, 0.25),
        (_S.AWAITING_APPROVAL, 0.15),
        (_S.APPROVED, 0.10),
        (_S.REJECTED, 0.05),
    ),
    _K.REFUND: (
        (_S.NEW, 0.30),
        (_S.IN_PROGRESS, 0.15),
        (_S.AWAITING_APPROVAL, 0.25),
        (_S.APPROVED, 0.10),
        (_S.REFUND_SUBMITTED, 0.10),
        (_S.REFUNDED, 0.07),
        (_S.REFUND_FAILED, 0.03),
    ),
    _K.ATOZ_CLAIM: ((_S.NEW, 0.35), (_S.IN_PROGRESS, 0.30), (_S.AWAITING_APPROVAL, 0.05), (_S.RESPONDED, 0.30)),
    _K.CHARGEBACK: ((_S.NEW, 0.35), (_S.IN_PROGRESS, 0.30), (_S.AWAITING_APPROVAL, 0.05), (_S.RESPONDED, 0.30)),
    _K.SAFET_CLAIM: ((_S.NEW, 0.40), (_S.IN_PROGRESS, 0.30), (_S.RESPONDED, 0.25), (_S.WON, 0.05)),
    _K.REIMBURSEMENT: ((_S.NEW, 0.40), (_S.IN_PROGRESS, 0.30), (_S.RESPONDED, 0.25), (_S.WON, 0.05)),
}
_OVERDUE_STATES: dict[CaseKind, tuple[tuple[CaseState, float], ...]] = {
    kind: ((_S.NEW, 0.50), (_S.IN_PROGRESS, 0.35), (_S.AWAITING_APPROVAL, 0.15)) for kind in CaseKind
}
_OVERDUE_STATES[_K.REFUND] = (
    (_S.NEW, 0.45),
    (_S.IN_PROGRESS, 0.30),
    (_S.AWAITING_APPROVAL, 0.15),
    (_S.REFUND_FAILED, 0.10),
)

# Paths from NEW to each state, following ALLOWED_TRANSITIONS (the tests check every step).
_PATHS: dict[CaseState, tuple[CaseState, ...]] = {
    _S.NEW: (),
    _S.IN_PROGRESS: (_S.IN_PROGRESS,),
    _S.AWAITING_APPROVAL: (_S.IN_PROGRESS, _S.AWAITING_APPROVAL),
    _S.APPROVED: (_S.IN_PROGRESS, _S.AWAITING_APPROVAL, _S.APPROVED),
    _S.REJECTED: (_S.IN_PROGRESS, _S.AWAITING_APPROVAL, _S.REJECTED),
    _S.REFUND_SUBMITTED: (_S.AWAITING_APPROVAL, _S.APPROVED, _S.REFUND_SUBMITTED),
    _S.REFUNDED: (_S.IN_PROGRESS, _S.REFUNDED),
    _S.REFUND_FAILED: (_S.AWAITING_APPROVAL, _S.APPROVED, _S.REFUND_SUBMITTED, _S.REFUND_FAILED),
    _S.RESPONDED: (_S.IN_PROGRESS, _S.RESPONDED),
    _S.WON: (_S.IN_PROGRESS, _S.RESPONDED, _S.WON),
    _S.LOST: (_S.IN_PROGRESS, _S.RESPONDED, _S.LOST),
}
# How resolved cases were closed, per kind (cumulative choice on the same draw).
_CLOSED_PATHS: dict[CaseKind, tuple[tuple[tuple[CaseState, ...], float], ...]] = {
    _K.RETURN_REQUEST: (
        ((_S.IN_PROGRESS, _S.CLOSED), 0.75),
        ((_S.IN_PROGRESS, _S.AWAITING_APPROVAL, _S.APPROVED, _S.CLOSED), 0.25),
    ),
    _K.REFUND: (
        ((_S.IN_PROGRESS, _S.REFUNDED, _S.CLOSED), 0.70),
        ((_S.AWAITING_APPROVAL, _S.APPROVED, _S.REFUND_SUBMITTED, _S.REFUNDED, _S.CLOSED), 0.30),
    ),
    _K.ATOZ_CLAIM: (
        ((_S.RESPONDED, _S.WON, _S.CLOSED), 0.45),
        ((_S.RESPONDED, _S.LOST, _S.CLOSED), 0.30),
        ((_S.IN_PROGRESS, _S.REFUNDED, _S.CLOSED), 0.25),
    ),
    _K.CHARGEBACK: (
        ((_S.RESPONDED, _S.WON, _S.CLOSED), 0.50),
        ((_S.RESPONDED, _S.LOST, _S.CLOSED), 0.30),
        ((_S.IN_PROGRESS, _S.REFUNDED, _S.CLOSED), 0.20),
    ),
    _K.SAFET_CLAIM: (
        ((_S.IN_PROGRESS, _S.RESPONDED, _S.WON, _S.CLOSED), 0.65),
        ((_S.IN_PROGRESS, _S.RESPONDED, _S.LOST, _S.CLOSED), 0.35),
    ),
    _K.REIMBURSEMENT: (
        ((_S.IN_PROGRESS, _S.RESPONDED, _S.WON, _S.CLOSED), 0.85),
        ((_S.IN_PROGRESS, _S.RESPONDED, _S.LOST, _S.CLOSED), 0.15),
    ),
}
_BASE_RISK = {
    _K.RETURN_REQUEST: 15,
    _K.REFUND: 10,
    _K.ATOZ_CLAIM: 45,
    _K.CHARGEBACK: 50,
    _K.SAFET_CLAIM: 25,
    _K.REIMBURSEMENT: 5,
}
_RISKY_REASONS = {
    "SWITCHEROO": 30,
    "UNAUTHORIZED_PURCHASE": 25,
    "RETURNED_DIFFERENT_ITEM": 20,
    "RETURNED_EMPTY_BOX": 25,
    "NOT_AS_DESCRIBED": 10,
    "ITEM_NOT_RECEIVED": 15,
    "RETURN_REFUSED": 20,
}
_USD_PER_MINOR = {
    code: 1.0 / (p.price_factor * (100 if _exp(MARKETPLACES[code].currency) == 2 else 1))
    for code, p in MARKET_PROFILES.items()
}

# ---------------------------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class OrderRecord:
    """One order. Column-named fields match ``models.Order``; the rest feed the sandbox SP-API server."""

    amazon_order_id: str
    region: Region
    marketplace_code: str
    purchase_date: datetime
    last_updated: datetime
    status: str
    fulfillment_channel: str  # MFN | AFN
    currency: str
    order_total: Decimal
    buyer_alias: str
    ship_country: str
    # extras
    marketplace_id: str
    sales_channel: str
    ship_service_level: str
    is_prime: bool
    is_business_order: bool
    tax_inclusive: bool
    tax_rate: Decimal
    latest_delivery_date: datetime
    delivered_at: datetime
    carrier: str
    tracking_id: str
    serial: int


@dataclass(slots=True)
class ItemRecord:
    """One order line. ``item_price`` is unit price × quantity (Amazon's ItemPrice); ``item_tax`` is the tax on it,
    inside the price where ``tax_inclusive`` (EU/UK/JP/AU), on top of it otherwise (US/CA)."""

    order_index: int  # index into Chunk.orders
    amazon_order_id: str
    order_item_id: str
    sku: str
    asin: str
    fnsku: str
    title: str
    category: str
    quantity: int
    item_price: Decimal
    item_tax: Decimal
    shipping_price: Decimal
    currency: str
    tax_inclusive: bool
    referral_fee: Decimal
    fba_fee: Decimal  # 0 for MFN

    @property
    def charged(self) -> Decimal:
        """What the buyer paid for this line (price + shipping + tax where it is added on top)."""
        return self.item_price + self.shipping_price + (Decimal(0) if self.tax_inclusive else self.item_tax)


@dataclass(slots=True)
class EventRecord:
    case_index: int  # index into Chunk.cases
    at: datetime
    kind: str  # created | state_changed
    summary: str
    data: dict


@dataclass(slots=True)
class CaseRecord:
    """One case. Column-named fields match ``models.Case``.

    ``breakdown`` is the Finances-style split of ``amount`` (ChargeType → amount; a restocking fee is
    negative); ``details`` holds the kind's report fields (RMA, claim ids, reimbursement ids…).
    """

    order_index: int
    item_index: int  # index into Chunk.items
    region: Region
    marketplace_code: str
    kind: CaseKind
    state: CaseState
    source: str
    source_ref: str
    amazon_order_id: str
    order_item_id: str
    sku: str
    asin: str
    reason_code: str
    reason_text: str
    amount: Decimal
    currency: str
    opened_at: datetime
    deadline_at: datetime
    risk_score: int
    updated_at: datetime
    fulfillment_channel: str
    quantity: int
    seller_fault: bool
    breakdown: dict[str, Decimal]
    details: dict
    serial: int
    event_count: int = 0


@dataclass(slots=True)
class Chunk:
    index: int
    orders: list[OrderRecord] = field(default_factory=list)
    items: list[ItemRecord] = field(default_factory=list)
    cases: list[CaseRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)


@dataclass(slots=True)
class _Story:
    order: OrderRecord
    items: list[ItemRecord]
    cases: list[CaseRecord]
    events: list[EventRecord]


# ---------------------------------------------------------------------------------------------------------------
# Id bijections: an affine map modulo the id space turns a running serial into a random-looking, unique id
# ---------------------------------------------------------------------------------------------------------------


def _offset(seed: int, name: str, modulus: int) -> int:
    digest = hashlib.blake2b(f"acorn-demo|{seed}|{name}".encode(), digest_size=16).digest()
    return int.from_bytes(digest, "big") % modulus


@dataclass(frozen=True, slots=True)
class _Bijection:
    multiplier: int  # coprime with modulus
    offset: int
    modulus: int
    low: int = 0

    def __call__(self, serial: int) -> int:
        return self.low + (serial * self.multiplier + self.offset) % self.modulus

    def inverse(self, value: int) -> int | None:
        """The serial that maps to ``value`` (None when ``value`` lies outside the id space)."""
        if not self.low <= value < self.low + self.modulus:
            return None
        return (value - self.low - self.offset) * pow(self.multiplier, -1, self.modulus) % self.modulus


def _base62(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, rem = divmod(value, 62)
        chars.append(_B62[rem])
    return "".join(reversed(chars))


class _Ids:
    """All ids of one seed. Multipliers are odd and not multiples of 3, 5 or 31: coprime with every modulus."""

    def __init__(self, seed: int) -> None:
        def bij(name: str, multiplier: int, modulus: int, low: int = 0) -> _Bijection:
            return _Bijection(multiplier, _offset(seed, name, modulus), modulus, low)

        self.order = bij("order", 7_919_360_003, 10**14)
        self.item = bij("item", 104_729_000_003, 9 * 10**13, 10**13)
        self.rma = bij("rma", 2_654_435_761, 62**8)
        self.adjustment = bij("adjustment", 48_271_000_007, 9 * 10**13, 10**13)
        self.claim = bij("atoz", 1_103_515_247, 9 * 10**9, 10**9)
        self.chargeback = bij("chargeback", 69_069_000_013, 9 * 10**11, 10**11)
        self.safet = bij("safet", 1_664_525_003, 9 * 10**9, 10**9)
        self.reimbursement = bij("reimbursement", 22_695_477_001, 9 * 10**9, 10**9)
        self.tracking = bij("tracking", 6_364_136_223_846_793_001, 10**18)
        self.buyer_key = hashlib.blake2b(f"acorn-demo|{seed}|buyer".encode(), digest_size=16).digest()

    def order_id(self, prefix: str, serial: int) -> str:
        digits = f"{self.order(serial):014d}"
        return f"{prefix}-{digits[:7]}-{digits[7:]}"

    def source_ref(self, kind: CaseKind, serial: int) -> str:
        if kind is CaseKind.RETURN_REQUEST:
            return f"D{_base62(self.rma(serial), 8)}RMA"
        if kind is CaseKind.REFUND:
            return str(self.adjustment(serial))
        if kind is CaseKind.ATOZ_CLAIM:
            return str(self.claim(serial))
        if kind is CaseKind.CHARGEBACK:
            return str(self.chargeback(serial))
        if kind is CaseKind.SAFET_CLAIM:
            return str(self.safet(serial))
        return str(self.reimbursement(serial))

    def buyer_alias(self, marketplace: str, number: int) -> str:
        data = f"{marketplace}|{number}".encode()
        return "buyer-" + hashlib.blake2b(data, key=self.buyer_key, digest_size=8).hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------------------------


def _cumulative(pairs):
    total = sum(weight for _, weight in pairs)
    acc, table = 0.0, []
    for value, weight in pairs:
        acc += weight / total
        table.append((acc, value))
    return tuple(table)


def _pick(table, u: float):
    for threshold, value in table:
        if u < threshold:
            return value
    return table[-1][1]


_MARKET_TABLE = _cumulative([(code, p.weight) for code, p in MARKET_PROFILES.items()])
_MFN_TABLE = _cumulative(MFN_STORIES)
_AFN_TABLE = _cumulative(AFN_STORIES)
_REASON_TABLES = {
    kind: _cumulative([(r, r.weight) for r in reasons if r.weight > 0]) for kind, reasons in REASONS.items()
}
_ATOZ_AFTER_RETURN_TABLE = _cumulative([(r, r.weight) for r in _ATOZ_AFTER_RETURN])
_PENDING_TABLES = {kind: _cumulative(pairs) for kind, pairs in _PENDING_STATES.items()}
_OVERDUE_TABLES = {kind: _cumulative(pairs) for kind, pairs in _OVERDUE_STATES.items()}
_CLOSED_TABLES = {kind: _cumulative(pairs) for kind, pairs in _CLOSED_PATHS.items()}
_CLOCK_SECONDS = {
    kind: int(
        (
            default_deadline(kind, datetime(2024, 1, 3, tzinfo=UTC))  # a Wednesday
            - datetime(2024, 1, 3, tzinfo=UTC)
        ).total_seconds()
    )
    for kind in CaseKind
}
_FREQUENT_RETURNERS = 40  # per marketplace: a small pool of buyers behind many cases (repeat-returner rules)


def _from_usd(usd: float, mkt: str) -> int:
    """A USD figure in the marketplace's minor units (yen rounded to 10)."""
    minor = usd / _USD_PER_MINOR[mkt]
    return int(round(minor, -1)) if _exp(MARKETPLACES[mkt].currency) == 0 else round(minor)


def _dec(minor: int, exp: int) -> Decimal:
    return Decimal(minor).scaleb(-exp) if exp else Decimal(minor)


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


_RR, _RF, _AZ, _CB, _ST, _RB = (
    _K.RETURN_REQUEST,
    _K.REFUND,
    _K.ATOZ_CLAIM,
    _K.CHARGEBACK,
    _K.SAFET_CLAIM,
    _K.REIMBURSEMENT,
)
_CLOSED = _S.CLOSED
_CREATED_SUMMARY = {
    (kind, reason.code): f"演示数据:新{kind.label_zh}({reason.zh})/ Demo: new {kind.label_en.lower()} ({reason.en})"
    for kind, reasons in REASONS.items()
    for reason in reasons
}
_TRANSITION_SUMMARY = {
    (a, b): f"状态:{a.label_zh} → {b.label_zh} / State: {a.label_en} → {b.label_en}"
    for a in CaseState
    for b in CaseState
}


class _BlockGenerator:
    def __init__(self, seed: int, now: datetime) -> None:
        self.seed = seed
        self.now = now
        self.ids = _Ids(seed)

    def block(self, index: int, n_cases: int) -> Iterator[_Story]:
        """The stories of block ``index``, cut after ``n_cases`` cases (≤ BLOCK_CASES)."""
        rng = random.Random(f"acorn-demo|{self.seed}|block|{index}")
        case_serial = index * BLOCK_CASES
        order_serial = index * BLOCK_CASES
        item_serial = index * BLOCK_CASES * 3
        made = 0
        while made < n_cases:
            story = self._story(rng, order_serial, item_serial, case_serial, n_cases - made)
            made += len(story.cases)
            order_serial += 1
            item_serial += len(story.items)
            case_serial += len(story.cases)
            yield story

    # A story always draws, in this order: 8 order-level values, 2 per item, then 7 per case (fixed count).
    def _story(self, rng: random.Random, order_serial: int, item_serial: int, case_serial: int, room: int) -> _Story:
        u = rng.random
        ids = self.ids
        now = self.now

        mkt = _pick(_MARKET_TABLE, u())
        profile = MARKET_PROFILES[mkt]
        info = MARKETPLACES[mkt]
        currency = info.currency
        exp = _exp(currency)
        afn = u() < profile.afn_share
        kinds = _pick(_AFN_TABLE if afn else _MFN_TABLE, u())[:room]
        u_items = u()
        n_items = 1 if u_items < 0.80 else 2 if u_items < 0.95 else 3
        tax_rate = profile.tax_rates[int(u() * len(profile.tax_rates))]
        u_ship = u()
        u_buyer = u()
        u_age = u()
        u_fresh = u()

        # -- order and items ----------------------------------------------------------------------------------
        amazon_order_id = ids.order_id(profile.order_prefixes[order_serial % len(profile.order_prefixes)], order_serial)
        items: list[ItemRecord] = []
        charged_minor: list[tuple[int, int, int, int]] = []  # (principal, tax, shipping, quantity) per item
        for i in range(n_items):
            product = CATALOGUE[int(u() * len(CATALOGUE))]
            u_qty = u()
            quantity = 1 if u_qty < 0.86 else 2 if u_qty < 0.97 else 3
            principal = product.prices[mkt] * quantity
            if profile.tax_inclusive:
                tax = principal - round(principal / (1 + tax_rate))
            else:
                tax = round(principal * tax_rate)
            shipping = 0
            if not afn and i == 0 and u_ship < 0.25:  # some MFN orders pay shipping (first line carries it)
                shipping = _price_point((3.0 + 4 * u_ship) * profile.price_factor, currency)
            charged_minor.append((principal, tax, shipping, quantity))
            items.append(
                ItemRecord(
                    order_index=0,
                    amazon_order_id=amazon_order_id,
                    order_item_id=str(ids.item(item_serial + i)),
                    sku=product.sku,
                    asin=product.asin,
                    fnsku=product.fnsku,
                    title=product.title,
                    category=product.category,
                    quantity=quantity,
                    item_price=_dec(principal, exp),
                    item_tax=_dec(tax, exp),
                    shipping_price=_dec(shipping, exp),
                    currency=currency,
                    tax_inclusive=profile.tax_inclusive,
                    referral_fee=_dec(round(principal * product.referral_rate), exp),
                    fba_fee=_dec(product.fba_fees[mkt] * quantity if afn else 0, exp),
                )
            )
        total_minor = sum(p + s + (0 if profile.tax_inclusive else t) for p, t, s, _ in charged_minor)

        if u_buyer < 0.04:
            buyer = ids.buyer_alias(mkt, int(u_buyer / 0.04 * _FREQUENT_RETURNERS))
        else:
            buyer = ids.buyer_alias(mkt, _FREQUENT_RETURNERS + int(u_buyer * 1e12))
        frequent = u_buyer < 0.04

        # -- the case draws (fixed count per case), then the timeline ------------------------------------------
        draws = [(u(), u(), u(), u(), u(), u(), rng.getrandbits(64)) for _ in kinds]
        age = (2 + (HISTORY_DAYS - 2) * u_age**1.3) * DAY
        transit = (1 + 3 * u_ship) * DAY if afn else (3 + 12 * u_ship) * DAY
        purchase = -age  # seconds relative to now
        edd = purchase + transit + 2 * DAY
        delivered = min(purchase + transit, -HOUR)
        opened: list[float] = []
        anchor = {"return": None, "refund": None}
        for kind, (_, _, u_delay, *_rest) in zip(kinds, draws, strict=True):
            if kind is _RR:
                start, delay = delivered, (0.2 + 29 * u_delay**1.5) * DAY
            elif kind is _RF:
                if anchor["return"] is not None:
                    start, delay = anchor["return"], (3 + 14 * u_delay) * DAY
                elif afn:
                    start, delay = delivered, (2 + 28 * u_delay) * DAY
                else:
                    start, delay = purchase, (0.5 + 25 * u_delay) * DAY
            elif kind is _ST:
                start, delay = anchor["refund"], (2 + 50 * u_delay) * DAY
            elif kind is _AZ:
                if anchor["return"] is not None:
                    start, delay = anchor["return"], (10 + 25 * u_delay) * DAY
                else:
                    start, delay = edd, (3 + 30 * u_delay) * DAY
            elif kind is _CB:
                start, delay = purchase, (10 + 60 * u_delay) * DAY
            else:  # reimbursement
                if anchor["refund"] is not None:
                    start, delay = anchor["refund"], (45 + 30 * u_delay) * DAY
                else:
                    start, delay = delivered, (10 + 50 * u_delay) * DAY
            start = min(start, -HOUR)
            at = start + delay
            if at > -60:  # would lie in the future: squeeze it between its anchor and now
                at = start + (-60 - start) * (0.1 + 0.85 * u_delay)
            opened.append(at)
            if kind is _RR:
                anchor["return"] = at
            elif kind is _RF:
                anchor["refund"] = at

        # About a fifth of the stories are "live": the last case was opened within its clock, so it is still due.
        if u_fresh < 0.22 and kinds:
            target = -_CLOCK_SECONDS[kinds[-1]] * (0.02 + 0.96 * (u_fresh / 0.22))
            shift = target - opened[-1]
            if purchase + shift >= -HISTORY_DAYS * DAY and delivered + shift < -HOUR:
                purchase += shift
                edd += shift
                delivered += shift
                opened = [t + shift for t in opened]

        def at(offset: float) -> datetime:
            return now + timedelta(seconds=int(offset))

        purchase_dt = at(purchase)
        last_touch = max([delivered, *opened]) if opened else delivered
        order = OrderRecord(
            amazon_order_id=amazon_order_id,
            region=info.region,
            marketplace_code=mkt,
            purchase_date=purchase_dt,
            last_updated=at(last_touch),
            status="Shipped",
            fulfillment_channel="AFN" if afn else "MFN",
            currency=currency,
            order_total=_dec(total_minor, exp),
            buyer_alias=buyer,
            ship_country=profile.ship_country,
            marketplace_id=info.amazon_id,
            sales_channel=info.domain.capitalize(),
            ship_service_level="Expedited" if u_ship > 0.85 else "Standard",
            is_prime=afn or u_ship > 0.9,
            is_business_order=u_buyer > 0.95,
            tax_inclusive=profile.tax_inclusive,
            tax_rate=Decimal(str(tax_rate)),
            latest_delivery_date=at(edd),
            delivered_at=at(delivered),
            carrier=profile.carriers[int(u_ship * len(profile.carriers))],
            tracking_id=self._tracking(profile.carriers[int(u_ship * len(profile.carriers))], order_serial),
            serial=order_serial,
        )

        # -- cases ---------------------------------------------------------------------------------------------
        cases: list[CaseRecord] = []
        events: list[EventRecord] = []
        returned_qty = None
        return_reason: Reason | None = None
        refund_minor = None
        item_index = 0
        for position, kind in enumerate(kinds):
            u_reason, u_amount, _u_delay, u_state, u_risk, u_pick, bits = draws[position]
            if position == 0:
                item_index = int(u_pick * n_items)
            principal, tax, shipping, quantity = charged_minor[item_index]
            item = items[item_index]
            extra_tax = 0 if profile.tax_inclusive else tax  # tax the buyer paid on top of the price
            serial = case_serial + position
            source_ref = ids.source_ref(kind, serial)
            fault = None

            if kind is _RR:
                reason = _pick(_REASON_TABLES[kind], u_reason)
                return_reason = reason
                returned_qty = 1 + int(u_amount * quantity) if quantity > 1 else 1
                part = principal * returned_qty // quantity
                part_tax = extra_tax * returned_qty // quantity
                ship = shipping if reason.seller_fault and returned_qty == quantity else 0
                breakdown = {"Principal": part, "Tax": part_tax, "Shipping": ship}
                details = {
                    "rma_id": source_ref,
                    "return_quantity": returned_qty,
                    "label_type": "AmazonPrepaidLabel" if not afn and u_amount < 0.7 else "SelfShip",
                    "in_policy": u_amount < 0.93,
                    "return_carrier": order.carrier,
                    "tracking_id": self._tracking(order.carrier, 10**9 + serial),
                    "resolution": "StandardRefund",
                    "label_cost": _dec(_from_usd(5 + 6 * u_amount, mkt), exp),
                }
            elif kind is _RF:
                if returned_qty is not None and return_reason is not None:
                    reason = _REFUND_AFTER_RETURN
                    part = principal * returned_qty // quantity
                    part_tax = extra_tax * returned_qty // quantity
                    restocking = part // 5 if not return_reason.seller_fault and u_amount < 0.2 else 0
                    ship = shipping if return_reason.seller_fault and returned_qty == quantity else 0
                    breakdown = {"Principal": part, "Tax": part_tax, "Shipping": ship, "RestockingFee": -restocking}
                    fault = return_reason.seller_fault
                elif afn:
                    reason = _REFUND_AFTER_RETURN
                    returned_qty = 1
                    part = principal // quantity
                    breakdown = {"Principal": part, "Tax": extra_tax // quantity, "Shipping": 0}
                    fault = u_reason < 0.5
                else:
                    reason = _pick(_REASON_TABLES[kind], u_reason)
                    fault = reason.seller_fault
                    if reason.code in ("GeneralAdjustment", "PriceError"):  # partial, VAT-exclusive share re-taxed
                        share = 0.10 + 0.40 * u_amount if reason.code == "GeneralAdjustment" else 0.05 + 0.25 * u_amount
                        part = max(1, int(principal * share))
                        breakdown = {"Principal": part, "Tax": int(extra_tax * share), "Shipping": 0}
                    else:
                        breakdown = {"Principal": principal, "Tax": extra_tax, "Shipping": shipping}
                refund_minor = sum(breakdown.values())
                details = {
                    "adjustment_id": source_ref,
                    "adjustment_reason": reason.code,
                    "refund_quantity": returned_qty or quantity,
                    "seller_fault": fault,
                }
            elif kind is _AZ:
                if return_reason is not None:
                    reason = _pick(_ATOZ_AFTER_RETURN_TABLE, u_reason)
                else:
                    reason = _pick(_REASON_TABLES[kind], u_reason)
                breakdown = {"Principal": principal, "Tax": extra_tax, "Shipping": shipping}
                details = {
                    "claim_id": source_ref,
                    "claim_reason": reason.en,
                    "claims_protected": not afn and u_amount < 0.15,
                }
            elif kind is _CB:
                reason = _pick(_REASON_TABLES[kind], u_reason)
                others = total_minor - (principal + shipping + extra_tax)
                breakdown = {"Principal": principal + others, "Tax": extra_tax, "Shipping": shipping}
                details = {
                    "chargeback_id": source_ref,
                    "liability": "amazon" if reason.code == "UNAUTHORIZED_PURCHASE" else "seller",
                    "respond_within_days": 7,
                }
            elif kind is _ST:
                reason = _pick(_REASON_TABLES[kind], u_reason)
                claimed = refund_minor if refund_minor is not None else principal // quantity
                breakdown = {"SAFE-TReimbursement": claimed}
                details = {
                    "safet_claim_id": source_ref,
                    "max_share": 0.5 if reason.code == "RETURNED_DAMAGED" else 1.0,
                    "related_refund": cases[-1].source_ref if cases else None,
                }
            else:  # reimbursement at (estimated) manufacturing cost
                reason = _pick(_REASON_TABLES[kind], u_reason)
                qty = returned_qty or 1
                cost = int(principal * qty // quantity * (0.35 + 0.30 * u_amount))
                breakdown = {"REVERSAL_REIMBURSEMENT": max(1, cost)}
                details = {
                    "reimbursement_id": source_ref,
                    "fnsku": item.fnsku,
                    "quantity_reimbursed": qty,
                    "valuation": "manufacturing_cost",
                }

            amount_minor = sum(breakdown.values())
            opened_dt = at(opened[position])
            deadline = default_deadline(kind, opened_dt)
            last = position == len(kinds) - 1
            next_open = at(opened[position + 1]) if not last else None
            state, path, end = self._state(kind, opened_dt, deadline, next_open, u_state)
            risk = _BASE_RISK[kind] + _RISKY_REASONS.get(reason.code, 0) + (20 if frequent else 0)
            usd = amount_minor * _USD_PER_MINOR[mkt]
            risk += 20 if usd > 300 else 10 if usd > 100 else 0
            risk = max(0, min(100, int(risk + (u_risk - 0.5) * 24)))

            case_index = len(cases)
            case_events = self._events(case_index, kind, source_ref, reason, opened_dt, end, path, bits)
            record = CaseRecord(
                order_index=0,
                item_index=item_index,
                region=info.region,
                marketplace_code=mkt,
                kind=kind,
                state=state,
                source=DEMO_SOURCE,
                source_ref=source_ref,
                amazon_order_id=amazon_order_id,
                order_item_id=item.order_item_id,
                sku=item.sku,
                asin=item.asin,
                reason_code=reason.code,
                reason_text=reason.text,
                amount=_dec(amount_minor, exp),
                currency=currency,
                opened_at=opened_dt,
                deadline_at=deadline,
                risk_score=risk,
                updated_at=case_events[-1].at,
                fulfillment_channel=order.fulfillment_channel,
                quantity=returned_qty or quantity,
                seller_fault=reason.seller_fault if fault is None else fault,
                breakdown={k: _dec(v, exp) for k, v in breakdown.items() if v},
                details=details,
                serial=serial,
                event_count=len(case_events),
            )
            cases.append(record)
            events.extend(case_events)
        return _Story(order, items, cases, events)

    def _state(self, kind, opened, deadline, next_open, u):
        """Final state, the path of states from NEW to it, and the time of the last change."""
        now = self.now
        if next_open is not None:  # followed by another case: this one was closed before that
            path = _pick(_CLOSED_TABLES[kind], u)
            return _CLOSED, path, opened + (next_open - opened) * (0.2 + 0.7 * u)
        if deadline > now:
            state = _pick(_PENDING_TABLES[kind], u)
            return state, _PATHS[state], opened + (now - opened) * 0.9
        overdue_days = (now - deadline).total_seconds() / DAY
        # long-forgotten cases are rare in a working team: nothing stays open a month past its deadline
        p_open = (
            0.60
            if overdue_days < 1
            else 0.40
            if overdue_days < 3
            else 0.20
            if overdue_days < 14
            else 0.04
            if overdue_days < 30
            else 0.0
        )
        if u < p_open:
            state = _pick(_OVERDUE_TABLES[kind], u / p_open)
            return state, _PATHS[state], opened + (now - opened) * 0.9
        v = (u - p_open) / (1 - p_open)
        path = _pick(_CLOSED_TABLES[kind], v)
        span = (deadline - opened) * (0.3 + 0.6 * v) if v < 0.85 else (deadline - opened) * (1.1 + v)
        return _CLOSED, path, min(opened + span, now - timedelta(minutes=1))

    @staticmethod
    def _events(case_index, kind, source_ref, reason, opened, end, path, bits) -> list[EventRecord]:
        events = [
            EventRecord(
                case_index,
                opened,
                "created",
                _CREATED_SUMMARY[kind, reason.code],
                {"source": DEMO_SOURCE, "source_ref": source_ref},
            )
        ]
        if not path:
            return events
        span = max((end - opened).total_seconds(), 0.0)
        weights = [((bits >> (8 * i)) & 0xFF) + 16 for i in range(len(path))]
        total = sum(weights)
        acc = 0
        previous = CaseState.NEW
        for weight, state in zip(weights, path, strict=True):
            acc += weight
            events.append(
                EventRecord(
                    case_index,
                    opened + timedelta(seconds=int(span * acc / total)),
                    "state_changed",
                    _TRANSITION_SUMMARY[previous, state],
                    {"from": previous.value, "to": state.value},
                )
            )
            previous = state
        return events

    def _tracking(self, carrier: str, serial: int) -> str:
        number = self.ids.tracking(serial)
        if carrier == "UPS":
            return "1Z" + _base62(number, 16).upper()[:16]
        if carrier in ("Royal Mail", "日本郵便", "Correos", "Poste Italiane", "Canada Post", "Australia Post"):
            return f"{_ALNUM[10 + number % 26]}{_ALNUM[10 + number // 26 % 26]}{number % 10**9:09d}GB"[:13]
        return f"{number:018d}"[: 12 + number % 7]


def generate(seed: int, cases: int, now: datetime | None = None, chunk_size: int = 10_000) -> Iterator[Chunk]:
    """Yield the synthetic data set for ``seed`` in chunks of at most ``chunk_size`` cases (≥ 1 story each).

    ``now`` must be timezone-aware (default: the wall clock). Exactly ``cases`` cases are produced, with
    their orders, items and timeline events; indices in a record point into the same chunk's lists.
    """
    if cases < 0:
        raise ValueError("cases must be ≥ 0")
    if chunk_size < 1:
        raise ValueError("chunk_size must be ≥ 1")
    generator = _BlockGenerator(seed, _utc(now))
    chunk = Chunk(0)
    n_chunk_cases = 0
    for block in range((cases + BLOCK_CASES - 1) // BLOCK_CASES):
        for story in generator.block(block, min(BLOCK_CASES, cases - block * BLOCK_CASES)):
            if n_chunk_cases and n_chunk_cases + len(story.cases) > chunk_size:
                yield chunk
                chunk = Chunk(chunk.index + 1)
                n_chunk_cases = 0
            _append(chunk, story)
            n_chunk_cases += len(story.cases)
    if n_chunk_cases:
        yield chunk


def _append(chunk: Chunk, story: _Story) -> None:
    order_index = len(chunk.orders)
    item_base = len(chunk.items)
    case_base = len(chunk.cases)
    chunk.orders.append(story.order)
    for item in story.items:
        item.order_index = order_index
        chunk.items.append(item)
    for case in story.cases:
        case.order_index = order_index
        case.item_index += item_base
        chunk.cases.append(case)
    for event in story.events:
        event.case_index += case_base
        chunk.events.append(event)


def generate_block(seed: int, index: int, now: datetime, n_cases: int = BLOCK_CASES) -> Chunk:
    """Block ``index`` on its own (its first ``n_cases`` cases), as one chunk; the sandbox server pages by block.

    The records are exactly those :func:`generate` yields for the same seed and ``now``.
    """
    generator = _BlockGenerator(seed, _utc(now))
    chunk = Chunk(index)
    for story in generator.block(index, min(n_cases, BLOCK_CASES)):
        _append(chunk, story)
    return chunk


@lru_cache(maxsize=8)
def _ids_for(seed: int) -> _Ids:
    return _Ids(seed)


def order_block(seed: int, amazon_order_id: str) -> int | None:
    """The block that holds ``amazon_order_id`` for this seed, or None if the id cannot be one of the seed's.

    Order ids come from a bijection of the order serial, and a block's order serials start at
    ``index × BLOCK_CASES`` (a block has at most BLOCK_CASES orders), so the id alone locates its block.
    """
    parts = amazon_order_id.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or (len(parts[1]), len(parts[2])) != (7, 7):
        return None
    serial = _ids_for(seed).order.inverse(int(parts[1] + parts[2]))
    if serial is None:
        return None
    return serial // BLOCK_CASES


def first_case(seed: int, now: datetime | None = None) -> CaseRecord:
    """The first case of a seed's stream (its identity does not depend on ``now``)."""
    return next(generate(seed, 1, now)).cases[0]
