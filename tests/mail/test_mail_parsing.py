"""Notification e-mails: every format × forward style × charset, hand-written real-world mails, malformed mail."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from mailfixtures import (
    GERMAN_ORIGINAL_UTC,
    GERMAN_OUTLOOK_FORWARD,
    GMAIL_HTML_BUYER_MESSAGE,
    JAPANESE_ISO2022,
    forwarded_as_attachment,
)

from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.formats.mail.formats import load_formats
from acorn_desktop.formats.mail.message import read_mail, strip_prefixes
from acorn_desktop.formats.mail.parse import parse_mail
from acorn_desktop.sandbox.mails import BUYER_NAMES, FORWARD_STYLES, MailSpec, render_mail

FORMATS = {f.id: f for f in load_formats()}
MARKET = {"en": "US", "de": "DE", "fr": "FR", "it": "IT", "es": "ES", "ja": "JP"}
SENT = datetime(2026, 3, 9, 2, 15, tzinfo=UTC)
ORDER = "302-1234567-7654321"


def test_every_type_in_every_language_has_a_format():
    have = {(f.kind, f.language) for f in FORMATS.values()}
    kinds = (CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK, CaseKind.BUYER_MESSAGE)
    assert have == {(k, lang) for k in kinds for lang in MARKET}


@pytest.mark.parametrize("fmt_id", sorted(FORMATS))
@pytest.mark.parametrize("style", FORWARD_STYLES)
def test_each_format_reads_its_own_example_however_it_was_forwarded(fmt_id, style):
    fmt = FORMATS[fmt_id]
    amount = Decimal(2980) if fmt.language == "ja" else Decimal("1234.56")
    codes = list(fmt.canonical_reasons) or [None]
    for index, (html, charset) in enumerate(
        [(False, "utf-8"), (True, "utf-8"), (False, "iso-2022-jp" if fmt.language == "ja" else "iso-8859-1"),
         (True, "shift_jis" if fmt.language == "ja" else "iso-8859-1")]
    ):  # fmt: skip
        reason = codes[index % len(codes)]
        spec = MailSpec(fmt=fmt, marketplace=MARKET[fmt.language], order_id=ORDER, sent_at=SENT, reason_code=reason,
                        amount=amount, respond_by=date(2026, 3, 12), forward=style, html=html, charset=charset,
                        forwarder_language=fmt.language if index % 2 else "zh")  # fmt: skip
        parsed = parse_mail(render_mail(spec))
        notice = parsed.notice
        assert notice is not None, (spec, parsed.error_en)
        assert parsed.format is fmt
        assert notice.kind is fmt.kind and notice.amazon_order_id == ORDER
        assert notice.occurred_at == SENT  # the original's date, not the forward's
        if fmt.kind is CaseKind.BUYER_MESSAGE:
            # the buyer's own mail comes from their anonymised address; Amazon's inquiry notice from Amazon
            from_buyer = "marketplace.amazon" in fmt.example.get("from", "")
            assert notice.excerpt and (notice.buyer_key is not None) == from_buyer
            name = BUYER_NAMES[fmt.language][0]
            assert name.split()[0] not in notice.excerpt and name.split()[-1] not in notice.excerpt  # sign-off gone
        else:
            assert notice.reason_code == reason
            assert (notice.amount, notice.currency) == (amount, "JPY" if fmt.language == "ja" else "USD"
                                                        if fmt.language == "en" else "EUR")  # fmt: skip
        if "respond_by" in fmt.example.get("body", ""):
            assert notice.respond_by is not None and notice.respond_by.date() in (date(2026, 3, 12), date(2026, 3, 13))


def test_a_german_outlook_forward_in_iso_8859_1_quoted_printable():
    parsed = parse_mail(GERMAN_OUTLOOK_FORWARD)
    notice = parsed.notice
    assert parsed.format.id == "atoz_claim.de" and parsed.mail.forwarded
    assert parsed.mail.subject.startswith("Antrag im Rahmen der A-bis-z-Garantie")
    assert notice.amazon_order_id == "302-1234567-7654321"
    assert notice.reason_code == "DAMAGED" and notice.amount == Decimal("1234.56") and notice.currency == "EUR"
    assert notice.occurred_at == datetime(*GERMAN_ORIGINAL_UTC, tzinfo=UTC)
    assert notice.marketplace == "DE"
    assert notice.respond_by == datetime(2026, 3, 12, 22, 59, 59, tzinfo=UTC)  # end of 12 March, Berlin time


def test_a_japanese_chargeback_in_iso_2022_jp_with_full_width_digits():
    parsed = parse_mail(JAPANESE_ISO2022)
    notice = parsed.notice
    assert parsed.format.id == "chargeback.ja"
    assert notice.amazon_order_id == "249-1112223-3344556"  # written with full-width digits in the body
    assert notice.reason_code == "UNAUTHORIZED_PURCHASE"
    assert (notice.amount, notice.currency, notice.marketplace) == (Decimal(12800), "JPY", "JP")
    assert notice.occurred_at == datetime(2026, 3, 10, 0, 0, tzinfo=UTC)


def test_a_gmail_html_forward_of_a_buyer_message_loses_the_buyers_contact_details():
    parsed = parse_mail(GMAIL_HTML_BUYER_MESSAGE)
    notice = parsed.notice
    assert parsed.format.id == "buyer_message.en"
    assert notice.amazon_order_id == "111-2223334-4445556"
    assert notice.occurred_at == datetime(2026, 3, 10, 13, 41, tzinfo=UTC)  # 9:41 PM in the forwarder's +08:00
    assert "glass is broken" in notice.excerpt
    for private in ("Emily", "Carter", "555", "example.com"):
        assert private not in notice.excerpt
    assert notice.buyer_key and len(notice.buyer_key) == 24


def test_forwarded_as_an_attachment_reads_the_attached_original():
    parsed = parse_mail(forwarded_as_attachment(GERMAN_OUTLOOK_FORWARD))
    assert parsed.notice is not None and parsed.notice.amazon_order_id == "302-1234567-7654321"
    assert parsed.mail.forwarded


@pytest.mark.parametrize(
    ("subject", "expected"),
    [("Fwd: FW: x", "x"), ("WG: AW: Antrag", "Antrag"), ("TR : objet", "objet"), ("I: oggetto", "oggetto"),
     ("RV: asunto", "asunto"), ("転送: 件名", "件名"), ("转发：主题", "主题"), ("[EXT] Fwd: y", "y"), ("Re[2]: z", "z"),
     ("Inquiry", "Inquiry")],
)  # fmt: skip
def test_forward_and_reply_prefixes_are_stripped(subject, expected):
    assert strip_prefixes(subject) == expected


def test_a_mail_no_format_knows_is_unparsed_with_the_order_ids_found():
    raw = (b"From: someone@amazon.de\r\nSubject: Ihre Auszahlung\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"Die Auszahlung f\xc3\xbcr Bestellung 302-1111111-2222222 ist unterwegs.\r\n")  # fmt: skip
    parsed = parse_mail(raw)
    assert parsed.notice is None
    assert "没有匹配" in parsed.error_zh and parsed.order_ids == ("302-1111111-2222222",)


def test_a_matching_mail_without_its_order_id_says_what_is_missing():
    raw = (b"Subject: Antrag im Rahmen der A-bis-z-Garantie\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"Ein Antrag im Rahmen der A-bis-z-Garantie wurde gestellt. Bestellnummer: unbekannt\r\n")  # fmt: skip
    parsed = parse_mail(raw)
    assert parsed.notice is None and parsed.format.id == "atoz_claim.de"
    assert "订单号" in parsed.error_zh and "order id" in parsed.error_en


@pytest.mark.parametrize(
    "raw",
    [b"", b"\x00\xff" * 50, b"Subject: =?utf-8?B?!!!?=\r\n\r\nhi",
     b"Content-Type: text/plain; charset=klingon\r\n\r\n\xe4",
     b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@\r\n",
     b"From: <<<@@>>>\r\nDate: yesterday-ish\r\n\r\n", b"Content-Type: text/html\r\n\r\n<p><b>unclosed <script>"],
)  # fmt: skip
def test_malformed_mail_is_read_without_raising(raw):
    parsed = parse_mail(raw)
    assert parsed.notice is None
    assert parsed.error_zh


def test_undeclared_8bit_headers_are_read_as_utf8():
    mail = read_mail("Subject: Fwd: Rückbuchung für Bestellung 302-1234567-7654321\r\n\r\nx".encode())
    assert mail.subject == "Rückbuchung für Bestellung 302-1234567-7654321"


def _plain_mail(subject: str, body: str, sender: str = "Amazon Services <cb-seller-notification@amazon.com>") -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, "seller@example-shop.cn", subject
    message["Date"] = "Mon, 09 Mar 2026 02:15:00 +0000"
    message.set_content(body)
    return bytes(message)


def test_an_order_id_inside_a_sentence_is_the_order_when_it_is_the_only_one():
    body = (
        "Hello,\n\nWe have received a chargeback from the buyer's credit card issuer for order 113-5550123-7654321 "
        "(reason: Merchandise not received).\n\nPlease respond within 7 days of the date of this e-mail.\n"
    )
    parsed = parse_mail(_plain_mail("Chargeback claim received", body))
    assert parsed.notice is not None, parsed.error_en
    assert parsed.notice.kind is CaseKind.CHARGEBACK and parsed.notice.amazon_order_id == "113-5550123-7654321"


def test_two_order_ids_in_sentences_are_not_guessed_between():
    body = (
        "We have received a chargeback for order 113-5550123-7654321. It concerns the same buyer as order "
        "113-5550123-7654322.\n"
    )
    parsed = parse_mail(_plain_mail("Chargeback claim received", body))
    assert parsed.notice is None and "order id" in parsed.error_en
    assert parsed.order_ids == ("113-5550123-7654321", "113-5550123-7654322")  # offered to the person linking it


def test_an_inquiry_from_one_of_our_customers_is_a_buyer_message_of_that_order():
    body = (
        "Hello,\n\nWe received an inquiry from one of our customers about order 113-5550123-7654321.\n\n"
        "The customer wrote:\nMy parcel has not arrived yet, where is it?\n\n"
        "Please reply to the customer through Buyer-Seller Messaging within 24 hours.\n"
    )
    parsed = parse_mail(_plain_mail("An inquiry from one of our customers", body, "Amazon <cs-reply@amazon.com>"))
    assert parsed.notice is not None, parsed.error_en
    assert parsed.format.id == "customer_inquiry.en" and parsed.notice.kind is CaseKind.BUYER_MESSAGE
    assert parsed.notice.amazon_order_id == "113-5550123-7654321" and parsed.notice.marketplace == "US"
    assert "where is it" in parsed.notice.excerpt
