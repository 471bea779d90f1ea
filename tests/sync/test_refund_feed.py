"""The refund feed: the OrderAdjustment XML (XSD element order), the processing report, and the stream against
the in-process sandbox — accepted refunds end REFUNDED once, rejected ones REFUND_FAILED with Amazon's message,
and an unknown createFeed outcome is 待确认 (unconfirmed): never adopted from Amazon's feed list, never sent again
without two people, settled only by evidence naming the adjustment."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sandbox_cases
import sqlalchemy as sa
from sp_api.auth import access_token_client

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.marketplaces import BY_AMAZON_ID
from acorn_desktop.errors import InputError, PermissionDeniedError
from acorn_desktop.formats.adjustment_xml import (
    ADJUSTED_ITEM_CHILDREN,
    ADJUSTMENT_REASONS,
    COMPONENT_TYPES,
    ORDER_ADJUSTMENT_CHILDREN,
    AdjustmentMessage,
    ReportFormatError,
    build_feed,
    format_amount,
    merchant_adjustment_item_ids,
    parse_processing_report,
)
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services import audit, refund_outbox, refunds
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.demo import DEMO_ACCOUNTS, seed_demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.sync.lease import sender_lease
from acorn_desktop.sync.orders_stream import OrdersStream
from acorn_desktop.sync.refund_feed import RefundFeedStream, RefundSettleStream
from acorn_desktop.sync.scheduler import Clock
from acorn_desktop.sync.streams import FinancesStream

D = Decimal
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
EU = DEMO_ACCOUNTS[next(r for r in DEMO_ACCOUNTS if r.value == "eu")][0]
FEED_OPS = ("createFeedDocument", "createFeed", "getFeeds", "getFeed", "getFeedDocument")


# -- XML --------------------------------------------------------------------------------------------------------
def message(n=1, **kw) -> AdjustmentMessage:
    values = dict(
        message_id=n, amazon_order_id="302-1234567-1234567", order_item_id="12345678901234",
        merchant_adjustment_item_id=f"ACN1-K{n}", adjustment_reason="CustomerReturn",
        components={"RestockingFee": D("-2"), "Principal": D("19.9"), "Tax": D("3.80"), "Shipping": D("4.99")},
        currency="EUR", quantity=1,
    )  # fmt: skip
    values.update(kw)
    return AdjustmentMessage(**values)


# OrderAdjustment.xsd rev #12 as sequences of child elements (optional ones with ?), one letter per element.
ORDER_XSD = re.compile(r"^(AmazonOrderID|MerchantOrderID)(ActionType)?(CODCollectionMethod)?(AdjustedItem)+$")
ITEM_XSD = re.compile(
    r"^(AmazonOrderItemCode|MerchantOrderItemID)(MerchantAdjustmentItemID)?(AdjustmentReason)(ItemPriceAdjustments)?"
    r"(PromotionAdjustments)*(DirectPaymentAdjustments)?(QuantityCancelled)?(Quantity)?$"
)


def tags(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


def test_feed_follows_the_xsd_element_order_exactly():
    root = ET.fromstring(
        build_feed("A1SELLER", [message(1), message(2, currency="JPY", components={"Principal": D(1200)})])
    )
    assert root.tag == "AmazonEnvelope" and tags(root) == ["Header", "MessageType", "Message", "Message"]
    assert tags(root.find("Header")) == ["DocumentVersion", "MerchantIdentifier"]
    assert (
        root.findtext("Header/MerchantIdentifier") == "A1SELLER" and root.findtext("MessageType") == "OrderAdjustment"
    )
    for msg in root.findall("Message"):
        assert tags(msg) == ["MessageID", "OrderAdjustment"]
        adjustment = msg.find("OrderAdjustment")
        assert tags(adjustment) == list(ORDER_ADJUSTMENT_CHILDREN) and ORDER_XSD.match("".join(tags(adjustment)))
        item = adjustment.find("AdjustedItem")
        assert tags(item) == list(ADJUSTED_ITEM_CHILDREN) and ITEM_XSD.match("".join(tags(item)))
        assert adjustment.findtext("ActionType") == "Refund"
        for component in item.findall("ItemPriceAdjustments/Component"):
            assert tags(component) == ["Type", "Amount"]
    first, second = root.findall("Message")
    assert [first.findtext("MessageID"), second.findtext("MessageID")] == ["1", "2"]
    components = first.findall("OrderAdjustment/AdjustedItem/ItemPriceAdjustments/Component")
    got = [(c.findtext("Type"), c.findtext("Amount"), c.find("Amount").get("currency")) for c in components]
    # in the XSD's component order, currency on every amount, minor units, deductions negative
    assert got == [("Principal", "19.90", "EUR"), ("Shipping", "4.99", "EUR"), ("Tax", "3.80", "EUR"),
                   ("RestockingFee", "-2.00", "EUR")]  # fmt: skip
    assert second.findtext("OrderAdjustment/AdjustedItem/ItemPriceAdjustments/Component/Amount") == "1200"
    assert first.findtext("OrderAdjustment/AdjustedItem/MerchantAdjustmentItemID") == "ACN1-K1"
    assert merchant_adjustment_item_ids(build_feed("X", [message(1), message(2)])) == ["ACN1-K1", "ACN1-K2"]


def test_feed_escapes_text_and_refuses_what_amazon_would():
    data = build_feed("A&B <seller>", [message(1)])
    assert ET.fromstring(data).findtext("Header/MerchantIdentifier") == "A&B <seller>"
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert format_amount(D("1E+1"), "EUR") == "10.00" and format_amount(D("-0.5"), "USD") == "-0.50"
    for bad in (
        message(adjustment_reason="Refund"),
        message(components={"Discount": D(1)}),
        message(components={"Principal": D(0)}),
        message(quantity=0),
        message(merchant_adjustment_item_id=""),
    ):
        with pytest.raises(ValueError):
            build_feed("X", [bad])
    with pytest.raises(ValueError, match="unique"):
        build_feed("X", [message(1), message(1)])
    assert len(ADJUSTMENT_REASONS) == 18 and len(COMPONENT_TYPES) == 16


REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
<Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>A1</MerchantIdentifier></Header>
<MessageType>ProcessingReport</MessageType>
<Message><MessageID>1</MessageID><ProcessingReport>
<DocumentTransactionID>60001</DocumentTransactionID><StatusCode>Complete</StatusCode>
<ProcessingSummary><MessagesProcessed>3</MessagesProcessed><MessagesSuccessful>2</MessagesSuccessful>
<MessagesWithError>1</MessagesWithError><MessagesWithWarning>1</MessagesWithWarning></ProcessingSummary>
<Result><MessageID>2</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>18030</ResultMessageCode>
<ResultDescription>The refund of 50 EUR exceeds &amp; more</ResultDescription>
<AdditionalInfo><AmazonOrderID>302-1</AmazonOrderID></AdditionalInfo></Result>
<Result><MessageID>3</MessageID><ResultCode>Warning</ResultCode><ResultMessageCode>99</ResultMessageCode>
<ResultDescription>Rounded</ResultDescription></Result>
</ProcessingReport></Message></AmazonEnvelope>
"""


