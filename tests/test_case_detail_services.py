"""Case detail services: load a seeded case; notes, evidence (inside the encrypted DB only), assignee, state."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from acorn_desktop.domain.cases import ALLOWED_TRANSITIONS, CaseState
from acorn_desktop.domain.deadlines import DEFAULT_CLOCKS
from acorn_desktop.errors import AcornError, InputError, InvalidTransitionError
from acorn_desktop.models import AuditEntry, Case, CaseEvent, EvidenceAttachment, MarketplacePolicy, User
from acorn_desktop.models.base import utcnow
from acorn_desktop.services import audit, case_detail, changes
from acorn_desktop.services.case_detail import CaseDetailServices
from acorn_desktop.services.changes import Actor, StaleCaseError
from acorn_desktop.services.demo import seed_demo

ACTOR = Actor("测试员", None)


@pytest.fixture
def services(store):
    seed_demo(store, cases=50, seed=1)
    return CaseDetailServices(store)


def first_case(store, *, with_order=True, state: CaseState | None = None) -> int:
    query = sa.select(Case.id).order_by(Case.id).limit(1)
    if with_order:
        query = query.where(Case.order_id.is_not(None))
    if state is not None:
        query = query.where(Case.state == state)
    with store.reader() as session:
        return session.scalar(query)


def counts(store) -> dict[str, int]:
    with store.reader() as session:
        return {
            model.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (AuditEntry, CaseEvent, EvidenceAttachment)
        }


def audit_actions(store, case_id: int) -> list[str]:
    with store.reader() as session:
        return list(
            session.scalars(
                sa.select(AuditEntry.action)
                .where(AuditEntry.entity_type == "case", AuditEntry.entity_id == str(case_id))
                .order_by(AuditEntry.id)
            )
        )


def add_user(store, name="王小明", role="cs", *, active=True) -> int:
    with store.session() as session:
        user = User(username=f"u{abs(hash(name))}", display_name=name, role_code=role, active=active)
        session.add(user)
        session.flush()
        return user.id


# -- load -----------------------------------------------------------------------------------------------------
def test_load_a_seeded_case(store, services):
    case_id = first_case(store)
    detail = services.load(case_id)
    with store.reader() as session:
        case = session.get(Case, case_id)
        session.expunge(case)
        n_events = session.scalar(sa.select(sa.func.count()).where(CaseEvent.case_id == case_id))
    assert (detail.id, detail.kind, detail.state, detail.marketplace) == (case.id, case.kind, case.state, "DE")
    assert detail.store.startswith("演示店铺")
    assert detail.marketplace_zh and detail.marketplace_timezone
    assert detail.amount == case.amount and detail.currency == case.currency
    assert detail.deadline_at == case.deadline_at and detail.opened_at.tzinfo is not None
    assert detail.order is not None and detail.order.amazon_order_id == case.amazon_order_id
    assert detail.order.items and detail.order.items[0].sku and detail.order.items[0].title
    assert detail.clock.origin == "default" and detail.clock.source == DEFAULT_CLOCKS[case.kind].source
    assert detail.policy is None
    assert len(detail.timeline) == n_events
    ats = [e.at for e in detail.timeline]
    assert ats == sorted(ats, reverse=True)  # newest first
    assert set(detail.next_states) == ALLOWED_TRANSITIONS[case.state]
    assert detail.evidence == () and detail.notes == ()


def test_load_shows_the_marketplace_policy_row(store, services):
    case_id = first_case(store)
    with store.session() as session:
        policy = MarketplacePolicy(
            marketplace_code="DE", event_kind="return_request", hours=48, source="Amazon.de Rücknahme 48 h",
            effective_from=utcnow(),
        )  # fmt: skip
        session.add(policy)
        session.flush()
        session.get(Case, case_id).policy_id = policy.id
    detail = services.load(case_id)
    assert detail.policy is not None and detail.policy.origin == "marketplace"
    assert (detail.policy.hours, detail.policy.source, detail.policy.version) == (48, "Amazon.de Rücknahme 48 h", 1)


def test_load_unknown_case_is_an_input_error(services):
    with pytest.raises(InputError) as info:
        services.load(999_999)
    assert "999999" in info.value.zh and "999999" in info.value.en


# -- notes ----------------------------------------------------------------------------------------------------
def test_add_note_appears_newest_first_and_is_audited(store, services):
    case_id = first_case(store)
    text = "已联系买家,等待照片。\n第二行"
    services.add_note(case_id, text, ACTOR)
    detail = services.load(case_id)
    assert detail.timeline[0].kind == "note" and detail.timeline[0].actor == "测试员"
    assert detail.notes[0].text == text
    assert audit_actions(store, case_id) == ["case.note"]
    with store.reader() as session:
        entry = session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "case.note"))
        assert "已联系买家" not in entry.summary  # the note's text is only digested, not copied into the log
        assert audit.verify_chain(session).ok


def test_a_long_note_is_kept_whole(store, services):
    case_id = first_case(store)
    text = "备" * case_detail.NOTE_MAX_CHARS
    services.add_note(case_id, text, "cli")
    note = services.load(case_id).notes[0]
    assert note.text == text and len(note.summary) <= changes.SUMMARY_MAX_CHARS


@pytest.mark.parametrize("text", ["", "   \n ", "x" * (case_detail.NOTE_MAX_CHARS + 1)])
def test_bad_notes_are_refused_and_nothing_is_written(store, services, text):
    case_id = first_case(store)
    before = counts(store)
    with pytest.raises(InputError) as info:
        services.add_note(case_id, text, ACTOR)
    assert info.value.zh != info.value.en and info.value.en
    assert counts(store) == before


def test_note_on_a_missing_case_writes_nothing(store, services):
    before = counts(store)
    with pytest.raises(InputError):
        services.add_note(999_999, "hello", ACTOR)
    assert counts(store) == before


# -- evidence -------------------------------------------------------------------------------------------------
def data_files(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}


def test_evidence_round_trip_stays_inside_the_encrypted_db(store, services, data_dir, tmp_path):
    case_id = first_case(store)
    marker = b"ACORN-EVIDENCE-" + os.urandom(16).hex().encode()
    content = marker * 2000  # ~94 KB, easy to spot in a plaintext file
    source = tmp_path / "outside" / "发货凭证 DHL.pdf"
    source.parent.mkdir()
    source.write_bytes(content)
    before = set(data_files(data_dir))

    attachment_id = services.attach_evidence(case_id, source, "shipping_proof", ACTOR)
    store.checkpoint()

    filename, media_type, data = services.evidence_bytes(attachment_id)
    assert (filename, media_type, data) == ("发货凭证 DHL.pdf", "application/pdf", content)
    item = services.load(case_id).evidence[0]
    assert (item.id, item.size, item.sha256) == (attachment_id, len(content), hashlib.sha256(content).hexdigest())
    assert item.category == "shipping_proof" and item.added_at.tzinfo is not None
    assert services.load(case_id).timeline[0].kind == "evidence_added"

    after = data_files(data_dir)
    assert set(after) - before <= {"acorn.db-wal", "acorn.db-shm"}  # no copy of the file anywhere
    for name, raw in after.items():
        assert marker not in raw, f"evidence bytes in plaintext in {name}"

    assert audit_actions(store, case_id) == ["case.evidence_added"]
    with store.reader() as session:
        entry = session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "case.evidence_added"))
        assert "发货凭证 DHL.pdf" in entry.summary
        expected = {
            "case_id": case_id, "attachment_id": attachment_id, "category": "shipping_proof",
            "filename": "发货凭证 DHL.pdf", "media_type": "application/pdf", "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }  # fmt: skip
        assert entry.payload_digest == audit.digest(expected)  # filename + sha256, not the bytes


def test_duplicate_evidence_is_refused(store, services, tmp_path):
    case_id = first_case(store)
    first = tmp_path / "a.jpg"
    first.write_bytes(b"\xff\xd8same photo")
    copy = tmp_path / "copy of a.jpg"
    copy.write_bytes(b"\xff\xd8same photo")
    services.attach_evidence(case_id, first, "photo", ACTOR)
    before = counts(store)
    with pytest.raises(InputError) as info:
        services.attach_evidence(case_id, copy, "photo", ACTOR)
    assert "a.jpg" in info.value.zh
    assert counts(store) == before
    other_case = first_case(store, with_order=False) + 1
    services.attach_evidence(other_case, copy, "photo", ACTOR)  # the same file on another case is fine


def test_oversized_evidence_is_refused_before_reading(store, services, tmp_path):
    case_id = first_case(store)
    big = tmp_path / "huge.mp4"
    with big.open("wb") as handle:
        handle.truncate(case_detail.EVIDENCE_MAX_BYTES + 1)  # sparse: costs no disk
    before = counts(store)
    with pytest.raises(InputError) as info:
        services.attach_evidence(case_id, big, "photo", ACTOR)
    assert "huge.mp4" in info.value.zh and "20 MB" in info.value.en
    assert counts(store) == before


def test_exactly_the_limit_is_accepted(store, services, tmp_path):
    case_id = first_case(store)
    edge = tmp_path / "edge.bin"
    edge.write_bytes(os.urandom(1024) * (case_detail.EVIDENCE_MAX_BYTES // 1024))
    attachment_id = services.attach_evidence(case_id, edge, "other", ACTOR)
    assert services.load(case_id).evidence[0].id == attachment_id
    assert services.load(case_id).evidence[0].media_type == "application/octet-stream"


@pytest.mark.parametrize("problem", ["missing", "directory", "empty", "unreadable", "category"])
def test_bad_evidence_input_names_the_file_and_writes_nothing(store, services, tmp_path, monkeypatch, problem):
    case_id = first_case(store)
    path = tmp_path / "凭证.pdf"
    category = "shipping_proof"
    if problem == "directory":
        path.mkdir()
    elif problem == "empty":
        path.write_bytes(b"")
    elif problem == "unreadable":  # (chmod 0 would not stop root, so refuse the open itself)
        path.write_bytes(b"%PDF")
        real_open = Path.open

        def refuse(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    elif problem == "category":
        path.write_bytes(b"%PDF")
        category = "selfie"
    before = counts(store)
    with pytest.raises(InputError) as info:
        services.attach_evidence(case_id, path, category, ACTOR)
    assert ("selfie" if problem == "category" else "凭证.pdf") in info.value.zh
    assert counts(store) == before


def test_unknown_attachment(services):
    with pytest.raises(InputError):
        services.evidence_bytes(123_456)


# -- assignee -------------------------------------------------------------------------------------------------
def test_list_users_and_assign(store, services):
    wang = add_user(store, "王小明", "cs")
    li = add_user(store, "李主管", "manager")
    add_user(store, "离职员工", "cs", active=False)
    users = services.list_users()
    assert [(u.display_name, u.role, u.role_zh) for u in users] == [
        ("李主管", "manager", "主管"),
        ("王小明", "cs", "客服"),
    ]

    case_id = first_case(store)
    version = services.load(case_id).version
    services.set_assignee(case_id, wang, Actor("李主管", li), expected_version=version)
    detail = services.load(case_id)
    assert (detail.assignee_id, detail.assignee, detail.version) == (wang, "王小明", version + 1)
    assert detail.timeline[0].kind == "assigned" and detail.timeline[0].actor == "李主管"
    services.set_assignee(case_id, None, ACTOR)
    assert services.load(case_id).assignee is None
    assert audit_actions(store, case_id) == ["case.assign", "case.assign"]


def test_assigning_to_an_unknown_or_inactive_user_is_refused(store, services):
    gone = add_user(store, "离职员工", "cs", active=False)
    case_id = first_case(store)
    before = counts(store)
    for user_id in (gone, 999):
        with pytest.raises(InputError):
            services.set_assignee(case_id, user_id, ACTOR)
    assert counts(store) == before and services.load(case_id).assignee_id is None


# -- state ----------------------------------------------------------------------------------------------------
def test_change_state_writes_timeline_and_audit(store, services):
    case_id = first_case(store, with_order=False, state=CaseState.NEW)
    detail = services.load(case_id)
    services.change_state(case_id, CaseState.IN_PROGRESS, ACTOR, "买家已回复", expected_version=detail.version)
    after = services.load(case_id)
    assert after.state is CaseState.IN_PROGRESS and after.version == detail.version + 1
    event = after.timeline[0]
    assert event.kind == "state_changed" and "新建 → 处理中" in event.summary and event.text == "买家已回复"
    assert set(after.next_states) == ALLOWED_TRANSITIONS[CaseState.IN_PROGRESS]
    assert audit_actions(store, case_id) == ["case.state_changed"]


def test_invalid_transition_is_refused(store, services):
    case_id = first_case(store, with_order=False, state=CaseState.NEW)
    before = counts(store)
    with pytest.raises(InvalidTransitionError) as info:
        services.change_state(case_id, CaseState.REFUND_SUBMITTED, ACTOR)  # only the refund outbox submits
    assert "新建" in info.value.zh and "New" in info.value.en
    assert counts(store) == before and services.load(case_id).state is CaseState.NEW


def test_stale_version_is_refused_not_overwritten(store, services):
    case_id = first_case(store, with_order=False, state=CaseState.NEW)
    shown = services.load(case_id)  # desktop A shows the case
    services.change_state(case_id, CaseState.IN_PROGRESS, Actor("desktop B"), expected_version=shown.version)
    before = counts(store)
    with pytest.raises(StaleCaseError) as info:  # desktop A acts on what it showed
        services.change_state(case_id, CaseState.CLOSED, ACTOR, expected_version=shown.version)
    assert isinstance(info.value, AcornError) and "刷新" in info.value.text()
    with pytest.raises(StaleCaseError):
        services.set_assignee(case_id, None, ACTOR, expected_version=shown.version)
    assert counts(store) == before
    assert services.load(case_id).state is CaseState.IN_PROGRESS


def test_concurrent_update_between_read_and_write_is_caught_by_the_version_column(store, services, monkeypatch):
    """Another writer bumps the row after this transaction read it: the versioned UPDATE matches no row."""
    case_id = first_case(store, with_order=False, state=CaseState.NEW)
    real_check = case_detail.check_version

    def sneak_in(case, expected):
        real_check(case, expected)
        session = sa.orm.object_session(case)
        session.execute(sa.text("UPDATE cases SET version = version + 1 WHERE id = :id"), {"id": case.id})

    monkeypatch.setattr(case_detail, "check_version", sneak_in)
    before = counts(store)
    with pytest.raises(StaleCaseError):
        services.change_state(case_id, CaseState.IN_PROGRESS, ACTOR)
    assert counts(store) == before and services.load(case_id).state is CaseState.NEW
