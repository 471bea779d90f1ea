"""Reply service: prepare from the case, refuse what breaks Amazon's rules, mark sent (audited, idempotent) and stop
the 24 h clock of a buyer message — on the encrypted store and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from reply_world import NOW, TITLE, make_people, make_world

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseState
from acorn_desktop.errors import InputError, PermissionDeniedError
from acorn_desktop.services import queue, users
from acorn_desktop.services.case_detail import CaseDetailServices
from acorn_desktop.services.cases import case_summary
from acorn_desktop.services.changes import Actor, StaleCaseError
from acorn_desktop.services.replies import MissingFacts, ReplyBlocked, ReplyServices


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def world(store):
    return {"store": store, "people": make_people(store), "ids": make_world(store),
            "replies": ReplyServices(store, clock=lambda: NOW)}  # fmt: skip


def counts(store) -> dict[str, int]:
    with store.reader() as session:
        return {model.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (m.BuyerReply, m.CaseEvent, m.AuditEntry)}  # fmt: skip


def load_case(store, case_id):
    with store.reader() as session:
        case = session.get(m.Case, case_id)
        session.expunge(case)
        return case


# -- context and prepare --------------------------------------------------------------------------------------
def test_the_context_holds_what_the_dialog_needs(world):
    ids, replies = world["ids"], world["replies"]
    context = replies.context(ids["message"])
    assert context.default_language == "de" and context.marketplace == "DE" and context.stops_clock
    assert context.facts["order_id"] == "302-1111111-1111111"
    assert context.facts["item"] == TITLE and TITLE in context.known_values
    assert context.facts["tracking_number"] == "00340434161234567890"
    assert context.facts["ship_date"] == date(2026, 11, 12)
    assert context.facts["delivery_date"] == date(2026, 11, 17)  # the buyer's day, not UTC's
    assert context.buyer_excerpt.startswith("Hallo") and context.buyer_language == "de"
    assert "tracking_update" in [s.key for s in context.situations if s.suggested]
    other = replies.context(ids["return"])
    assert other.default_language == "fr" and not other.stops_clock and other.buyer_excerpt is None
    assert other.situations[0].key == "return_instructions" and not other.situations[-1].suggested


def test_prepare_fills_the_template_in_the_chosen_language(world):
    ids, replies = world["ids"], world["replies"]
    prepared = replies.prepare(ids["message"], "atoz_preclaim_delivered", "de")
    assert "302-1111111-1111111" in prepared.text and "17. November 2026" in prepared.text
    assert "00340434161234567890" in prepared.text and "DHL" in prepared.text
    assert prepared.findings == ()
    english = replies.prepare(ids["message"], "atoz_preclaim_delivered", "en")
    assert [f.rule_id for f in english.findings] == ["language.mismatch"]
    refund = replies.prepare(ids["return"], "refund_issued", "fr")
    assert "39,99\u00a0€" in refund.text and refund.findings == ()


def test_facts_the_case_lacks_are_asked_for_and_then_used(world):
    ids, replies = world["ids"], world["replies"]
    with pytest.raises(MissingFacts) as missing:
        replies.prepare(ids["return"], "tracking_update", "fr")
    assert [f.name for f in missing.value.missing] == ["carrier", "tracking_number", "ship_date"]
    assert "物流单号" in missing.value.zh
    typed = {"carrier": "Colissimo", "tracking_number": "6A12345678901", "ship_date": "2026-11-14"}
    prepared = replies.prepare(ids["return"], "tracking_update", "fr", typed)
    assert "Colissimo" in prepared.text and "14 novembre 2026" in prepared.text and prepared.findings == ()
    with pytest.raises(MissingFacts) as offer:
        replies.prepare(ids["message"], "partial_refund_offer", "de")
    assert [f.name for f in offer.value.missing] == ["offer_amount"]
    assert "8,50\u00a0€" in replies.prepare(ids["message"], "partial_refund_offer", "de", {"offer_amount": "8,50"}).text
    with pytest.raises(InputError):
        replies.prepare(ids["message"], "partial_refund_offer", "de", {"offer_amount": "acht"})
    with pytest.raises(InputError):
        replies.prepare(ids["message"], "no_such_template", "de")
    with pytest.raises(InputError):
        replies.prepare(ids["message"], "refund_issued", "pt")


# -- mark sent ---------------------------------------------------------------------------------------------------
def test_marking_a_buyer_message_answered_stops_its_clock(world):
    store, ids, replies, agent = world["store"], world["ids"], world["replies"], world["people"]["agent"]
    case_id = ids["message"]
    with store.reader() as session:
        assert case_summary(session, NOW).overdue == 1  # the buyer has waited 30 h
    text = replies.prepare(case_id, "atoz_preclaim_delivered", "de").text
    before = load_case(store, case_id)
    sent = replies.mark_sent(case_id, text, "atoz_preclaim_delivered", "de", agent, expected_version=before.version)
    assert sent.clock_stopped and not sent.duplicate and sent.sent_at == NOW
    assert sent.responded_at == NOW and sent.state is CaseState.RESPONDED
    case = load_case(store, case_id)
    assert case.responded_at == NOW and case.state is CaseState.RESPONDED and case.version > before.version
    with store.reader() as session:
        reply = session.scalars(sa.select(m.BuyerReply)).one()
        session.expunge(reply)
        events = session.scalars(sa.select(m.CaseEvent.kind).where(m.CaseEvent.case_id == case_id)).all()
        actions = session.scalars(sa.select(m.AuditEntry.action).where(m.AuditEntry.entity_id == str(case_id))).all()
        assert case_summary(session, NOW).overdue == 0
        assert queue.page_ids(session, queue.QueueQuery(due_within="overdue"), NOW, 0, 10) == []
        row = queue.rows(session, [case_id])[case_id]
    assert (reply.body, reply.template_key, reply.language) == (text.rstrip(), "atoz_preclaim_delivered", "de")
    assert reply.sent_at == NOW and reply.sent_by == agent.user_id and reply.findings == []
    assert "buyer_reply" in events and "state_changed" in events
    assert "case.buyer_reply_sent" in actions and "case.state_changed" in actions
    assert row.responded_at == NOW
    assert CaseDetailServices(store).load(case_id).responded_at == NOW


def test_a_blocked_text_is_refused_in_chinese_and_changes_nothing(world):
    store, ids, replies, agent = world["store"], world["ids"], world["replies"], world["people"]["agent"]
    before, case_before = counts(store), load_case(store, ids["message"])
    text = "Guten Tag, schreiben Sie uns direkt an service@shop-muster.de, dann geht es schneller."
    with pytest.raises(ReplyBlocked) as blocked:
        replies.mark_sent(ids["message"], text, "", "de", agent)
    assert "电子邮件地址" in blocked.value.zh and "service@shop-muster.de" in blocked.value.zh
    assert [f.rule_id for f in blocked.value.findings] == ["contact.email"]
    assert counts(store) == before
    after = load_case(store, ids["message"])
    assert (after.version, after.state, after.responded_at) == (case_before.version, case_before.state, None)


def test_the_same_text_marked_sent_twice_is_one_reply(world):
    store, ids, replies, agent = world["store"], world["ids"], world["replies"], world["people"]["agent"]
    text = replies.prepare(ids["message"], "tracking_update", "de").text
    first = replies.mark_sent(ids["message"], text, "tracking_update", "de", agent)
    middle = counts(store)
    again = replies.mark_sent(ids["message"], text, "tracking_update", "de", agent, expected_version=1)
    assert again.duplicate and again.reply_id == first.reply_id and not again.clock_stopped
    assert counts(store) == middle


def test_other_cases_record_the_reply_but_keep_their_clock(world):
    store, ids, replies, agent = world["store"], world["ids"], world["replies"], world["people"]["agent"]
    text = replies.prepare(ids["return"], "return_instructions", "fr").text
    sent = replies.mark_sent(ids["return"], text, "return_instructions", "fr", agent)
    assert not sent.clock_stopped and sent.responded_at is None and sent.state is CaseState.IN_PROGRESS
    case = load_case(store, ids["return"])
    assert case.responded_at is None and case.state is CaseState.IN_PROGRESS
    # a second reply does not move it further
    text2 = replies.prepare(ids["return"], "refund_issued", "fr").text
    assert replies.mark_sent(ids["return"], text2, "refund_issued", "fr", agent).state is CaseState.IN_PROGRESS
    assert len(replies.context(ids["return"]).past_replies) == 2


def test_warnings_are_kept_with_the_reply(world):
    store, ids, replies, agent = world["store"], world["ids"], world["replies"], world["people"]["agent"]
    text = "Hello, your parcel with DHL was delivered on 17 November. Please check with your neighbours, thank you."
    replies.mark_sent(ids["message"], text, "", "en", agent)  # written by hand, in English, to a German buyer
    with store.reader() as session:
        reply = session.scalars(sa.select(m.BuyerReply)).one()
        session.expunge(reply)
    assert reply.template_key == "free_text" and reply.language == "en"
    assert [f["rule"] for f in reply.findings] == ["language.mismatch"]


def test_one_review_request_per_order(world):
    store, ids, replies, agent = world["store"], world["ids"], world["replies"], world["people"]["agent"]
    ask = "Hello, your order has arrived. If you have a moment, could you leave a review of the product?"
    replies.mark_sent(ids["claim"], ask, "", "en", agent)
    with store.reader() as session:
        assert [f["rule"] for f in session.scalars(sa.select(m.BuyerReply.findings)).one()] == ["review.request"]
    with pytest.raises(ReplyBlocked) as second:
        replies.mark_sent(ids["claim"], ask.replace("Hello", "Hi"), "", "en", agent)
    assert "重复索评" in second.value.zh


def test_who_may_mark_a_reply_sent(world):
    ids, replies, people = world["ids"], world["replies"], world["people"]
    text = replies.prepare(ids["message"], "tracking_update", "de").text
    with pytest.raises(PermissionDeniedError):
        replies.mark_sent(ids["message"], text, "tracking_update", "de", Actor("gui"))
    with pytest.raises(PermissionDeniedError) as admin:
        replies.mark_sent(ids["message"], text, "tracking_update", "de", people["admin"])
    assert "无权处理工单" in admin.value.zh
    assert replies.mark_sent(ids["message"], text, "tracking_update", "de", people["manager"]).clock_stopped


def test_a_case_changed_meanwhile_is_refused(world):
    ids, replies, agent = world["ids"], world["replies"], world["people"]["agent"]
    text = replies.prepare(ids["message"], "tracking_update", "de").text
    with pytest.raises(StaleCaseError):
        replies.mark_sent(ids["message"], text, "tracking_update", "de", agent, expected_version=99)


@pytest.mark.postgres
def test_team_mode_marks_a_reply_sent_on_postgresql(pg_url, data_dir):
    from acorn_desktop.storage.store import Store, StoreLocation

    store = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        people, ids = make_people(store), make_world(store)
        replies = ReplyServices(store, clock=lambda: NOW)
        text = replies.prepare(ids["message"], "atoz_preclaim_delivered", "de").text
        sent = replies.mark_sent(ids["message"], text, "atoz_preclaim_delivered", "de", people["agent"])
        assert sent.clock_stopped and sent.state is CaseState.RESPONDED
        assert replies.mark_sent(ids["message"], text, "atoz_preclaim_delivered", "de", people["agent"]).duplicate
        with store.reader() as session:
            assert session.get(m.Case, ids["message"]).responded_at == NOW
            assert case_summary(session, NOW).overdue == 0
            assert session.scalar(sa.select(sa.func.count()).select_from(m.BuyerReply)) == 1
    finally:
        store.close()
