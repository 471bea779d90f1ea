"""Policy services: seeding, deadlines for intake (cached per session), versioned edits, permissions, imports."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from factories import REFUND

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.domain.policy import DEFAULT_POLICIES, PolicyEvent, PolicyTable
from acorn_desktop.errors import InputError, PermissionDeniedError
from acorn_desktop.formats.finance_events import normalise
from acorn_desktop.formats.report_parsers import MfnReturnRow
from acorn_desktop.models.base import utcnow
from acorn_desktop.services import audit
from acorn_desktop.services.accounts import add_account
from acorn_desktop.services.case_detail import CaseDetailServices
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.intake import ingest_financial_events
from acorn_desktop.services.policies import (
    PolicyServices,
    StalePolicyError,
    bundled_holidays_path,
    current_row,
    deadline_for,
    deadline_for_event,
    parse_holiday_file,
    policy_table,
    seed_defaults,
)
from acorn_desktop.services.reference_data import ensure_reference_data
from acorn_desktop.services.report_intake import ingest_mfn_returns


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def services(store):
    return PolicyServices(store)


@pytest.fixture
def users(store) -> dict[str, Actor]:
    out = {}
    with store.session() as session:
        for role in ("cs", "operator", "manager", "finance", "admin"):
            user = m.User(username=f"user-{role}", display_name=f"{role} 用户", role_code=role)
            session.add(user)
            session.flush()
            out[role] = Actor(f"{role} 用户", user.id)
    return out


def snapshot(store) -> tuple:
    with store.reader() as session:
        rows = session.execute(
            sa.select(m.MarketplacePolicy.id, m.MarketplacePolicy.version, m.MarketplacePolicy.hours,
                      m.MarketplacePolicy.business_days, m.MarketplacePolicy.superseded_at)
            .order_by(m.MarketplacePolicy.id)
        ).all()  # fmt: skip
        holidays = session.execute(sa.select(m.Holiday.marketplace_code, m.Holiday.day, m.Holiday.name)).all()
        entries = session.scalar(sa.select(sa.func.count()).select_from(m.AuditEntry))
    return rows, sorted(holidays), entries


def row_id(store, marketplace: str, event: PolicyEvent, version: int = 1) -> int:
    with store.reader() as session:
        return session.scalar(
            sa.select(m.MarketplacePolicy.id).where(
                m.MarketplacePolicy.marketplace_code == marketplace,
                m.MarketplacePolicy.event_kind == event.value,
                m.MarketplacePolicy.version == version,
            )
        )


# -- seeding -----------------------------------------------------------------------------------------------------
def test_a_new_store_has_every_default_row_and_the_bundled_holidays(store):
    bundled = parse_holiday_file(bundled_holidays_path())
    with store.reader() as session:
        rows = session.scalars(sa.select(m.MarketplacePolicy)).all()
        assert len(rows) == len(DEFAULT_POLICIES)
        assert {(r.marketplace_code, r.event_kind) for r in rows} == {
            (p.marketplace, p.event.value) for p in DEFAULT_POLICIES
        }
        assert all(r.version == 1 and r.superseded_at is None and r.created_by is None for r in rows)
        assert session.scalar(sa.select(sa.func.count()).select_from(m.Holiday)) == len(bundled)
        good_friday = session.scalar(sa.select(m.Holiday).where(m.Holiday.marketplace_code == "DE",
                                                                m.Holiday.day == date(2026, 4, 3)))  # fmt: skip
        assert good_friday.name == "Good Friday" and "python-holidays" in good_friday.source


def test_seeding_again_changes_nothing_and_keeps_edits_and_imports(store, services, users, tmp_path):
    services.edit_row(users["manager"], "DE", PolicyEvent.REFUND_AFTER_RECEIPT, 0, 3, "Amazon.de 2027", utcnow())
    csv_file = tmp_path / "de.csv"
    csv_file.write_text("marketplace,date,name,source\nDE,2026-01-02,Brückentag,Test\n", encoding="utf-8")
    services.import_holidays(users["manager"], csv_file)  # replaces DE 2026 with one day
    before = snapshot(store)
    for _ in range(2):
        with store.session() as session:
            ensure_reference_data(session)
            seed_defaults(session)
    assert snapshot(store) == before
    with store.reader() as session:
        de_2026 = session.scalars(
            sa.select(m.Holiday.day).where(
                m.Holiday.marketplace_code == "DE", m.Holiday.day.between(date(2026, 1, 1), date(2026, 12, 31))
            )
        ).all()
    assert de_2026 == [date(2026, 1, 2)]  # fmt: skip


# -- deadlines for intake ----------------------------------------------------------------------------------------
def test_deadline_for_every_row_matches_the_engine_and_names_the_row(store):
    bundled = parse_holiday_file(bundled_holidays_path())
    holidays: dict[str, list[date]] = {}
    for entry in bundled:
        holidays.setdefault(entry.marketplace, []).append(entry.day)
    engine = PolicyTable.defaults(holidays)
    start = utc("2026-04-02T13:00")  # before Easter: the business-day clocks meet each calendar's holidays
    with store.reader() as session:
        ids = {(r.marketplace_code, r.event_kind): r.id for r in session.scalars(sa.select(m.MarketplacePolicy))}
        for p in DEFAULT_POLICIES:
            due, policy_id = deadline_for_event(session, p.event, p.marketplace, start)
            assert due == engine.deadline(p.event, p.marketplace, start)[0]
            assert policy_id == ids[(p.marketplace, p.event.value)]
        assert deadline_for_event(session, PolicyEvent.CROSS_BORDER_RETURN_OPTION, "US", start) is None
        assert deadline_for_event(session, PolicyEvent.BUYER_MESSAGE_REPLY, "ZZ", start) is None
        row = current_row(session, "GB", PolicyEvent.CROSS_BORDER_RETURN_OPTION, start)
        assert row.marketplace_code == "UK" and row.hours == 72


def test_deadline_for_case_kinds(store):
    with store.reader() as session:
        due, policy_id = deadline_for(session, CaseKind.REFUND, "DE", utc("2026-04-02T13:00"))
        assert due == utc("2026-04-08T13:00")  # Karfreitag and Ostermontag skipped
        assert policy_id == row_id(store, "DE", PolicyEvent.REFUND_AFTER_RECEIPT)
        assert deadline_for(session, CaseKind.ATOZ_CLAIM, "FR", utc("2026-04-02T13:00"))[0] == utc("2026-04-05T13:00")
        assert deadline_for(session, CaseKind.ATOZ_CLAIM, "US", utc("2026-04-02T13:00"))[0] == utc("2026-04-04T13:00")
        assert deadline_for(session, CaseKind.RETURN_REQUEST, "JP", utc("2026-04-02T13:00"))[0] == utc(
            "2026-04-03T13:00"
        )


def test_deadlines_cost_two_queries_per_session_however_many_cases(store):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.reader() as session:
            start = utc("2026-01-05T08:00")
            for i in range(5000):
                deadline_for(session, list(CaseKind)[i % 6], ("US", "DE", "JP", "AU")[i % 4], start)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2


def test_no_rows_falls_back_to_the_interim_default(store):
    with store.session() as session:
        session.execute(sa.delete(m.MarketplacePolicy))
        due, policy_id = deadline_for(session, CaseKind.CHARGEBACK, "DE", utc("2026-01-05T08:00"))
        assert (due, policy_id) == (utc("2026-01-12T08:00"), None)
        session.rollback()


# -- intake uses the engine --------------------------------------------------------------------------------------
def _mfn_row(rma: str, when: datetime) -> MfnReturnRow:
    return MfnReturnRow(
        line=2, amazon_order_id="302-0000000-0000001", order_date=when - timedelta(days=5), return_date=when,
        status="Pending", rma_id=rma, merchant_rma_id=None, label_type=None, label_cost=None, currency="EUR",
        carrier=None, tracking_id=None, label_paid_by=None, atoz_claim=True, is_prime=False, asin="B000000001",
        sku="SKU-1", item_name="Teekanne", quantity=1, reason="DEFECTIVE", in_policy=True, return_type="C-Returns",
        resolution=None, order_amount=Decimal("19.99"), order_quantity=1, safet_action_reason=None,
        safet_claim_id=None, safet_claim_state=None, safet_claim_created=None, safet_reimbursed=None,
        refunded_amount=None, row_digest=f"digest-{rma}",
    )  # fmt: skip


def test_report_intake_stores_deadline_and_policy_row(store):
    when, seen = utc("2026-04-02T13:00"), utc("2026-04-03T06:00")
    with store.session() as session:
        account = add_account(session, name="EU", region=Region.EU, marketplaces=["DE"])
        ingest_mfn_returns(session, account, [_mfn_row("RMA-1", when)], seen_at=seen)
    with store.reader() as session:
        ret = session.scalar(sa.select(m.Case).where(m.Case.kind == CaseKind.RETURN_REQUEST))
        claim = session.scalar(sa.select(m.Case).where(m.Case.kind == CaseKind.ATOZ_CLAIM))
        assert ret.deadline_at == when + timedelta(hours=24)
        assert ret.policy_id == row_id(store, "DE", PolicyEvent.RETURN_AUTHORISE)
        assert claim.deadline_at == seen + timedelta(days=3)  # amazon.de: 3 calendar days
        assert claim.policy_id == row_id(store, "DE", PolicyEvent.ATOZ_INFO_REQUEST)


def test_finance_intake_gives_a_lost_claim_the_appeal_row(store):
    with store.session() as session:
        account = add_account(session, name="EU", region=Region.EU, marketplaces=["DE"])
        page = {"GuaranteeClaimEventList": [copy.deepcopy(REFUND)], "ChargebackEventList": [copy.deepcopy(REFUND)]}
        ingest_financial_events(session, account, normalise(page))
    with store.reader() as session:
        claim = session.scalar(sa.select(m.Case).where(m.Case.kind == CaseKind.ATOZ_CLAIM))
        chargeback = session.scalar(sa.select(m.Case).where(m.Case.kind == CaseKind.CHARGEBACK))
        assert claim.state is CaseState.LOST and claim.marketplace_code == "DE"
        assert claim.deadline_at == utc("2026-11-01T10:00") + timedelta(days=30)
        assert claim.policy_id == row_id(store, "DE", PolicyEvent.ATOZ_APPEAL)
        assert chargeback.deadline_at == utc("2026-11-01T10:00") + timedelta(days=30)
        assert chargeback.policy_id is None


# -- reads -------------------------------------------------------------------------------------------------------
def test_list_rows_and_history(services, users):
    rows = services.list_rows()
    assert len(rows) == len(DEFAULT_POLICIES)
    assert rows[0].marketplace == "US" and rows[0].event is PolicyEvent.BUYER_MESSAGE_REPLY
    de = services.list_rows("de")
    assert {r.marketplace for r in de} == {"DE"} and len(de) == 12  # 10 Amazon-wide, cross-border, EU 14 days
    refund = next(r for r in de if r.event is PolicyEvent.REFUND_AFTER_RECEIPT)
    assert refund.clock("en") == "2 business days" and refund.clock() == "2 个工作日"
    assert refund.event_label() == "收到退货后退款"
    assert [r.version for r in services.history("DE", "refund_after_receipt")] == [1]
    assert services.can_edit(users["manager"]) and not services.can_edit(users["cs"])
    assert not services.can_edit(users["admin"]) and not services.can_edit(Actor("gui"))
    assert date(2026, 10, 3) in {h.day for h in services.holidays("DE", 2026)}
    with pytest.raises(InputError):
        services.list_rows("ZZ")


# -- versioned edits ---------------------------------------------------------------------------------------------
def _new_case(store, kind: CaseKind, market: str, opened: datetime) -> int:
    with store.session() as session:
        account = session.scalar(sa.select(m.SellerAccount).limit(1)) or add_account(
            session, name="EU", region=Region.EU, marketplaces=["DE"]
        )
        due, policy_id = deadline_for(session, kind, market, opened)
        case = m.Case(
            account_id=account.id, marketplace_code=market, kind=kind, source="manual",
            source_ref=f"{kind}-{opened.isoformat()}", amount=Decimal("10"), currency="EUR", opened_at=opened,
            deadline_at=due, policy_id=policy_id,
        )  # fmt: skip
        session.add(case)
        session.flush()
        return case.id


def test_edit_adds_a_version_and_existing_cases_keep_theirs(store, services, users):
    old_case = _new_case(store, CaseKind.REFUND, "DE", utc("2026-11-16T09:00"))  # Monday
    with store.reader() as session:
        case = session.get(m.Case, old_case)
        before = (case.deadline_at, case.policy_id)
    effective = utc("2026-11-20T00:00")
    row = services.edit_row(users["manager"], "DE", "refund_after_receipt", 24, 3, "  Amazon.de Hilfe 2026-11 ",
                            effective)  # fmt: skip
    assert (row.version, row.hours, row.business_days, row.source) == (2, 24, 3, "Amazon.de Hilfe 2026-11")
    assert row.created_by == "manager 用户" and row.effective_from == effective
    history = services.history("DE", PolicyEvent.REFUND_AFTER_RECEIPT)
    assert [h.version for h in history] == [2, 1]
    assert history[1].superseded_at is not None and history[0].superseded_at is None
    assert [r for r in services.list_rows("DE") if r.event is PolicyEvent.REFUND_AFTER_RECEIPT] == [row]

    with store.reader() as session:
        after = session.get(m.Case, old_case)
        assert (after.deadline_at, after.policy_id) == before
        assert after.deadline_at == utc("2026-11-18T09:00")
        entry = session.scalar(sa.select(m.AuditEntry).where(m.AuditEntry.action == "policy.edited"))
        assert entry.actor == "manager 用户" and entry.entity_id == str(row.id)
        assert "v2" in entry.summary and audit.verify_chain(session).ok
    # a case opened before the new version takes effect still gets v1; one opened after gets v2
    early = _new_case(store, CaseKind.REFUND, "DE", utc("2026-11-19T09:00"))
    late = _new_case(store, CaseKind.REFUND, "DE", utc("2026-11-23T09:00"))  # Monday
    with store.reader() as session:
        assert session.get(m.Case, early).policy_id == before[1]
        late_case = session.get(m.Case, late)
        assert late_case.policy_id == row.id
        assert late_case.deadline_at == utc("2026-11-27T09:00")  # 24 h → Tue, then Wed, Thu, Fri
    # the case detail shows each case's own version
    details = CaseDetailServices(store)
    assert details.load(old_case).policy.version == 1 and details.load(old_case).policy.superseded_at is not None
    assert details.load(late).policy.version == 2


def test_edit_can_add_a_first_version_and_same_values_change_nothing(store, services, users):
    row = services.edit_row(users["manager"], "US", "cross_border_return_option", 72, 0, "test", utcnow())
    assert row.version == 1
    before = snapshot(store)
    again = services.edit_row(users["manager"], "US", "cross_border_return_option", 72, 0, "test",
                              row.effective_from)  # fmt: skip
    assert again == row and snapshot(store) == before


def test_edit_refuses_a_stale_version(store, services, users):
    services.edit_row(users["manager"], "UK", "buyer_message_reply", 12, 0, "test", utcnow(), expected_version=1)
    before = snapshot(store)
    with pytest.raises(StalePolicyError) as info:
        services.edit_row(users["manager"], "UK", "buyer_message_reply", 24, 0, "x", utcnow(), expected_version=1)
    assert "其他人" in info.value.zh
    assert snapshot(store) == before


@pytest.mark.parametrize("role", ["cs", "operator", "finance", "admin"])
def test_only_managers_may_edit(store, services, users, role, tmp_path):
    before = snapshot(store)
    with pytest.raises(PermissionDeniedError) as info:
        services.edit_row(users[role], "DE", "refund_after_receipt", 0, 3, "x", utcnow())
    assert "无权修改站点政策" in info.value.zh
    path = tmp_path / "h.csv"
    path.write_text("marketplace,date,name,source\nDE,2026-01-02,X,Y\n", encoding="utf-8")
    with pytest.raises(PermissionDeniedError):
        services.import_holidays(users[role], path)
    assert snapshot(store) == before


def test_anonymous_actor_may_not_edit(store, services):
    with pytest.raises(PermissionDeniedError):
        services.edit_row(Actor("gui"), "DE", "refund_after_receipt", 0, 3, "x", utcnow())


BAD_EDITS = {
    "negative hours": (("DE", "refund_after_receipt", -1, 2, "x"), "不小于 0"),
    "negative days": (("DE", "refund_after_receipt", 0, -2, "x"), "不小于 0"),
    "both zero": (("DE", "refund_after_receipt", 0, 0, "x"), "不能都为 0"),
    "no source": (("DE", "refund_after_receipt", 0, 2, "   "), "请填写来源"),
    "source too long": (("DE", "refund_after_receipt", 0, 2, "x" * 501), "来源太长"),
    "too long": (("DE", "refund_after_receipt", 99999, 0, "x"), "时长过长"),
    "not a number": (("DE", "refund_after_receipt", 1.5, 0, "x"), "整数"),
    "unknown marketplace": (("ZZ", "refund_after_receipt", 0, 2, "x"), "未知站点代码"),
    "unknown kind": (("DE", "refund_sometime", 0, 2, "x"), "未知的政策事件类型"),
    "dated periods": (("DE", "holiday_return_extension", 24, 0, "x"), "按年份的日期"),
}


@pytest.mark.parametrize("case", sorted(BAD_EDITS))
def test_bad_input_is_refused_in_chinese_and_changes_nothing(store, services, users, case):
    args, text = BAD_EDITS[case]
    before = snapshot(store)
    with pytest.raises(InputError) as info:
        services.edit_row(users["manager"], *args, utcnow())
    assert text in info.value.zh and info.value.en
    assert snapshot(store) == before


def test_effective_time_before_the_current_row_or_naive_is_refused(store, services, users):
    before = snapshot(store)
    with pytest.raises(InputError) as info:  # the AU cross-border row took effect 19 Mar 2025
        services.edit_row(users["manager"], "AU", "cross_border_return_option", 96, 0, "x", utc("2025-03-01T00:00"))
    assert "不能早于当前版本 v1" in info.value.zh and "2025-03-19" in info.value.zh
    with pytest.raises(InputError) as info:
        services.edit_row(users["manager"], "AU", "cross_border_return_option", 96, 0, "x", datetime(2026, 12, 1))
    assert "时区" in info.value.zh
    assert snapshot(store) == before


# -- holiday imports ---------------------------------------------------------------------------------------------
def test_import_json_replaces_the_years_it_lists(store, services, users, tmp_path):
    path = tmp_path / "holidays.json"
    data = {"format": "acorn-holidays/1", "marketplaces": {
        "DE": {"source": "Berlin Senat 2026", "holidays": [
            {"date": "2026-01-01", "name": "Neujahr"}, {"date": "2026-03-08", "name": "Frauentag"},
            {"date": "2026-04-03", "name": "Karfreitag"}]},
        "GB": {"source": "gov.uk", "holidays": [{"date": "2027-08-30", "name": "Summer bank holiday"}]}}}  # fmt: skip
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = services.import_holidays(users["manager"], path)
    assert (result.rows, result.marketplaces, result.years) == (4, ("DE", "UK"), (2026, 2027))
    assert result.added == 1  # Frauentag (Neujahr, Karfreitag and 30 Aug 2027 were there)
    assert result.removed == (9 - 2) + (10 - 1)  # the rest of DE 2026 and UK 2027
    de = services.holidays("DE", 2026)
    assert [(h.day, h.name, h.source) for h in de][1] == (date(2026, 3, 8), "Frauentag", "Berlin Senat 2026")
    assert len(services.holidays("DE", 2025)) == 9  # other years untouched
    with store.reader() as session:
        entry = session.scalar(sa.select(m.AuditEntry).where(m.AuditEntry.action == "holidays.imported"))
        assert entry.actor == "manager 用户" and audit.verify_chain(session).ok
        # new deadlines follow the new calendar: Easter Monday is no longer a DE holiday
        due, _ = deadline_for(session, CaseKind.REFUND, "DE", utc("2026-04-02T13:00"))
        assert due == utc("2026-04-07T13:00")


def test_import_csv(store, services, users, tmp_path):
    path = tmp_path / "jp.csv"
    path.write_text(
        '\ufeffMarketplace,Date,Name,Source\nJP,2027-01-02,正月休み,社内カレンダー\n\nJP,2027-01-03,"正月, 3日",社内\n',
        encoding="utf-8",
    )
    result = services.import_holidays(users["manager"], path)
    assert result.rows == 2 and result.marketplaces == ("JP",) and result.years == (2027,)
    assert [h.name for h in services.holidays("JP", 2027)] == ["正月休み", "正月, 3日"]


def test_csv_errors_name_every_line_and_import_nothing(store, services, users, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "marketplace,date,name,source\n"
        "DE,2026-01-01,Neujahr,x\n"
        "DE,2026-02-30,Kaputt,x\n"  # line 3: no 30 February
        "XX,2026-01-06,Dreikönig,x\n"  # line 4: unknown marketplace
        "DE,2026-01-01,Neujahr,x\n"  # line 5: twice
        "DE,2026-05-01,,x\n"  # line 6: no name
        "DE,2026-05-02,Tag,\n"  # line 7: no source
        "DE,2026-05-03\n",  # line 8: too few columns
        encoding="utf-8",
    )
    before = snapshot(store)
    with pytest.raises(InputError) as info:
        services.import_holidays(users["manager"], path)
    zh = info.value.zh
    assert "bad.csv" in zh and "6 处错误" in zh and "未导入任何内容" in zh
    for line, text in [(3, "2026-02-30"), (4, "未知站点代码「XX」"), (5, "第 2 行已有"), (6, "节日名称"),
                       (7, "来源"), (8, "只有 2 列")]:  # fmt: skip
        assert f"第 {line} 行:" in zh and text in zh, (line, zh)
    assert "line 3:" in info.value.en and info.value.hint_zh
    assert snapshot(store) == before


def test_json_errors_have_line_numbers(store, services, users, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{\n  "marketplaces": {\n    "DE": {"source": "x", "holidays": [\n      {"date": "2026-01-01",}\n', "utf-8"
    )
    with pytest.raises(InputError) as info:
        services.import_holidays(users["manager"], broken)
    assert "第 4 行" in info.value.zh and "JSON" in info.value.zh
    wrong = tmp_path / "wrong.json"
    wrong.write_text(
        '{"marketplaces": {\n "FR": {"source": "x", "holidays": [\n  {"date": "2026-07-14", "name": "Fête"},\n'
        '  {"date": "14/07/2026", "name": "Fête"}\n ]},\n "DE": {"holidays": [\n  {"date": "2026-10-03", "name": "E"}\n'
        " ]}\n}}\n",
        "utf-8",
    )
    with pytest.raises(InputError) as info:
        services.import_holidays(users["manager"], wrong)
    assert "第 4 行:日期「14/07/2026」无效" in info.value.zh
    assert "第 7 行:请填写来源" in info.value.zh  # DE block gives no source


def test_file_problems(store, services, users, tmp_path):
    with pytest.raises(InputError, match="不存在"):
        services.import_holidays(users["manager"], tmp_path / "missing.csv")
    other = tmp_path / "holidays.xlsx"
    other.write_bytes(b"PK")
    with pytest.raises(InputError, match=r"\.json 或 \.csv"):
        services.import_holidays(users["manager"], other)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("marketplace,date,name,source\nDE,2026-01-01,Neujahr,Bürgeramt\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        services.import_holidays(users["manager"], latin)
    header = tmp_path / "header.csv"
    header.write_text("land,datum\nDE,2026-01-01\n", encoding="utf-8")
    with pytest.raises(InputError, match="表头缺少列"):
        services.import_holidays(users["manager"], header)


def test_policy_table_is_cached_per_session(store):
    with store.reader() as session:
        assert policy_table(session) is policy_table(session)
    with store.reader() as other:
        assert policy_table(other) is not None
