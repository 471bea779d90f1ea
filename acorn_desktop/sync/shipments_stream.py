"""The shipments stream: the packages of the seller-fulfilled orders behind claims (Orders API 2026-01-01).

For each open A-to-z claim or chargeback of the account whose order is MFN, ``getOrder`` with
``includedData=PACKAGES`` gives carrier, tracking number, service, ship time and Amazon's package status
(packages exist only for merchant-fulfilled orders). **SP-API does not say when a parcel was delivered**: the
delivery date and scans come from a carrier tracking export or a person (``services/shipments.py``), and this
stream never overwrites them.

Paced by ``getOrder``'s usage plan (0.5/s, burst 30) through the scheduler. One transaction per order: its
parcels (idempotent upsert on account + order + tracking number), one audit entry when something changed, and
the cursor (when the order was last asked). An order is asked again only after ``refresh`` while its parcel
has no delivery, and at most ``max_orders`` orders per run, oldest-asked first.

Cursor (``sync_cursors.state`` of stream ``shipments``): ``{"asked": {amazon order id: iso time}}``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sp_api.api.orders.orders_2026_01_01 import OrdersV20260101

from ..domain.cases import RESOLVED_STATES, CaseKind
from ..models import Case, Order, SellerAccount, Shipment
from ..services import audit
from ..services.shipments import ShipmentInput, upsert_shipment
from . import cursors
from .errors import PermanentApiError
from .streams import StreamContext, StreamProgress

CLAIM_KINDS = (CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK)
KEEP_ASKED = timedelta(days=60)


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def packages_to_shipments(order_id: str, packages: list[dict]) -> list[ShipmentInput]:
    """Amazon's OrderPackage objects as parcels (those without a tracking number are not proof of anything)."""
    out = []
    for package in packages or []:
        tracking = (package.get("trackingNumber") or "").strip()
        if not tracking:
            continue
        out.append(
            ShipmentInput(
                amazon_order_id=order_id,
                carrier=(package.get("carrier") or "").strip()[:64] or "—",
                tracking_number=tracking[:64],
                service=(package.get("shippingService") or None),
                shipped_at=_time(package.get("shipTime")),
                status=(package.get("packageStatus") or {}).get("status"),
                package_ref=package.get("packageReferenceId"),
            )
        )
    return out


class ShipmentsStream:
    name = "shipments"

    def __init__(self, *, refresh: timedelta = timedelta(hours=12), max_orders: int = 60) -> None:
        self.refresh = refresh
        self.max_orders = max_orders

    def due_orders(self, ctx: StreamContext, asked: dict[str, str]) -> list[tuple[int, str]]:
        """(order row id, Amazon order id) of MFN orders behind open claims that need asking, oldest-asked first."""
        delivered = (
            sa.select(Shipment.id)
            .where(Shipment.account_id == ctx.account_id, Shipment.order_id == Order.id,
                   Shipment.direction == "outbound", Shipment.delivered_at.is_not(None))
            .exists()
        )  # fmt: skip
        query = (
            sa.select(Order.id, Order.amazon_order_id)
            .join(Case, Case.order_id == Order.id)
            .where(Case.account_id == ctx.account_id, Case.kind.in_(CLAIM_KINDS),
                   Case.state.not_in(list(RESOLVED_STATES)), Order.fulfillment_channel == "MFN", ~delivered)
            .distinct()
        )  # fmt: skip
        with ctx.store.reader() as session:
            rows = list(session.execute(query))
        now = ctx.now()
        due = [(oid, amazon) for oid, amazon in rows if amazon not in asked or
               now - datetime.fromisoformat(asked[amazon]) >= self.refresh]  # fmt: skip
        due.sort(key=lambda r: asked.get(r[1], ""))
        return due[: self.max_orders]

    def run(self, ctx: StreamContext) -> StreamProgress:
        progress = StreamProgress(self.name)
        with ctx.store.reader() as session:
            cursor = cursors.load(session, ctx.account_id, self.name)
        asked: dict[str, str] = dict(cursor.state.get("asked") or {})
        for order_row_id, amazon_order_id in self.due_orders(ctx, asked):
            if ctx.cancel():
                break
            try:
                response = ctx.api.call(
                    "getOrder",
                    OrdersV20260101,
                    lambda c, oid=amazon_order_id: c.get_order(oid, includedData=["PACKAGES"]),
                    expect="order",
                    cancel=ctx.cancel,
                )
                packages = (response.payload.get("order") or {}).get("packages") or []
            except PermanentApiError as exc:
                if exc.code != "NotFound":
                    raise
                packages = []  # an order Amazon no longer shows: nothing to learn, don't ask again soon
            parcels = packages_to_shipments(amazon_order_id, packages)
            now = ctx.now()
            asked[amazon_order_id] = now.isoformat()
            _prune(asked, now)
            with ctx.store.session() as session:
                account = session.get(SellerAccount, ctx.account_id)
                outcomes = [upsert_shipment(session, ctx.account_id, order_row_id, p, "orders_api")[0] for p in parcels]
                changed = [o for o in outcomes if o != "unchanged"]
                if changed:
                    audit.append(
                        session, actor=ctx.actor, action="sync.shipments.order",
                        summary=f"{account.name}: packages of {amazon_order_id}: {outcomes.count('created')} new, "
                        f"{outcomes.count('updated')} updated",
                        payload={"order": amazon_order_id, "packages": packages},
                        entity_type="seller_account", entity_id=ctx.account_id,
                    )  # fmt: skip
                cursors.save(
                    session,
                    ctx.account_id,
                    self.name,
                    cursors.Cursor(watermark=now, next_token=None, state={"asked": asked}),
                    success_at=now,
                )
            progress.pages += 1
            progress.result.events_seen += len(parcels)
            progress.result.events_new += len(changed)
            ctx.on_page(progress)
        return progress


def _prune(asked: dict[str, str], now: datetime) -> None:
    for key in [k for k, v in asked.items() if now - datetime.fromisoformat(v) > KEEP_ASKED]:
        del asked[key]