def test_processing_report_results_per_message():
    report = parse_processing_report(REPORT)
    assert (report.document_transaction_id, report.status_code) == ("60001", "Complete")
    assert (report.processed, report.successful, report.with_error, report.with_warning) == (3, 2, 1, 1)
    assert report.succeeded(1) and report.succeeded(3)  # no Result / only a warning: succeeded
    assert not report.succeeded(2)
    (error,) = report.errors_for(2)
    assert (error.message_code, error.description, error.amazon_order_id) == ("18030", "The refund of 50 EUR "
                                                                                "exceeds & more", "302-1")  # fmt: skip
    whole = REPORT.replace("<MessageID>2</MessageID><ResultCode>", "<MessageID>0</MessageID><ResultCode>")
    assert parse_processing_report(whole.encode()).document_errors and not parse_processing_report(whole).succeeded(1)
    for garbage in ("<Error><Code>AccessDenied</Code></Error>", "<AmazonEnvelope><Message>", "not xml"):
        with pytest.raises(ReportFormatError):
            parse_processing_report(garbage)


# -- against the sandbox ----------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def fresh_token_cache():
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


@pytest.fixture
def sandbox():
    with SandboxServer(seed=7, cases=300, now=NOW, rate_limits=False, processing_seconds=(0.0, 0.3)) as server:
        yield server


