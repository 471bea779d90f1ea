"""Fill a store with the synthetic demo data set (``acorn demo seed``, ``acorn-desktop --demo``, benchmarks).

What it writes
    One sandbox seller account per region (北美 / 欧洲 / 远东, ``is_sandbox=True``, no credentials) with
    its marketplaces, then the orders, order items, cases and case timelines of
    :func:`acorn_desktop.sandbox.generator.generate`, the parcels of the seller-fulfilled orders with their
    carrier scans (:mod:`acorn_desktop.sandbox.shipping`, as a carrier tracking export would bring them; a
    quarter without a delivery scan) and the buyers' return parcels, and one audit entry for the whole run.

How it writes
    SQLAlchemy Core bulk inserts (``execute(insert(table), rows)`` = DB-API ``executemany``), one
    transaction per generated chunk on one dedicated writer connection: memory stays flat, and a crash
    or a cancel loses at most the chunk in flight. Order and case ids are reserved up front (``max(id)``
    under SQLite's write lock, the table's sequence on PostgreSQL) so that items, cases and events can
    point at them without a round trip per row. On SQLite the page cache is raised for the load (the
    ``cases`` table carries 13 indexes; with the default 2 MiB cache index maintenance dominates) and put
    back afterwards.

Running it again: idempotent, resumable
    The generator's ids (Amazon order ids, RMA/claim/adjustment ids) and contents depend only on the
    seed, and the output for *n* cases is a prefix of the output for *m > n*. So a second run **with the
    same seed** skips every order whose Amazon order id and every case whose ``(account, kind,
    source_ref)`` is already there and inserts only what is missing: re-running after a crash or a
    cancel finishes the job, re-running with a larger ``cases`` extends the data set, and re-running with
    the same arguments inserts nothing (the report says how much was skipped). Continuing was chosen over
    refusing because a demo seed of a million cases takes minutes and must survive an interruption.
    A run **with a different seed** on a store that already holds demo data is refused with an
    :class:`~acorn_desktop.errors.InputError`: two unrelated data sets would be mixed in the same sandbox
    accounts. (Only ``now`` moves timestamps and states; resuming with another ``now`` keeps the rows
    already written as they are.)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import CaseKind
from ..domain.marketplaces import Region
from ..domain.seller_identity import LegalIdentity
from ..errors import InputError
from ..models import Case, CaseEvent, Marketplace, Order, OrderItem, SellerAccount, Shipment
from ..sandbox.generator import DEMO_SOURCE, REGION_MARKETPLACES, Chunk, first_case, generate
from ..sandbox.shipping import parcel
from . import audit
from .accounts import IDENTITY_COLUMNS

# (name, selling partner id) per region. The ids are obviously fake; these accounts have no credentials.
DEMO_ACCOUNTS: dict[Region, tuple[str, str]] = {
    Region.NA: ("演示店铺·北美 (Demo NA)", "ADEMONA0SANDBOX"),
    Region.EU: ("演示店铺·欧洲 (Demo EU)", "ADEMOEU0SANDBOX"),
    Region.FE: ("演示店铺·远东 (Demo FE)", "ADEMOFE0SANDBOX"),
}
# Who signs each demo store's letters: the companies behind them, as their licences write them in Latin script.
DEMO_IDENTITIES: dict[Region, LegalIdentity] = {
    Region.NA: LegalIdentity("Acorn Demo Trading Co., Ltd.", "Room 1203, Block A, Tian'an Cyber Park",
                             "Futian District", "Shenzhen", "Guangdong", "518040", "CN"),
    Region.EU: LegalIdentity("Acorn Demo Trading Co., Ltd.", "Room 1203, Block A, Tian'an Cyber Park",
                             "Futian District", "Shenzhen", "Guangdong", "518040", "CN", "DE329876543"),
    Region.FE: LegalIdentity("Acorn Demo (Hong Kong) Limited", "Unit 1508, 15/F, Harbour Centre",
                             "25 Harbour Road, Wan Chai", "Hong Kong", "", "", "HK"),
}  # fmt: skip
DEFAULT_CHUNK = 10_000
LOOKUP_BATCH = 2_000  # bound parameters per IN (...) query when resuming
_MIB = 1024 * 1024

_orders = Order.__table__
_items = OrderItem.__table__
_cases = Case.__table__
_events = CaseEvent.__table__
_shipments = Shipment.__table__


@dataclass
class SeedReport:
    """What one :func:`seed_demo` call did. ``cases``/``orders``/``items``/``events`` count rows it inserted."""

    seed: int
    requested: int
    cases: int
    orders: int
    items: int
    events: int
    skipped_cases: int
    accounts_created: int
    seconds: float
    cancelled: bool
    now: datetime

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds if self.seconds > 0 else 0.0

    def as_json(self) -> dict:
        data = asdict(self)
        data["now"] = self.now.isoformat()
        data["seconds"] = round(self.seconds, 3)
        data["cases_per_second"] = round(self.cases_per_second, 1)
        return data


def seed_demo(
    store,
    *,
    cases: int,
    seed: int = 42,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    actor: str = "demo-seeder",
) -> SeedReport:
    """Seed ``cases`` demo cases (with their orders) into ``store``; see the module docstring for re-runs.

    ``progress(done, total)`` is called with 0 first and after every committed chunk; ``cancel()`` is
    polled before each chunk and stops the run cleanly (committed chunks stay, the report says
    ``cancelled``). Raises :class:`InputError` for a negative count or when the store holds demo data of
    another seed.
    """
    if cases < 0:
        raise InputError("演示工单数量不能为负数。", "The number of demo cases cannot be negative.")
    now = datetime.now(UTC) if now is None else now
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    started = time.perf_counter()

    with store.session() as session:
        accounts, created = _ensure_accounts(session)
        existing = session.scalar(
            sa.select(sa.func.count())
            .select_from(_cases)
            .where(_cases.c.source == DEMO_SOURCE, _cases.c.account_id.in_(list(accounts.values())))
        )
        if existing and cases:
            _check_same_seed(session, accounts, seed, existing)
    resume = bool(existing)

    totals = {"cases": 0, "orders": 0, "items": 0, "events": 0, "skipped": 0, "shipments": 0}
    cancelled = False
    done = 0
    if progress:
        progress(0, cases)
    with store.writer.connect() as conn, _BulkLoad(conn, cases, empty=not existing):
        for chunk in generate(seed, cases, now, chunk_size=chunk_size):
            if cancel is not None and cancel():
                cancelled = True
                break
            with conn.begin():
                counts = _insert_chunk(conn, chunk, accounts, resume=resume, now=now)
            for key, value in counts.items():
                totals[key] += value
            done += len(chunk.cases)
            if progress:
                progress(done, cases)

    report = SeedReport(
        seed=seed, requested=cases, cases=totals["cases"], orders=totals["orders"], items=totals["items"],
        events=totals["events"], skipped_cases=totals["skipped"], accounts_created=created,
        seconds=0.0, cancelled=cancelled, now=now.astimezone(UTC),
    )  # fmt: skip
    with store.session() as session:
        report.seconds = time.perf_counter() - started
        audit.append(
            session,
            actor=actor,
            action="demo.seed",
            summary=(
                f"演示数据 seed={seed}:新增 {report.cases} 个工单、{report.orders} 个订单"
                f"(跳过已有 {report.skipped_cases} 个){',已取消' if cancelled else ''}"
            ),
            payload=report.as_json(),
            entity_type="demo_seed",
            entity_id=seed,
        )
    report.seconds = time.perf_counter() - started
    return report


# -- accounts ---------------------------------------------------------------------------------------------------


def _ensure_accounts(session: Session) -> tuple[dict[Region, int], int]:
    """The demo account id per region, creating missing ones (with their marketplaces). Returns (ids, created)."""
    ids: dict[Region, int] = {}
    created = 0
    for region, (name, partner_id) in DEMO_ACCOUNTS.items():
        account = session.scalar(
            sa.select(SellerAccount).where(
                SellerAccount.selling_partner_id == partner_id, SellerAccount.region == region
            )
        )
        if account is None:
            account = SellerAccount(
                name=name, region=region, selling_partner_id=partner_id, is_sandbox=True, active=True
            )
            account.marketplaces = [session.get(Marketplace, code) for code in REGION_MARKETPLACES[region]]
            session.add(account)
            session.flush()
            created += 1
        if not account.legal_name:
            _fill_identity(account, DEMO_IDENTITIES[region])
        ids[region] = account.id
    return ids, created


def _fill_identity(account: SellerAccount, identity: LegalIdentity) -> None:
    for field, column in IDENTITY_COLUMNS.items():
        setattr(account, column, getattr(identity, field) or None)


def ensure_demo_identities(store) -> int:
    """Demo stores made before stores had a legal identity get theirs (their letters must be signed). Returns how
    many were filled."""
    filled = 0
    with store.session() as session:
        for region, (_name, partner_id) in DEMO_ACCOUNTS.items():
            account = session.scalar(
                sa.select(SellerAccount).where(
                    SellerAccount.selling_partner_id == partner_id, SellerAccount.region == region
                )
            )
            if account is not None and not account.legal_name:
                _fill_identity(account, DEMO_IDENTITIES[region])
                filled += 1
    return filled


def _check_same_seed(session: Session, accounts: dict[Region, int], seed: int, existing: int) -> None:
    first = first_case(seed)
    found = session.scalar(
        sa.select(_cases.c.id).where(
            _cases.c.account_id == accounts[first.region],
            _cases.c.kind == first.kind,
            _cases.c.source_ref == first.source_ref,
        )
    )
    if found is None:
        raise InputError(
            f"此数据库已有用其他种子生成的演示数据({existing:,} 个工单),未写入任何数据,以免两套数据混在一起。",
            f"This store already holds demo data from another seed ({existing:,} cases); nothing was written, "
            "so that two data sets are not mixed.",
            hint_zh="请使用与上次相同的 --seed 继续,或用 --data-dir 新建一个演示数据目录。",
            hint_en="Re-run with the same --seed as before, or use --data-dir for a new demo store.",
        )


# -- bulk load --------------------------------------------------------------------------------------------------


class _BulkLoad:
    """Bulk-load settings for SQLite on ``conn``, restored afterwards.

    * ``cache_size`` ≈ 1 KiB per case (64–512 MiB): index maintenance on ``cases`` (13 indexes) otherwise
      thrashes the default 2 MiB cache (stack.md: 105 s vs 15 s for 1M rows with 3 indexes).
    * ``wal_autocheckpoint`` raised to 80 MiB of WAL, so hot index pages are not copied back to the main
      file after every chunk; one passive checkpoint runs at the end.
    Foreign keys stay on: the load is checked like any other write.
    """

    CHECKPOINT_PAGES = 20_000
    DEFER_INDEXES_FROM = 20_000  # below this, maintaining the indexes as we go is cheaper than rebuilding

    def __init__(self, conn: sa.Connection, cases: int, *, empty: bool = False) -> None:
        self.conn = conn
        self.kib = min(512 * 1024, max(64 * 1024, cases))
        self.previous: tuple[int, int] | None = None
        # Into an empty cases table, a big load is much faster with its secondary indexes built once at the end
        # (stack.md). If the process dies before that, Store.open() recreates any missing index.
        self.deferred = list(_cases.indexes) if empty and cases >= self.DEFER_INDEXES_FROM else []

    def _driver(self):
        return self.conn.connection.driver_connection

    def __enter__(self):
        if self.conn.dialect.name == "sqlite":
            driver = self._driver()
            cache = driver.execute("PRAGMA cache_size").fetchone()[0]
            checkpoint = driver.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
            self.previous = (int(cache), int(checkpoint))
            driver.execute(f"PRAGMA cache_size = -{int(self.kib)}")
            driver.execute(f"PRAGMA wal_autocheckpoint = {self.CHECKPOINT_PAGES}")
        with self.conn.begin():
            for index in self.deferred:
                index.drop(self.conn, checkfirst=True)
        return self

    def __exit__(self, *exc) -> None:
        if self.deferred:
            with self.conn.begin():
                for index in self.deferred:
                    index.create(self.conn, checkfirst=True)
        if self.conn.dialect.name == "sqlite":  # fresh statistics, so the planner picks the queue's indexes
            self._driver().execute("ANALYZE")
        if self.previous is not None:
            driver = self._driver()
            driver.execute(f"PRAGMA cache_size = {self.previous[0]}")
            driver.execute(f"PRAGMA wal_autocheckpoint = {self.previous[1]}")
            driver.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _reserve_ids(conn: sa.Connection, table: sa.Table, n: int) -> list[int]:
    """``n`` fresh primary keys for ``table``, inside the caller's write transaction."""
    if n == 0:
        return []
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            sa.text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": n},
        )
        return sorted(row[0] for row in rows)
    # SQLite: the transaction began with BEGIN IMMEDIATE, so nobody else can take these ids meanwhile.
    start = conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one() + 1
    return list(range(start, start + n))


