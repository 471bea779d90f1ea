"""The refund feed: outbox rows → ``POST_PAYMENT_ADJUSTMENT_DATA`` feeds → Amazon's verdict on each adjustment.

Evidence before state
---------------------
A refund must never reach Amazon twice and never show done unless Amazon has it. Every state change goes
through :mod:`acorn_desktop.services.refund_outbox` (the state machine). Holding the account's sender lease
(:mod:`.lease`), per account and marketplace a run takes up to ``max_messages`` ``intended`` rows and:

1. builds the OrderAdjustment XML (one message per row, :mod:`.adjustment_xml`), createFeedDocument and
   uploads it (retried freely: an unused document does nothing);
2. commits the rows as ``submitting`` — BEFORE createFeed, conditional on the rows still being ``intended``;
3. createFeed, once. Only answers that prove Amazon did not take the request (429, 403, LWA failures) are
   retried; when they run out the rows go back to ``intended``;
4. with the feedId OUR createFeed returned: ``submitted``, cases → 退款已提交.

A timeout, a dropped connection, a 5xx or a garbled answer at 3 — or a run killed between 2 and 4 (found as
``submitting`` by the next lease holder) — leave the outcome unknown: the rows become 待确认 (``unconfirmed``).
Nothing is adopted from Amazon's feed list and nothing is sent again on its own: a RefundEvent that can only
be this adjustment's settles it (:class:`RefundSettleStream`), else a 主管 checks Seller Central.

Then, for ``submitted`` rows: getFeed until DONE / FATAL / CANCELLED, getFeedDocument, parse the processing
report, and per row: no Error result → ``done``; an Error for THIS message → ``failed`` (the case → 退款失败).
A feed that ends without a usable report, or that Amazon no longer knows, leaves its rows 待确认.

Feeds on the account that no outbox row names (another installation, another tool — or our own createFeed
whose answer was lost) are counted from getFeeds and reported as a warning; they never change a row.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import httpx
import sqlalchemy as sa
from sp_api.api import Feeds
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base import fill_query_params, sp_endpoint
from sp_api.base.exceptions import SellingApiForbiddenException, SellingApiRequestThrottledException

from ..domain.cases import CaseState
from ..domain.marketplaces import MARKETPLACES
from ..formats.adjustment_xml import (
    CONTENT_TYPE,
    FEED_TYPE,
    AdjustmentMessage,
    ProcessingReport,
    ReportFormatError,
    build_feed,
    parse_processing_report,
)
from ..models import Case, OutboxState, RefundOutbox, SellerAccount
from ..services import audit, refund_evidence
from ..services import refund_outbox as outbox
from ..services.changes import Actor
from ..services.refunds import OPEN_STATES, settle_refunds
from . import cursors
from .client import tls_context
from .errors import PermanentApiError, SyncError, TransientApiError, classify
from .lease import sender_lease
from .report_streams import _request_id, _wait
from .streams import StreamContext, StreamProgress, iso

log = logging.getLogger(__name__)

FINAL_STATUSES = frozenset({"DONE", "FATAL", "CANCELLED"})
FOREIGN_LOOKBACK = timedelta(days=2)  # how far back getFeeds looks for feeds no outbox row names
DUPLICATE_CODES = frozenset({"18031"})  # the sandbox's "MerchantAdjustmentItemID already used"


@dataclass(frozen=True)
class _Row:
    id: int
    case_id: int
    amazon_order_id: str
    order_item_id: str
    adjustment_key: str
    adjustment_reason: str
    components: dict[str, Decimal]
    currency: str
    quantity: int
    marketplace_code: str


class _Taken(Exception):
    pass


@dataclass(frozen=True)
class _Uncertain:
    reason: str


@sp_endpoint("/feeds/2021-06-30/documents/{}", method="GET")
def _feed_document(client, feedDocumentId, **kwargs):
    """getFeedDocument without the library's download (which checks no status and drops the request id)."""
    return client._request(fill_query_params(kwargs.pop("path"), feedDocumentId), params=kwargs, add_marketplace=False)


