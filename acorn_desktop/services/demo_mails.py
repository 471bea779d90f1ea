"""Demo notification mails for real demo orders: a new user sees a claim arrive by mail without an Amazon account.

:func:`write_demo_mails` picks orders of the demo store and writes, into a folder (``演示邮件/`` in the demo
data dir on first start, or ``acorn demo mails --out DIR``), forwarded Seller Central notifications in
several languages, a claims CSV and one mail no format knows (it lands in 未识别邮件). One German A-to-z mail
is for an order whose claim the demo already has (and the sandbox's Finances / returns report reports too):
importing it updates that case instead of opening a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from ..domain.cases import CaseKind, CaseState
from ..formats.mail.formats import load_formats
from ..models import Case, Order
from ..sandbox.mails import MailSpec, render_mail

FOLDER_NAME = "演示邮件"


@dataclass(frozen=True)
class _Plan:
    file: str
    fmt: str
    market: str
    forward: str
    reason: str | None = None
    existing_claim: CaseKind | None = None  # pick an order that already has a case of this kind
    charset: str = "utf-8"
    html: bool = False
    hours_ago: float = 3


PLANS = (
    _Plan("01-德国-A-to-z索赔-已有工单.eml", "atoz_claim.de", "DE", "outlook", "ITEM_NOT_RECEIVED", CaseKind.ATOZ_CLAIM,
          "iso-8859-1"),
    _Plan("02-法国-A-to-z索赔.eml", "atoz_claim.fr", "FR", "gmail", "NOT_AS_DESCRIBED", html=True, hours_ago=5),
    _Plan("03-意大利-拒付.eml", "chargeback.it", "IT", "foxmail", "UNAUTHORIZED_PURCHASE", hours_ago=20),
    _Plan("04-西班牙-买家消息.eml", "buyer_message.es", "ES", "thunderbird", hours_ago=2),
    _Plan("05-日本-拒付.eml", "chargeback.ja", "JP", "outlook", "ITEM_NOT_RECEIVED", charset="iso-2022-jp",
          hours_ago=30),
    _Plan("06-美国-买家消息.eml", "buyer_message.en", "US", "gmail", html=True, hours_ago=1),
    _Plan("07-英国-A-to-z索赔.eml", "atoz_claim.en", "UK", "attachment", "RETURNED_NOT_REFUNDED", hours_ago=8),
    _Plan("08-德国-买家消息.eml", "buyer_message.de", "DE", "outlook", hours_ago=0.5),
)  # fmt: skip
UNKNOWN_MAIL = (
    "From: Amazon Seller Central <seller-notification@amazon.de>\r\nTo: seller@example-shop.cn\r\n"
    "Subject: Ihre Auszahlung wurde veranlasst\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    "Guten Tag,\r\n\r\nIhre Auszahlung von 1.234,56 EUR wurde veranlasst.\r\n"
)


def _orders(session, market: str, kind: CaseKind, *, existing: bool) -> list[tuple[str, Decimal]]:
    """Demo orders of ``market``: with an open case of ``kind`` (``existing``), or MFN orders without one."""
    if existing:
        query = (
            sa.select(Case.amazon_order_id, Case.amount)
            .where(Case.kind == kind, Case.marketplace_code == market, Case.amazon_order_id.is_not(None),
                   Case.state.in_((CaseState.NEW, CaseState.IN_PROGRESS)))
            .order_by(Case.id).limit(5)
        )  # fmt: skip
        return [tuple(row) for row in session.execute(query)]
    with_case = sa.select(Case.amazon_order_id).where(Case.kind == kind, Case.amazon_order_id.is_not(None))
    query = (
        sa.select(Order.amazon_order_id, Order.order_total)
        .where(Order.marketplace_code == market, Order.fulfillment_channel == "MFN",
               Order.amazon_order_id.not_in(with_case))
        .order_by(Order.id.desc()).limit(20)
    )  # fmt: skip
    return [tuple(row) for row in session.execute(query)]


def write_demo_mails(store, out_dir: Path | str, *, now: datetime | None = None) -> list[Path]:
    """Write the demo mails (and the demo claims CSV) for orders of ``store``; returns the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    formats = {f.id: f for f in load_formats()}
    written: list[Path] = []
    used: set[str] = set()
    csv_rows: list[str] = []
    with store.reader() as session:
        for plan in PLANS:
            kind = formats[plan.fmt].kind
            found = _orders(session, plan.market, kind, existing=plan.existing_claim is not None)
            candidates = [o for o in found if o[0] not in used]
            if not candidates:
                continue
            order_id, amount = candidates[0]
            used.add(order_id)
            sent = (now - timedelta(hours=plan.hours_ago)).replace(microsecond=0)
            language = "zh" if plan.forward != "outlook" else formats[plan.fmt].language
            spec = MailSpec(
                fmt=formats[plan.fmt], marketplace=plan.market, order_id=order_id, sent_at=sent,
                reason_code=plan.reason, amount=amount, respond_by=(sent + timedelta(days=2)).date(),
                forward=plan.forward, forwarder_language=language,
                html=plan.html, charset=plan.charset,
            )  # fmt: skip
            path = out / plan.file
            path.write_bytes(render_mail(spec))
            written.append(path)
        for market, kind in (("DE", "chargeback"), ("US", "atoz")):
            found = _orders(
                session, market, CaseKind.CHARGEBACK if kind == "chargeback" else CaseKind.ATOZ_CLAIM, existing=False
            )
            candidates = [o for o in found if o[0] not in used]
            if candidates:
                used.add(candidates[0][0])
                opened = (now - timedelta(hours=6)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                csv_rows.append(f"{kind},{candidates[0][0]},{opened},{market},,{candidates[0][1]},,,,")
    unknown = out / "09-未知格式-待人工关联.eml"
    unknown.write_bytes(UNKNOWN_MAIL.encode())
    written.append(unknown)
    if csv_rows:
        path = out / "10-索赔表格.csv"
        header = "type,order_id,opened_at,marketplace,store,amount,currency,reason,respond_by,message"
        path.write_text(header + "\n" + "\n".join(csv_rows) + "\n", encoding="utf-8-sig")
        written.append(path)
    return written