@pytest.fixture
def seeded(store):
    seed_demo(store, cases=300, seed=7, now=NOW)
    with store.session() as s:
        user = m.User(username="manager", display_name="主管", role_code="manager")
        s.add(user)
        s.flush()
        s.info["manager_id"] = user.id
    return store


def engine_for(store, server, feed: RefundFeedStream | None = None, *, all_streams=True):
    feed = feed or RefundFeedStream(max_wait=5, poll_interval=0.1)
    streams = [OrdersStream(), feed, FinancesStream(), RefundSettleStream()] if all_streams else [feed]
    return SyncEngine(store, sandbox_credentials(server), now=server.world.now, rate_limits=False, timeout=10,
                      streams=streams)  # fmt: skip


def pick(store, server, kind: CaseKind, *, refunded: bool, account: str = EU, exclude=(), n: int = 1) -> list[int]:
    return sandbox_cases.pick(store, server, kind, refunded=refunded, account=account, exclude=exclude, n=n)


def approve_and_enqueue(store, case_id: int) -> list[str]:
    with store.session() as s:
        manager = s.scalar(sa.select(m.User.id).where(m.User.username == "manager"))
        case = s.get(m.Case, case_id)
        case.state = CaseState.APPROVED
        approval = m.Approval(case_id=case_id, amount=case.amount, currency=case.currency, reason="test",
                              requested_by=manager, requested_at=NOW, status=m.ApprovalStatus.APPROVED,
                              decided_by=manager)  # fmt: skip
        s.add(approval)
        s.flush()
        rows = refunds.enqueue_refund(s, case, Actor("manager", manager), approval_id=approval.id)
        return [r.adjustment_key for r in rows]


def sent_keys(server) -> Counter:
    """Every MerchantAdjustmentItemID in every feed document the sandbox received."""
    world = server.world
    keys: Counter = Counter()
    for feed in world.feeds.values():
        keys.update(merchant_adjustment_item_ids(world.documents[feed.input_document_id].data))
    return keys


def outbox(store) -> dict[str, tuple]:
    with store.reader() as s:
        return {
            r.adjustment_key: (r.state, r.feed_id, r.error_message, r.case_id)
            for r in s.scalars(sa.select(m.RefundOutbox))
        }


def case_state(store, case_id) -> CaseState:
    with store.reader() as s:
        return s.get(m.Case, case_id).state


def feed_calls(server) -> int:
    return sum(1 for op, _, _ in server.requests if op in FEED_OPS)


