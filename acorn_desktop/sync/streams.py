"""Data streams of one account. Each stream pages through SP-API and commits page by page.

Crash safety: a page's rows, the resulting cases, the audit entry and the cursor (NextToken or new
watermark) are committed in ONE transaction. Killed before the commit ⇒ the page is fetched again and,
its rows being keyed by digest, stored once. Killed after ⇒ the cursor already points past it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sp_api.api import Finances

from ..formats.finance_events import normalise
from ..models import SellerAccount
from ..services import audit
from ..services.intake import IntakeResult, ingest_financial_events
from ..storage.store import Store
from . import cursors
from .client import SpApiSession
from .errors import PermanentApiError

MAX_WINDOW = timedelta(days=179)  # listFinancialEvents returns nothing for windows over 180 days
SAFETY_LAG = timedelta(minutes=3)  # PostedBefore must be at least 2 minutes in the past
MIN_WINDOW = timedelta(minutes=1)  # don't ask for slivers: the API's timestamps have whole seconds
PAGE_SIZE = 100


def iso(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class StreamProgress:
    stream: str
    pages: int = 0
    result: IntakeResult = field(default_factory=IntakeResult)
    # Reports or feeds Amazon was still producing when the run ended: another run soon will collect them.
    waiting: int = 0
    notes: list[tuple[str, str]] = field(default_factory=list)  # warnings for the person (zh, en)


@dataclass
class StreamContext:
    store: Store
    account_id: int
    api: SpApiSession
    now: Callable[[], datetime]
    cancel: Callable[[], bool]
    on_page: Callable[[StreamProgress], None]
    actor: str = "sync"


class FinancesStream:
    """listFinancialEvents over moving [PostedAfter, PostedBefore) windows, NextToken within a window."""

    name = "finances"

    def __init__(self, *, initial_lookback: timedelta = timedelta(days=180), overlap: timedelta = timedelta(hours=48)):
        self.initial_lookback = initial_lookback
        self.overlap = overlap  # late-posted events: each run re-reads this much before the watermark

    def run(self, ctx: StreamContext) -> StreamProgress:
        progress = StreamProgress(self.name)
        with ctx.store.reader() as session:
            cursor = cursors.load(session, ctx.account_id, self.name)
        now = ctx.now()
        if cursor.next_token and cursor.state.get("window_start"):
            start = datetime.fromisoformat(cursor.state["window_start"])
            end = datetime.fromisoformat(cursor.state["window_end"])
        else:
            start = cursor.watermark - self.overlap if cursor.watermark else now - self.initial_lookback
            end = min(now - SAFETY_LAG, start + MAX_WINDOW)
        token = cursor.next_token
        first = True
        while token or end - start >= MIN_WINDOW:
            if ctx.cancel():
                break
            if first:
                response, end = self._first(ctx, start, end, token)
                first = False
            else:
                response = self._fetch(ctx, start, end, token)
            payload = response.payload or {}
            token = payload.get("NextToken") or None
            rows = normalise(payload.get("FinancialEvents") or {})
            done_window = token is None
            next_cursor = cursors.Cursor(
                watermark=end if done_window else cursor.watermark,
                next_token=token,
                state={} if done_window else {"window_start": start.isoformat(), "window_end": end.isoformat()},
            )
            with ctx.store.session() as session:
                account = session.get(SellerAccount, ctx.account_id)
                result = ingest_financial_events(session, account, rows)
                audit.append(
                    session,
                    actor=ctx.actor,
                    action="sync.finances.page",
                    summary=f"{account.name}: {len(rows)} events, {result.events_new} new, "
                    f"{result.cases_created} new cases, {result.cases_updated} updated",
                    payload=payload,
                    entity_type="seller_account",
                    entity_id=ctx.account_id,
                    request_id=_request_id(response),
                )
                cursors.save(
                    session, ctx.account_id, self.name, next_cursor, success_at=ctx.now() if done_window else None
                )
            cursor = next_cursor
            progress.pages += 1
            progress.result.add(result)
            ctx.on_page(progress)
            if done_window:
                start, end = end, min(ctx.now() - SAFETY_LAG, end + MAX_WINDOW)
        return progress

    def _fetch(self, ctx: StreamContext, start: datetime, end: datetime, token: str | None):
        params = {"PostedAfter": iso(start), "PostedBefore": iso(end), "MaxResultsPerPage": PAGE_SIZE}
        if token:
            params["NextToken"] = token
        try:
            return self._list(ctx, params)
        except PermanentApiError as exc:
            if token and exc.code == "InvalidInput":  # an expired NextToken: read the window again (idempotent)
                params.pop("NextToken")
                return self._list(ctx, params)
            raise

    def _first(self, ctx: StreamContext, start: datetime, end: datetime, token: str | None):
        """The first request of a run. If Amazon refuses the window as in its future — the PC clock is ahead and
        this was the first response that told us Amazon's time — the window ends earlier and is asked again."""
        try:
            return self._fetch(ctx, start, end, token), end
        except PermanentApiError as exc:
            later = min(ctx.now() - SAFETY_LAG, start + MAX_WINDOW)
            if token or exc.code != "InvalidInput" or later >= end or later - start < MIN_WINDOW:
                raise
            return self._fetch(ctx, start, later, None), later

    @staticmethod
    def _list(ctx: StreamContext, params: dict):
        return ctx.api.call(
            "listFinancialEvents",
            Finances,
            lambda c: c.list_financial_events(**params),
            expect="FinancialEvents",
            cancel=ctx.cancel,
        )


def _request_id(response) -> str | None:
    headers = getattr(response, "headers", None) or {}
    return headers.get("x-amzn-RequestId") or headers.get("x-amzn-requestid")