def _batches(values: Sequence, size: int = LOOKUP_BATCH) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing_orders(conn, chunk: Chunk, accounts: dict[Region, int]) -> dict[tuple[int, str], int]:
    found: dict[tuple[int, str], int] = {}
    ids = [o.amazon_order_id for o in chunk.orders]
    for batch in _batches(ids):
        query = sa.select(_orders.c.account_id, _orders.c.amazon_order_id, _orders.c.id).where(
            _orders.c.account_id.in_(list(accounts.values())), _orders.c.amazon_order_id.in_(batch)
        )
        found.update({(a, o): i for a, o, i in conn.execute(query)})
    return found


def _existing_cases(conn, chunk: Chunk, accounts: dict[Region, int]) -> set[tuple[int, str, str]]:
    found: set[tuple[int, str, str]] = set()
    refs = [c.source_ref for c in chunk.cases]
    for batch in _batches(refs):
        query = sa.select(_cases.c.account_id, _cases.c.kind, _cases.c.source_ref).where(
            _cases.c.account_id.in_(list(accounts.values())), _cases.c.source_ref.in_(batch)
        )
        found.update((a, str(getattr(k, "value", k)), r) for a, k, r in conn.execute(query))
    return found


def _insert_chunk(
    conn: sa.Connection, chunk: Chunk, accounts: dict[Region, int], *, resume: bool, now: datetime
) -> dict:
    """Insert what is missing of one chunk (one transaction, opened by the caller). Returns row counts."""
    old_orders = _existing_orders(conn, chunk, accounts) if resume else {}
    old_cases = _existing_cases(conn, chunk, accounts) if resume else set()

    # orders: reuse the ids of the ones already there, reserve ids for the rest
    order_db_ids: list[int] = []
    new_order_idx: list[int] = []
    for index, order in enumerate(chunk.orders):
        existing = old_orders.get((accounts[order.region], order.amazon_order_id))
        order_db_ids.append(existing if existing is not None else -1)
        if existing is None:
            new_order_idx.append(index)
    for index, db_id in zip(new_order_idx, _reserve_ids(conn, _orders, len(new_order_idx)), strict=True):
        order_db_ids[index] = db_id
    new_orders = set(new_order_idx)

    order_rows = []
    for index in new_order_idx:
        o = chunk.orders[index]
        order_rows.append(
            {
                "id": order_db_ids[index], "account_id": accounts[o.region], "marketplace_code": o.marketplace_code,
                "amazon_order_id": o.amazon_order_id, "purchase_date": o.purchase_date,
                "last_updated": o.last_updated, "status": o.status, "fulfillment_channel": o.fulfillment_channel,
                "currency": o.currency, "order_total": o.order_total, "buyer_alias": o.buyer_alias,
                "ship_country": o.ship_country, "pii_purged_at": None,
            }
        )  # fmt: skip
    item_rows = [
        {
            "order_id": order_db_ids[i.order_index], "order_item_id": i.order_item_id, "sku": i.sku, "asin": i.asin,
            "title": i.title, "quantity": i.quantity, "item_price": i.item_price, "item_tax": i.item_tax,
            "shipping_price": i.shipping_price, "currency": i.currency,
        }
        for i in chunk.items
        if i.order_index in new_orders
    ]  # fmt: skip

    new_case_idx = [
        index
        for index, c in enumerate(chunk.cases)
        if not resume or (accounts[c.region], c.kind.value, c.source_ref) not in old_cases
    ]
    case_db_ids = dict(zip(new_case_idx, _reserve_ids(conn, _cases, len(new_case_idx)), strict=True))
    case_rows = []
    for index in new_case_idx:
        c = chunk.cases[index]
        case_rows.append(
            {
                "id": case_db_ids[index], "account_id": accounts[c.region], "marketplace_code": c.marketplace_code,
                "order_id": order_db_ids[c.order_index], "kind": c.kind, "state": c.state, "source": c.source,
                "source_ref": c.source_ref, "amazon_order_id": c.amazon_order_id, "sku": c.sku, "asin": c.asin,
                "reason_code": c.reason_code, "reason_text": c.reason_text, "amount": c.amount,
                "currency": c.currency, "opened_at": c.opened_at, "deadline_at": c.deadline_at, "policy_id": None,
                "risk_score": c.risk_score, "assignee_id": None, "created_at": c.opened_at,
                "updated_at": c.updated_at, "version": 1,
            }
        )  # fmt: skip
    event_rows = [
        {
            "case_id": case_db_ids[e.case_index], "at": e.at, "kind": e.kind, "actor_id": None,
            "summary": e.summary, "data": e.data,
        }
        for e in chunk.events
        if e.case_index in case_db_ids
    ]  # fmt: skip

    shipment_rows = _shipment_rows(chunk, accounts, order_db_ids, new_order_idx, now)
    tables = ((_orders, order_rows), (_items, item_rows), (_cases, case_rows), (_events, event_rows),
              (_shipments, shipment_rows))  # fmt: skip
    for table, rows in tables:
        if rows:
            conn.execute(sa.insert(table), rows)
    return {
        "orders": len(order_rows),
        "items": len(item_rows),
        "cases": len(case_rows),
        "events": len(event_rows),
        "skipped": len(chunk.cases) - len(case_rows),
        "shipments": len(shipment_rows),
    }


