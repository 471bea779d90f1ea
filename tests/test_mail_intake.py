"""Mail intake: notices become cases once, linked to the order, deduplicated against Finances and the returns
report; buyer-message clocks; which store; unparsed mail kept; the raw-mail purge. Real SQLCipher store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.formats.finance_events import normalise
from acorn_desktop.formats.mail.formats import load_formats
from acorn_desktop.sandbox.mails import MailSpec, render_mail
from acorn_desktop.services.accounts import add_account
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.intake import ingest_financial_events
from acorn_desktop.services.mail_intake import RAW_RETENTION, MailImports, purge_raw
from acorn_desktop.storage.store import Store

FORMATS = {f.id: f for f in load_formats()}
SENT = datetime(2026, 3, 9, 2, 15, tzinfo=UTC)
ORDER = "302-1234567-7654321"
ACTOR = Actor("test")


def mail(fmt_id: str, order=ORDER, *, sent=SENT, market="DE", reason=None, amount="25.99", respond_by=None,
         message=None, forward="outlook", **kw) -> bytes:  # fmt: skip
    fmt = FORMATS[fmt_id]
    return render_mail(MailSpec(fmt=fmt, marketplace=market, order_id=order, sent_at=sent, reason_code=reason,
                                amount=Decimal(amount), respond_by=respond_by, message=message, forward=forward,
                                forwarder_language=fmt.language, **kw))  # fmt: skip


@pytest.fixture
def eu(store):
    with store.session() as s:
        account = add_account(s, name="欧洲店", region=Region.EU, marketplaces=["DE", "FR", "IT", "ES", "UK"])
        s.add(m.Order(account_id=account.id, marketplace_code="DE", amazon_order_id=ORDER,
                      purchase_date=SENT - timedelta(days=20), status="Shipped", fulfillment_channel="MFN",
                      currency="EUR", order_total=Decimal("31.50")))  # fmt: skip
        return account.id


def imports(store) -> MailImports:
    return MailImports(store)


def cases(store, kind=None) -> list[m.Case]:
    with store.reader() as s:
        query = sa.select(m.Case).order_by(m.Case.id)
        if kind is not None:
            query = query.where(m.Case.kind == kind)
        found = list(s.scalars(query))
        s.expunge_all()
        return found


def count(store, model) -> int:
    with store.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


def claim_event(list_name: str, order=ORDER, adjustment="ADJ-9", posted="2026-03-20T10:00:00Z") -> dict:
    return {list_name: [{
        "AmazonOrderId": order, "MarketplaceName": "Amazon.de", "PostedDate": posted,
        "ShipmentItemAdjustmentList": [{"SellerSKU": "SKU-1", "OrderAdjustmentItemId": adjustment,
                                        "ItemChargeAdjustmentList": [{"ChargeType": "Principal", "ChargeAmount": {
                                            "CurrencyCode": "EUR", "CurrencyAmount": -25.99}}]}],
    }]}  # fmt: skip


def finances(store, account_id, page) -> None:
    with store.session() as s:
        ingest_financial_events(s, s.get(m.SellerAccount, account_id), normalise(page))


def test_an_atoz_mail_opens_one_case_linked_to_the_order_with_the_earlier_deadline(store, eu):
    outcome = imports(store).import_bytes(mail("atoz_claim.de", reason="ITEM_NOT_RECEIVED",
                                               respond_by=date(2026, 3, 10)), ACTOR)  # fmt: skip
    assert outcome.status == "parsed" and outcome.created
    [case] = cases(store)
    assert (case.kind, case.state, case.source, case.source_ref) == (CaseKind.ATOZ_CLAIM, CaseState.NEW, "email",
                                                                     f"order:{ORDER}")  # fmt: skip
    assert case.order_id is not None and case.account_id == eu and case.marketplace_code == "DE"
    assert (case.amount, case.currency, case.reason_code) == (Decimal("25.99"), "EUR", "ITEM_NOT_RECEIVED")
    assert case.opened_at == SENT
    # amazon.de gives 3 calendar days (72 h); the mail says "bis zum 10. März", end of day Berlin time: earlier
    assert case.deadline_at == datetime(2026, 3, 10, 22, 59, 59, tzinfo=UTC) and case.policy_id is None
    with store.reader() as s:
        message = s.scalar(sa.select(m.InboundMessage))
        assert (message.status, message.case_id, message.template, message.channel) == (
            "parsed",
            case.id,
            "atoz_claim.de",
            "eml",
        )
        assert message.raw is not None and message.facts["excerpt"] == "Artikel nicht erhalten"
        assert message.facts["occurred_at"] == SENT.isoformat()
        assert s.scalar(sa.select(sa.func.count()).select_from(m.AuditEntry).where(
            m.AuditEntry.action == "mail.imported")) == 1  # fmt: skip


def test_the_policy_clock_wins_when_the_mail_gives_no_earlier_date(store, eu):
    imports(store).import_bytes(mail("atoz_claim.de", respond_by=date(2026, 3, 30)), ACTOR)
    [case] = cases(store)
    assert case.deadline_at == SENT + timedelta(hours=72) and case.policy_id is not None


def test_the_same_mail_twice_is_imported_once(store, eu):
    raw = mail("chargeback.de")
    first = imports(store).import_bytes(raw, ACTOR)
    before = (
        count(store, m.Case),
        count(store, m.CaseEvent),
        count(store, m.InboundMessage),
        count(store, m.AuditEntry),
    )
    second = imports(store).import_bytes(raw, ACTOR)
    assert second.status == "duplicate" and second.inbound_id == first.inbound_id
    assert (count(store, m.Case), count(store, m.CaseEvent), count(store, m.InboundMessage),
            count(store, m.AuditEntry)) == before  # fmt: skip


def test_the_same_claim_forwarded_twice_by_two_people_is_one_case(store, eu):
    imports(store).import_bytes(mail("atoz_claim.de", forward="outlook"), ACTOR)
    imports(store).import_bytes(mail("atoz_claim.de", forward="gmail"), ACTOR)
    assert len(cases(store)) == 1 and count(store, m.InboundMessage) == 2


@pytest.mark.parametrize(("fmt_id", "list_name", "kind"), [
    ("atoz_claim.de", "GuaranteeClaimEventList", CaseKind.ATOZ_CLAIM),
    ("chargeback.de", "ChargebackEventList", CaseKind.CHARGEBACK),
])  # fmt: skip
def test_a_mail_then_the_finances_event_is_one_case(store, eu, fmt_id, list_name, kind):
    imports(store).import_bytes(mail(fmt_id), ACTOR)
    with store.session() as s:  # someone works on it; a granted claim then moves to lost (the appeal clock runs)
        s.scalar(sa.select(m.Case)).state = CaseState.RESPONDED
    finances(store, eu, claim_event(list_name))
    [case] = cases(store, kind)
    assert case.state is CaseState.LOST and case.source == "email" and case.source_ref == f"order:{ORDER}"
    assert len(cases(store)) == 1
    with store.reader() as s:
        assert s.scalar(sa.select(m.FinancialEvent.case_id)) == case.id


@pytest.mark.parametrize(("fmt_id", "list_name", "kind"), [
    ("atoz_claim.de", "GuaranteeClaimEventList", CaseKind.ATOZ_CLAIM),
    ("chargeback.de", "ChargebackEventList", CaseKind.CHARGEBACK),
])  # fmt: skip
def test_a_mail_after_the_finances_event_updates_that_case(store, eu, fmt_id, list_name, kind):
    finances(store, eu, claim_event(list_name))
    [before] = cases(store, kind)
    outcome = imports(store).import_bytes(mail(fmt_id, respond_by=date(2026, 3, 10)), ACTOR)
    assert outcome.status == "parsed" and not outcome.created and outcome.case_id == before.id
    [after] = cases(store, kind)
    assert after.state is CaseState.LOST and after.deadline_at == before.deadline_at  # the appeal clock stays
    assert after.source_ref == "ADJ-9"
    with store.reader() as s:
        kinds = list(s.scalars(sa.select(m.CaseEvent.kind).where(m.CaseEvent.case_id == after.id)))
    assert "intake" in kinds


def test_a_claim_the_returns_report_flagged_gets_the_mails_earlier_deadline(store, eu):
    seen = SENT + timedelta(days=2)
    with store.session() as s:
        s.add(m.Case(account_id=eu, marketplace_code="DE", kind=CaseKind.ATOZ_CLAIM, source="returns_report",
                     source_ref=f"order:{ORDER}", amazon_order_id=ORDER, amount=Decimal("25.99"), currency="EUR",
                     opened_at=seen, deadline_at=seen + timedelta(hours=72)))  # fmt: skip
    imports(store).import_bytes(mail("atoz_claim.de", reason="DAMAGED", respond_by=date(2026, 3, 30)), ACTOR)
    [case] = cases(store)
    assert case.deadline_at == SENT + timedelta(hours=72) and case.reason_code == "DAMAGED"


def test_a_seeded_claim_with_its_claim_id_is_found_by_the_order(store, eu):
    with store.session() as s:
        s.add(m.Case(account_id=eu, marketplace_code="DE", kind=CaseKind.CHARGEBACK, state=CaseState.RESPONDED,
                     source="demo", source_ref="123456789012", amazon_order_id=ORDER, amount=Decimal("25.99"),
                     currency="EUR", opened_at=SENT, deadline_at=SENT + timedelta(days=7),
                     responded_at=SENT + timedelta(days=1)))  # fmt: skip
    outcome = imports(store).import_bytes(mail("chargeback.de"), ACTOR)
    [case] = cases(store)
    assert outcome.case_id == case.id and case.deadline_at == SENT + timedelta(days=7)  # answered: unchanged


def test_buyer_messages_keep_restart_or_only_record_the_24h_clock(store, eu):
    first = imports(store).import_bytes(mail("buyer_message.de", message="Wo ist mein Paket?"), ACTOR)
    [case] = cases(store)
    assert case.kind is CaseKind.BUYER_MESSAGE and case.deadline_at == SENT + timedelta(hours=24)
    # a second message before any reply: the first clock keeps running
    later = SENT + timedelta(hours=5)
    imports(store).import_bytes(mail("buyer_message.de", sent=later, message="Hallo? Noch keine Antwort."), ACTOR)
    [case] = cases(store)
    assert case.deadline_at == SENT + timedelta(hours=24)
    # the reply is marked sent (the buyer-reply feature sets responded_at and the state)
    replied = SENT + timedelta(hours=8)
    with store.session() as s:
        row = s.get(m.Case, first.case_id)
        row.responded_at, row.state = replied, CaseState.RESPONDED
    # a mailbox backlog: a message from before the reply only joins the timeline
    imports(store).import_bytes(mail("buyer_message.de", sent=SENT + timedelta(hours=6), message="Und?"), ACTOR)
    [case] = cases(store)
    assert case.responded_at == replied and case.state is CaseState.RESPONDED
    # a new message after the reply: a new 24 h clock, the case is open again
    new = SENT + timedelta(days=2)
    outcome = imports(store).import_bytes(mail("buyer_message.de", sent=new, message="Danke, aber ..."), ACTOR)
    [case] = cases(store)
    assert outcome.case_id == case.id
    assert case.deadline_at == new + timedelta(hours=24) and case.responded_at is None
    assert case.state is CaseState.IN_PROGRESS
    with store.reader() as s:
        excerpts = list(s.scalars(sa.select(m.InboundMessage.facts).where(m.InboundMessage.case_id == case.id)))
    assert {e["excerpt"] for e in excerpts} >= {"Wo ist mein Paket?", "Danke, aber ..."}


def test_a_buyer_message_without_an_order_is_keyed_by_the_buyers_alias(store, eu):
    fmt = FORMATS["buyer_message.de"]
    raw = render_mail(MailSpec(fmt=fmt, marketplace="DE", order_id="", sent_at=SENT, message="Passt das?"))
    outcome = imports(store).import_bytes(raw, ACTOR)
    [case] = cases(store)
    assert outcome.status == "parsed" and case.source_ref.startswith("buyer:") and case.amazon_order_id is None


def test_an_unknown_order_goes_to_the_only_store_selling_there(store, eu):
    imports(store).import_bytes(mail("atoz_claim.it", "403-0000000-1111111", market="IT"), ACTOR)
    [case] = cases(store)
    assert case.account_id == eu and case.marketplace_code == "IT" and case.order_id is None


def test_several_stores_on_the_marketplace_keep_the_mail_for_a_person(store, eu):
    with store.session() as s:
        add_account(s, name="德国二店", region=Region.EU, marketplaces=["DE"])
    outcome = imports(store).import_bytes(mail("chargeback.de", "302-0000000-9999999"), ACTOR)
    assert outcome.status == "unparsed" and "多个店铺" in outcome.error_zh
    assert cases(store) == []
    with store.reader() as s:
        message = s.get(m.InboundMessage, outcome.inbound_id)
        assert message.status == "unparsed" and "多个店铺" in message.error and message.facts["error_en"]
        assert message.facts["amazon_order_id"] == "302-0000000-9999999"


def test_a_mail_no_format_knows_is_kept_unparsed_not_dropped(store, eu):
    raw = b"From: x@amazon.de\r\nSubject: Ihre Auszahlung\r\n\r\nBestellung 302-1234567-7654321 ausgezahlt.\r\n"
    outcome = imports(store).import_bytes(raw, ACTOR)
    assert outcome.status == "unparsed" and cases(store) == []
    with store.reader() as s:
        message = s.get(m.InboundMessage, outcome.inbound_id)
        assert message.raw == raw and message.facts["order_ids"] == [ORDER]


def test_raw_mail_is_purged_after_the_retention_and_at_once_when_ignored(store, eu):
    old = imports(store).import_bytes(mail("atoz_claim.de"), ACTOR)
    fresh = imports(store).import_bytes(mail("chargeback.de"), ACTOR)
    ignored = imports(store).import_bytes(b"Subject: Hallo Max Mustermann <max@example.com>\r\n\r\nx", ACTOR)
    now = datetime.now(UTC)
    with store.session() as s:
        s.get(m.InboundMessage, old.inbound_id).imported_at = now - RAW_RETENTION - timedelta(hours=1)
        s.get(m.InboundMessage, ignored.inbound_id).status = "ignored"
    with store.session() as s:
        assert purge_raw(s, now) == 2
    with store.reader() as s:
        rows = {r.id: r for r in s.scalars(sa.select(m.InboundMessage))}
        assert rows[old.inbound_id].raw is None and rows[old.inbound_id].raw_purged_at is not None
        assert rows[old.inbound_id].facts["amazon_order_id"] == ORDER  # the facts stay
        assert rows[fresh.inbound_id].raw is not None
        assert "max@example.com" not in rows[ignored.inbound_id].subject
    with store.session() as s:
        assert purge_raw(s, now) == 0


def test_the_raw_mail_is_inside_the_encrypted_file(store, eu, data_dir):
    imports(store).import_bytes(mail("buyer_message.de", message="GEHEIMNIS-XYZZY-4711"), ACTOR)
    store.checkpoint()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert b"GEHEIMNIS-XYZZY-4711" not in path.read_bytes()


def test_import_files_reports_each_file_and_a_damaged_outlook_msg(store, eu, tmp_path):
    (tmp_path / "a.eml").write_bytes(mail("atoz_claim.de"))
    (tmp_path / "b.eml").write_bytes(mail("atoz_claim.de"))  # rendered again: new Message-ID, same claim
    (tmp_path / "c.msg").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "empty.eml").write_bytes(b"")
    progress = []
    summary = imports(store).import_files(sorted(tmp_path.iterdir()), ACTOR, progress=lambda d, t: progress.append(d))
    assert (summary.parsed, summary.cases_created, summary.cases_updated) == (2, 1, 1)
    assert [f[0] for f in summary.failures] == ["c.msg", "empty.eml"] and ".eml" in summary.failures[0][1]
    assert "无法读取 Outlook 邮件 c.msg" in summary.failures[0][1]  # and what to do: save it as .eml
    assert progress[0] == 0 and progress[-1] == 4
    assert "识别 2 封" in summary.text() and "2 mail(s) recognised" in summary.text("en")


@pytest.mark.postgres
def test_team_mode_mail_then_finances_is_one_case(pg_url, data_dir):
    from acorn_desktop.storage.store import StoreLocation

    store = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        with store.session() as s:
            account_id = add_account(s, name="EU", region=Region.EU, marketplaces=["DE"]).id
        raw = mail("chargeback.de")
        assert imports(store).import_bytes(raw, ACTOR).created
        assert imports(store).import_bytes(raw, ACTOR).status == "duplicate"
        finances(store, account_id, claim_event("ChargebackEventList"))
        [case] = cases(store)
        assert case.source_ref == f"order:{ORDER}"
        with store.reader() as s:
            assert s.scalar(sa.select(m.FinancialEvent.case_id)) == case.id
    finally:
        store.close()


def test_arbitrary_and_mutated_bytes_never_open_a_case_by_accident(store, eu):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    seed = mail("atoz_claim.de", "302-7654321-1234567")
    imports_ = imports(store)
    truncated = st.builds(lambda cut, junk: seed[:cut] + junk, st.integers(0, len(seed)), st.binary(max_size=64))

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
    @given(st.one_of(st.binary(max_size=2000), truncated))
    def run(raw):
        before = {c.id for c in cases(store)}
        outcome = imports_.import_bytes(raw, ACTOR)
        new = [c for c in cases(store) if c.id not in before]
        if outcome.status != "parsed":
            assert new == []
        for case in new:  # only a mail that really names the order opens its case
            assert case.amazon_order_id.encode() in raw

    run()


def test_an_outlook_msg_is_imported_like_the_mail_it_holds_and_only_once(store, eu, tmp_path):
    from outlook_msg import build_msg

    body = (
        "Hallo,\n\nwir haben vom Kreditkartenunternehmen des Käufers eine Rückbuchung erhalten:\n\n"
        "Bestellnummer: 302-5550123-7654321\nGrund der Rückbuchung: Ware nicht erhalten\n"
        "Betrag der Rückbuchung: 25,98 EUR\n\nFreundliche Grüße\nAmazon Services Europe\n"
    )
    path = tmp_path / "Rückbuchung.msg"
    path.write_bytes(build_msg(subject="Rückbuchung für Bestellung 302-5550123-7654321", body=body,
                               sender_name="Amazon Verkäuferbenachrichtigung",
                               sender_email="cb-seller-notification@amazon.de",
                               submitted=datetime(2026, 3, 9, 2, 15, tzinfo=UTC)))  # fmt: skip
    first = imports(store).import_files([path], ACTOR)
    assert (first.parsed, first.cases_created, first.failures) == (1, 1, [])
    again = imports(store).import_files([path], ACTOR)
    assert (again.duplicates, again.cases_created) == (1, 0)
    with store.reader() as s:
        case = s.get(m.Case, first.case_ids[0])
        assert (case.kind, case.amazon_order_id, case.marketplace_code) == (
            CaseKind.CHARGEBACK, "302-5550123-7654321", "DE",
        )  # fmt: skip
        assert case.opened_at == datetime(2026, 3, 9, 2, 15, tzinfo=UTC)  # the mail's date, kept by the .msg
        message = s.scalars(sa.select(m.InboundMessage).where(m.InboundMessage.case_id == case.id)).one()
        assert message.channel == "msg"
