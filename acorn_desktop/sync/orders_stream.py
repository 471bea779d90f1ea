"""The orders stream: the all-orders report by last update, to give cases their order (issue 3).

``GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL`` over contiguous last-update windows from
``covered_until`` — at most 30 days per request, 180 days back on the first run — with exactly the
discipline of the returns stream (it *is* a :class:`~.report_streams.ReturnsStream` with one report type and
its own ingestion): a requested report is remembered as ``pending`` right after createReport and polled by
later runs rather than requested again; CANCELLED counts as "no data" for its window; FATAL keeps the window
and requests it again (``max_fatal`` times per run, then the stream fails for this run); each run re-reads
``overlap`` before ``covered_until`` and requests nothing when less than ``min_interval`` has passed.

One transaction per document: its orders and items (:func:`~..services.order_intake.ingest_orders`), the
cases it links to their order, ONE audit entry (report id, document digest, counts — never a line of the
document, which carries buyer address columns) and the cursor (window covered, report id in ``done``).

Cursor (``sync_cursors.state`` of stream ``orders``)::

    {"GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL": {"covered_until": iso, "pending": {id, start, end}},
     "done": {report id: when ingested}}

Order in the engine: first. Cases the Finances and returns streams create later in the same run then find
their order at creation (those intakes look orders up), and cases created before an order was known are
linked when a later orders report carries it.
"""

from __future__ import annotations

from datetime import timedelta

from ..formats.orders_report import ALL_ORDERS, parse_all_orders
from ..models import SellerAccount
from ..services import audit
from ..services.order_intake import ingest_orders
from .report_streams import ReportClient, ReturnsReport, ReturnsStream, _prune
from .streams import StreamContext

ORDERS_REPORT = ReturnsReport(ALL_ORDERS, timedelta(days=30), "All orders")


class OrdersStream(ReturnsStream):
    """All-orders reports over contiguous last-update windows (see the module docstring)."""

    name = "orders"

    def __init__(
        self,
        *,
        initial_lookback: timedelta = timedelta(days=180),
        overlap: timedelta = timedelta(days=1),
        min_interval: timedelta = timedelta(hours=2),
        max_fatal: int = 2,
        max_windows: int = 8,
        max_window: timedelta = ORDERS_REPORT.max_window,
        client: ReportClient | None = None,
    ) -> None:
        super().__init__(
            initial_lookback=initial_lookback,
            overlap=overlap,
            min_interval=min_interval,
            max_fatal=max_fatal,
            max_windows=max_windows,
            reports=(ReturnsReport(ALL_ORDERS, max_window, ORDERS_REPORT.label),),
            client=client,
        )

    def _ingest(self, ctx: StreamContext, state: dict, spec: ReturnsReport, pending: dict, report: dict, progress):
        doc = self.client.download(ctx, report["reportDocumentId"])
        lines = parse_all_orders(doc.text, report=f"{ALL_ORDERS}#{pending['id']}")
        mine = state[spec.report_type]
        mine.pop("pending", None)
        mine["covered_until"] = self._covered_until(pending, report)
        done = state.setdefault("done", {})
        done[pending["id"]] = ctx.now().isoformat()
        _prune(done, ctx.now())
        seen_at = ctx.now()
        with ctx.store.session() as session:
            account = session.get(SellerAccount, ctx.account_id)
            result = ingest_orders(session, account, lines, seen_at=seen_at)
            audit.append(
                session,
                actor=ctx.actor,
                action="sync.orders.report",
                summary=f"{account.name}: {spec.label} report {pending['id']} "
                f"({pending['start'][:10]} – {pending['end'][:10]}): {len(lines)} lines, "
                f"{result.orders_new} new orders, {result.orders_updated} updated, "
                f"{result.cases_linked} cases linked",
                payload={"report_id": pending["id"], "document_sha256": doc.sha256, "window": pending}
                | result.summary(),
                entity_type="seller_account",
                entity_id=ctx.account_id,
                request_id=doc.request_id,
            )
            self._save(ctx, state, session)
        progress.pages += 1
        progress.result.add(result)
        ctx.on_page(progress)
