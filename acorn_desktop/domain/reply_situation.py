"""Which reply situation fits a case, and what its parcel's tracking really says (pure; no database, no Qt).

:func:`parcel_state` reads a parcel's scans the way a buyer would: delivered, on its way, or *stale* — shipped,
not delivered and not scanned for more than :data:`STALE_AFTER` (a parcel last scanned weeks ago is not "on the
way", and no reply may say it is).

:func:`propose_situation` picks the reply the dialog opens on: from the buyer's own words first (a buyer asking
where the parcel is gets the tracking answer, in any of the six reply languages), then from the case kind and
the parcel's state.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta

from .cases import CaseKind

STALE_AFTER = timedelta(days=7)


class ParcelState(enum.StrEnum):
    NONE = "none"  # no outbound parcel known
    IN_TRANSIT = "in_transit"  # shipped, scanned within STALE_AFTER
    STALE = "stale"  # shipped, not delivered, no scan for more than STALE_AFTER
    DELIVERED = "delivered"


def last_scan(shipped_at: datetime | None, scans: Iterable[datetime]) -> datetime | None:
    """The parcel's last sign of life: its newest scan, else the moment it was shipped."""
    return max((*scans, *([shipped_at] if shipped_at else [])), default=None)


def parcel_state(
    shipped_at: datetime | None, delivered_at: datetime | None, last_scan_at: datetime | None, now: datetime
) -> ParcelState:
    if delivered_at is not None:
        return ParcelState.DELIVERED
    seen = last_scan_at or shipped_at
    if seen is None:
        return ParcelState.NONE
    return ParcelState.STALE if now - seen > STALE_AFTER else ParcelState.IN_TRANSIT


# -- the buyer's words ------------------------------------------------------------------------------------------
# Checked in this order: "arrived broken" is about damage, not where the parcel is.
_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("damaged", (
        r"\bdamaged?\b", r"\bbroken\b", r"\bdefective\b", r"\bcracked\b",
        r"\bbeschädigt", r"\bkaputt", r"\bdefekt", r"\bzerbrochen",
        r"\bendommag", r"\bcassé", r"\bdéfectueu", r"\babîmé",
        r"\bdanneggiat", r"\brott[oa]\b", r"\bdifettos",
        r"\bdañad[oa]", r"\broto\b", r"\brota\b", r"\bdefectuos",
        "壊れ", "破損", "不良品", "傷",
    )),
    ("cancel", (
        r"\bcancel", r"\bstorn", r"\bannul", r"\bcancelar", r"\bcancelaci",
        "キャンセル", "取り消",
    )),
    ("return", (
        r"\breturn", r"\bzurücksend", r"\brücksend", r"\bretour", r"\brenvoyer", r"\breso\b", r"\brestituir",
        r"\brestituire", r"\bdevolu", r"\bdevolver",
        "返品", "返送",
    )),
    ("address", (
        r"\baddress", r"\badresse", r"\blieferadresse", r"\bindirizzo", r"\bdirecci",
        "住所", "届け先",
    )),
    ("where", (
        r"\bwhere\b", r"\bwhere'?s\b", r"\barriv", r"\bnot (?:yet )?received\b", r"\bhaven'?t received\b",
        r"\bnever received\b", r"\btracking\b", r"\bstill waiting\b",
        r"\bwo (?:ist|bleibt)\b", r"\bangekommen\b", r"\bnicht erhalten\b", r"\bnoch nicht (?:da|bekommen)\b",
        r"\bsendungsverfolgung\b", r"\bpaket\b",
        r"\boù (?:est|en est)\b", r"\bpas (?:encore )?reçu\b", r"\bjamais reçu\b", r"\barrivé", r"\bcolis\b",
        r"\bdov'?è\b", r"\bdove\b", r"\bnon (?:è|e) (?:ancora )?arrivat", r"\bnon ho (?:ancora )?ricevuto\b",
        r"\bpacco\b",
        r"\bdónde\b", r"\bdonde está\b", r"\bno (?:me )?ha llegado\b", r"\bno he recibido\b", r"\bllegad[oa]\b",
        r"\bpaquete\b",
        "届いていない", "届かない", "届いておりません", "まだ届", "どこ", "配送状況", "追跡", "到着",
    )),
)  # fmt: skip
_PATTERNS = tuple((topic, re.compile("|".join(words), re.IGNORECASE)) for topic, words in _TOPICS)


def buyer_topic(words: str | None) -> str | None:
    """What the buyer writes about: damaged | cancel | return | address | where, or None."""
    if not words:
        return None
    text = unicodedata.normalize("NFC", words).replace("’", "'")
    return next((topic for topic, pattern in _PATTERNS if pattern.search(text)), None)


_FOR_TOPIC = {
    "damaged": "photos_request",
    "cancel": "cancellation_confirmed",
    "return": "return_instructions",
    "address": "address_confirmation",
}
_FOR_PARCEL = {  # "where is my parcel?" answered by what the tracking says
    ParcelState.DELIVERED: "atoz_preclaim_delivered",
    ParcelState.STALE: "atoz_preclaim_in_transit",  # lost, most likely: it offers a replacement or a refund
    ParcelState.IN_TRANSIT: "tracking_update",
    ParcelState.NONE: "tracking_update",
}
_FOR_KIND = {
    CaseKind.RETURN_REQUEST: "return_instructions",
    CaseKind.REFUND: "refund_issued",
}


class Basis(enum.StrEnum):
    """What a proposed situation rests on (the dialog says it)."""

    BUYER_WORDS = "buyer_words"  # what the buyer wrote about
    TRACKING = "tracking"  # the case kind is answered by what the parcel's tracking says
    KIND = "kind"  # the case kind alone


def _wanted(kind: CaseKind, words: str | None, parcel: ParcelState) -> tuple[str | None, Basis | None]:
    topic = buyer_topic(words)
    if topic == "where":
        return _FOR_PARCEL[parcel], Basis.BUYER_WORDS
    if topic is not None:
        return _FOR_TOPIC[topic], Basis.BUYER_WORDS
    if kind in _FOR_KIND:
        return _FOR_KIND[kind], Basis.KIND
    if kind in (CaseKind.ATOZ_CLAIM, CaseKind.BUYER_MESSAGE, CaseKind.CHARGEBACK) and parcel != ParcelState.NONE:
        return _FOR_PARCEL[parcel], Basis.TRACKING
    return None, None


def propose_situation(kind: CaseKind, words: str | None, parcel: ParcelState, available: Iterable[str]) -> str | None:
    """The situation key the reply dialog opens on, among ``available`` (the library's keys, in list order)."""
    return proposal(kind, words, parcel, available)[0]


def proposal(
    kind: CaseKind, words: str | None, parcel: ParcelState, available: Iterable[str]
) -> tuple[str | None, Basis | None]:
    """:func:`propose_situation` and what it rests on (None: nothing fits, the list's first is taken)."""
    keys = list(available)
    wanted, basis = _wanted(kind, words, parcel)
    if wanted in keys:
        return wanted, basis
    return (keys[0] if keys else None), None
