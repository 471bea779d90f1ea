"""What is sent is what was approved: a queued refund edited after approval is held as 待确认, not sent."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from test_refund_feed import (  # noqa: F401 (fixtures)
    EU,
    approve_and_enqueue,
    engine_for,
    fresh_token_cache,
    outbox,
    pick,
    sandbox,
    seeded,
    sent_keys,
    unconfirmed,
)

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.services import audit


def edit(store, key: str, **values) -> None:
    with store.session() as s:  # as someone with the database key would, outside the app
        s.execute(sa.update(m.RefundOutbox).where(m.RefundOutbox.adjustment_key == key).values(**values))


def test_an_outbox_amount_edited_after_approval_is_not_sent(seeded, sandbox):  # noqa: F811 (fixtures imported above)
    store = seeded
    edited_case, clean_case = pick(store, sandbox, CaseKind.REFUND, refunded=False, n=2)
    (edited,) = approve_and_enqueue(store, edited_case)
    (clean,) = approve_and_enqueue(store, clean_case)
    edit(store, edited, amount="999.00", components={"Principal": "999.00"})
    reports = engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert reports[0].status == "ok"
    assert unconfirmed(store) == {edited: "approval_mismatch"}
    assert sent_keys(sandbox) == Counter({clean: 1}) and outbox(store)[clean][0] is m.OutboxState.DONE
    assert any("与审批记录不符" in zh for zh, _ in reports[0].streams["refund_feed"].notes)
    with store.reader() as s:
        assert audit.verify_chain(s).ok
        reasons = s.scalars(sa.select(m.CaseEvent.summary).where(m.CaseEvent.case_id == edited_case)).all()
        assert any("与审批记录不符" in r for r in reasons)
    engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert edited not in sent_keys(sandbox)  # and never later


def test_components_or_currency_edited_after_approval_are_not_sent(seeded, sandbox):  # noqa: F811 (fixtures imported above)
    store = seeded
    first, second = pick(store, sandbox, CaseKind.REFUND, refunded=False, n=2)
    (a,) = approve_and_enqueue(store, first)
    (b,) = approve_and_enqueue(store, second)
    with store.reader() as s:
        row = s.scalar(sa.select(m.RefundOutbox).where(m.RefundOutbox.adjustment_key == a))
        components = dict(row.components)
    components["Shipping"] = "4.99"  # a component added, the amount left alone
    edit(store, a, components=components)
    edit(store, b, currency="USD")
    engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert unconfirmed(store) == {a: "approval_mismatch", b: "approval_mismatch"}
    assert sent_keys(sandbox) == Counter()


def test_an_approver_changed_after_approval_stops_the_refund(seeded, sandbox):  # noqa: F811 (fixtures imported above)
    store = seeded
    case_id = pick(store, sandbox, CaseKind.REFUND, refunded=False)[0]
    (key,) = approve_and_enqueue(store, case_id)
    with store.session() as s:
        other = m.User(username="someone", display_name="某人", role_code="manager")
        s.add(other)
        s.flush()
        approval_id = s.scalar(sa.select(m.RefundOutbox.approval_id).where(m.RefundOutbox.adjustment_key == key))
        s.get(m.Approval, approval_id).decided_by = other.id
    engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert unconfirmed(store) == {key: "approval_mismatch"} and sent_keys(sandbox) == Counter()


def test_an_unedited_refund_passes_the_check(seeded, sandbox):  # noqa: F811 (fixtures imported above)
    store = seeded
    case_id = pick(store, sandbox, CaseKind.RETURN_REQUEST, refunded=False)[0]
    keys = approve_and_enqueue(store, case_id)
    engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert {outbox(store)[k][0] for k in keys} == {m.OutboxState.DONE} and unconfirmed(store) == {}
