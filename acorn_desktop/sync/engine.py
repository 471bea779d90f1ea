"""The sync engine: for each active account, run its streams; isolate failures per stream and per account.

Qt-free. The GUI runs it on its background worker, ``acorn sync`` runs it in the foreground. Progress is
reported through a callback with small immutable snapshots (the GUI batches them into signals).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

from ..errors import AcornError
from ..models import SellerAccount
from ..services import audit
from ..storage.store import Store
from . import cursors
from .amazon_clock import SKEW_WARNING, AmazonClock
from .client import SpApiSession, tls_context
from .credentials import CredentialProvider
from .errors import ReauthorizationNeeded, SyncCancelled, SyncError
from .orders_stream import OrdersStream
from .refund_feed import RefundFeedStream, RefundSettleStream
from .report_streams import ReturnsStream, SettlementStream
from .scheduler import Clock, RequestScheduler
from .shipments_stream import ShipmentsStream
from .streams import FinancesStream, StreamContext, StreamProgress

log = logging.getLogger(__name__)


@dataclass
class AccountReport:
    account_id: int
    name: str
    status: str = "ok"  # ok | error | needs_reauth | cancelled | skipped
    error: str | None = None
    streams: dict[str, StreamProgress] = field(default_factory=dict)
    api_calls: int = 0
    throttled: int = 0
    clock_offset_seconds: float | None = None  # Amazon's clock minus this PC's (from the responses' Date)

    @property
    def clock_skewed(self) -> bool:
        """The PC clock is off from Amazon's by more than 2 minutes (the sync uses Amazon's; the user should fix
        the PC's: deadlines and times shown are computed on it)."""
        return self.clock_offset_seconds is not None and abs(self.clock_offset_seconds) > SKEW_WARNING.total_seconds()

    @property
    def waiting(self) -> int:
        """Reports and feeds Amazon is still producing for this store (see ``StreamProgress.waiting``)."""
        return sum(progress.waiting for progress in self.streams.values())

    def as_json(self) -> dict:
        return {
            "account_id": self.account_id, "name": self.name, "status": self.status, "error": self.error,
            "api_calls": self.api_calls, "throttled": self.throttled,
            "clock_offset_seconds": self.clock_offset_seconds, "clock_skewed": self.clock_skewed,
            "streams": {
                name: {"pages": p.pages, "events_seen": p.result.events_seen, "events_new": p.result.events_new,
                       "cases_created": p.result.cases_created, "cases_updated": p.result.cases_updated,
                       "waiting": p.waiting, "notes": [zh for zh, _ in p.notes]}
                for name, p in self.streams.items()
            },
        }  # fmt: skip