def test_approved_refunds_go_out_once_and_come_back_refunded_or_failed(seeded, sandbox):
    store = seeded
    refund_case = pick(store, sandbox, CaseKind.REFUND, refunded=False)[0]
    return_case = pick(store, sandbox, CaseKind.RETURN_REQUEST, refunded=False)[0]
    rejected_case = pick(store, sandbox, CaseKind.RETURN_REQUEST, refunded=True)[0]  # Amazon refunded it already
    keys = {c: approve_and_enqueue(store, c) for c in (refund_case, return_case, rejected_case)}
    with store.reader() as s:
        cases_before = s.scalar(sa.select(sa.func.count()).select_from(m.Case))

    reports = engine_for(store, sandbox).run(account=EU)
    assert [r.status for r in reports] == ["ok"], [r.error for r in reports]
    with store.reader() as s:
        markets = set(s.scalars(sa.select(m.RefundOutbox.marketplace_code)))
    assert len(sandbox.world.feeds) == len(markets)  # one feed per marketplace
    state = outbox(store)
    assert {state[k][0] for c in (refund_case, return_case) for k in keys[c]} == {m.OutboxState.DONE}
    (rejected_key,) = keys[rejected_case]
    assert state[rejected_key][0] is m.OutboxState.FAILED
    assert "exceeds the amount still refundable" in state[rejected_key][2]
    assert case_state(store, rejected_case) is CaseState.REFUND_FAILED
    with store.reader() as s:
        timeline = s.scalars(sa.select(m.CaseEvent.summary).where(m.CaseEvent.case_id == rejected_case)).all()
    assert any("亚马逊拒绝了退款" in t and "exceeds the amount still refundable" in t for t in timeline)
    for case_id in (refund_case, return_case):
        assert case_state(store, case_id) is CaseState.REFUND_SUBMITTED  # until the RefundEvent arrives
    assert set(sandbox.world.adjustments) == set(keys[refund_case] + keys[return_case])

    sandbox.advance(600)  # the RefundEvents are now older than the Finances safety lag
    reports = engine_for(store, sandbox).run(account=EU)
    assert [r.status for r in reports] == ["ok"], [r.error for r in reports]
    for case_id in (refund_case, return_case):
        assert case_state(store, case_id) is CaseState.REFUNDED
    with store.reader() as s:
        # the return request's RefundEvent opened no second case: the refund is ONE case, refunded once
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Case)) == cases_before
        for case_id in (refund_case, return_case):
            linked = s.scalars(sa.select(m.FinancialEvent.event_type).where(m.FinancialEvent.case_id == case_id)).all()
            assert linked.count("RefundEvent") == 1
        settled = s.scalars(sa.select(m.AuditEntry.entity_id).where(m.AuditEntry.action == "refund.settled")).all()
        assert settled == [str(return_case)]  # the refund case was settled by the Finances intake itself
        assert audit.verify_chain(s).ok
        actions = Counter(s.scalars(sa.select(m.AuditEntry.action).where(m.AuditEntry.action.like("refund.%"))))
    feeds = len(markets)
    assert actions["refund.feed.document"] == actions["refund.feed.created"] == actions["refund.feed.report"] == feeds

    calls = feed_calls(sandbox)
    engine_for(store, sandbox).run(account=EU)  # nothing left to send or follow: no feed call at all
    assert feed_calls(sandbox) == calls
    assert sent_keys(sandbox) == Counter({k: 1 for ks in keys.values() for k in ks})


def test_feeds_are_split_per_marketplace_and_batched(seeded, sandbox):
    store = seeded
    chosen = pick(store, sandbox, CaseKind.RETURN_REQUEST, refunded=False, n=3)
    chosen += pick(store, sandbox, CaseKind.REFUND, refunded=False, n=3, exclude=chosen)
    keys = [k for c in chosen for k in approve_and_enqueue(store, c)]
    engine_for(store, sandbox, RefundFeedStream(max_wait=5, poll_interval=0.1, max_messages=2),
               all_streams=False).run(account=EU)  # fmt: skip
    world = sandbox.world
    with store.reader() as s:
        markets = dict(s.execute(sa.select(m.RefundOutbox.adjustment_key, m.RefundOutbox.marketplace_code)).all())
    for feed in world.feeds.values():
        in_feed = merchant_adjustment_item_ids(world.documents[feed.input_document_id].data)
        assert 1 <= len(in_feed) <= 2
        assert {markets[k] for k in in_feed} == {BY_AMAZON_ID[feed.marketplace_ids[0]].code}
    assert len(world.feeds) <= 3  # max_feeds per run
    sent = sent_keys(sandbox)
    assert all(n == 1 for n in sent.values()) and set(sent) <= set(keys)
    engine_for(store, sandbox, RefundFeedStream(max_wait=5, poll_interval=0.1, max_messages=2),
               all_streams=False).run(account=EU)  # fmt: skip
    engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert sent_keys(sandbox) == Counter({k: 1 for k in keys})
    assert {v[0] for v in outbox(store).values()} == {m.OutboxState.DONE}


