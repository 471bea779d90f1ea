"""A small world for buyer-reply tests: three users (admin, 客服, 主管) and three cases with orders — a German
buyer message that is overdue and carries the buyer's words, a French return request, a US A-to-z claim."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.services import users
from acorn_desktop.services.changes import Actor

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
TITLE = "Wireless Earbuds Bluetooth 5.3 with Charging Case"


def make_people(store) -> dict[str, Actor]:
    admin_info = users.create_user(store, None, "admin", "管理员", "admin", PASSWORD)
    admin = Actor(admin_info.username, admin_info.id)
    people = {"admin": admin}
    for name, role in [("agent", "cs"), ("manager", "manager")]:
        info = users.create_user(store, admin, name, f"{name}-显示名", role, PASSWORD)
        people[name] = Actor(info.username, info.id)
    return people


def make_world(store) -> dict[str, int]:
    """A German buyer message (overdue, with the buyer's words), a French return request, a US claim."""
    with store.session() as session:
        account = m.SellerAccount(name="欧洲店", region="eu", selling_partner_id="A1SELLER", is_sandbox=True)
        session.add(account)
        session.flush()
        ids = {}
        for key, market, kind, order_id, opened, due in [
            ("message", "DE", CaseKind.BUYER_MESSAGE, "302-1111111-1111111", NOW - timedelta(hours=30),
             NOW - timedelta(hours=6)),
            ("return", "FR", CaseKind.RETURN_REQUEST, "403-2222222-2222222", NOW - timedelta(hours=2),
             NOW + timedelta(hours=22)),
            ("claim", "US", CaseKind.ATOZ_CLAIM, "114-3333333-3333333", NOW - timedelta(hours=1),
             NOW + timedelta(hours=47)),
        ]:  # fmt: skip
            order = m.Order(account_id=account.id, marketplace_code=market, amazon_order_id=order_id,
                            purchase_date=NOW - timedelta(days=9), status="Shipped", fulfillment_channel="MFN",
                            currency="EUR", order_total=Decimal("39.99"))  # fmt: skip
            session.add(order)
            session.flush()
            session.add(m.OrderItem(order_id=order.id, order_item_id=f"I-{key}", sku="SKU-EAR", asin="B0EARBUDS1",
                                    title=TITLE, quantity=1, item_price=Decimal("39.99"), currency="EUR"))  # fmt: skip
            case = m.Case(account_id=account.id, marketplace_code=market, order_id=order.id, kind=kind,
                          source="email", source_ref=f"ref-{key}", amazon_order_id=order_id, sku="SKU-EAR",
                          amount=Decimal("39.99"), currency="EUR", opened_at=opened, deadline_at=due)  # fmt: skip
            session.add(case)
            session.flush()
            ids[key] = case.id
        # the German order went out with DHL and was delivered (scans in UTC; 23:30 UTC is the next day in Berlin)
        session.add(m.Shipment(account_id=account.id, amazon_order_id="302-1111111-1111111", carrier="DHL",
                               tracking_number="00340434161234567890", source="manual",
                               shipped_at=datetime(2026, 11, 12, 9, 0, tzinfo=UTC),
                               delivered_at=datetime(2026, 11, 16, 23, 30, tzinfo=UTC)))  # fmt: skip
        words = "Hallo, mein Paket ist noch nicht angekommen. Wo ist es?"
        session.add(m.InboundMessage(channel="eml", content_sha256="a" * 64, status="parsed", case_id=ids["message"],
                                     subject="Frage zur Bestellung", received_at=NOW - timedelta(hours=30),
                                     facts={"excerpt": words}))  # fmt: skip
    return ids
