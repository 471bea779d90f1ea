"""An answered case (``responded_at`` set) has a stopped clock everywhere: queue rows, the overdue filter, the
summary's overdue count, tray alerts and the detail pane's data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.services import queue
from acorn_desktop.services.alerts import due_for_alert
from acorn_desktop.services.case_detail import CaseDetailServices
from acorn_desktop.services.cases import case_summary, list_cases

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def cases(store):
    """Four buyer messages: overdue, due in 2 h, and the same two answered."""
    with store.session() as session:
        account = m.SellerAccount(name="店铺A", region="eu", selling_partner_id="A1SELLER", is_sandbox=True)
        session.add(account)
        session.flush()
        ids = {}
        late, soon = NOW - timedelta(hours=3), NOW + timedelta(hours=2)
        plan = [("overdue", late, None), ("soon", soon, None), ("overdue_answered", late, NOW - timedelta(hours=5)),
                ("soon_answered", soon, NOW - timedelta(minutes=10))]  # fmt: skip
        for name, due, answered in plan:
            case = m.Case(
                account_id=account.id, marketplace_code="DE", kind=CaseKind.BUYER_MESSAGE, source="email",
                source_ref=name, amazon_order_id="302-1234567-1234567", amount=Decimal("19.99"), currency="EUR",
                opened_at=due - timedelta(hours=24), deadline_at=due, responded_at=answered,
            )  # fmt: skip
            session.add(case)
            session.flush()
            ids[name] = case.id
    return ids


def test_answered_cases_are_neither_overdue_nor_due(store, cases):
    with store.reader() as session:
        assert case_summary(session, NOW).overdue == 1
        overdue = queue.page_ids(session, queue.QueueQuery(due_within="overdue"), NOW, 0, 50)
        within_6h = queue.page_ids(session, queue.QueueQuery(due_within="6h"), NOW, 0, 50)
        alerts = due_for_alert(session, NOW, [timedelta(hours=24), timedelta(hours=6)])
    assert overdue == [cases["overdue"]]
    assert set(within_6h) == {cases["overdue"], cases["soon"]}
    assert [a.case_id for a in alerts] == [cases["soon"]]


def test_answered_cases_stay_in_the_open_queue_with_their_answer_time(store, cases):
    with store.reader() as session:
        ids = queue.page_ids(session, queue.QueueQuery(), NOW, 0, 50)
        rows = queue.rows(session, ids)
        listed = {row.id: row for row in list_cases(session)}
    assert set(ids) == set(cases.values())
    assert rows[cases["soon_answered"]].responded_at == NOW - timedelta(minutes=10)
    assert rows[cases["soon"]].responded_at is None
    assert listed[cases["overdue_answered"]].as_json()["responded_at"] == (NOW - timedelta(hours=5)).isoformat()


def test_the_detail_carries_the_answer_time(store, cases):
    detail = CaseDetailServices(store).load(cases["soon_answered"])
    assert detail.responded_at == NOW - timedelta(minutes=10)
    assert CaseDetailServices(store).load(cases["soon"]).responded_at is None