def _refused_before_processing(exc: BaseException) -> bool:
    """Answers proving Amazon did not take a createFeed: safe to ask again."""
    return isinstance(exc, AuthorizationError | SellingApiRequestThrottledException | SellingApiForbiddenException)


def _is_duplicate(result) -> bool:
    text = result.description.lower()
    return result.message_code in DUPLICATE_CODES or ("merchantadjustmentitemid" in text and "already" in text)


class RefundFeedStream:
    """Sends the refund outbox of one account (see the module docstring)."""

    name = "refund_feed"

    def __init__(
        self,
        *,
        max_messages: int = 200,
        max_feeds: int = 3,
        max_wait: float = 0.0,
        poll_interval: float = 15.0,
        foreign_lookback: timedelta = FOREIGN_LOOKBACK,
    ) -> None:
        self.max_messages = max_messages  # messages per feed
        self.max_feeds = max_feeds  # createFeed calls per run (0.0083/s: one every two minutes after the burst)
        # Simulated seconds to wait for submitted feeds per run. 0: check once; Amazon takes minutes and the
        # next run goes on (the sync must not block).
        self.max_wait = max_wait
        self.poll_interval = poll_interval
        self.foreign_lookback = foreign_lookback

    # -- the run --------------------------------------------------------------------------------------------
    def run(self, ctx: StreamContext) -> StreamProgress:
        progress = StreamProgress(self.name)
        with ctx.store.reader() as session:
            waiting = session.scalar(
                sa.select(sa.func.count()).where(
                    RefundOutbox.account_id == ctx.account_id,
                    RefundOutbox.state.in_(OPEN_STATES),
                )
            )
            account = session.get(SellerAccount, ctx.account_id)
            self._merchant = account.selling_partner_id or account.name
            self._markets = [m.code for m in account.marketplaces if m.code in MARKETPLACES]
        if not waiting:
            return progress  # nothing to send or to follow: not a single API call
        problem: SyncError | None = None
        with sender_lease(ctx.store, ctx.account_id, self._merchant) as lease:
            if not lease.held:
                log.info("refund feed: another sender holds %s; nothing sent by this sync", lease.holder)
                progress.notes.append(("另一个同步正在发送此账户的退款,本次未发送", "another sync is sending this "
                                       "account's refunds; nothing sent by this one"))  # fmt: skip
                return progress
            with ctx.store.session() as session:
                outbox.unconfirm_interrupted(session, ctx.account_id, self._actor(ctx), at=ctx.now())
            sent, self._held = False, 0
            try:
                sent = self._submit_all(ctx, progress)
            except SyncError as exc:
                problem, sent = exc, True
            if self._held:
                progress.notes.append(
                    (
                        f"{self._held} 笔退款与审批记录不符,未发送(待确认)",
                        f"{self._held} refund(s) differ from their approval record; not sent",
                    )
                )
            self._poll(ctx, progress)
            if sent:
                self._report_foreign(ctx, progress)
        with ctx.store.session() as session:
            cursors.save(session, ctx.account_id, self.name, cursors.Cursor(), success_at=ctx.now())
        if problem is not None:
            problem.progress = progress  # the engine keeps its notes (e.g. foreign feeds) with the error
            raise problem
        return progress

    def _actor(self, ctx: StreamContext) -> Actor:
        return Actor(ctx.actor)

    def _market(self, code: str | None) -> str:
        return code if code in MARKETPLACES else (self._markets[0] if self._markets else "US")

    # -- sending --------------------------------------------------------------------------------------------
    def _submit_all(self, ctx: StreamContext, progress: StreamProgress) -> bool:
        """Send up to ``max_feeds`` batches; True if createFeed was called at all."""
        called = False
        for _ in range(self.max_feeds):
            if ctx.cancel():
                return called
            batch = self._next_batch(ctx)
            if not batch:
                return called
            called = self._submit(ctx, batch, progress) or called
        return called

    def _next_batch(self, ctx: StreamContext) -> list[_Row]:
        """The next rows to send, read in the transaction that checked them against their approval record."""
        with ctx.store.session() as session:
            rows = session.scalars(
                sa.select(RefundOutbox)
                .where(RefundOutbox.account_id == ctx.account_id, RefundOutbox.state == OutboxState.INTENDED)
                .order_by(RefundOutbox.id)
                .limit(self.max_messages * 20)
            ).all()
            held = outbox.hold_unapproved(session, [r.id for r in rows], self._actor(ctx), at=ctx.now())
            if held:
                log.warning("refund feed: %d refund(s) differ from their approval record; not sent", len(held))
                self._held += len(held)
            rows = [r for r in rows if r.id not in held]
            snapshot = [
                _Row(r.id, r.case_id, r.amazon_order_id, r.order_item_id or "", r.adjustment_key, r.adjustment_reason,
                     {k: Decimal(v) for k, v in (r.components or {}).items()}, r.currency, r.quantity,
                     self._market(r.marketplace_code))
                for r in rows
            ]  # fmt: skip
        if not snapshot:
            return []
        market = snapshot[0].marketplace_code
        return [r for r in snapshot if r.marketplace_code == market][: self.max_messages]

    def _submit(self, ctx: StreamContext, rows: list[_Row], progress: StreamProgress) -> bool:
        """One batch; raises a SyncError when createFeed's outcome is unknown (the rows are then 待确认)."""
        market = rows[0].marketplace_code
        messages = [
            AdjustmentMessage(n, r.amazon_order_id, r.order_item_id, r.adjustment_key, r.adjustment_reason,
                              r.components, r.currency, r.quantity)
            for n, r in enumerate(rows, 1)
        ]  # fmt: skip
        data = build_feed(self._merchant, messages)
        sha256 = hashlib.sha256(data).hexdigest()
        document_id, upload_request = self._upload(ctx, data)
        who = self._actor(ctx)
        try:
            with ctx.store.session() as session:
                claimed = outbox.claim(
                    session, ctx.account_id, [(r.id, msg.message_id) for r, msg in zip(rows, messages, strict=True)],
                    document_id, who, at=ctx.now(), request_id=upload_request,
                    payload={"document_sha256": sha256, "marketplace": market,
                             "adjustment_keys": [r.adjustment_key for r in rows]},
                )  # fmt: skip
                if claimed is None:
                    raise _Taken  # rolls the whole claim back
        except _Taken:
            log.warning("refund outbox rows of a batch were taken by another sync; batch skipped")
            return False
        try:
            created = self._create_feed(ctx, document_id, MARKETPLACES[market].amazon_id)
        except Exception as exc:  # raised only when Amazon refused (or nothing was sent): safe to queue again
            with ctx.store.session() as session:
                outbox.release(session, ctx.account_id, document_id, who, at=ctx.now(), reason=type(exc).__name__)
            raise
        with ctx.store.session() as session:
            if isinstance(created, _Uncertain):
                rows_now = outbox._by_document(session, ctx.account_id, document_id, OutboxState.SUBMITTING)
                outbox.mark_unconfirmed(session, rows_now, outbox.CREATE_UNKNOWN, who, at=ctx.now(),
                                        detail=f"createFeed: {created.reason}")  # fmt: skip
            else:
                feed_id, request_id = created
                moved = outbox.mark_submitted(
                    session, ctx.account_id, document_id, feed_id, who, at=ctx.now(), request_id=request_id
                )
                progress.pages += 1
                progress.result.cases_updated += moved
        ctx.on_page(progress)
        if isinstance(created, _Uncertain):
            raise TransientApiError(
                f"createFeed outcome unknown ({created.reason}); {claimed} refund(s) are unconfirmed (待确认) and "
                "will not be sent again on their own"
            )
        return True

    def _upload(self, ctx: StreamContext, data: bytes) -> tuple[str, str | None]:
        """createFeedDocument + PUT of the bytes, as one paced and retried step (a retry makes a new document)."""

        def attempt(client):
            response = client.create_feed_document(None, CONTENT_TYPE)
            payload = response.payload if isinstance(response.payload, dict) else {}
            document_id, url = payload.get("feedDocumentId"), payload.get("url")
            if not document_id or not url:
                raise TransientApiError("malformed response to createFeedDocument (no feedDocumentId/url)")
            with httpx.Client(timeout=ctx.api.timeout, verify=tls_context()) as http:
                put = http.put(url, content=data, headers={"Content-Type": CONTENT_TYPE})
            if not 200 <= put.status_code < 300:
                raise TransientApiError(f"feed document upload: HTTP {put.status_code}")
            return SimpleNamespace(payload={"feedDocumentId": document_id}, headers=response.headers)

        response = ctx.api.call("createFeedDocument", Feeds, attempt, expect="feedDocumentId", cancel=ctx.cancel)
        return response.payload["feedDocumentId"], _request_id(response)

    def _create_feed(self, ctx: StreamContext, document_id: str, marketplace_id: str):
        """(feedId, request id) or :class:`_Uncertain`. Never repeated unless Amazon proved it refused."""

        def attempt(client):
            try:
                response = client.create_feed(FEED_TYPE, document_id, marketplaceIds=[marketplace_id])
            except Exception as exc:
                if _refused_before_processing(exc):
                    raise
                error = classify(exc)
                if error is None:
                    log.exception("createFeed raised an unexpected error")
                return _Uncertain(error.reason if error is not None else type(exc).__name__)
            payload = response.payload if isinstance(response.payload, dict) else {}
            if not payload.get("feedId"):
                return _Uncertain("malformed response to createFeed (no feedId)")
            return response

        result = ctx.api.call("createFeed", Feeds, attempt, cancel=ctx.cancel)
        if isinstance(result, _Uncertain):
            return result
        return str(result.payload["feedId"]), _request_id(result)

    def _list_feeds(self, ctx: StreamContext, since: datetime) -> tuple[list[dict], str | None]:
        markets = ",".join(MARKETPLACES[c].amazon_id for c in self._markets) or None
        params = {"feedTypes": FEED_TYPE, "createdSince": iso(since), "pageSize": 100}
        if markets:
            params["marketplaceIds"] = markets
        out: list[dict] = []
        token = None
        request_id = None
        while True:
            query = {"nextToken": token} if token else params
            try:
                response = ctx.api.call(
                    "getFeeds", Feeds, lambda c, q=query: c.get_feeds(**q), expect="feeds", cancel=ctx.cancel
                )
            except PermanentApiError as exc:
                if token and exc.code == "InvalidInput":  # an expired nextToken: list again from the start
                    token = None
                    out.clear()
                    continue
                raise
            request_id = _request_id(response) or request_id
            out.extend(response.payload.get("feeds") or [])
            token = response.payload.get("nextToken")
            if not token:
                return out, request_id

    # -- following submitted feeds ---------------------------------------------------------------------------
    def _poll(self, ctx: StreamContext, progress: StreamProgress) -> None:
        with ctx.store.reader() as session:
            pending = list(
                session.scalars(
                    sa.select(RefundOutbox.feed_id)
                    .where(RefundOutbox.account_id == ctx.account_id, RefundOutbox.state == OutboxState.SUBMITTED)
                    .group_by(RefundOutbox.feed_id)
                    .order_by(sa.func.min(RefundOutbox.id))
                )
            )
        waited, interval = 0.0, self.poll_interval
        while pending and not ctx.cancel():
            still = []
            for feed_id in pending:
                try:
                    response = ctx.api.call(
                        "getFeed", Feeds, lambda c, f=feed_id: c.get_feed(f), expect="processingStatus",
                        cancel=ctx.cancel,
                    )  # fmt: skip
                except PermanentApiError as exc:
                    if not str(exc).startswith("404"):
                        raise
                    # Amazon does not know the feed (expired, or a restarted sandbox): its rows fail for a
                    # person to check in Seller Central; nothing is re-sent on its own.
                    self._finish(ctx, feed_id, {"processingStatus": "NOT_FOUND"}, None, progress)
                    continue
                feed = response.payload
                if feed["processingStatus"] in FINAL_STATUSES:
                    self._finish(ctx, feed_id, feed, _request_id(response), progress)
                else:
                    still.append((feed_id, feed, _request_id(response)))
            if not still:
                return
            if waited >= self.max_wait:
                self._note_pending(ctx, still)
                progress.waiting += len(still)
                return
            step = min(interval, self.max_wait - waited)
            _wait(ctx, step)
            waited += step
            interval = min(interval * 2, 60.0)
            pending = [feed_id for feed_id, _, _ in still]

    def _note_pending(self, ctx: StreamContext, still: list) -> None:
        with ctx.store.session() as session:
            account = session.get(SellerAccount, ctx.account_id)
            audit.append(
                session, actor=ctx.actor, action="refund.feed.pending",
                summary=f"{account.name}: {len(still)} 个退款 Feed 仍在处理 / {len(still)} refund feed(s) still "
                "processing: " + ", ".join(f"{f} {feed['processingStatus']}" for f, feed, _ in still),
                payload={"feeds": [feed for _, feed, _ in still]},
                entity_type="seller_account", entity_id=ctx.account_id, request_id=still[-1][2],
            )  # fmt: skip

    def _download_report(self, ctx: StreamContext, document_id: str) -> tuple[ProcessingReport, str | None, str]:
        """getFeedDocument, download, parse: one paced, retried step (a retry asks for a fresh URL)."""

        def fetch(client):
            meta = _feed_document(client, document_id)
            payload = meta.payload if isinstance(meta.payload, dict) else {}
            url = payload.get("url")
            if not url:
                raise TransientApiError("malformed response to getFeedDocument (no url)")
            with httpx.Client(timeout=ctx.api.timeout, verify=tls_context()) as http:
                got = http.get(url)
            if got.status_code != 200:
                raise TransientApiError(f"feed processing report download: HTTP {got.status_code}")
            data = got.content
            if payload.get("compressionAlgorithm"):
                try:
                    data = zlib.decompress(data, 15 + 32)
                except zlib.error as exc:
                    raise TransientApiError(f"truncated or damaged processing report ({exc})") from None
            try:
                report = parse_processing_report(data)
            except ReportFormatError as exc:
                raise TransientApiError(f"unreadable processing report ({exc})") from None
            return SimpleNamespace(
                payload={"report": report, "sha256": hashlib.sha256(data).hexdigest()}, headers=meta.headers
            )

        response = ctx.api.call("getFeedDocument", Feeds, fetch, expect="report", cancel=ctx.cancel)
        return response.payload["report"], _request_id(response), response.payload["sha256"]

    def _finish(self, ctx: StreamContext, feed_id: str, feed: dict, request_id, progress: StreamProgress) -> None:
        status = feed["processingStatus"]
        report, sha256 = None, None
        if feed.get("resultFeedDocumentId") and status != "CANCELLED":
            report, request_id, sha256 = self._download_report(ctx, feed["resultFeedDocumentId"])
        who = self._actor(ctx)
        with ctx.store.session() as session:
            rows = session.scalars(
                sa.select(RefundOutbox)
                .where(RefundOutbox.account_id == ctx.account_id, RefundOutbox.feed_id == feed_id)
                .order_by(RefundOutbox.message_id, RefundOutbox.id)
            ).all()
            open_rows = [r for r in rows if r.state is OutboxState.SUBMITTED]
            now = ctx.now()
            accepted, failed, unconfirmed = [], {}, []
            reason = outbox.FEED_NOT_FOUND if status == "NOT_FOUND" else outbox.FEED_UNPROCESSED
            if report is not None and report.processed and report.processed != len(rows):
                report, reason = None, outbox.REPORT_MISMATCH  # not the document we sent: trust none of it
                status = f"{status}, report of {feed.get('resultFeedDocumentId')} counts another number of messages"
            if report is None:  # Amazon said nothing about these messages: a person or a RefundEvent decides
                outbox.mark_unconfirmed(session, open_rows, reason, who, at=now, detail=f"feed {feed_id}: {status}",
                                        request_id=request_id)  # fmt: skip
                unconfirmed = [r.adjustment_key for r in open_rows]
                open_rows = []
            for row in open_rows:
                errors = report.document_errors or report.errors_for(row.message_id)
                if errors and all(_is_duplicate(e) for e in errors):
                    note = "; ".join(e.description for e in errors)  # Amazon had it already
                    outbox.record_accepted(session, row, who, at=now, note=note, request_id=request_id)
                    accepted.append(row.adjustment_key)
                elif errors:
                    description = "; ".join(f"{e.description} ({e.message_code})" for e in errors)
                    code = ",".join(e.message_code for e in errors)
                    outbox.record_rejected(session, row, description, who, at=now, code=code, request_id=request_id)
                    failed[row.adjustment_key] = description
                else:
                    outbox.record_accepted(session, row, who, at=now, request_id=request_id)
                    accepted.append(row.adjustment_key)
            account = session.get(SellerAccount, ctx.account_id)
            audit.append(
                session, actor=ctx.actor, action="refund.feed.report",
                summary=f"{account.name}: 退款 Feed {feed_id} {status}:接受 {len(accepted)},拒绝 {len(failed)} / "
                f"refund feed {feed_id} {status}: {len(accepted)} accepted, {len(failed)} rejected",
                payload={"feed": feed, "report_sha256": sha256, "accepted": accepted, "failed": failed,
                         "unconfirmed": unconfirmed},
                entity_type="seller_account", entity_id=ctx.account_id, request_id=request_id,
            )  # fmt: skip
        progress.pages += 1
        progress.result.cases_updated += len(failed)
        ctx.on_page(progress)

    def _report_foreign(self, ctx: StreamContext, progress: StreamProgress) -> None:
        """Count refund feeds on the account that no outbox row names; warn, never adopt."""
        since = ctx.now() - self.foreign_lookback
        feeds, request_id = self._list_feeds(ctx, since)
        with ctx.store.reader() as session:
            known = set(
                session.scalars(
                    sa.select(RefundOutbox.feed_id).where(
                        RefundOutbox.account_id == ctx.account_id, RefundOutbox.feed_id.is_not(None)
                    )
                )
            )
        foreign = sorted(
            str(f["feedId"]) for f in feeds
            if f.get("feedId") and str(f["feedId"]) not in known and f.get("feedType", FEED_TYPE) == FEED_TYPE
        )  # fmt: skip
        if not foreign:
            return
        zh, en = outbox.foreign_feeds_text(len(foreign))
        progress.notes.append((zh, en))
        log.warning("refund feed: %s", en)
        with ctx.store.session() as session:
            audit.append(
                session, actor=ctx.actor, action="refund.feed.foreign", summary=f"{zh} / {en}",
                payload={"code": "foreign_feeds", "count": len(foreign), "feed_ids": foreign[:100],
                         "since": iso(since)},
                entity_type="seller_account", entity_id=ctx.account_id, request_id=request_id,
            )  # fmt: skip


