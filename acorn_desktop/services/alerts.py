"""Deadline alerts: which open cases are about to run out of time and have not been announced yet. Qt-free.

The tray (``ui/tray.py``) asks every minute or so. Each lead time (e.g. 24 h, 6 h, 1 h) is its own
window: a case is due for an alert when its deadline is in the future and within a lead time smaller than
any it was already announced for, so one case can be announced at 24 h, again at 6 h and at 1 h — never twice
for the same window. Overdue cases are not announced (the queue shows them in red already), nor answered ones
(their clock stopped).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import CaseKind
from ..models import Case
from ..models.cases import OPEN_PREDICATE

MAX_ALERT_ROWS = 1000  # one balloon summarises; nobody reads more than this in a tray message


@dataclass(frozen=True, slots=True)
class DueCase:
    """An open case whose deadline falls inside ``lead`` (the smallest configured lead time that holds it)."""

    case_id: int
    deadline_at: datetime
    lead: timedelta
    kind: CaseKind


def due_for_alert(
    session: Session,
    now: datetime,
    lead_times: Iterable[timedelta],
    already_alerted_ids: Mapping[int, timedelta] | Collection[int] = (),
) -> list[DueCase]:
    """Open cases with ``now < deadline <= now + lead`` not yet announced for that lead, soonest first.

    ``already_alerted_ids`` is either {case id: smallest lead it was announced for} (announce again when it
    enters a smaller window) or a plain collection of ids (never announce those again).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    leads = sorted({lead for lead in lead_times if lead > timedelta(0)})
    if not leads:
        return []
    rows = session.execute(
        sa.select(Case.id, Case.deadline_at, Case.kind)
        .where(
            sa.text(OPEN_PREDICATE),
            Case.deadline_at > now,
            Case.deadline_at <= now + leads[-1],
            Case.responded_at.is_(None),
        )
        .order_by(Case.deadline_at, Case.id)
        .limit(MAX_ALERT_ROWS)
    )
    # a plain collection of ids maps each to None: never announce it again
    announced: Mapping[int, timedelta | None] = (
        already_alerted_ids if isinstance(already_alerted_ids, Mapping) else dict.fromkeys(already_alerted_ids)
    )
    due: list[DueCase] = []
    for case_id, deadline, kind in rows:
        lead = next(lead for lead in leads if deadline - now <= lead)
        if case_id in announced:
            previous = announced[case_id]
            if previous is None or lead >= previous:
                continue
        due.append(DueCase(case_id, deadline, lead, kind))
    return due


class DeadlineAlerts:
    """:func:`due_for_alert` bound to one open store (call on the DB worker)."""

    def __init__(self, store) -> None:
        self.store = store

    def due_for_alert(
        self,
        now: datetime,
        lead_times: Iterable[timedelta],
        already_alerted_ids: Mapping[int, timedelta] | Collection[int] = (),
    ) -> list[DueCase]:
        with self.store.reader() as session:
            return due_for_alert(session, now, lead_times, already_alerted_ids)
