"""Hypothesis: arbitrary bytes and mutated real mails never raise and never invent a case."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mailfixtures import GERMAN_OUTLOOK_FORWARD, GMAIL_HTML_BUYER_MESSAGE, JAPANESE_ISO2022

from acorn_desktop.formats.mail.formats import load_formats
from acorn_desktop.formats.mail.message import read_mail
from acorn_desktop.formats.mail.parse import parse_mail
from acorn_desktop.sandbox.mails import MailSpec, render_mail

FORMATS = load_formats()
MARKET = {"en": "UK", "de": "DE", "fr": "FR", "it": "IT", "es": "ES", "ja": "JP"}
SEEDS = [GERMAN_OUTLOOK_FORWARD, GMAIL_HTML_BUYER_MESSAGE, JAPANESE_ISO2022] + [
    render_mail(
        MailSpec(
            fmt=f,
            marketplace=MARKET[f.language],
            order_id="402-7654321-1234567",
            sent_at=datetime(2026, 3, 9, 2, 15, tzinfo=UTC),
            amount=Decimal("19.90"),
            respond_by=date(2026, 3, 11),
            forward=("direct", "outlook", "gmail", "attachment")[i % 4],
            html=bool(i % 2),
        )
    )
    for i, f in enumerate(FORMATS)
]
ORDER_ID = re.compile(r"\d{3}-\d{7}-\d{7}")


def visible_text(raw: bytes) -> str:
    """Everything a notice may legitimately come from: the decoded subject and body, NFKC-normalised."""
    mail = read_mail(raw)
    return unicodedata.normalize("NFKC", f"{mail.subject}\n{mail.body}")


def check(raw: bytes) -> None:
    parsed = parse_mail(raw)
    if parsed.notice is None:
        assert parsed.error_zh and parsed.error_en
        return
    # A notice is only ever made of what the mail says: its order id is in the decoded text, its format matched.
    assert parsed.format is not None and parsed.format.applies(
        unicodedata.normalize("NFKC", parsed.mail.subject), unicodedata.normalize("NFKC", parsed.mail.body)
    )
    if parsed.notice.amazon_order_id:
        assert parsed.notice.amazon_order_id in visible_text(raw)
    assert parsed.notice.occurred_at.tzinfo is not None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise_and_never_make_a_notice(raw):
    parsed = parse_mail(raw)
    assert parsed.notice is None or ORDER_ID.search(visible_text(raw))


@st.composite
def mutated(draw):
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 12))):
        op = draw(st.sampled_from(("flip", "delete", "insert", "truncate", "dup")))
        if not raw:
            break
        at = draw(st.integers(0, len(raw) - 1))
        if op == "flip":
            raw[at] = draw(st.integers(0, 255))
        elif op == "delete":
            del raw[at : at + draw(st.integers(1, 64))]
        elif op == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif op == "truncate":
            del raw[at:]
        else:
            raw[at:at] = raw[at : at + draw(st.integers(1, 200))]
    return bytes(raw)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_real_mails_never_raise_and_only_report_what_they_say(raw):
    check(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_bodies_never_raise(text):
    raw = b"Subject: Fwd: A-bis-z-Garantie\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text.encode(
        "utf-8", "surrogatepass"
    )
    check(raw)
