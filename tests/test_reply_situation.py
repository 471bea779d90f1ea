"""The reply the dialog opens on fits the buyer's words (six languages) and the parcel; stale parcels are stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.domain.reply_situation import (
    Basis,
    ParcelState,
    buyer_topic,
    parcel_state,
    proposal,
    propose_situation,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
KEYS = ["return_instructions", "refund_issued", "partial_refund_offer", "replacement_shipped", "tracking_update",
        "photos_request", "atoz_preclaim_in_transit", "atoz_preclaim_delivered", "address_confirmation",
        "cancellation_confirmed", "out_of_stock"]  # fmt: skip


@pytest.mark.parametrize(("words", "topic"), [
    ("Hello, where is my order? It has not arrived.", "where"),
    ("Hallo, mein Paket ist noch nicht angekommen. Wo ist es?", "where"),
    ("Bonjour, je n'ai pas reçu mon colis.", "where"),
    ("Buongiorno, il pacco non è ancora arrivato.", "where"),
    ("Hola, ¿dónde está mi pedido? No ha llegado.", "where"),
    ("注文した商品がまだ届いていません。", "where"),
    ("The item arrived broken.", "damaged"),
    ("Das Gerät ist kaputt angekommen.", "damaged"),
    ("Je voudrais annuler ma commande.", "cancel"),
    ("Vorrei fare un reso.", "return"),
    ("Quiero cambiar la dirección de entrega.", "address"),
    ("返品したいです。", "return"),
    ("Thanks!", None),
])  # fmt: skip
def test_buyer_topic_in_six_languages(words, topic):
    assert buyer_topic(words) == topic


@pytest.mark.parametrize(("kind", "words", "parcel", "expected"), [
    (CaseKind.BUYER_MESSAGE, "Wo ist mein Paket?", ParcelState.IN_TRANSIT, "tracking_update"),
    (CaseKind.BUYER_MESSAGE, "¿Dónde está mi pedido?", ParcelState.STALE, "atoz_preclaim_in_transit"),
    (CaseKind.BUYER_MESSAGE, "届いていない", ParcelState.DELIVERED, "atoz_preclaim_delivered"),
    (CaseKind.BUYER_MESSAGE, "It arrived damaged", ParcelState.DELIVERED, "photos_request"),
    (CaseKind.RETURN_REQUEST, None, ParcelState.DELIVERED, "return_instructions"),
    (CaseKind.REFUND, None, ParcelState.NONE, "refund_issued"),
    (CaseKind.ATOZ_CLAIM, None, ParcelState.DELIVERED, "atoz_preclaim_delivered"),
    (CaseKind.BUYER_MESSAGE, "Thanks", ParcelState.NONE, "return_instructions"),  # nothing fits: the first
])  # fmt: skip
def test_propose_situation(kind, words, parcel, expected):
    assert propose_situation(kind, words, parcel, KEYS) == expected


@pytest.mark.parametrize(("kind", "words", "parcel", "basis"), [
    (CaseKind.BUYER_MESSAGE, "Wo ist mein Paket?", ParcelState.IN_TRANSIT, Basis.BUYER_WORDS),
    (CaseKind.RETURN_REQUEST, "The item arrived broken.", ParcelState.NONE, Basis.BUYER_WORDS),
    (CaseKind.ATOZ_CLAIM, None, ParcelState.STALE, Basis.TRACKING),
    (CaseKind.RETURN_REQUEST, None, ParcelState.DELIVERED, Basis.KIND),
    (CaseKind.BUYER_MESSAGE, "Thanks", ParcelState.NONE, None),  # nothing fits: the list's first, no reason
])  # fmt: skip
def test_a_proposal_says_what_it_rests_on(kind, words, parcel, basis):
    key, rests_on = proposal(kind, words, parcel, KEYS)
    assert rests_on == basis and key == propose_situation(kind, words, parcel, KEYS)
    assert proposal(kind, words, parcel, ["out_of_stock"]) == ("out_of_stock", None)  # what fits is not offered


def test_a_parcel_not_scanned_for_a_week_is_stale():
    shipped = NOW - timedelta(days=75)
    assert parcel_state(shipped, None, NOW - timedelta(days=70), NOW) == ParcelState.STALE
    assert parcel_state(shipped, None, NOW - timedelta(days=2), NOW) == ParcelState.IN_TRANSIT
    assert parcel_state(shipped, NOW - timedelta(days=60), None, NOW) == ParcelState.DELIVERED
    assert parcel_state(None, None, None, NOW) == ParcelState.NONE