@dataclass(frozen=True)
class SyncProgress:
    account_id: int
    account: str
    stream: str
    pages: int
    events_new: int
    cases_created: int


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SyncEngine:
    def __init__(
        self,
        store: Store,
        credentials: CredentialProvider,
        *,
        streams=None,
        clock: Clock | None = None,
        now: Callable[[], datetime] = _utcnow,
        rate_limits: bool = True,
        timeout: float = 30.0,
    ) -> None:
        self.store = store
        self.credentials = credentials
        # orders first: cases the later streams create in the same run find their order (see orders_stream);
        # the refund feed before finances and the settling of refunds right after it, so a refund Amazon
        # accepted settles its case in the sync that brings its RefundEvent (see refund_feed)
        self.streams = (
            streams
            if streams is not None
            else [
                OrdersStream(),
                RefundFeedStream(),
                FinancesStream(),
                RefundSettleStream(),
                ReturnsStream(),
                ShipmentsStream(),  # after the claims of this run exist
                SettlementStream(),
            ]
        )
        self.clock = clock or Clock()
        self.now = now
        self.rate_limits = rate_limits
        self.timeout = timeout
        self._schedulers: dict[int, RequestScheduler] = {}  # kept across runs: Amazon's buckets are too
        self._amazon_clocks: dict[int, AmazonClock] = {}  # per account: Amazon's time, learnt from responses
        tls_context()  # built now (the engine is made off the GUI thread), not in the middle of a sync

    def accounts(self, name: str | None = None) -> list[tuple[int, str]]:
        with self.store.reader() as session:
            query = sa.select(SellerAccount.id, SellerAccount.name).where(SellerAccount.active.is_(True))
            if name:
                query = query.where(SellerAccount.name == name)
            return list(session.execute(query.order_by(SellerAccount.id)))

    def run(self, *, account: str | None = None, progress=None, cancel: Callable[[], bool] = lambda: False):
        reports = []
        for account_id, _ in self.accounts(account):
            if cancel():
                break
            reports.append(self.sync_account(account_id, progress=progress, cancel=cancel))
        return reports

    def sync_account(self, account_id: int, *, progress=None, cancel: Callable[[], bool] = lambda: False):
        with self.store.reader() as session:
            account = session.get(SellerAccount, account_id)
            name = account.name
            report = AccountReport(account_id, name)
            if account.needs_reauth:
                report.status, report.error = "needs_reauth", "needs re-authorisation"
                return report
            try:
                target, credentials = self.credentials(account)
            except AcornError as exc:  # e.g. no credentials in the keyring: this account only
                report.status, report.error = "error", exc.en
                return report
        scheduler = self._schedulers.setdefault(
            account_id, RequestScheduler(clock=self.clock, enabled=self.rate_limits)
        )
        calls_before, throttled_before = scheduler.stats.calls, scheduler.stats.throttled
        amazon_clock = self._amazon_clocks.setdefault(account_id, AmazonClock(self.now))
        api = SpApiSession(target, credentials, scheduler, timeout=self.timeout, amazon_clock=amazon_clock)

        def on_page(stream_progress: StreamProgress) -> None:
            if progress is not None:
                r = stream_progress.result
                progress(
                    SyncProgress(
                        account_id, name, stream_progress.stream, stream_progress.pages, r.events_new, r.cases_created
                    )
                )

        try:
            for stream in self.streams:
                if cancel():
                    report.status = "cancelled"
                    break
                ctx = StreamContext(self.store, account_id, api, amazon_clock.now, cancel, on_page)
                try:
                    report.streams[stream.name] = stream.run(ctx)
                except SyncCancelled:
                    report.status = "cancelled"
                    break
                except ReauthorizationNeeded as exc:
                    self._mark_reauth(account_id, name, exc.reason)
                    report.status, report.error = "needs_reauth", exc.reason
                    break
                except (SyncError, AcornError) as exc:
                    reason = getattr(exc, "reason", None) or getattr(exc, "en", str(exc))
                    log.warning("sync %s/%s failed: %s", name, stream.name, reason)
                    with self.store.session() as session:
                        cursors.record_error(session, account_id, stream.name, reason)
                    report.status, report.error = "error", f"{stream.name}: {reason}"
                    if isinstance(getattr(exc, "progress", None), StreamProgress):
                        report.streams[stream.name] = exc.progress
        finally:
            api.close()
            offset = amazon_clock.offset
            report.clock_offset_seconds = None if offset is None else round(offset.total_seconds(), 1)
            if report.clock_skewed:
                log.warning("the PC clock is %+.0f s off Amazon's; Amazon's is used", -offset.total_seconds())
            report.api_calls = scheduler.stats.calls - calls_before
            report.throttled = scheduler.stats.throttled - throttled_before
        return report

    def _mark_reauth(self, account_id: int, name: str, reason: str) -> None:
        with self.store.session() as session:
            account = session.get(SellerAccount, account_id)
            account.needs_reauth = True
            audit.append(
                session,
                actor="sync",
                action="account.needs_reauth",
                summary=f"{name}: {reason}",
                payload={"reason": reason},
                entity_type="seller_account",
                entity_id=account_id,
            )
