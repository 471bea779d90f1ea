"""The reply dialog's context proposes the situation that fits the buyer's words, the case kind and the parcel, and a
parcel not scanned for more than 7 days is never written as "on its way" — read from the real store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from reply_world import NOW, make_people, make_world

from acorn_desktop import models as m
from acorn_desktop.domain.reply_situation import Basis, ParcelState
from acorn_desktop.services import users
from acorn_desktop.services.replies import ReplyServices

CLAIM_ORDER = "114-3333333-3333333"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def world(store):
    make_people(store)
    return {"store": store, "ids": make_world(store), "replies": ReplyServices(store, clock=lambda: NOW)}


def ship_claim(store, claim_id: int, *, last_scan_days_ago: int, words: str | None = None) -> None:
    """The US claim's parcel: shipped 20 days ago, last scanned ``last_scan_days_ago`` days ago, not delivered."""
    with store.session() as session:
        case = session.get(m.Case, claim_id)
        shipped, scanned = NOW - timedelta(days=20), NOW - timedelta(days=last_scan_days_ago)
        session.add(
            m.Shipment(
                account_id=case.account_id,
                amazon_order_id=CLAIM_ORDER,
                carrier="USPS",
                tracking_number="9400111899223344556677",
                source="manual",
                shipped_at=shipped,
                scans=[
                    {"at": shipped.isoformat(), "code": "ACCEPTED", "location": "Carson, CA"},
                    {"at": scanned.isoformat(), "code": "IN_TRANSIT", "location": "Memphis, TN"},
                ],
            )
        )
        if words:
            session.add(m.InboundMessage(channel="eml", content_sha256="b" * 64, status="parsed", case_id=claim_id,
                                         subject="Order", received_at=NOW - timedelta(hours=1),
                                         facts={"excerpt": words}))  # fmt: skip


def test_the_buyer_asking_where_a_delivered_parcel_is_gets_the_delivered_answer(world):
    context = world["replies"].context(world["ids"]["message"])  # "Wo ist es?" — DHL says delivered
    assert context.parcel is ParcelState.DELIVERED
    assert (context.proposed, context.proposed_from) == ("atoz_preclaim_delivered", Basis.BUYER_WORDS)


def test_a_case_kind_alone_proposes_its_own_situation(world):
    context = world["replies"].context(world["ids"]["return"])  # no words, no parcel
    assert (context.proposed, context.proposed_from) == ("return_instructions", Basis.KIND)
    claim = world["replies"].context(world["ids"]["claim"])  # an A-to-z claim without a parcel: nothing fits
    assert claim.proposed == claim.situations[0].key and claim.proposed_from is None


def test_a_stale_parcel_is_proposed_the_lost_parcel_answer_and_its_texts_say_so(world):
    store, replies, claim = world["store"], world["replies"], world["ids"]["claim"]
    ship_claim(store, claim, last_scan_days_ago=12, words="Hi, where is my order? It has not arrived.")
    context = replies.context(claim)
    assert context.parcel is ParcelState.STALE and context.last_scan_at == NOW - timedelta(days=12)
    assert (context.proposed, context.proposed_from) == ("atoz_preclaim_in_transit", Basis.BUYER_WORDS)
    for key in ("tracking_update", "atoz_preclaim_in_transit"):
        text = replies.prepare(claim, key, "en").text
        assert "8 November 2026" in text  # the last scan, in the buyer's time zone
        assert "on its way" not in text and "investigation" in text
        assert "parcel_state" not in text and "stale" not in text


def test_a_moving_parcel_is_still_on_its_way(world):
    store, replies, claim = world["store"], world["replies"], world["ids"]["claim"]
    ship_claim(store, claim, last_scan_days_ago=2, words="Where is my parcel?")
    context = replies.context(claim)
    assert context.parcel is ParcelState.IN_TRANSIT
    assert (context.proposed, context.proposed_from) == ("tracking_update", Basis.BUYER_WORDS)
    text = replies.prepare(claim, "tracking_update", "en").text
    assert "on its way with USPS" in text and "investigation" not in text


def test_without_words_an_atoz_claim_is_answered_by_its_tracking(world):
    store, replies, claim = world["store"], world["replies"], world["ids"]["claim"]
    ship_claim(store, claim, last_scan_days_ago=12)
    context = replies.context(claim)
    assert (context.proposed, context.proposed_from) == ("atoz_preclaim_in_transit", Basis.TRACKING)
