"""Claims CSV (all-or-nothing, per-line errors, idempotent), manual entry, and the unparsed-mail inbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.errors import InputError
from acorn_desktop.services.accounts import add_account
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.claims_csv import import_claims_csv
from acorn_desktop.services.inbox import InboxServices
from acorn_desktop.services.mail_intake import MailImports
from acorn_desktop.services.manual_cases import ManualCase, create_case

ACTOR = Actor("test")
HEADER = "type,order_id,opened_at,marketplace,store,amount,currency,reason,respond_by,message\n"


@pytest.fixture
def stores(store):
    with store.session() as s:
        eu = add_account(s, name="欧洲店", region=Region.EU, marketplaces=["DE", "FR"]).id
        na = add_account(s, name="北美店", region=Region.NA, marketplaces=["US", "CA"]).id
    return eu, na


def all_cases(store):
    with store.reader() as s:
        found = list(s.scalars(sa.select(m.Case).order_by(m.Case.id)))
        s.expunge_all()
        return found


def test_a_claims_csv_opens_cases_once_with_deadlines(store, stores, tmp_path):
    eu, na = stores
    path = tmp_path / "claims.csv"
    path.write_text(HEADER + "atoz,302-1111111-2222222,2026-03-09 10:15,DE,,25.99,EUR,ITEM_NOT_RECEIVED,,\n"
                    "拒付,111-3333333-4444444,2026-03-09T10:15:00Z,US,北美店,\"1,5\",USD,Unauthorized,,\n"
                    "buyer_message,302-5555555-6666666,2026-03-10 08:00,FR,,,,,,Où est mon colis ?\n",
                    encoding="utf-8-sig")  # fmt: skip
    result = import_claims_csv(store, path, ACTOR)
    assert (result.rows, result.cases_created) == (3, 3)
    atoz, chargeback, message = all_cases(store)
    assert atoz.kind is CaseKind.ATOZ_CLAIM and atoz.account_id == eu and atoz.source == "csv"
    assert atoz.opened_at == datetime(2026, 3, 9, 9, 15, tzinfo=UTC)  # 10:15 Berlin time
    assert atoz.deadline_at == atoz.opened_at + timedelta(hours=72)
    assert chargeback.account_id == na and chargeback.amount == Decimal("1.5") and chargeback.reason_text
    assert message.kind is CaseKind.BUYER_MESSAGE and message.deadline_at == message.opened_at + timedelta(hours=24)
    with store.reader() as s:
        assert s.scalar(sa.select(m.InboundMessage.facts).where(m.InboundMessage.case_id == message.id))[
            "excerpt"] == "Où est mon colis ?"  # fmt: skip
    again = import_claims_csv(store, path, ACTOR)
    assert (again.rows, again.duplicates) == (0, 3) and len(all_cases(store)) == 3


def test_a_gbk_csv_from_chinese_excel_with_chinese_headers(store, stores, tmp_path):
    path = tmp_path / "索赔.csv"
    path.write_bytes("类型,订单号,发生时间,站点\nA-to-z 索赔,302-1111111-2222222,2026-03-09 10:15,DE\n".encode("gbk"))
    assert import_claims_csv(store, path, ACTOR).rows == 1


def test_a_bad_csv_names_file_line_column_and_imports_nothing(store, stores, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "atoz,302-1111111-2222222,2026-03-09 10:15,DE,,25.99,EUR,,,\n"
                    "refund,12345,gestern,XX,无此店,-3,EURO,,,\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as err:
        import_claims_csv(store, path, ACTOR)
    text = err.value.zh
    assert "bad.csv" in text and "未导入任何内容" in text
    for column in (
        "「类型」列",
        "「订单号」列",
        "「发生时间」列",
        "「站点」列",
        "「店铺」列",
        "「金额」列",
        "「币种」列",
    ):
        assert f"第 3 行{column}" in text
    assert "line 3, column order_id" in err.value.en
    assert all_cases(store) == []


def test_a_csv_row_without_a_store_refuses_the_whole_file(store, stores, tmp_path):
    with store.session() as s:
        add_account(s, name="德国二店", region=Region.EU, marketplaces=["DE"])
    path = tmp_path / "x.csv"
    path.write_text(HEADER + "atoz,302-1111111-2222222,2026-03-09 10:15,FR,,,,,,\n"
                    "atoz,302-9999999-2222222,2026-03-09 10:15,DE,,,,,,\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as err:
        import_claims_csv(store, path, ACTOR)
    assert "第 3 行" in err.value.zh and all_cases(store) == []


def test_a_missing_required_column_is_named(store, stores, tmp_path):
    path = tmp_path / "y.csv"
    path.write_text("type,order_id\natoz,302-1111111-2222222\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_claims_csv(store, path, ACTOR)
    assert "发生时间" in err.value.zh


def entry(account_id, **kw) -> ManualCase:
    values = dict(kind=CaseKind.CHARGEBACK, account_id=account_id, marketplace="DE",
                  amazon_order_id="302-1111111-2222222", amount="19,99", currency="eur", reason="UNAUTHORIZED_PURCHASE",
                  opened_at=datetime(2026, 3, 9, 8, 0, tzinfo=UTC))  # fmt: skip
    values.update(kw)
    return ManualCase(**values)


def test_manual_entry_opens_a_case_with_its_deadline_and_refuses_a_second(store, stores):
    eu, _ = stores
    case_id = create_case(store, ACTOR, entry(eu))
    [case] = all_cases(store)
    assert case.id == case_id and case.source == "manual" and case.source_ref == "order:302-1111111-2222222"
    assert (case.amount, case.currency, case.reason_code) == (Decimal("19.99"), "EUR", "UNAUTHORIZED_PURCHASE")
    assert case.deadline_at == datetime(2026, 3, 16, 8, 0, tzinfo=UTC)  # 7 days
    with pytest.raises(InputError) as err:
        create_case(store, ACTOR, entry(eu))
    assert f"#{case_id}" in err.value.zh
    other = create_case(store, ACTOR, entry(eu, kind=CaseKind.SAFET_CLAIM, reference="SAFET-1", reason="damaged"))
    assert all_cases(store)[-1].id == other and all_cases(store)[-1].source_ref == "SAFET-1"


@pytest.mark.parametrize(("field", "value", "word"), [
    ("amazon_order_id", "12-34", "订单号"), ("amount", "abc", "金额"), ("currency", "EURO", "币种"),
    ("marketplace", "US", "站点"),
])  # fmt: skip
def test_manual_entry_is_validated(store, stores, field, value, word):
    with pytest.raises(InputError) as err:
        create_case(store, ACTOR, entry(stores[0], **{field: value}))
    assert word in err.value.zh and all_cases(store) == []


def test_an_unparsed_mail_can_be_linked_opened_as_a_case_or_ignored(store, stores):
    imports = MailImports(store)
    inbox = InboxServices(store)
    raws = [f"Subject: Frage {i}\r\n\r\nBestellung 302-1111111-222222{i}?\r\n".encode() for i in range(3)]
    ids = [imports.import_bytes(r, ACTOR).inbound_id for r in raws]
    rows = inbox.unparsed()
    assert [r.id for r in rows] == ids[::-1] and rows[0].order_ids == ("302-1111111-2222222",)
    case_id = inbox.open_case(ACTOR, ids[0], kind=CaseKind.ATOZ_CLAIM, account_id=stores[0], marketplace="DE",
                              order_id="302-1111111-2222220")  # fmt: skip
    assert inbox.link(ACTOR, ids[1], order_id="302-1111111-2222220") == case_id
    assert inbox.ignore(ACTOR, [ids[2]]) == 1
    assert inbox.unparsed() == [] and inbox.count() == 0
    with store.reader() as s:
        statuses = dict(s.execute(sa.select(m.InboundMessage.id, m.InboundMessage.status)).all())
        assert statuses == {ids[0]: "linked", ids[1]: "linked", ids[2]: "ignored"}
        assert s.get(m.InboundMessage, ids[2]).raw is None
        assert s.get(m.Case, case_id).state is CaseState.NEW
    with pytest.raises(InputError):
        inbox.link(ACTOR, ids[1], case_id=case_id)  # already handled
