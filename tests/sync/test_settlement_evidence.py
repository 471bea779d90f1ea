"""A 待确认 refund confirmed by the settlement report: lines carrying its own merchant-adjustment-item-id (the
MerchantAdjustmentItemID our feed sent) and adding up to what was sent. Lines naming it with another amount keep
it 待确认 for a person (Amazon has it: never resend), and nothing else in the settlement counts as evidence."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa
from test_refund_feed import (  # noqa: F401 (fixtures)
    EU,
    LoseCreateFeedAnswer,
    approve_and_enqueue,
    case_state,
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
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.services import audit, refund_evidence
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.sync.report_streams import SettlementStream


def settlements_only(store, server) -> SyncEngine:
    return SyncEngine(store, sandbox_credentials(server), now=server.world.now, rate_limits=False, timeout=10,
                      streams=[SettlementStream()])  # fmt: skip


def lost_answer(store, server) -> tuple[int, str]:
    case_id = pick(store, server, CaseKind.RETURN_REQUEST, refunded=False)[0]
    (key,) = approve_and_enqueue(store, case_id)
    LoseCreateFeedAnswer(server, "after")
    engine_for(store, server, all_streams=False).run(account=EU)
    assert unconfirmed(store) == {key: "create_unknown"}
    return case_id, key


def lines_of(store, key: str) -> list:
    t = m.SettlementLine
    with store.reader() as s:
        query = sa.select(t.id, t.transaction_type, t.amount_type, t.amount).where(t.merchant_adjustment_item_id == key)
        return list(s.execute(query))


def actions(store, prefix: str) -> list[str]:
    with store.reader() as s:
        return list(s.scalars(sa.select(m.AuditEntry.action).where(m.AuditEntry.action.like(prefix + "%"))))


def test_the_settlement_line_naming_the_adjustment_confirms_it(seeded, sandbox):  # noqa: F811 (fixtures)
    store = seeded
    case_id, key = lost_answer(store, sandbox)
    sandbox.advance(int(timedelta(days=15).total_seconds()))  # the refund's settlement period has closed
    reports = settlements_only(store, sandbox).run(account=EU)  # no Finances: only the settlement can tell
    assert [r.status for r in reports] == ["ok"], [r.error for r in reports]
    lines = lines_of(store, key)
    assert lines and {ln.transaction_type for ln in lines} == {"Refund"}
    assert outbox(store)[key][0] is m.OutboxState.DONE
    assert case_state(store, case_id) is CaseState.REFUND_SUBMITTED
    assert actions(store, "refund.confirmed_by") == ["refund.confirmed_by_settlement"]
    engine_for(store, sandbox).run(account=EU)  # Finances then settles the case as usual
    assert case_state(store, case_id) is CaseState.REFUNDED
    assert sent_keys(sandbox) == Counter({key: 1})
    with store.reader() as s:
        assert audit.verify_chain(s).ok


def test_settlement_lines_with_another_amount_keep_it_for_a_person_and_block_the_refund_event(seeded, sandbox):  # noqa: F811
    store = seeded
    _, key = lost_answer(store, sandbox)
    sandbox.advance(int(timedelta(days=15).total_seconds()))
    reports = settlements_only(store, sandbox).run(account=EU)
    assert reports[0].status == "ok"
    line = next(ln for ln in lines_of(store, key) if ln.amount_type == "ItemPrice")
    with store.session() as s:
        s.get(m.SettlementLine, line.id).amount = line.amount - 1
        row = s.scalar(sa.select(m.RefundOutbox).where(m.RefundOutbox.adjustment_key == key))
        row.state, row.completed_at, row.unconfirmed_reason = m.OutboxState.UNCONFIRMED, None, "create_unknown"
        account_id = row.account_id
    with store.session() as s:
        assert refund_evidence.resolve_by_settlement_lines(s, account_id, at=sandbox.world.now()) == 0
    assert unconfirmed(store) == {key: "settlement_differs"}
    with store.session() as s:  # noted once, not on every sync
        assert refund_evidence.resolve_unconfirmed(s, account_id, at=sandbox.world.now()) == 0
    assert actions(store, "refund.evidence_differs") == ["refund.evidence_differs"]
    sandbox.advance(600)
    engine_for(store, sandbox).run(account=EU)  # the RefundEvent alone does not override the settlement
    assert unconfirmed(store) == {key: "settlement_differs"}
    assert sent_keys(sandbox) == Counter({key: 1})


def test_lines_of_another_order_or_without_the_id_are_no_evidence(seeded, sandbox):  # noqa: F811
    store = seeded
    _, key = lost_answer(store, sandbox)
    with store.session() as s:
        row = s.scalar(sa.select(m.RefundOutbox).where(m.RefundOutbox.adjustment_key == key))
        common = dict(account_id=row.account_id, settlement_id="999", transaction_type="Refund",
                      amount_type="ItemPrice", amount=-row.amount, currency=row.currency)  # fmt: skip
        s.add_all([
            m.SettlementLine(**common, amazon_order_id="999-0000000-0000000", merchant_adjustment_item_id=key,
                             row_digest="a" * 64),
            m.SettlementLine(**common, amazon_order_id=row.amazon_order_id, merchant_adjustment_item_id=None,
                             row_digest="b" * 64),
            m.SettlementLine(**{**common, "transaction_type": "Order"}, amazon_order_id=row.amazon_order_id,
                             merchant_adjustment_item_id=key, row_digest="c" * 64),
        ])  # fmt: skip
        account_id = row.account_id
    with store.session() as s:
        assert refund_evidence.resolve_by_settlement_lines(s, account_id, at=sandbox.world.now()) == 0
    assert unconfirmed(store) == {key: "create_unknown"}
