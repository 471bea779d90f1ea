"""Bulk case actions: one transaction each, all-or-nothing, audited per case under one request id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from acorn_desktop.domain.cases import ALLOWED_TRANSITIONS, CaseState
from acorn_desktop.errors import InputError, InvalidTransitionError, PermissionDeniedError
from acorn_desktop.models import Approval, AuditEntry, Case, CaseEvent, User
from acorn_desktop.services import alerts, audit, case_actions
from acorn_desktop.services.case_actions import Actor, CaseActions, StaleCaseError
from acorn_desktop.services.demo import seed_demo

ACTOR = Actor("测试员")


@pytest.fixture
def seeded(store):
    seed_demo(store, cases=60, seed=3)
    return store


def cases_in(store, *states: CaseState, n: int = 3) -> list[int]:
    with store.reader() as session:
        return list(session.scalars(sa.select(Case.id).where(Case.state.in_(states)).order_by(Case.id).limit(n)))


def set_state(store, ids, state: CaseState) -> None:
    with store.session() as session:
        for case_id in ids:
            session.get(Case, case_id).state = state


def snapshot(store, ids) -> dict:
    """Everything a batch could touch, to prove a refused batch changed nothing."""
    with store.reader() as session:
        rows = session.execute(
            sa.select(Case.id, Case.state, Case.assignee_id, Case.version).where(Case.id.in_(ids))
        ).all()
        count = {
            m.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(m))
            for m in (AuditEntry, CaseEvent, Approval, User)
        }
    return {"cases": sorted(rows), "counts": count}


def audit_rows(store, request_id: str) -> list[AuditEntry]:
    with store.reader() as session:
        rows = list(session.scalars(sa.select(AuditEntry).where(AuditEntry.request_id == request_id)))
        assert audit.verify_chain(session).ok
        session.expunge_all()
        return rows


# -- send to approval -------------------------------------------------------------------------------------------
def test_send_to_approval_moves_cases_and_opens_approvals(seeded):
    ids = cases_in(seeded, CaseState.NEW, CaseState.IN_PROGRESS)
    assert len(ids) == 3
    result = case_actions.send_to_approval(seeded, ids, ACTOR, "金额超过客服权限")
    assert result.case_ids == tuple(ids)
    with seeded.reader() as session:
        cases = {c.id: c for c in session.scalars(sa.select(Case).where(Case.id.in_(ids)))}
        approvals = list(session.scalars(sa.select(Approval).where(Approval.case_id.in_(ids))))
        system = session.scalar(sa.select(User).where(User.username == case_actions.SYSTEM_USERNAME))
        assert system is not None and not system.active  # never an assignee, never logs in
        assert {c.state for c in cases.values()} == {CaseState.AWAITING_APPROVAL}
        assert len(approvals) == 3
        for approval in approvals:
            case = cases[approval.case_id]
            assert (approval.amount, approval.currency) == (case.amount, case.currency)
            assert approval.reason == "金额超过客服权限" and approval.level == 1
            assert approval.requested_by == system.id  # the actor has no user row (yet)
    entries = audit_rows(seeded, result.request_id)
    assert sorted(int(e.entity_id) for e in entries) == sorted(ids)
    assert {e.action for e in entries} == {"case.approval_requested"} and {e.actor for e in entries} == {"测试员"}


def test_send_to_approval_uses_the_actors_user_row(seeded):
    user_id = case_actions.ensure_local_user(seeded, "li.lei", "李雷", "operator")
    [case_id] = cases_in(seeded, CaseState.NEW, n=1)
    case_actions.send_to_approval(seeded, [case_id], Actor("李雷", user_id), "需要主管确认")
    with seeded.reader() as session:
        assert session.scalar(sa.select(Approval.requested_by).where(Approval.case_id == case_id)) == user_id
        assert session.scalar(sa.select(User.id).where(User.username == "system")) is None


def test_send_to_approval_refuses_the_whole_batch(seeded):
    good = cases_in(seeded, CaseState.NEW, n=2)
    bad = cases_in(seeded, CaseState.IN_PROGRESS, n=1)
    set_state(seeded, bad, CaseState.REFUND_SUBMITTED)
    before = snapshot(seeded, good + bad)
    with pytest.raises(InvalidTransitionError) as info:
        case_actions.send_to_approval(seeded, good + bad, ACTOR, "理由")
    assert f"#{bad[0]}" in info.value.zh and f"#{bad[0]}" in info.value.en
    assert "退款已提交" in info.value.zh and "Refund submitted" in info.value.en
    assert f"#{good[0]}(" not in info.value.zh
    assert snapshot(seeded, good + bad) == before


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_send_to_approval_needs_a_reason(seeded, reason):
    ids = cases_in(seeded, CaseState.NEW, n=1)
    before = snapshot(seeded, ids)
    with pytest.raises(InputError):
        case_actions.send_to_approval(seeded, ids, ACTOR, reason)
    assert snapshot(seeded, ids) == before


# -- mark handled -----------------------------------------------------------------------------------------------
def test_mark_handled_closes_cases_with_timeline_and_audit(seeded):
    ids = cases_in(seeded, CaseState.NEW, CaseState.IN_PROGRESS, n=4)
    result = case_actions.mark_handled(seeded, ids + ids[:1], ACTOR)  # duplicates count once
    assert result.case_ids == tuple(ids)
    with seeded.reader() as session:
        states = set(session.scalars(sa.select(Case.state).where(Case.id.in_(ids))))
        events = list(
            session.scalars(
                sa.select(CaseEvent.data).where(CaseEvent.case_id.in_(ids), CaseEvent.kind == "state_changed")
            )
        )
    assert states == {CaseState.CLOSED}
    assert len(events) == 4 and {e["request_id"] for e in events} == {result.request_id}
    entries = audit_rows(seeded, result.request_id)
    assert len(entries) == 4 and len({e.payload_digest for e in entries}) == 4


@pytest.mark.parametrize("state", sorted(s for s in CaseState if CaseState.CLOSED not in ALLOWED_TRANSITIONS[s]))
def test_mark_handled_refuses_states_the_machine_forbids(seeded, state):
    ids = cases_in(seeded, CaseState.NEW, n=3)
    set_state(seeded, ids[1:2], state)
    before = snapshot(seeded, ids)
    with pytest.raises(InvalidTransitionError) as info:
        case_actions.mark_handled(seeded, ids, ACTOR)
    assert f"#{ids[1]}" in info.value.zh and f"#{ids[1]}" in info.value.en
    assert state.label_zh in info.value.zh
    assert snapshot(seeded, ids) == before


def test_unknown_case_refuses_the_batch(seeded):
    ids = cases_in(seeded, CaseState.NEW, n=2)
    before = snapshot(seeded, ids)
    with pytest.raises(InputError) as info:
        case_actions.mark_handled(seeded, [*ids, 987_654], ACTOR)
    assert "#987654" in info.value.zh and "#987654" in info.value.en
    assert snapshot(seeded, ids) == before


def test_empty_selection_is_an_input_error(seeded):
    with pytest.raises(InputError):
        case_actions.mark_handled(seeded, [], ACTOR)


# -- assign -----------------------------------------------------------------------------------------------------
def test_assign_and_unassign(seeded):
    wang = case_actions.ensure_local_user(seeded, "wang", "王小明", "cs")
    assert case_actions.ensure_local_user(seeded, "wang", "别的名字", "admin") == wang  # get, not create
    ids = cases_in(seeded, CaseState.NEW, CaseState.IN_PROGRESS, n=3)
    first = case_actions.assign(seeded, ids[:1], wang, ACTOR)
    result = case_actions.assign(seeded, ids, wang, ACTOR)
    assert result.case_ids == tuple(ids[1:])  # the first one was already his
    assert len(audit_rows(seeded, result.request_id)) == 2 and len(audit_rows(seeded, first.request_id)) == 1
    with seeded.reader() as session:
        assert set(session.scalars(sa.select(Case.assignee_id).where(Case.id.in_(ids)))) == {wang}
    cleared = case_actions.assign(seeded, ids, None, ACTOR)
    assert cleared.case_ids == tuple(ids)
    with seeded.reader() as session:
        assert set(session.scalars(sa.select(Case.assignee_id).where(Case.id.in_(ids)))) == {None}
    assert [u.display_name for u in case_actions.list_users(seeded)] == ["王小明"]


def test_assign_to_an_inactive_user_is_refused(seeded):
    ids = cases_in(seeded, CaseState.NEW, n=2)
    with seeded.session() as session:
        system = case_actions.system_user_id(session)
    before = snapshot(seeded, ids)
    with pytest.raises(InputError):
        case_actions.assign(seeded, ids, system, ACTOR)
    assert snapshot(seeded, ids) == before
    assert case_actions.list_users(seeded) == []


def test_ensure_local_user_is_audited_and_checks_the_role(seeded):
    user_id = case_actions.ensure_local_user(seeded, "han", "韩梅梅", "manager")
    with seeded.reader() as session:
        entity = session.scalar(sa.select(AuditEntry.entity_id).where(AuditEntry.action == "user.create"))
    assert entity == str(user_id)
    with pytest.raises(InputError):
        case_actions.ensure_local_user(seeded, "x", "X", "no-such-role")
    with pytest.raises(InputError):
        case_actions.ensure_local_user(seeded, "  ", "X", "cs")


# -- concurrency ------------------------------------------------------------------------------------------------
def test_expected_version_mismatch_refuses_the_batch(seeded):
    ids = cases_in(seeded, CaseState.NEW, n=2)
    with seeded.reader() as session:
        versions = dict(session.execute(sa.select(Case.id, Case.version).where(Case.id.in_(ids))).all())
    case_actions.assign(seeded, ids[1:], case_actions.ensure_local_user(seeded, "a", "A", "cs"), ACTOR)
    before = snapshot(seeded, ids)
    with pytest.raises(StaleCaseError) as info:
        case_actions.mark_handled(seeded, ids, ACTOR, expected_versions=versions)
    assert f"#{ids[1]}" in info.value.zh
    assert snapshot(seeded, ids) == before


def test_a_concurrent_writer_mid_batch_rolls_back_everything(seeded, monkeypatch):
    """Another desktop (team mode) commits a change to one case between our SELECT and our UPDATEs.

    Simulated inside our own transaction (SQLite serialises writers; PostgreSQL would not): the versioned
    UPDATE of that case matches no row, so the batch fails and the cases already updated are rolled back too.
    """
    ids = cases_in(seeded, CaseState.NEW, n=3)
    original = case_actions._load_cases

    def load_then_interfere(session, case_ids, expected):
        cases = original(session, case_ids, expected)
        session.execute(sa.text("UPDATE cases SET version = version + 1 WHERE id = :i"), {"i": case_ids[-1]})
        return cases

    monkeypatch.setattr(case_actions, "_load_cases", load_then_interfere)
    before = snapshot(seeded, ids)
    with pytest.raises(StaleCaseError) as info:
        case_actions.mark_handled(seeded, ids, ACTOR)
    assert f"#{ids[-1]}" in info.value.zh
    assert snapshot(seeded, ids) == before


def test_stale_row_detected_by_the_version_column(seeded):
    """The ORM's ``WHERE version = ?``: an UPDATE against a version that changed underneath fails the flush."""
    [case_id] = cases_in(seeded, CaseState.NEW, n=1)
    before = snapshot(seeded, [case_id])
    with pytest.raises(StaleCaseError), seeded.session() as session:
        case = session.get(Case, case_id)
        # simulate the other desktop: same row, version bumped in the DB after we read it
        session.execute(sa.text("UPDATE cases SET version = version + 1 WHERE id = :i"), {"i": case_id})
        case.state = CaseState.CLOSED
        case_actions.flush_versioned(session, case)
    assert snapshot(seeded, [case_id]) == before


