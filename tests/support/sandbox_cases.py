"""Choosing seeded cases the sandbox can refund (shared by the refund-feed and demo-flow tests)."""

from __future__ import annotations

import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState


def pick(store, server, kind: CaseKind, *, refunded: bool, account: str, exclude=(), n: int = 1) -> list[int]:
    """Cases of ``kind`` with a known order item that the sandbox did (not) refund yet, one per item."""
    world = server.world
    out, items = [], set()
    with store.reader() as s:
        rows = s.execute(
            sa.select(m.Case.id, m.Case.amazon_order_id, m.Case.sku, m.Case.state)
            .join(m.SellerAccount, m.SellerAccount.id == m.Case.account_id)
            .where(m.Case.kind == kind, m.Case.order_id.is_not(None), m.SellerAccount.name == account)
            .order_by(m.Case.id)
        ).all()
    for case_id, order_id, sku, state in rows:
        _, world_items, world_cases = world.find_order(order_id)
        item = next(i for i in world_items if i.sku == sku)
        done = world.refunded_so_far(order_id, item.order_item_id) > 0
        other_refund_open = any(c.kind is CaseKind.REFUND and c.order_item_id == item.order_item_id
                                and c.source_ref not in {e.ref for e in world.order_events(order_id)}
                                for c in world_cases)  # fmt: skip
        if case_id in exclude or done != refunded or item.order_item_id in items:
            continue
        if not refunded and state in (CaseState.REFUNDED, CaseState.REFUND_SUBMITTED, CaseState.CLOSED):
            continue
        if kind is CaseKind.RETURN_REQUEST and other_refund_open:
            continue  # the sandbox would give its RefundEvent to that refund case
        out.append(case_id)
        items.add(item.order_item_id)
        if len(out) == n:
            return out
    raise AssertionError(f"no {kind} case with refunded={refunded} in the sandbox data")
