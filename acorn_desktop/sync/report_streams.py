"""Report-based streams: returns (MFN + FBA) and settlements, through the Reports API 2021-06-30.

The flow of one report: ``createReport`` (or find it with ``getReports``: settlements cannot be requested)
→ poll ``getReport`` until DONE / CANCELLED / FATAL → ``getReportDocument`` with ``download=True`` (the
library fetches the presigned URL and gunzips) → parse (:mod:`.report_parsers`) → ingest
(:mod:`..services.report_intake`).

Crash safety and call economy
-----------------------------
Report calls are expensive (createReport and getReportDocument: one a minute after a burst of 15), so
every step that costs one is remembered in the stream's cursor (``sync_cursors.state``) as soon as it is
made:

* a requested report is saved as ``pending`` (id + data window) right after createReport: a later run,
  or the same run after a slow report, goes on polling it instead of requesting another;
* a document's rows, the cases they open or update, ONE audit entry (request id of getReportDocument,
  digest of the document) and the cursor (window covered, report id added to ``done``) are committed in
  ONE transaction. Killed before: the report is downloaded again and its rows, keyed by digest, are
  stored once. Killed after: the cursor already says it is done.
* a truncated or garbled download is a transient error (retried with backoff by the scheduler; the retry
  asks getReportDocument for a fresh URL), never a partial file: zlib checks the gzip stream and the
  parser checks every line.

Returns: contiguous windows per report type from ``covered_until`` (the dataEndTime Amazon confirmed for
the last ingested report), at most 60 days per MFN request; each run re-reads ``overlap`` before it so
late status changes (Pending → Approved, refunded amount) are picked up as updates, and requests nothing
when less than ``min_interval`` has passed. CANCELLED means "no data" on Amazon: the window counts as
covered. FATAL: the same window is requested again (``max_fatal`` times per run), never skipped.

Settlements: ``getReports`` (DONE settlement reports created since the last one ingested, minus a margin;
Amazon keeps reports 90 days), each new report id downloaded and ingested once.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import ssl
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import httpx
from sp_api.api import Reports

from ..domain.marketplaces import MARKETPLACES
from ..formats.report_parsers import (
    FBA_RETURNS,
    MFN_RETURNS,
    SETTLEMENT_V2,
    parse_settlement,
    read_fba_returns,
    read_mfn_returns,
)
from ..models import SellerAccount
from ..services import audit, refund_evidence
from ..services.changes import Actor
from ..services.report_intake import ingest_fba_returns, ingest_mfn_returns, ingest_settlement
from ..services.unreadable_lines import record_unreadable
from . import cursors
from .errors import PermanentApiError, SyncCancelled, SyncError, TransientApiError
from .streams import StreamContext, StreamProgress, iso

log = logging.getLogger(__name__)

RETENTION = timedelta(days=90)  # Amazon keeps reports (and lists them in getReports) for 90 days
SAFETY_LAG = timedelta(minutes=5)  # don't ask for data up to "now": the last minutes are incomplete
DONE_KEEP = timedelta(days=100)  # how long a report id is remembered as ingested (beyond retention)


class ReportFailed(SyncError):
    """Amazon could not produce a report (FATAL) repeatedly; the window is kept for the next run."""


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def _request_id(response) -> str | None:
    headers = getattr(response, "headers", None) or {}
    return headers.get("x-amzn-RequestId") or headers.get("x-amzn-requestid")


def _marketplace_ids(account: SellerAccount) -> list[str]:
    return [MARKETPLACES[m.code].amazon_id for m in account.marketplaces if m.code in MARKETPLACES]


def _wait(ctx: StreamContext, seconds: float) -> None:
    """Sleep ``seconds`` of the sync's (possibly scaled) clock, noticing a cancel within ~0.2 s."""
    clock = ctx.api.scheduler.clock
    remaining = seconds
    step = 0.2 * clock.scale
    while remaining > 0:
        if ctx.cancel():
            raise SyncCancelled()
        clock.sleep(min(step, remaining))
        remaining -= step
    if ctx.cancel():
        raise SyncCancelled()