class LoseCreateFeedAnswer:
    """createFeed reaches the sandbox; its answer is lost (``after``) or the request never arrives (``before``)."""

    def __init__(self, server: SandboxServer, when: str, times: int = 1) -> None:
        self.server, self.when, self.left = server, when, times
        self.inner = server.handle
        server.handle = self.handle

    def handle(self, method, raw_path, headers, body):
        if method == "POST" and raw_path.split("?")[0] == "/feeds/2021-06-30/feeds" and self.left > 0:
            self.left -= 1
            if self.when == "before":
                return None
            self.inner(method, raw_path, headers, body)
            return None
        return self.inner(method, raw_path, headers, body)


def test_throttled_create_feed_is_retried_and_a_garbled_report_is_read_again(seeded, sandbox):
    store = seeded
    case_id = pick(store, sandbox, CaseKind.REFUND, refunded=False)[0]
    (key,) = approve_and_enqueue(store, case_id)
    sandbox.faults.add("429", times=2, operations={"createFeed"})  # Amazon refused: asking again is safe
    sandbox.faults.add("malformed", times=1, operations={"getFeedDocument"})
    sandbox.faults.add("500", times=1, operations={"documentDownload"})
    # the client's waits (a 429 on createFeed costs 1/0.0083 s) run on a sped-up clock
    engine = SyncEngine(store, sandbox_credentials(sandbox), now=sandbox.world.now, rate_limits=False, timeout=10,
                        clock=Clock(scale=1000.0), streams=[RefundFeedStream()])  # fmt: skip
    reports = engine.run(account=EU)
    assert [r.status for r in reports] == ["ok"], [r.error for r in reports]
    assert sent_keys(sandbox) == Counter({key: 1}) and outbox(store)[key][0] is m.OutboxState.SUBMITTED
    sandbox.advance(1)
    reports = engine.run(account=EU)
    assert [r.status for r in reports] == ["ok"], [r.error for r in reports]
    assert sent_keys(sandbox) == Counter({key: 1}) and len(sandbox.world.feeds) == 1
    assert outbox(store)[key][0] is m.OutboxState.DONE
    statuses = [status for op, _, status in sandbox.requests if op in ("createFeed", "getFeedDocument")]
    # createFeed: two 429s then created; getFeedDocument: garbled (200), then its download failed (500), then read
    assert statuses == [429, 429, 202, 200, 200, 200]


def unconfirmed(store) -> dict[str, str | None]:
    with store.reader() as s:
        rows = s.scalars(sa.select(m.RefundOutbox).where(m.RefundOutbox.state == m.OutboxState.UNCONFIRMED))
        return {r.adjustment_key: r.unconfirmed_reason for r in rows}


def feed_actions(store) -> list[str]:
    with store.reader() as s:
        return s.scalars(
            sa.select(m.AuditEntry.action)
            .where(m.AuditEntry.action.like("refund.%"))
            .where(m.AuditEntry.action.not_in(["refund.enqueued"]))
            .order_by(m.AuditEntry.id)
        ).all()


