"""Outlook .msg: read like the mail it holds; any other bytes give the Chinese error with what to do, nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outlook_msg import build_msg

from acorn_desktop.errors import InputError
from acorn_desktop.formats.mail.outlook import msg_to_mail
from acorn_desktop.formats.mail.parse import parse_mail

MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
GOOD = build_msg(
    subject="Chargeback claim received for order 113-5550123-7654321",
    body="Hello,\r\n\r\nOrder ID: 113-5550123-7654321\r\nChargeback reason: Merchandise not received\r\n",
    sender_name="Amazon Seller Notification",
    sender_email="cb-seller-notification@amazon.com",
    submitted=datetime(2026, 3, 9, 2, 15, tzinfo=UTC),
)


def test_a_msg_reads_as_its_mail():
    raw = msg_to_mail(GOOD, "a.msg")
    assert msg_to_mail(GOOD, "a.msg") == raw  # deterministic: the same .msg is the same mail
    parsed = parse_mail(raw)
    assert parsed.notice is not None and parsed.notice.amazon_order_id == "113-5550123-7654321"
    assert parsed.mail.sent_at == datetime(2026, 3, 9, 2, 15, tzinfo=UTC)
    assert "cb-seller-notification@amazon.com" in parsed.mail.sender and parsed.notice.marketplace == "US"


def _only_input_errors(data: bytes) -> None:
    try:
        msg_to_mail(data, "x.msg")
    except InputError as exc:
        assert "x.msg" in exc.zh and ".eml" in exc.hint_zh


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.booleans())
def test_random_bytes_give_a_clear_error(junk, magic):
    _only_input_errors((MAGIC if magic else b"") + junk)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=20),
       st.integers(8, len(GOOD)))  # fmt: skip
def test_a_damaged_msg_gives_a_clear_error_or_reads(flips, cut):
    data = bytearray(GOOD)
    for offset, value in flips:
        data[offset] = value
    _only_input_errors(bytes(data[:cut]))