class RefundSettleStream:
    """After the Finances stream: accepted refunds whose RefundEvents arrived settle their cases (已退款), and a
    待确认 refund that a RefundEvent or settlement lines can only belong to is confirmed by them."""

    name = "refund_settle"

    def run(self, ctx: StreamContext) -> StreamProgress:
        progress = StreamProgress(self.name)
        with ctx.store.reader() as session:
            waiting = session.scalar(
                sa.select(sa.func.count())
                .select_from(RefundOutbox)
                .join(Case, Case.id == RefundOutbox.case_id)
                .where(RefundOutbox.account_id == ctx.account_id)
                .where(
                    sa.or_(
                        sa.and_(RefundOutbox.state == OutboxState.DONE, Case.state == CaseState.REFUND_SUBMITTED),
                        RefundOutbox.state == OutboxState.UNCONFIRMED,
                    )
                )
            )
        if not waiting:
            return progress
        who = Actor(ctx.actor)
        with ctx.store.session() as session:
            confirmed = refund_evidence.resolve_unconfirmed(session, ctx.account_id, who, at=ctx.now())
            settled = settle_refunds(session, ctx.account_id, who)
        if settled or confirmed:
            progress.pages += 1
            progress.result.cases_updated += settled + confirmed
            ctx.on_page(progress)
        return progress