def test_a_lost_create_feed_answer_is_unconfirmed_never_adopted_and_settled_by_its_refund_event(seeded, sandbox):
    """Changed from the old adoption test: the feed Amazon created is NOT taken from its list by time window."""
    store = seeded
    case_id = pick(store, sandbox, CaseKind.RETURN_REQUEST, refunded=False)[0]
    (key,) = approve_and_enqueue(store, case_id)
    LoseCreateFeedAnswer(sandbox, "after")
    reports = engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert reports[0].status == "error" and "unconfirmed" in reports[0].error
    assert len(sandbox.world.feeds) == 1  # Amazon has it; we do not know its id
    assert outbox(store)[key][:2] == (m.OutboxState.UNCONFIRMED, None)
    assert unconfirmed(store) == {key: "create_unknown"}
    assert case_state(store, case_id) is CaseState.APPROVED  # not shown as submitted without our feedId
    notes = reports[0].streams["refund_feed"].notes
    assert notes and "另一个安装或工具在此卖家账户提交了 1 个退款 feed" in notes[0][0]
    ops = [op for op, _, _ in sandbox.requests if op in FEED_OPS]
    assert ops == ["createFeedDocument", "createFeed", "getFeeds"]
    reports = engine_for(store, sandbox, all_streams=False).run(account=EU)  # nothing is sent again on its own
    assert [op for op, _, _ in sandbox.requests if op in FEED_OPS] == ops and sent_keys(sandbox) == Counter({key: 1})
    sandbox.advance(600)  # the RefundEvent is past the Finances safety lag: evidence naming this adjustment
    reports = engine_for(store, sandbox).run(account=EU)
    assert [r.status for r in reports] == ["ok"], [r.error for r in reports]
    assert outbox(store)[key][0] is m.OutboxState.DONE and case_state(store, case_id) is CaseState.REFUNDED
    assert sent_keys(sandbox) == Counter({key: 1})
    actions = feed_actions(store)
    assert "refund.feed.adopted" not in actions and "refund.confirmed_by_event" in actions
    assert actions[:4] == ["refund.feed.document", "refund.unconfirmed", "refund.feed.foreign",
                           "refund.confirmed_by_event"]  # fmt: skip
    with store.reader() as s:
        assert audit.verify_chain(s).ok


def managers(store) -> tuple[Actor, Actor, Actor]:
    with store.session() as s:
        users = []
        for name, role in (("mgr_a", "manager"), ("mgr_b", "manager"), ("cs_c", "cs")):
            user = m.User(username=name, display_name=name, role_code=role)
            s.add(user)
            s.flush()
            users.append(Actor(name, user.id))
    return tuple(users)


def test_an_unknown_request_waits_for_a_person_and_is_resent_only_with_four_eyes(seeded, sandbox):
    """Changed from the old "queued again after reading the list": an unknown outcome is never re-sent alone."""
    store = seeded
    case_id = pick(store, sandbox, CaseKind.REFUND, refunded=False)[0]
    (key,) = approve_and_enqueue(store, case_id)
    LoseCreateFeedAnswer(sandbox, "before")
    reports = engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert reports[0].status == "error" and not sandbox.world.feeds
    assert unconfirmed(store) == {key: "create_unknown"}
    a, b, cs = managers(store)
    with store.reader() as s:
        row_id = s.scalar(sa.select(m.RefundOutbox.id).where(m.RefundOutbox.adjustment_key == key))
        # the sync stamps the row on Amazon's clock (from the responses' Date header), not the sandbox's virtual one
        since = s.get(m.RefundOutbox, row_id).unconfirmed_at
        early = refund_outbox.guidance(s, row_id, now=since)
        assert not early.review_due and refund_outbox.unconfirmed_for_review(s, now=since) == []
    later = since + refund_outbox.REVIEW_AFTER
    with store.session() as s, pytest.raises(InputError):
        refund_outbox.request_resend(s, a, row_id, now=since)  # too early: wait for evidence
    with store.reader() as s:
        hint = refund_outbox.guidance(s, row_id, now=later)
        assert hint.review_due and refund_outbox.unconfirmed_for_review(s, now=later) == [row_id]
        text = hint.text_zh()
        assert hint.amazon_order_id in text and key in text and "Seller Central" in text and str(hint.amount) in text
    with store.session() as s, pytest.raises(PermissionDeniedError):
        refund_outbox.request_resend(s, cs, row_id, now=later)  # only a 主管
    with store.session() as s:
        refund_outbox.request_resend(s, a, row_id, now=later)
    with store.session() as s, pytest.raises(PermissionDeniedError):
        refund_outbox.confirm_resend(s, a, row_id, now=later)  # four-eyes: not the requester
    with store.session() as s:
        refund_outbox.confirm_resend(s, b, row_id, now=later)
    assert outbox(store)[key][0] is m.OutboxState.INTENDED
    reports = engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert reports[0].status == "ok"
    assert sent_keys(sandbox) == Counter({key: 1}) and outbox(store)[key][0] is m.OutboxState.DONE
    actions = feed_actions(store)
    assert actions.count("refund.resend_requested") == 1 and actions.count("refund.resend_confirmed") == 1