def test_case_actions_object_binds_the_store(seeded):
    actions = CaseActions(seeded)
    ids = cases_in(seeded, CaseState.NEW, n=1)
    assert actions.mark_handled(ids, "gui").case_ids == tuple(ids)
    assert actions.list_users() == []


# -- deadline alerts --------------------------------------------------------------------------------------------
def _put_deadlines(store, now, offsets: dict[int, timedelta]) -> None:
    with store.session() as session:
        for case_id, offset in offsets.items():
            session.get(Case, case_id).deadline_at = now + offset


def test_due_for_alert_windows_and_already_alerted(seeded):
    now = datetime(2030, 1, 1, 12, tzinfo=UTC)  # far after the seed: nothing else is due then
    a, b, c, d, closed = cases_in(seeded, CaseState.NEW, CaseState.IN_PROGRESS, n=5)
    _put_deadlines(
        seeded,
        now,
        {a: timedelta(minutes=30), b: timedelta(hours=5), c: timedelta(hours=20), d: timedelta(hours=-1),
         closed: timedelta(hours=2)},
    )  # fmt: skip
    set_state(seeded, [closed], CaseState.CLOSED)
    leads = [timedelta(hours=1), timedelta(hours=6), timedelta(hours=24)]
    with seeded.reader() as session:
        due = alerts.due_for_alert(session, now, leads)
        assert [(x.case_id, x.lead) for x in due] == [(a, leads[0]), (b, leads[1]), (c, leads[2])]
        # announced for 24 h already: c stays quiet, b (announced at 24 h) enters the 6 h window: again
        again = alerts.due_for_alert(session, now, leads, {b: leads[2], c: leads[2], a: leads[0]})
        assert [x.case_id for x in again] == [b]
        assert alerts.due_for_alert(session, now, leads, {a, b}) == [x for x in due if x.case_id == c]
        assert alerts.due_for_alert(session, now, []) == []
    with pytest.raises(ValueError):
        alerts.DeadlineAlerts(seeded).due_for_alert(now.replace(tzinfo=None), leads)


def test_send_to_approval_checks_the_logged_in_users_permission(seeded):
    """With a user row the request goes through the approval service: an admin may not handle cases."""
    admin_id = case_actions.ensure_local_user(seeded, "root", "管理员", "admin")
    ids = cases_in(seeded, CaseState.NEW, n=2)
    before = snapshot(seeded, ids)
    with pytest.raises(PermissionDeniedError):
        case_actions.send_to_approval(seeded, ids, Actor("root", admin_id), "理由")
    assert snapshot(seeded, ids) == before
