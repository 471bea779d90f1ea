"""The refund feed: outbox rows → ``POST_PAYMENT_ADJUSTMENT_DATA`` feeds → Amazon's verdict on each case.

Exactly once, even across crashes
---------------------------------
A refund must never reach Amazon twice, so createFeed — the one call that makes a refund happen — is never
repeated blindly. Per account and marketplace, a run takes up to ``max_messages`` ``intended`` rows and:

1. builds the OrderAdjustment XML (one message per row, :mod:`.adjustment_xml`), createFeedDocument and
   uploads it (retried freely: an unused document does nothing);
2. commits the rows as ``submitting`` with ``attempted_at``, ``feed_document_id`` and their MessageID —
   BEFORE createFeed (conditional on the rows still being ``intended``: two syncs cannot both take them);
3. createFeed, once. Only answers that prove Amazon did not take the request (429, 403, LWA failures) are
   retried; a timeout, a dropped connection, a 5xx or a garbled answer leave the outcome unknown;
4. commits the rows as ``submitted`` with the feedId; their cases → 退款已提交.

Killed between 2 and 4 — or step 3 unsure — the rows stay ``submitting`` and are resolved by READING Amazon
before anything else is sent for the account: getFeeds (this feed type, created since ``attempted_at`` −
``clock_skew``) and a feed created after ``attempted_at`` that no outbox row knows is adopted (Amazon's Feed
has no inputFeedDocumentId to match on; the sync lease keeps one writer per account, and at most one batch
per account is ever ``submitting``, so the unknown feed is ours). Only when no such feed exists may the rows
go back to ``intended`` — and only once ``attempted_at`` is older than ``resolve_grace``, so a request that
Amazon is still processing is not mistaken for a lost one.

Then, for ``submitted`` rows: getFeed (paced by the usage-plan table: getFeed 2/s; createFeed 0.0083/s is why
a run creates at most ``max_feeds`` feeds) until DONE / FATAL / CANCELLED, getFeedDocument, parse the
processing report, and per row: no Error result → ``done`` (the case waits for its RefundEvent), an Error →
``failed`` with Amazon's ResultDescription on the case's timeline and the case → 退款失败. A feed that ends
without a report (CANCELLED, FATAL) fails its rows: a person decides, nothing is re-sent on its own.

:class:`RefundSettleStream` runs after the Finances stream: the accepted refunds whose RefundEvents have
arrived settle their cases (已退款) through :func:`~acorn_desktop.services.refunds.settle_refunds`.

Every step that changes a row commits with ONE audit entry carrying the request id of the API call it
rests on and a digest of what was sent or read.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from dataclasses import dataclass, field
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
from ..models import Case, OutboxState, RefundOutbox, SellerAccount
from ..services import audit
from ..services.changes import Actor
from ..services.refunds import (
    OPEN_STATES,
    cases_submitted,
    record_refund_accepted,
    record_refund_failure,
    settle_refunds,
)
from . import cursors
from .adjustment_xml import (
    CONTENT_TYPE,
    FEED_TYPE,
    AdjustmentMessage,
    ProcessingReport,
    ReportFormatError,
    build_feed,
    parse_processing_report,
)
from .client import tls_context
from .errors import PermanentApiError, SyncError, TransientApiError, classify
from .report_streams import _parse_time, _request_id, _wait
from .streams import StreamContext, StreamProgress, iso

log = logging.getLogger(__name__)

FINAL_STATUSES = frozenset({"DONE", "FATAL", "CANCELLED"})
AMAZON_GRACE = timedelta(minutes=5)  # longer than any request could still be in flight at Amazon
LOCAL_GRACE = timedelta(seconds=8)  # the sandbox answers within its handler (its slow fault: 5 s)
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


@dataclass
class _Batch:
    """Rows sharing one uploaded document that were ``submitting`` when read."""

    document_id: str
    marketplace_code: str
    attempted_at: datetime
    row_ids: list[int] = field(default_factory=list)


class _Taken(Exception):
    def __init__(self, row_id: int) -> None:
        super().__init__(row_id)
        self.row_id = row_id


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
        resolve_grace: timedelta | None = None,
        max_grace_wait: float = 10.0,
        clock_skew: timedelta = timedelta(minutes=5),
    ) -> None:
        self.max_messages = max_messages  # messages per feed
        self.max_feeds = max_feeds  # createFeed calls per run (0.0083/s: one every two minutes after the burst)
        # Simulated seconds to wait for submitted feeds per run. 0: check once; Amazon takes minutes and the
        # next run goes on (the sync must not block).
        self.max_wait = max_wait
        self.poll_interval = poll_interval
        self.resolve_grace = resolve_grace  # None: AMAZON_GRACE, or LOCAL_GRACE for a sandbox endpoint
        self.max_grace_wait = max_grace_wait  # wait out a grace this short instead of leaving it to the next run
        self.clock_skew = clock_skew  # Amazon's clock vs ours when comparing createdTime with attempted_at

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
        if self._resolve(ctx, progress):
            problem = self._submit_all(ctx, progress)
        self._poll(ctx, progress)
        with ctx.store.session() as session:
            cursors.save(session, ctx.account_id, self.name, cursors.Cursor(), success_at=ctx.now())
        if problem is not None:
            raise problem
        return progress

    def _actor(self, ctx: StreamContext) -> Actor:
        return Actor(ctx.actor)

    def _grace(self, ctx: StreamContext) -> timedelta:
        if self.resolve_grace is not None:
            return self.resolve_grace
        return LOCAL_GRACE if ctx.api.target.endpoint else AMAZON_GRACE

    def _market(self, code: str | None) -> str:
        return code if code in MARKETPLACES else (self._markets[0] if self._markets else "US")

    # -- sending --------------------------------------------------------------------------------------------
    def _submit_all(self, ctx: StreamContext, progress: StreamProgress) -> SyncError | None:
        for _ in range(self.max_feeds):
            if ctx.cancel():
                return None
            batch = self._next_batch(ctx)
            if not batch:
                return None
            problem = self._submit(ctx, batch, progress)
            if problem is not None:
                return problem
        return None

    def _next_batch(self, ctx: StreamContext) -> list[_Row]:
        with ctx.store.reader() as session:
            rows = session.scalars(
                sa.select(RefundOutbox)
                .where(RefundOutbox.account_id == ctx.account_id, RefundOutbox.state == OutboxState.INTENDED)
                .order_by(RefundOutbox.id)
                .limit(self.max_messages * 20)
            ).all()
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

    def _submit(self, ctx: StreamContext, rows: list[_Row], progress: StreamProgress) -> SyncError | None:
        market = rows[0].marketplace_code
        messages = [
            AdjustmentMessage(n, r.amazon_order_id, r.order_item_id, r.adjustment_key, r.adjustment_reason,
                              r.components, r.currency, r.quantity)
            for n, r in enumerate(rows, 1)
        ]  # fmt: skip
        data = build_feed(self._merchant, messages)
        sha256 = hashlib.sha256(data).hexdigest()
        document_id, upload_request = self._upload(ctx, data)
        try:
            self._claim(ctx, rows, messages, document_id, sha256, market, upload_request)
        except _Taken as taken:
            log.warning("refund outbox row %s was taken by another sync; batch skipped", taken.row_id)
            return None
        created = self._create_feed(ctx, document_id, MARKETPLACES[market].amazon_id)
        if not isinstance(created, _Uncertain):
            feed_id, request_id = created
            with ctx.store.session() as session:
                self._mark_submitted(session, ctx, document_id, feed_id, request_id, progress, adopted=False)
            ctx.on_page(progress)
            return None
        with ctx.store.session() as session:
            audit.append(
                session, actor=ctx.actor, action="refund.feed.create_uncertain",
                summary=f"createFeed 结果未知({created.reason}),将读取亚马逊的 Feed 列表确认 / createFeed outcome "
                f"unknown ({created.reason}); Amazon's feed list decides",
                payload={"feed_document_id": document_id, "reason": created.reason},
                entity_type="seller_account", entity_id=ctx.account_id,
            )  # fmt: skip
        settled = self._resolve(ctx, progress)
        still = "" if settled else "; still unresolved, nothing more is sent until Amazon's feed list settles it"
        with ctx.store.reader() as session:
            adopted = session.scalar(
                sa.select(sa.func.count()).where(
                    RefundOutbox.feed_document_id == document_id, RefundOutbox.state == OutboxState.SUBMITTED
                )
            )
        if adopted:
            return None
        return TransientApiError(f"createFeed failed ({created.reason}){still}")

    def _claim(self, ctx, rows: list[_Row], messages, document_id: str, sha256: str, market: str, request_id) -> None:
        """Commit the batch as ``submitting`` — before createFeed, and only if every row is still ``intended``."""
        attempted = ctx.now()
        with ctx.store.session() as session:
            for message, row in zip(messages, rows, strict=True):
                claimed = session.execute(
                    sa.update(RefundOutbox)
                    .where(RefundOutbox.id == row.id, RefundOutbox.state == OutboxState.INTENDED)
                    .values(state=OutboxState.SUBMITTING, attempted_at=attempted, feed_document_id=document_id,
                            message_id=message.message_id, feed_id=None, error_message=None)
                ).rowcount  # fmt: skip
                if claimed != 1:
                    raise _Taken(row.id)  # rolls the whole batch back
            account = session.get(SellerAccount, ctx.account_id)
            audit.append(
                session, actor=ctx.actor, action="refund.feed.document",
                summary=f"{account.name}: {len(rows)} 笔退款写入 Feed 文档,即将提交 / {len(rows)} refund adjustment(s) "
                f"uploaded for {market}, createFeed next",
                payload={"feed_document_id": document_id, "document_sha256": sha256, "marketplace": market,
                         "adjustment_keys": [r.adjustment_key for r in rows]},
                entity_type="seller_account", entity_id=ctx.account_id, request_id=request_id,
            )  # fmt: skip

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

    def _mark_submitted(self, session, ctx, document_id, feed_id, request_id, progress, *, adopted: bool) -> None:
        rows = session.scalars(
            sa.select(RefundOutbox).where(
                RefundOutbox.account_id == ctx.account_id,
                RefundOutbox.feed_document_id == document_id,
                RefundOutbox.state == OutboxState.SUBMITTING,
            )
        ).all()
        if not rows:
            return
        now = ctx.now()
        for row in rows:
            row.state, row.feed_id, row.submitted_at = OutboxState.SUBMITTED, feed_id, now
        session.flush()
        moved = cases_submitted(session, [r.case_id for r in rows], feed_id, self._actor(ctx), request_id=request_id)
        account = session.get(SellerAccount, ctx.account_id)
        how_zh, how_en = ("从亚马逊 Feed 列表确认", "adopted from Amazon's feed list") if adopted else ("", "created")
        audit.append(
            session, actor=ctx.actor, action="refund.feed.adopted" if adopted else "refund.feed.created",
            summary=f"{account.name}: 退款 Feed {feed_id} 已提交{how_zh}({len(rows)} 笔)/ refund feed {feed_id} "
            f"{how_en} ({len(rows)} adjustment(s))",
            payload={"feed_id": feed_id, "feed_document_id": document_id,
                     "adjustment_keys": sorted(r.adjustment_key for r in rows)},
            entity_type="seller_account", entity_id=ctx.account_id, request_id=request_id,
        )  # fmt: skip
        progress.pages += 1
        progress.result.cases_updated += moved

    # -- resolving an unknown createFeed outcome -------------------------------------------------------------
    def _submitting(self, ctx: StreamContext) -> list[_Batch]:
        batches: dict[str, _Batch] = {}
        with ctx.store.reader() as session:
            query = sa.select(
                RefundOutbox.id, RefundOutbox.feed_document_id, RefundOutbox.marketplace_code, RefundOutbox.attempted_at
            ).where(RefundOutbox.account_id == ctx.account_id, RefundOutbox.state == OutboxState.SUBMITTING)
            for row_id, document_id, market, attempted in session.execute(query.order_by(RefundOutbox.id)):
                batch = batches.setdefault(
                    document_id or f"row:{row_id}", _Batch(document_id or "", self._market(market), attempted)
                )
                batch.attempted_at = min(batch.attempted_at, attempted) if attempted else batch.attempted_at
                batch.row_ids.append(row_id)
        return sorted(batches.values(), key=lambda b: b.attempted_at)

    def _resolve(self, ctx: StreamContext, progress: StreamProgress) -> bool:
        """Settle every ``submitting`` batch by reading Amazon; False while some must wait (grace) or stay."""
        batches = self._submitting(ctx)
        if not batches:
            return True
        grace = self._grace(ctx)
        remaining = max((b.attempted_at + grace - ctx.now()).total_seconds() for b in batches)
        if 0 < remaining <= self.max_grace_wait:
            _wait(ctx, remaining + 0.05)
        now = ctx.now()
        ready = [b for b in batches if now - b.attempted_at >= grace]
        if not ready:
            log.info("refund feed: %d batch(es) wait for their grace before Amazon's list is read", len(batches))
            return False
        feeds, request_id = self._list_feeds(ctx, min(b.attempted_at for b in ready) - self.clock_skew)
        with ctx.store.reader() as session:
            known = set(
                session.scalars(
                    sa.select(RefundOutbox.feed_id).where(
                        RefundOutbox.account_id == ctx.account_id, RefundOutbox.feed_id.is_not(None)
                    )
                )
            )
        unknown = sorted(
            (f for f in feeds if f.get("feedId") and str(f["feedId"]) not in known
             and f.get("feedType", FEED_TYPE) == FEED_TYPE),
            key=lambda f: (f.get("createdTime") or "", str(f["feedId"])),
        )  # fmt: skip
        for batch in ready:
            market_id = MARKETPLACES[batch.marketplace_code].amazon_id
            match = next(
                (
                    f for f in unknown
                    if (_parse_time(f.get("createdTime")) or now) >= batch.attempted_at - self.clock_skew
                    and (not f.get("marketplaceIds") or market_id in f["marketplaceIds"])
                ),
                None,
            )  # fmt: skip
            with ctx.store.session() as session:
                if match is not None:
                    unknown.remove(match)
                    self._mark_submitted(
                        session, ctx, batch.document_id, str(match["feedId"]), request_id, progress, adopted=True
                    )
                else:
                    self._release(session, ctx, batch, request_id)
            ctx.on_page(progress)
        return len(ready) == len(batches)

    def _release(self, session, ctx: StreamContext, batch: _Batch, request_id: str | None) -> None:
        """No feed was created for the batch: its rows go back to ``intended`` (sent again later)."""
        keys = session.scalars(
            sa.select(RefundOutbox.adjustment_key).where(
                RefundOutbox.id.in_(batch.row_ids), RefundOutbox.state == OutboxState.SUBMITTING
            )
        ).all()
        session.execute(
            sa.update(RefundOutbox)
            .where(RefundOutbox.id.in_(batch.row_ids), RefundOutbox.state == OutboxState.SUBMITTING)
            .values(state=OutboxState.INTENDED, attempted_at=None, feed_document_id=None, message_id=None)
        )
        account = session.get(SellerAccount, ctx.account_id)
        audit.append(
            session, actor=ctx.actor, action="refund.feed.not_created",
            summary=f"{account.name}: 亚马逊没有收到 Feed 文档 {batch.document_id} 的提交,{len(keys)} 笔退款重新排队 / "
            f"no feed was created from document {batch.document_id}; {len(keys)} adjustment(s) queued again",
            payload={"feed_document_id": batch.document_id, "adjustment_keys": sorted(keys),
                     "attempted_at": batch.attempted_at.isoformat()},
            entity_type="seller_account", entity_id=ctx.account_id, request_id=request_id,
        )  # fmt: skip

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
            accepted, failed = [], {}
            if report is not None and report.processed and report.processed != len(rows):
                report = None  # not the document we sent: trust none of its per-message results
                status = f"{status}, report of {feed.get('resultFeedDocumentId')} counts another number of messages"
            for row in open_rows:
                if report is None:
                    description = (
                        f"亚马逊未处理该退款 Feed {feed_id}({status}),退款未确认;请核实后重新审批。"
                        f" / Amazon did not process refund feed {feed_id} ({status}); the refund is unconfirmed."
                    )
                    record_refund_failure(session, row, description, who, at=now, code=status, request_id=request_id)
                    failed[row.adjustment_key] = status
                    continue
                errors = report.document_errors or report.errors_for(row.message_id)
                if errors and all(_is_duplicate(e) for e in errors):
                    note = "; ".join(e.description for e in errors)
                    record_refund_accepted(session, row, who, at=now, note=note)  # Amazon had it already
                    accepted.append(row.adjustment_key)
                elif errors:
                    description = "; ".join(f"{e.description} ({e.message_code})" for e in errors)
                    code = ",".join(e.message_code for e in errors)
                    record_refund_failure(session, row, description, who, at=now, code=code, request_id=request_id)
                    failed[row.adjustment_key] = description
                else:
                    record_refund_accepted(session, row, who, at=now)
                    accepted.append(row.adjustment_key)
            account = session.get(SellerAccount, ctx.account_id)
            audit.append(
                session, actor=ctx.actor, action="refund.feed.report",
                summary=f"{account.name}: 退款 Feed {feed_id} {status}:接受 {len(accepted)},拒绝 {len(failed)} / "
                f"refund feed {feed_id} {status}: {len(accepted)} accepted, {len(failed)} rejected",
                payload={"feed": feed, "report_sha256": sha256, "accepted": accepted, "failed": failed},
                entity_type="seller_account", entity_id=ctx.account_id, request_id=request_id,
            )  # fmt: skip
        progress.pages += 1
        progress.result.cases_updated += len(failed)
        ctx.on_page(progress)


class RefundSettleStream:
    """After the Finances stream: accepted refunds whose RefundEvents arrived settle their cases (已退款)."""

    name = "refund_settle"

    def run(self, ctx: StreamContext) -> StreamProgress:
        progress = StreamProgress(self.name)
        with ctx.store.reader() as session:
            waiting = session.scalar(
                sa.select(sa.func.count())
                .select_from(RefundOutbox)
                .join(Case, Case.id == RefundOutbox.case_id)
                .where(RefundOutbox.account_id == ctx.account_id, RefundOutbox.state == OutboxState.DONE)
                .where(Case.state == CaseState.REFUND_SUBMITTED)
            )
        if not waiting:
            return progress
        with ctx.store.session() as session:
            settled = settle_refunds(session, ctx.account_id, Actor(ctx.actor))
        if settled:
            progress.pages += 1
            progress.result.cases_updated += settled
            ctx.on_page(progress)
        return progress