def test_a_manager_may_mark_an_unconfirmed_refund_done_after_checking_seller_central(seeded, sandbox):
    store = seeded
    case_id = pick(store, sandbox, CaseKind.REFUND, refunded=False)[0]
    (key,) = approve_and_enqueue(store, case_id)
    LoseCreateFeedAnswer(sandbox, "after")
    engine_for(store, sandbox, all_streams=False).run(account=EU)
    a, _, _ = managers(store)
    with store.reader() as s:
        row_id = s.scalar(sa.select(m.RefundOutbox.id).where(m.RefundOutbox.adjustment_key == key))
        later = s.get(m.RefundOutbox, row_id).unconfirmed_at + refund_outbox.REVIEW_AFTER  # stamped on Amazon's clock
    with store.session() as s, pytest.raises(InputError):
        refund_outbox.confirm_done(s, a, row_id, "  ", now=later)  # must say what was verified
    with store.session() as s:
        refund_outbox.confirm_done(s, a, row_id, "订单页面有该退款", now=later)
    assert outbox(store)[key][0] is m.OutboxState.DONE and case_state(store, case_id) is CaseState.REFUND_SUBMITTED
    with store.session() as s, pytest.raises(refund_outbox.OutboxTransitionError):
        refund_outbox.confirm_done(s, a, row_id, "again", now=later)
    assert "refund.confirmed_by_person" in feed_actions(store)


def test_rows_left_submitting_by_a_killed_sync_become_unconfirmed_and_the_rest_is_sent(seeded, sandbox):
    """Changed from the old grace/re-queue test: a killed batch is 待确认 (no getFeeds guessing, no re-send)."""
    store = seeded
    first, second = pick(store, sandbox, CaseKind.REFUND, refunded=False, n=2)
    (key,) = approve_and_enqueue(store, first)
    with store.session() as s:  # as a sync killed right after committing "submitting" leaves it
        row = s.scalar(sa.select(m.RefundOutbox).where(m.RefundOutbox.adjustment_key == key))
        row.state, row.attempted_at, row.feed_document_id, row.message_id = (
            m.OutboxState.SUBMITTING, sandbox.world.now(), "amzn1.tortuga.4.eu.lost", 1,
        )  # fmt: skip
    (other,) = approve_and_enqueue(store, second)
    reports = engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert reports[0].status == "ok"
    assert unconfirmed(store) == {key: "interrupted"}
    assert outbox(store)[other][0] is m.OutboxState.DONE
    assert sent_keys(sandbox) == Counter({other: 1})
    ops = [op for op, _, _ in sandbox.requests if op in FEED_OPS]
    assert ops[:2] == ["createFeedDocument", "createFeed"]  # no reading of the list to guess from


def test_a_cancelled_feed_leaves_its_refunds_unconfirmed_and_nothing_is_resent(seeded, sandbox):
    """Changed: a feed Amazon ended without a report is not a rejection of this message (was: failed)."""
    store = seeded
    case_id = pick(store, sandbox, CaseKind.REFUND, refunded=False)[0]
    (key,) = approve_and_enqueue(store, case_id)
    engine_for(store, sandbox, RefundFeedStream(), all_streams=False).run(account=EU)
    (feed,) = sandbox.world.feeds.values()
    assert outbox(store)[key][:2] == (m.OutboxState.SUBMITTED, feed.feed_id)
    feed.cancelled = True
    reports = engine_for(store, sandbox, RefundFeedStream(), all_streams=False).run(account=EU)
    assert reports[0].status == "ok"
    state, _, message, _ = outbox(store)[key]
    assert state is m.OutboxState.UNCONFIRMED and "CANCELLED" in message
    assert unconfirmed(store) == {key: "feed_unprocessed"}
    assert case_state(store, case_id) is not CaseState.REFUND_FAILED
    engine_for(store, sandbox, RefundFeedStream(), all_streams=False).run(account=EU)
    assert sent_keys(sandbox) == Counter({key: 1})