# -- the generic report steps -----------------------------------------------------------------------------------


@dataclass
class Downloaded:
    text: str
    request_id: str | None
    sha256: str


class ReportClient:
    """The Reports API steps with the checks the library leaves out."""

    def __init__(self, poll_interval: float = 15.0, max_poll_interval: float = 60.0, max_wait: float = 0.0):
        self.poll_interval = poll_interval  # simulated seconds before the first status check
        self.max_poll_interval = max_poll_interval
        # Simulated seconds to wait for a report per run. The default (0) checks once and leaves a report
        # that is not ready as ``pending`` for the next run: Amazon takes minutes, the sync must not block.
        self.max_wait = max_wait

    def create(self, ctx: StreamContext, report_type: str, marketplace_ids: list[str], start, end) -> str:
        body = {"reportType": report_type, "marketplaceIds": marketplace_ids,
                "dataStartTime": iso(start), "dataEndTime": iso(end)}  # fmt: skip
        response = ctx.api.call(
            "createReport", Reports, lambda c: c.create_report(**body), expect="reportId", cancel=ctx.cancel
        )
        return str(response.payload["reportId"])

    def status(self, ctx: StreamContext, report_id: str) -> dict:
        response = ctx.api.call(
            "getReport", Reports, lambda c: c.get_report(report_id), expect="processingStatus", cancel=ctx.cancel
        )
        return response.payload

    def wait(self, ctx: StreamContext, report_id: str) -> dict:
        """Poll until the report is DONE, CANCELLED or FATAL, or ``max_wait`` passed (then its last status)."""
        waited = 0.0
        interval = self.poll_interval
        while True:
            report = self.status(ctx, report_id)
            if report["processingStatus"] in ("DONE", "CANCELLED", "FATAL") or waited >= self.max_wait:
                return report
            _wait(ctx, interval)
            waited += interval
            interval = min(self.max_poll_interval, interval * 2)

    def download(self, ctx: StreamContext, document_id: str) -> Downloaded:
        """getReportDocument, then the presigned URL: both in one paced, retried step.

        The download is done here rather than by the library's ``download=True``, which neither checks the
        HTTP status of the document response nor survives a garbled metadata answer (it requests
        ``url=None``). A retry asks for a fresh URL (they expire after five minutes).
        """

        def fetch(client):
            meta = client.get_report_document(document_id)
            payload = meta.payload or {}
            url = payload.get("url")
            if not url:
                raise TransientApiError("malformed response to getReportDocument (no url)")
            with httpx.Client(timeout=ctx.api.timeout, verify=_tls()) as http:
                got = http.get(url)
            if got.status_code != 200:
                raise TransientApiError(f"report document download: HTTP {got.status_code}")
            data = got.content
            if payload.get("compressionAlgorithm"):
                try:
                    data = zlib.decompress(data, 15 + 32)
                except zlib.error as exc:  # a truncated or damaged gzip stream: never a partial file
                    raise TransientApiError(f"truncated or damaged report document ({exc})") from None
            return SimpleNamespace(
                payload={"document": _decode(data, got.charset_encoding), "sha256": hashlib.sha256(data).hexdigest()},
                headers=meta.headers,
            )

        response = ctx.api.call("getReportDocument", Reports, fetch, expect="document", cancel=ctx.cancel)
        return Downloaded(response.payload["document"], _request_id(response), response.payload["sha256"])


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for all downloads (building one reads the CA bundle: ~50 ms each time)."""
    return ssl.create_default_context()


def _decode(data: bytes, charset: str | None) -> str:
    """The document's text: the charset the response names, else UTF-8, else Windows-1252 (Amazon's two)."""
    for encoding in filter(None, (charset, "utf-8")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1252", errors="replace")


# -- returns ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnsReport:
    report_type: str
    max_window: timedelta
    label: str


RETURNS_REPORTS = (
    ReturnsReport(MFN_RETURNS, timedelta(days=60), "MFN returns"),  # Amazon: at most 60 days per request
    ReturnsReport(FBA_RETURNS, timedelta(days=90), "FBA returns"),
)


class ReturnsStream:
    """MFN and FBA returns reports over contiguous data windows (see the module docstring)."""

    name = "returns"

    def __init__(
        self,
        *,
        initial_lookback: timedelta = timedelta(days=180),
        overlap: timedelta = timedelta(days=2),
        min_interval: timedelta = timedelta(hours=4),
        max_fatal: int = 2,
        max_windows: int = 8,
        reports: tuple[ReturnsReport, ...] = RETURNS_REPORTS,
        client: ReportClient | None = None,
    ) -> None:
        self.initial_lookback = initial_lookback
        self.overlap = overlap
        self.min_interval = min_interval
        self.max_fatal = max_fatal
        self.max_windows = max_windows  # new requests per report type per run (a long catch-up spans runs)
        self.reports = reports
        self.client = client or ReportClient()

    def run(self, ctx: StreamContext) -> StreamProgress:
        progress = StreamProgress(self.name)
        with ctx.store.reader() as session:
            cursor = cursors.load(session, ctx.account_id, self.name)
            marketplace_ids = _marketplace_ids(session.get(SellerAccount, ctx.account_id))
        state = cursor.state
        for spec in self.reports:
            self._run_type(ctx, spec, state, marketplace_ids, progress)
        with ctx.store.session() as session:
            cursors.save(session, ctx.account_id, self.name, cursors.Cursor(state=state), success_at=ctx.now())
        return progress

    def _save(self, ctx: StreamContext, state: dict, session=None) -> None:
        if session is not None:
            cursors.save(session, ctx.account_id, self.name, cursors.Cursor(state=state))
            return
        with ctx.store.session() as own:
            cursors.save(own, ctx.account_id, self.name, cursors.Cursor(state=state))

    def _run_type(self, ctx, spec: ReturnsReport, state: dict, marketplace_ids, progress) -> None:
        mine = state.setdefault(spec.report_type, {})
        fatal = 0
        first = True
        requested = 0
        while not ctx.cancel():
            pending = mine.get("pending")
            if pending is None:
                now = ctx.now()
                covered = _parse_time(mine.get("covered_until"))
                horizon = now - SAFETY_LAG
                if covered is not None and horizon - covered < max(self.min_interval, timedelta(minutes=1)):
                    return  # asked recently enough: keep the call budget for the next run
                if requested >= self.max_windows:
                    return
                requested += 1
                start = covered - self.overlap if covered and first else covered or now - self.initial_lookback
                end = min(horizon, start + spec.max_window)
                report_id = self.client.create(ctx, spec.report_type, marketplace_ids, start, end)
                pending = {"id": report_id, "start": start.isoformat(), "end": end.isoformat()}
                mine["pending"] = pending
                self._save(ctx, state)
            first = False
            try:
                report = self.client.wait(ctx, pending["id"])
            except PermanentApiError as exc:
                if not str(exc).startswith("404"):
                    raise
                # Amazon no longer knows the report (expired, or another marketplace instance): ask again
                log.warning("%s report %s is gone (%s); requesting its window again", spec.label, pending["id"], exc)
                del mine["pending"]
                self._save(ctx, state)
                continue
            status = report["processingStatus"]
            if status not in ("DONE", "CANCELLED", "FATAL"):
                log.info("%s report %s still %s; next run goes on", spec.label, pending["id"], status)
                progress.waiting += 1
                return
            if status == "FATAL":
                fatal += 1
                self._finish(ctx, state, spec, pending, report, covered=False)
                if fatal > self.max_fatal:
                    raise ReportFailed(f"{spec.label} report failed (FATAL) {fatal} times for the same window")
                continue
            if status == "CANCELLED":  # Amazon cancels a requested report that has no data
                self._finish(ctx, state, spec, pending, report, covered=True)
                continue
            self._ingest(ctx, state, spec, pending, report, progress)

    def _covered_until(self, pending: dict, report: dict) -> str:
        end = _parse_time(report.get("dataEndTime")) or _parse_time(pending["end"])
        return min(end, _parse_time(pending["end"])).isoformat()

    def _finish(self, ctx, state, spec, pending, report, *, covered: bool) -> None:
        mine = state[spec.report_type]
        status = report["processingStatus"]
        mine.pop("pending", None)
        if covered:
            mine["covered_until"] = self._covered_until(pending, report)
        with ctx.store.session() as session:
            account = session.get(SellerAccount, ctx.account_id)
            audit.append(
                session,
                actor=ctx.actor,
                action="sync.report." + status.lower(),
                summary=f"{account.name}: {spec.label} report {pending['id']} {status} "
                f"({pending['start'][:10]} – {pending['end'][:10]})",
                payload={"report": report, "window": pending},
                entity_type="seller_account",
                entity_id=ctx.account_id,
            )
            self._save(ctx, state, session)

    def _ingest(self, ctx, state, spec: ReturnsReport, pending: dict, report: dict, progress) -> None:
        doc = self.client.download(ctx, report["reportDocumentId"])
        label = f"{spec.report_type}#{pending['id']}"
        read = (read_mfn_returns if spec.report_type == MFN_RETURNS else read_fba_returns)(doc.text, report=label)
        rows = read.rows  # lines that cannot be read are kept raw (未解析的报告行); the rest imports
        mine = state[spec.report_type]
        mine.pop("pending", None)
        mine["covered_until"] = self._covered_until(pending, report)
        done = state.setdefault("done", {})
        done[pending["id"]] = ctx.now().isoformat()
        _prune(done, ctx.now())
        seen_at = ctx.now()
        with ctx.store.session() as session:
            account = session.get(SellerAccount, ctx.account_id)
            if spec.report_type == MFN_RETURNS:
                result = ingest_mfn_returns(session, account, rows, seen_at=seen_at)
            else:
                result = ingest_fba_returns(session, account, rows, seen_at=seen_at)
            unreadable = record_unreadable(session, ctx.account_id, spec.report_type, pending["id"], read.unreadable)
            audit.append(
                session,
                actor=ctx.actor,
                action="sync.returns.report",
                summary=f"{account.name}: {spec.label} report {pending['id']} "
                f"({pending['start'][:10]} – {pending['end'][:10]}): {len(rows)} rows, {result.events_new} new, "
                f"{result.cases_created} new cases, {result.cases_updated} updated"
                + (f", {len(read.unreadable)} unreadable lines kept" if read.unreadable else ""),
                payload={
                    "report_id": pending["id"],
                    "document_sha256": doc.sha256,
                    "window": pending,
                    "unreadable_lines": [u.line for u in read.unreadable],
                    "unreadable_new": unreadable,
                },
                entity_type="seller_account",
                entity_id=ctx.account_id,
                request_id=doc.request_id,
            )
            self._save(ctx, state, session)
        progress.pages += 1
        progress.result.add(result)
        ctx.on_page(progress)


def _prune(done: dict, now: datetime) -> None:
    for report_id, at in list(done.items()):
        if (_parse_time(at) or now) < now - DONE_KEEP:
            del done[report_id]


# -- settlements ------------------------------------------------------------------------------------------------


class SettlementStream:
    """V2 settlement flat files found with getReports; each report id is ingested exactly once."""

    name = "settlements"

    def __init__(self, *, margin: timedelta = timedelta(days=3), page_size: int = 100, client=None) -> None:
        self.margin = margin  # re-list this much before the newest ingested report (late-listed reports)
        self.page_size = page_size
        self.client = client or ReportClient()

    def run(self, ctx: StreamContext) -> StreamProgress:
        progress = StreamProgress(self.name)
        with ctx.store.reader() as session:
            cursor = cursors.load(session, ctx.account_id, self.name)
            marketplace_ids = _marketplace_ids(session.get(SellerAccount, ctx.account_id))
        state = cursor.state
        done: dict = state.setdefault("done", {})
        now = ctx.now()
        oldest = now - RETENTION + timedelta(hours=1)
        since = _parse_time(state.get("listed_until"))
        since = max(oldest, since - self.margin) if since else oldest
        reports = self._list(ctx, since, marketplace_ids)
        fresh = sorted(
            (r for r in reports if r["reportId"] not in done and r.get("reportDocumentId")),
            key=lambda r: (r.get("createdTime") or "", r["reportId"]),
        )
        for report in fresh:
            if ctx.cancel():
                return progress
            self._ingest(ctx, state, report, progress)
        newest = max((_parse_time(r.get("createdTime")) for r in reports if r.get("createdTime")), default=None)
        if newest is not None:
            state["listed_until"] = newest.isoformat()
        _prune(done, now)
        with ctx.store.session() as session:
            cursors.save(session, ctx.account_id, self.name, cursors.Cursor(state=state), success_at=ctx.now())
        return progress

    def _list(self, ctx: StreamContext, since: datetime, marketplace_ids: list[str]) -> list[dict]:
        params = {"reportTypes": [SETTLEMENT_V2], "processingStatuses": ["DONE"], "createdSince": iso(since),
                  "pageSize": self.page_size, "marketplaceIds": marketplace_ids}  # fmt: skip
        out: list[dict] = []
        token = None
        while True:
            query = {"nextToken": token} if token else params
            try:
                response = ctx.api.call(
                    "getReports", Reports, lambda c, q=query: c.get_reports(**q), expect="reports", cancel=ctx.cancel
                )
            except PermanentApiError as exc:
                if token and exc.code == "InvalidInput":  # an expired nextToken: list again from the start
                    token = None
                    out.clear()
                    continue
                raise
            out.extend(r for r in response.payload.get("reports") or [] if r.get("reportType") == SETTLEMENT_V2)
            token = response.payload.get("nextToken")
            if not token:
                return out

    def _ingest(self, ctx: StreamContext, state: dict, report: dict, progress: StreamProgress) -> None:
        report_id = report["reportId"]
        doc = self.client.download(ctx, report["reportDocumentId"])
        parsed = parse_settlement(doc.text, report=f"{SETTLEMENT_V2}#{report_id}")
        state["done"][report_id] = report.get("createdTime") or ctx.now().isoformat()
        with ctx.store.session() as session:
            account = session.get(SellerAccount, ctx.account_id)
            result = ingest_settlement(session, account, parsed)
            confirmed = refund_evidence.resolve_by_settlement_lines(session, ctx.account_id, Actor(ctx.actor),
                                                                    at=ctx.now())  # fmt: skip
            result.cases_updated += confirmed
            s = parsed.summary
            audit.append(
                session,
                actor=ctx.actor,
                action="sync.settlement.report",
                summary=f"{account.name}: settlement {s.settlement_id} {s.start:%Y-%m-%d} – {s.end:%Y-%m-%d} "
                f"{s.total} {s.currency}: {len(parsed.rows)} lines, {result.events_new} new",
                payload={"report_id": report_id, "settlement_id": s.settlement_id, "document_sha256": doc.sha256},
                entity_type="seller_account",
                entity_id=ctx.account_id,
                request_id=doc.request_id,
            )
            cursors.save(session, ctx.account_id, self.name, cursors.Cursor(state=state))
        progress.pages += 1
        progress.result.add(result)
        ctx.on_page(progress)
