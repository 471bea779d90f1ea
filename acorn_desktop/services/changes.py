"""What every service that changes a case shares: who acts, the version check, and recording a state change.

Optimistic locking: ``Case.version`` is SQLAlchemy's ``version_id_col``, so every UPDATE of a case row carries
``WHERE version = <what was read>`` and bumps it. A case changed by someone else (another desktop, the sync) in
between is refused with :class:`StaleCaseError` instead of being overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..domain.cases import CaseState
from ..errors import AcornError, InputError
from ..models import Case, CaseEvent
from . import audit

SUMMARY_MAX_CHARS = 500  # CaseEvent.summary is VARCHAR(500) (enforced on PostgreSQL)


class StaleCaseError(AcornError):
    """The case was changed by someone else since it was shown; reload and try again."""

    exit_code = 5


@dataclass(frozen=True, slots=True)
class Actor:
    """Who does something: the audit log's actor name and, when the person has a user row, its id."""

    name: str
    user_id: int | None = None


ActorLike = Actor | str


def as_actor(actor: ActorLike) -> Actor:
    return actor if isinstance(actor, Actor) else Actor(str(actor))


class ActorBound:
    """``services`` with every method's first argument (the actor) filled in: what a logged-in UI calls.

    ``ActorBound(AuditLogServices(store), actor).page(flt, 0, 50)`` is ``….page(actor, flt, 0, 50)``.
    """

    def __init__(self, services: object, actor: Actor) -> None:
        self._services = services
        self.actor = actor

    def __getattr__(self, name: str):
        method = getattr(self._services, name)
        if not callable(method):
            return method
        return lambda *args, **kwargs: method(self.actor, *args, **kwargs)


def shorten(text: str, limit: int = SUMMARY_MAX_CHARS) -> str:
    """One line of at most ``limit`` characters (audit summaries, timeline lines)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def case_not_found(case_id: int) -> InputError:
    return InputError(f"找不到工单 #{case_id}。", f"Case #{case_id} does not exist.")


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise case_not_found(case_id)
    return case


def stale_error(case_id: int) -> StaleCaseError:
    return StaleCaseError(
        f"工单 #{case_id} 刚被其他人或同步修改过,本次操作未保存。",
        f"Case #{case_id} was just changed by someone else or by a sync; nothing was saved.",
        hint_zh="请刷新工单后再试。",
        hint_en="Reload the case and try again.",
    )


def check_version(case: Case, expected: int | None) -> None:
    if expected is not None and case.version != expected:
        raise stale_error(case.id)


def flush_versioned(session: Session, case: Case) -> None:
    """Flush the UPDATE … WHERE version = ?; a concurrent writer in between surfaces as StaleCaseError."""
    case_id = case.id  # the instance is expired (unreadable) once the failed flush rolled back
    try:
        session.flush()
    except StaleDataError as exc:
        raise stale_error(case_id) from exc


def record_state_change(
    session: Session,
    case: Case,
    target: CaseState,
    who: Actor,
    *,
    comment: str = "",
    request_id: str | None = None,
    action: str = "case.state_changed",
    audit_summary: str | None = None,
    payload: dict | None = None,
) -> CaseState:
    """Set ``case.state`` (already checked by the caller), add the timeline entry, flush with the version
    check and append the audit entry — the one way every service records a state change. Returns the old state.
    """
    current = case.state
    case.state = target
    event_data = {"from": current.value, "to": target.value, "comment": comment, "actor": who.name}
    if request_id is not None:
        event_data["request_id"] = request_id
    session.add(
        CaseEvent(
            case_id=case.id,
            kind="state_changed",
            actor_id=who.user_id,
            summary=shorten(
                f"状态:{current.label_zh} → {target.label_zh} / State: {current.label_en} → {target.label_en}"
            ),
            data=event_data,
        )
    )
    flush_versioned(session, case)
    audit.append(
        session,
        actor=who.name,
        action=action,
        summary=audit_summary
        or f"工单 #{case.id}:{current.label_zh} → {target.label_zh} / case #{case.id}: {current.value} → "
        f"{target.value}",
        payload={"case_id": case.id, "from": current.value, "to": target.value, **(payload or {}),
                 "version": case.version},
        entity_type="case",
        entity_id=case.id,
        request_id=request_id,
    )  # fmt: skip
    return current
