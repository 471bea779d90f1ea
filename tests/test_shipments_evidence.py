"""Shipping proof from a carrier export and by hand, and the evidence package's missing list per claim type."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.domain.claims import ClaimType
from acorn_desktop.domain.evidence import REQUIRED, EvidenceKind
from acorn_desktop.errors import InputError
from acorn_desktop.services.case_detail import CaseDetailServices
from acorn_desktop.services.evidence import EvidenceServices, collect_evidence
from acorn_desktop.services.shipments import ShipmentInput, ShipmentServices

ORDER = "302-1234567-1234567"
HEADER = "order_id,carrier,tracking_number,ship_date,delivery_date,delivered_to,scan_time,scan_code,scan_location\n"


def _case(store, kind=CaseKind.ATOZ_CLAIM, reason="ITEM_NOT_RECEIVED") -> int:
    with store.session() as session:
        account = m.SellerAccount(name="店铺A", region="eu", selling_partner_id="A1SELLER", is_sandbox=True)
        session.add(account)
        session.flush()
        order = m.Order(account_id=account.id, marketplace_code="DE", amazon_order_id=ORDER,
                        purchase_date=datetime(2026, 3, 1, 9, tzinfo=UTC), status="Shipped", fulfillment_channel="MFN",
                        currency="EUR", order_total=Decimal("39.99"))  # fmt: skip
        session.add(order)
        session.flush()
        case = m.Case(account_id=account.id, marketplace_code="DE", order_id=order.id, kind=kind, source="manual",
                      source_ref="C-1", amazon_order_id=ORDER, reason_code=reason, amount=Decimal("39.99"),
                      currency="EUR", opened_at=datetime(2026, 3, 10, 8, tzinfo=UTC))  # fmt: skip
        session.add(case)
        session.flush()
        return case.id


def _write(tmp_path, text: str, name="tracking.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_tracking_export_gives_shipping_proof_once(store, tmp_path):
    case_id = _case(store)
    with store.reader() as session:
        assert collect_evidence(session, case_id).missing == (EvidenceKind.SHIPPING_PROOF, EvidenceKind.DELIVERY_SCAN)
    path = _write(tmp_path, HEADER
                  + f"{ORDER},DHL,00340434,2026-03-02 10:15,,,2026-03-02 10:15,PICKED_UP,Leipzig\n"
                  + f"{ORDER},DHL,00340434,,2026-03-04,Haustür,2026-03-04 13:40,DELIVERED,Berlin\n"
                  + "305-0000000-0000000,DPD,999,2026-03-02,,,,,\n")  # fmt: skip
    result = ShipmentServices(store).import_csv(path)
    assert (result.created, result.updated, result.unknown_orders) == (1, 0, ["305-0000000-0000000"])
    with store.reader() as session:
        row = session.scalar(sa.select(m.Shipment))
        # naive times are the carrier's local time (Berlin, UTC+1 in March)
        assert row.shipped_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
        assert row.delivered_at == datetime(2026, 3, 3, 23, 0, tzinfo=UTC) and row.delivered_to == "Haustür"
        assert [s["code"] for s in row.scans] == ["PICKED_UP", "DELIVERED"] and row.source == "csv"
        package = collect_evidence(session, case_id)
        assert package.missing == () and package.outbound.tracking_number == "00340434"
        audits = session.scalar(sa.select(sa.func.count()).select_from(m.AuditEntry))
        count_events = sa.select(sa.func.count()).select_from(m.CaseEvent).where(m.CaseEvent.case_id == case_id)
        events = session.scalar(count_events)
    again = ShipmentServices(store).import_csv(path)  # the same file again changes nothing
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    with store.reader() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(m.AuditEntry)) == audits
        assert session.scalar(count_events) == events


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("order_id,carrier,tracking_number\n", 1, "缺少列"),
        (HEADER + f"{ORDER},DHL,,2026-03-02,,,,,\n", 2, "物流单号"),
        (HEADER + f"{ORDER},DHL,1,2026-03-02,,,,,\nnot-an-order,DHL,2,2026-03-02,,,,,\n", 3, "订单号"),
        (HEADER + f"{ORDER},DHL,1,03/31/2026,,,,,\n", 2, "不是日期"),
        (HEADER + f"{ORDER},DHL,1,2026-03-05,2026-03-02,,,,\n", 2, "早于"),
        (HEADER + f"{ORDER},DHL,1,2026-03-02,,,,DELIVERED,Berlin\n", 2, "扫描时间"),
        (HEADER + f"{ORDER},DHL,1,2026-03-02,2026-03-04,,,,\n{ORDER},DHL,1,2026-03-02,2026-03-05,,,,\n", 3, "不一致"),
    ],
)
def test_bad_lines_name_file_and_line_and_change_nothing(store, tmp_path, text, line, words):
    _case(store)
    good = f"{ORDER},UPS,1Z999,2026-03-02,2026-03-03,,,,\n"
    path = _write(tmp_path, text if line == 1 else text.replace(HEADER, HEADER + good, 1), "export.csv")
    with pytest.raises(InputError) as error:
        ShipmentServices(store).import_csv(path)
    expected_line = line if line == 1 else line + 1
    assert f"export.csv 第 {expected_line} 行" in error.value.zh and words in error.value.zh
    assert error.value.hint_zh  # what to do
    with store.reader() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(m.Shipment)) == 0  # all or nothing


def test_chinese_headers_and_gbk_from_excel(store, tmp_path):
    _case(store)
    text = "订单号,承运商,物流单号,发货日期,签收日期,签收地点\n" + f"{ORDER},DHL,77,2026-03-02,2026-03-04,邻居\n"
    path = tmp_path / "erp.csv"
    path.write_bytes(text.encode("gb18030"))
    assert ShipmentServices(store).import_csv(path).created == 1


def test_manual_entry_and_api_do_not_erase_it(store):
    case_id = _case(store)
    services = ShipmentServices(store)
    delivered = datetime(2026, 3, 4, 12, tzinfo=UTC)
    services.record_manual(case_id, ShipmentInput("", "Hermes", "H1", shipped_at=datetime(2026, 3, 2, tzinfo=UTC),
                                                  delivered_at=delivered, delivered_to="Nachbar"), "agent")  # fmt: skip
    from acorn_desktop.services.shipments import upsert_shipment

    with store.session() as session:
        shipment = session.scalar(sa.select(m.Shipment))
        upsert_shipment(
            session,
            shipment.account_id,
            shipment.order_id,
            ShipmentInput(ORDER, "HERMES_DE", "H1", status="SHIPPED"),
            "orders_api",
        )
    with store.reader() as session:
        row = session.scalar(sa.select(m.Shipment))
        assert (row.carrier, row.delivered_at, row.delivered_to, row.status, row.source) == (
            "Hermes",
            delivered,
            "Nachbar",
            "DELIVERED",
            "manual",
        )
    with pytest.raises(InputError):
        services.record_manual(case_id, ShipmentInput("", "", "H2"), "agent")
    with pytest.raises(InputError, match="早于"):
        services.record_manual(
            case_id,
            ShipmentInput("", "DHL", "H3", shipped_at=delivered, delivered_at=datetime(2026, 3, 1, tzinfo=UTC)),
            "agent",
        )


@pytest.mark.parametrize("claim", list(ClaimType))
def test_missing_list_follows_the_claim_type(store, tmp_path, claim):
    kind = claim.case_kind
    reason = {ClaimType.ATOZ_NOT_RECEIVED: "ITEM_NOT_RECEIVED", ClaimType.ATOZ_NOT_AS_DESCRIBED: "DAMAGED",
              ClaimType.ATOZ_RETURN_NOT_REFUNDED: "RETURNED_NOT_REFUNDED",
              ClaimType.CHARGEBACK_UNAUTHORISED: "UNAUTHORIZED_PURCHASE",
              ClaimType.CHARGEBACK_NOT_RECEIVED: "ITEM_NOT_RECEIVED",
              ClaimType.CHARGEBACK_NOT_AS_DESCRIBED: "NOT_AS_DESCRIBED"}[claim]  # fmt: skip
    case_id = _case(store, kind, reason)
    evidence = EvidenceServices(store)
    assert evidence.package(case_id).package.missing == REQUIRED[claim]  # nothing yet: all of it is missing
    photo = tmp_path / "item.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    CaseDetailServices(store).attach_evidence(case_id, photo, "photo", "agent")
    ShipmentServices(store).record_manual(
        case_id, ShipmentInput("", "DHL", "D1", shipped_at=datetime(2026, 3, 2, tzinfo=UTC),
                               delivered_at=datetime(2026, 3, 4, tzinfo=UTC)), "agent")  # fmt: skip
    view = evidence.package(case_id)
    expected = tuple(k for k in REQUIRED[claim] if k not in {EvidenceKind.PHOTO, EvidenceKind.SHIPPING_PROOF,
                                                              EvidenceKind.DELIVERY_SCAN})  # fmt: skip
    assert view.package.missing == expected
    assert view.package.claim_type is claim