def _shipment_rows(chunk: Chunk, accounts, order_db_ids: list[int], new_order_idx: list[int], now: datetime) -> list:
    """The parcels of the chunk's new MFN orders (outbound with scans) and their buyers' return parcels."""
    rows = []
    returns: dict[int, list] = {}
    for c in chunk.cases:
        tracking = c.details.get("tracking_id") if c.kind is CaseKind.RETURN_REQUEST else None
        if tracking and c.fulfillment_channel == "MFN":
            returns.setdefault(c.order_index, []).append(c)
    for index in new_order_idx:
        order = chunk.orders[index]
        found = parcel(order, now)
        if found is None:
            continue
        base = {"account_id": accounts[order.region], "order_id": order_db_ids[index],
                "amazon_order_id": order.amazon_order_id, "source": DEMO_SOURCE, "package_ref": None,
                "updated_at": now}  # fmt: skip
        rows.append(
            base | {
                "direction": "outbound", "carrier": found.carrier, "tracking_number": found.tracking_number,
                "shipping_service": found.service, "shipped_at": found.shipped_at, "delivered_at": found.delivered_at,
                "delivered_to": found.delivered_to, "status": found.status, "package_ref": "1",
                "scans": [{"at": s.at.isoformat(), "code": s.code, "location": s.location,
                           "description": s.description} for s in found.scans],
            }
        )  # fmt: skip
        for case in returns.get(index, []):
            details = case.details
            rows.append(
                base | {
                    "direction": "return", "carrier": details.get("return_carrier") or found.carrier,
                    "tracking_number": details["tracking_id"], "shipping_service": None,
                    "shipped_at": case.opened_at, "delivered_at": None, "delivered_to": None, "status": None,
                    "scans": None,
                }
            )  # fmt: skip
    return rows