def test_a_feed_amazon_no_longer_knows_leaves_its_refunds_unconfirmed_without_resending(seeded, sandbox):
    """getFeed answers 404 (feed expired, or the demo's sandbox restarted): 待确认 (was: failed); nothing re-sent."""
    store = seeded
    case_id = pick(store, sandbox, CaseKind.REFUND, refunded=False)[0]
    (key,) = approve_and_enqueue(store, case_id)
    engine_for(store, sandbox, RefundFeedStream(), all_streams=False).run(account=EU)
    (feed_id,) = list(sandbox.world.feeds)
    del sandbox.world.feeds[feed_id]
    reports = engine_for(store, sandbox, RefundFeedStream(), all_streams=False).run(account=EU)
    assert reports[0].status == "ok"
    assert unconfirmed(store) == {key: "feed_not_found"}
    assert case_state(store, case_id) is not CaseState.REFUND_FAILED
    engine_for(store, sandbox, RefundFeedStream(), all_streams=False).run(account=EU)
    assert sent_keys(sandbox) == Counter()  # nothing sent again


def test_transitions_outside_the_allowed_from_sets_are_refused(seeded, sandbox):
    store = seeded
    case_id = pick(store, sandbox, CaseKind.REFUND, refunded=False)[0]
    (key,) = approve_and_enqueue(store, case_id)
    with store.session() as s:
        row = s.scalar(sa.select(m.RefundOutbox).where(m.RefundOutbox.adjustment_key == key))
        with pytest.raises(refund_outbox.OutboxTransitionError):
            refund_outbox.record_accepted(s, row, at=NOW)  # intended → done: only with our report
        with pytest.raises(refund_outbox.OutboxTransitionError):
            refund_outbox.record_rejected(s, row, "x", at=NOW)
    assert outbox(store)[key][0] is m.OutboxState.INTENDED
    assert set(refund_outbox.ALLOWED_FROM[m.OutboxState.FAILED]) == {m.OutboxState.SUBMITTED}
    assert m.OutboxState.UNCONFIRMED not in refund_outbox.ALLOWED_FROM[m.OutboxState.FAILED]


def test_no_outbox_no_feed_calls(seeded, sandbox):
    reports = engine_for(seeded, sandbox, all_streams=False).run(account=EU)
    assert reports[0].status == "ok" and feed_calls(sandbox) == 0


def test_default_engine_sends_refunds_before_finances_and_settles_after():
    names = [s.name for s in SyncEngine(None, None).streams]
    assert names.index("orders") < names.index("refund_feed") < names.index("finances") < names.index("refund_settle")


def test_while_another_sender_holds_the_account_nothing_is_sent(seeded, sandbox):
    store = seeded
    case_id = pick(store, sandbox, CaseKind.REFUND, refunded=False)[0]
    (key,) = approve_and_enqueue(store, case_id)
    with store.reader() as s:
        account = s.scalar(sa.select(m.SellerAccount).where(m.SellerAccount.name == EU))
        account_id, seller = account.id, account.selling_partner_id or account.name
    with sender_lease(store, account_id, seller) as lease:
        assert lease.held
        reports = engine_for(store, sandbox, all_streams=False).run(account=EU)
    assert reports[0].status == "ok" and feed_calls(sandbox) == 0
    assert "另一个同步正在发送" in reports[0].streams["refund_feed"].notes[0][0]
    assert outbox(store)[key][0] is m.OutboxState.INTENDED
    engine_for(store, sandbox, all_streams=False).run(account=EU)  # the lease is free again
    assert outbox(store)[key][0] is m.OutboxState.DONE and sent_keys(sandbox) == Counter({key: 1})
