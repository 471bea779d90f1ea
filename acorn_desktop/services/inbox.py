"""Unparsed messages (未识别邮件): what a person does with a mail the intake could not file.

* **link** it to an existing case (by case id or by order id): the mail joins the case's timeline;
* **open a case** from it (kind, store, marketplace, order id — the mail's date is when it was opened);
* **ignore** it (not a case; its raw text is purged at once);
* **read again** every unparsed mail after a notification format was added or fixed.

Each action is one transaction with an audit entry. For a logged-in user it needs the 处理工单 permission.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.cases import CaseKind
from ..domain.notices import ClaimNotice, is_order_id
from ..errors import InputError
from ..formats.mail.message import read_mail
from ..formats.mail.parse import parse_mail
from ..models import Case, CaseEvent, InboundMessage, Order, SellerAccount
from ..models.base import utcnow
from . import audit
from .changes import Actor, ActorLike, as_actor, shorten
from .claim_intake import Resolved, Unresolved, apply_notice, resolve_store
from .mail_intake import ImportSummary, MailOutcome, notice_label, purge_raw
from .permissions import Permission, require

PAGE = 500


@dataclass(frozen=True)
class InboxRow:
    id: int
    received_at: datetime | None
    imported_at: datetime
    channel: str
    subject: str
    error: str
    error_en: str
    order_ids: tuple[str, ...]
    kind: str | None
    excerpt: str
    has_raw: bool
    mailbox: str | None


class InboxServices:
    def __init__(self, store) -> None:
        self.store = store

    def unparsed(self, limit: int = PAGE) -> list[InboxRow]:
        """Unparsed messages, newest first (the unparsed queue is short: people work it down)."""
        from ..models import Mailbox

        query = (
            sa.select(InboundMessage, Mailbox.name, InboundMessage.raw.is_not(None))
            .outerjoin(Mailbox, Mailbox.id == InboundMessage.mailbox_id)
            .where(InboundMessage.status == "unparsed")
            .order_by(InboundMessage.imported_at.desc(), InboundMessage.id.desc())
            .limit(limit)
        )
        with self.store.reader() as session:
            rows = []
            for message, mailbox, has_raw in session.execute(query):
                facts = message.facts or {}
                rows.append(InboxRow(
                    message.id, message.received_at, message.imported_at, message.channel, message.subject,
                    message.error or "", facts.get("error_en", ""), tuple(facts.get("order_ids", ())),
                    facts.get("kind"), facts.get("excerpt", ""), bool(has_raw), mailbox,
                ))  # fmt: skip
            return rows

    def mail_text(self, message_id: int) -> str:
        """The decoded mail for a person deciding where it belongs ("" once the raw text was purged)."""
        with self.store.reader() as session:
            message = session.get(InboundMessage, message_id)
            if message is None:
                raise InputError(f"找不到邮件 #{message_id}。", f"Mail #{message_id} does not exist.")
            raw = message.raw
        if raw is None:
            return ""
        mail = read_mail(raw)
        when = mail.sent_at.isoformat(sep=" ", timespec="minutes") if mail.sent_at else "-"
        return f"From: {mail.sender}\nDate: {when} UTC\nSubject: {mail.subject}\n\n{mail.body.strip()}"

    def count(self) -> int:
        with self.store.reader() as session:
            return session.scalar(
                sa.select(sa.func.count()).select_from(InboundMessage).where(InboundMessage.status == "unparsed")
            )

    def link(
        self, actor: ActorLike, message_id: int, *, case_id: int | None = None, order_id: str | None = None
    ) -> int:
        """Attach the mail to a case (by id, or the newest open case of that order); returns the case id."""
        who = as_actor(actor)
        with self.store.session() as session:
            _allowed(session, who)
            message = _unparsed(session, message_id)
            case = _target(session, case_id, order_id)
            message.status, message.case_id, message.account_id = "linked", case.id, case.account_id
            message.error = None
            session.add(CaseEvent(case_id=case.id, at=message.received_at or utcnow(), kind="intake",
                                  actor_id=who.user_id,
                                  summary=shorten(f"人工关联邮件「{message.subject}」 / Mail linked by hand: "
                                                  f"{message.subject}"),
                                  data={"source": "email", "inbound_message_id": message.id,
                                        "actor": who.name}))  # fmt: skip
            audit.append(session, actor=who.name, action="mail.linked",
                         summary=f"邮件 #{message.id} 关联到工单 #{case.id} / mail #{message.id} linked to case "
                                 f"#{case.id}",
                         payload={"inbound_message_id": message.id, "case_id": case.id},
                         entity_type="inbound_message", entity_id=message.id)  # fmt: skip
            return case.id

    def open_case(
        self, actor: ActorLike, message_id: int, *, kind: CaseKind, account_id: int, marketplace: str, order_id: str
    ) -> int:
        """Open a new case from the mail (A-to-z claim, chargeback or buyer message); returns its id."""
        who = as_actor(actor)
        order_id = order_id.strip()
        if not is_order_id(order_id):
            raise InputError("订单号格式应为 3-7-7 位数字,如 302-1234567-1234567。",
                             "The order id looks like 302-1234567-1234567.")  # fmt: skip
        with self.store.session() as session:
            _allowed(session, who)
            message = _unparsed(session, message_id)
            account = session.get(SellerAccount, account_id)
            if account is None or marketplace not in {m.code for m in account.marketplaces}:
                raise InputError("请选择店铺和它销售的站点。", "Choose a store and a marketplace it sells on.")
            facts = message.facts or {}
            notice = ClaimNotice(kind=CaseKind(kind), occurred_at=message.received_at or message.imported_at,
                                 amazon_order_id=order_id, marketplace=marketplace,
                                 excerpt=facts.get("excerpt"))  # fmt: skip
            order = session.scalar(sa.select(Order).where(Order.account_id == account.id,
                                                          Order.amazon_order_id == order_id))  # fmt: skip
            outcome = apply_notice(session, Resolved(account, marketplace, order), notice, source="email", actor=who,
                                   label_zh="人工归类的邮件", label_en="Mail filed by hand",
                                   data={"inbound_message_id": message.id})  # fmt: skip
            message.status, message.case_id, message.account_id, message.error = (
                "linked",
                outcome.case_id,
                account.id,
                None,
            )
            audit.append(session, actor=who.name, action="mail.case_opened",
                         summary=f"由邮件 #{message.id} 新建/更新工单 #{outcome.case_id} / case #{outcome.case_id} "
                                 f"from mail #{message.id}",
                         payload={"inbound_message_id": message.id, "case_id": outcome.case_id, "kind": str(kind),
                                  "created": outcome.created},
                         entity_type="inbound_message", entity_id=message.id)  # fmt: skip
            return outcome.case_id

    def ignore(self, actor: ActorLike, message_ids: list[int]) -> int:
        """Mark mails as not a case (忽略); their raw text is purged at once. Returns how many."""
        who = as_actor(actor)
        with self.store.session() as session:
            _allowed(session, who)
            messages = [_unparsed(session, i) for i in dict.fromkeys(message_ids)]
            for message in messages:
                message.status = "ignored"
            session.flush()
            audit.append(session, actor=who.name, action="mail.ignored",
                         summary=f"忽略 {len(messages)} 封未识别邮件 / ignored {len(messages)} unparsed mail(s)",
                         payload={"ids": [m.id for m in messages]})  # fmt: skip
            purge_raw(session)
            return len(messages)

    def read_again(self, actor: ActorLike) -> ImportSummary:
        """Parse every unparsed mail that still has its raw text again (after a format was added or fixed)."""
        who = as_actor(actor)
        summary = ImportSummary()
        with self.store.reader() as session:
            ids = list(session.scalars(sa.select(InboundMessage.id).where(
                InboundMessage.status == "unparsed", InboundMessage.raw.is_not(None))))  # fmt: skip
        for message_id in ids:
            with self.store.session() as session:
                summary.add(_reparse(session, session.get(InboundMessage, message_id), who))
        return summary


def _reparse(session: Session, message: InboundMessage, who: Actor) -> MailOutcome:
    parsed = parse_mail(message.raw)
    if parsed.notice is None:
        return MailOutcome("unparsed", message.id, error_zh=parsed.error_zh, error_en=parsed.error_en)
    # a mail from a mailbox bound to a store kept that store (ingest_mail set it); others are resolved afresh
    where = resolve_store(session, parsed.notice, parsed.marketplaces, account_id=message.account_id)
    if isinstance(where, Unresolved):
        message.error = where.zh[:500]
        return MailOutcome("unparsed", message.id, error_zh=where.zh, error_en=where.en)
    label_zh, label_en = notice_label(parsed.format)
    outcome = apply_notice(session, where, parsed.notice, source="email", actor=who, label_zh=label_zh,
                           label_en=label_en, data={"inbound_message_id": message.id})  # fmt: skip
    message.status, message.case_id, message.account_id, message.error = (
        "parsed",
        outcome.case_id,
        where.account.id,
        None,
    )
    message.template, message.language = parsed.format.id, parsed.format.language
    audit.append(session, actor=who.name, action="mail.reparsed",
                 summary=f"重新识别邮件 #{message.id} → 工单 #{outcome.case_id} / mail #{message.id} read again",
                 payload={"inbound_message_id": message.id, "case_id": outcome.case_id, "format": parsed.format.id},
                 entity_type="inbound_message", entity_id=message.id)  # fmt: skip
    return MailOutcome("parsed", message.id, outcome.case_id, outcome.created)


def _allowed(session: Session, who: Actor) -> None:
    if who.user_id is not None:
        require(session, who, Permission.HANDLE_CASES)


def _unparsed(session: Session, message_id: int) -> InboundMessage:
    message = session.get(InboundMessage, message_id)
    if message is None:
        raise InputError(f"找不到邮件 #{message_id}。", f"Mail #{message_id} does not exist.")
    if message.status != "unparsed":
        raise InputError(f"邮件 #{message_id} 已处理过。", f"Mail #{message_id} was already handled.",
                         hint_zh="请刷新列表。", hint_en="Reload the list.")  # fmt: skip
    return message


def _target(session: Session, case_id: int | None, order_id: str | None) -> Case:
    if case_id is not None:
        case = session.get(Case, case_id)
        if case is None:
            raise InputError(f"找不到工单 #{case_id}。", f"Case #{case_id} does not exist.")
        return case
    order_id = (order_id or "").strip()
    cases = list(session.scalars(sa.select(Case).where(Case.amazon_order_id == order_id)
                                 .order_by(Case.opened_at.desc(), Case.id.desc())))  # fmt: skip
    if not cases:
        raise InputError(f"订单 {order_id} 还没有工单。", f"Order {order_id} has no case yet.",
                         hint_zh="可以用“新建工单”从这封邮件新建一个。",
                         hint_en="Open a new case from the mail instead.")  # fmt: skip
    open_ones = [c for c in cases if c.state.is_open]
    return (open_ones or cases)[0]
