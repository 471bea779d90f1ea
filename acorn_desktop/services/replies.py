"""Buyer replies (回复买家): a template filled from the case, the messaging-policy check, and marking it sent.

Qt-free; every method is one transaction on the store. The reply itself is sent by a person in Seller Central
(SP-API cannot answer buyer messages, domain.md §1.3): this service prepares the text, checks it against Amazon's
communication guidelines (:mod:`acorn_desktop.domain.messaging_policy`) and records that it was sent —
which stops the 24 h clock of a buyer-message case (:func:`~acorn_desktop.domain.buyer_replies.reply_stops_clock`).

Marking sent is refused, with the rules in Chinese, while the text has a blocking finding; it is idempotent (the
same text marked sent twice for a case is one reply), audited, and on the case's timeline.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..documents.reply_templates import (
    FACTS,
    REPLY_LANGUAGES,
    Fact,
    library,
    local_money,
    parse_fact,
    short_title,
)
from ..domain.buyer_replies import FREE_TEXT, reply_stops_clock
from ..domain.cases import CaseKind, CaseState, can_transition
from ..domain.claims import LANGUAGE_NAMES, letter_language
from ..domain.marketplaces import MARKETPLACES
from ..domain.messaging_policy import Finding, blocking, check
from ..domain.reply_situation import Basis, ParcelState, last_scan, parcel_state, proposal
from ..domain.text_language import guess_language
from ..errors import AcornError, InputError
from ..models import BuyerReply, Case, CaseEvent, InboundMessage, OrderItem, Shipment, User
from . import audit
from .changes import ActorLike, as_actor, check_version, flush_versioned, get_case, record_state_change, shorten
from .permissions import Permission, require

REVIEW_RULES = frozenset({"review.request", "review.repeat"})
EXCERPT_MAX_CHARS = 1000


class MissingFacts(InputError):
    """The template needs facts the case does not have; ``missing`` says which (the dialog asks for them)."""

    def __init__(self, missing: tuple[Fact, ...], template_zh: str, template_en: str) -> None:
        names_zh = "、".join(f.label_zh for f in missing)
        names_en = ", ".join(f.label_en for f in missing)
        super().__init__(
            f"模板「{template_zh}」需要工单没有的信息:{names_zh}。",
            f"Template '{template_en}' needs facts this case does not have: {names_en}.",
            hint_zh="请在对话框中填写这些信息,或先在工单中补全(例如物流单号)。",
            hint_en="Fill them in in the dialog, or add them to the case first (e.g. the tracking number).",
        )
        self.missing = missing


class ReplyBlocked(AcornError):
    """The text breaks a rule that gets messaging revoked; nothing was recorded."""

    exit_code = 1

    def __init__(self, findings: list[Finding]) -> None:
        shown = findings[:5]
        zh = ";".join(f"{f.title()}「{f.excerpt}」" if f.excerpt else f.title() for f in shown)
        en = "; ".join(f"{f.title('en')} '{f.excerpt}'" if f.excerpt else f.title("en") for f in shown)
        super().__init__(
            f"回复违反亚马逊沟通规则,未标记为已发送:{zh}。",
            f"The reply breaks Amazon's communication rules and was not marked sent: {en}.",
            hint_zh="请按对话框中的提示修改标红的内容后再试。",
            hint_en="Change the text marked red as the dialog explains, then try again.",
        )
        self.findings = findings


# -- what the services return ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SituationInfo:
    key: str
    label_zh: str
    label_en: str
    hint_zh: str
    hint_en: str
    suggested: bool  # meant for this kind of case
    facts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PastReply:
    sent_at: datetime | None
    template_key: str
    language: str
    sent_by: str | None
    excerpt: str


@dataclass(frozen=True)
class ReplyContext:
    """Everything the reply dialog shows and checks with, read once when it opens."""

    case_id: int
    version: int
    kind: CaseKind
    state: CaseState
    marketplace: str
    default_language: str  # the marketplace's language (English where we have no own texts)
    amazon_order_id: str | None
    currency: str
    facts: Mapping[str, object]  # what the case knows, before formatting
    known_values: tuple[str, ...]  # quoted facts: never mistaken for phone numbers or another language
    buyer_excerpt: str | None  # the latest words of the buyer (forwarded e-mail), if any
    buyer_language: str | None
    review_requests_sent: int
    past_replies: tuple[PastReply, ...]  # newest first
    deadline_at: datetime | None
    responded_at: datetime | None
    stops_clock: bool  # a reply marked sent stops this case's clock
    situations: tuple[SituationInfo, ...]  # the ones for this kind of case first
    parcel: ParcelState = ParcelState.NONE  # what the outbound parcel's tracking says now
    last_scan_at: datetime | None = None
    proposed: str | None = None  # the situation the dialog opens on (domain.reply_situation.proposal)
    proposed_from: Basis | None = None  # what the proposal rests on; None: nothing fitted, the list's first


@dataclass(frozen=True)
class PreparedReply:
    template_key: str
    language: str
    text: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class SentReply:
    reply_id: int
    case_id: int
    sent_at: datetime
    responded_at: datetime | None  # the case's (first) answer time
    state: CaseState
    clock_stopped: bool  # this call stopped the clock
    duplicate: bool  # the same text was already marked sent: nothing new was recorded


# -- the services ----------------------------------------------------------------------------------------------
class ReplyServices:
    """Bound to one open store; call on the DB worker (``check`` is pure and may run anywhere)."""

    def __init__(self, store, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.clock = clock

    def context(self, case_id: int) -> ReplyContext:
        with self.store.reader() as session:
            return _context(session, get_case(session, case_id), self.clock())

    def prepare(
        self, case_id: int, template_key: str, lang: str, extra: Mapping[str, str] | None = None
    ) -> PreparedReply:
        """The template in ``lang`` filled from the case (and ``extra``: values the agent typed) and its findings.

        Raises :class:`MissingFacts` when the template needs facts neither the case nor ``extra`` gives.
        """
        situation = library().get(template_key)
        lang = _language(lang)
        with self.store.reader() as session:
            case = get_case(session, case_id)
            context = _context(session, case, self.clock())
        facts = _formatted(context, lang)
        values = dict.fromkeys(context.known_values)
        for name, raw in (extra or {}).items():
            if name in FACTS and not FACTS[name].derived and str(raw or "").strip():
                fact = FACTS[name]
                value = parse_fact(fact, str(raw), context.currency)
                facts[name] = local_money(value, context.currency, lang) if fact.kind == "money" else value
                values[str(raw).strip()] = None
        missing = tuple(FACTS[name] for name in situation.facts if name not in facts and not FACTS[name].derived)
        if missing:
            raise MissingFacts(missing, situation.label_zh, situation.label_en)
        text = situation.render(lang, facts)
        quoted = (v for name, v in facts.items() if not isinstance(v, date) and not FACTS[name].derived)
        known = (*values, *(str(v) for v in quoted))
        findings = check(
            text, context.marketplace, buyer_language=context.buyer_language, known_values=known,
            review_requests_sent=context.review_requests_sent,
        )  # fmt: skip
        return PreparedReply(template_key, lang, text, tuple(findings))

    @staticmethod
    def check(
        text: str,
        marketplace: str,
        *,
        buyer_language: str | None = None,
        known_values: Iterable[str] = (),
        review_requests_sent: int = 0,
    ) -> list[Finding]:
        """The messaging-policy findings of ``text`` for a buyer of ``marketplace`` (pure; no database)."""
        return check(text, marketplace, buyer_language=buyer_language, known_values=known_values,
                     review_requests_sent=review_requests_sent)  # fmt: skip

    def mark_sent(
        self,
        case_id: int,
        text: str,
        template_key: str,
        lang: str,
        actor: ActorLike,
        *,
        expected_version: int | None = None,
        known_values: Iterable[str] = (),
    ) -> SentReply:
        """Record that ``text`` was sent to the buyer in Seller Central (客服 and up).

        Refused with :class:`ReplyBlocked` while the text has a blocking finding. Stores the reply with its
        warnings, sets ``Case.responded_at`` and moves a buyer-message case to 已答复 (its clock stops); any
        other case moves from 新建 to 处理中. The same text marked sent again for the case is not recorded twice.
        ``known_values``: values the agent typed into the template (a replacement's tracking number), checked as
        facts like the case's own.
        """
        who = as_actor(actor)
        lang = _language(lang)
        template_key = template_key or FREE_TEXT
        if template_key != FREE_TEXT:
            library().get(template_key)  # an unknown key is an input error
        body = text.rstrip()
        request_id = uuid.uuid4().hex
        with self.store.session() as session:
            user = require(session, who, Permission.HANDLE_CASES)
            case = get_case(session, case_id)
            previous = session.scalar(
                sa.select(BuyerReply).where(
                    BuyerReply.case_id == case.id, BuyerReply.body == body, BuyerReply.sent_at.is_not(None)
                )
            )
            if previous is not None:  # a retry, a double click: it was recorded already
                return SentReply(previous.id, case.id, previous.sent_at, case.responded_at, case.state, False, True)
            check_version(case, expected_version)
            _, known = _case_facts(session, case, self.clock())
            findings = check(
                body, case.marketplace_code, buyer_language=_buyer_words(session, case)[1],
                known_values=(*known, *known_values), review_requests_sent=_review_requests_sent(session, case),
            )  # fmt: skip
            blocked = blocking(findings)
            if blocked:
                raise ReplyBlocked(blocked)
            now = self.clock()
            reply = BuyerReply(
                case_id=case.id, template_key=template_key, language=lang, body=body,
                findings=[f.as_json() for f in findings], created_by=user.id, sent_at=now, sent_by=user.id,
            )  # fmt: skip
            session.add(reply)
            session.flush()
            stops = reply_stops_clock(case.kind)
            clock_stopped = stops and case.responded_at is None
            if clock_stopped:
                case.responded_at = now
            label_zh, label_en = _template_labels(template_key)
            lang_zh, lang_en = LANGUAGE_NAMES.get(lang, (lang, lang))
            session.add(
                CaseEvent(
                    case_id=case.id, kind="buyer_reply", actor_id=who.user_id, at=now,
                    summary=shorten(f"已回复买家({label_zh},{lang_zh}) / Buyer reply sent ({label_en}, {lang_en})"),
                    data={"reply_id": reply.id, "template": template_key, "language": lang, "actor": who.name,
                          "warnings": [f.rule_id for f in findings], "clock_stopped": clock_stopped,
                          "request_id": request_id},
                )
            )  # fmt: skip
            target = CaseState.RESPONDED if stops else CaseState.IN_PROGRESS
            moves = case.state is not target and can_transition(case.state, target)
            if moves and (stops or case.state is CaseState.NEW):
                record_state_change(
                    session, case, target, who, comment="已回复买家 / buyer reply sent", request_id=request_id,
                    action="case.state_changed", payload={"reply_id": reply.id},
                )  # fmt: skip
            else:
                flush_versioned(session, case)
            audit.append(
                session,
                actor=who.name,
                action="case.buyer_reply_sent",
                summary=shorten(f"工单 #{case.id} 已回复买家({label_zh},{lang_zh}) / buyer reply sent on case "
                                f"#{case.id} ({template_key}, {lang})"),
                payload={"case_id": case.id, "reply_id": reply.id, "template": template_key, "language": lang,
                         "body_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
                         "warnings": [f.rule_id for f in findings],
                         "responded_at": case.responded_at.isoformat() if case.responded_at else None,
                         "version": case.version},
                entity_type="case",
                entity_id=case.id,
                request_id=request_id,
            )  # fmt: skip
            return SentReply(reply.id, case.id, now, case.responded_at, case.state, clock_stopped, False)


# -- helpers ---------------------------------------------------------------------------------------------------
def _language(lang: str) -> str:
    if lang not in REPLY_LANGUAGES:
        raise InputError(
            f"不支持的回复语言「{lang}」。",
            f"Unsupported reply language '{lang}'.",
            hint_zh="可选:" + "、".join(REPLY_LANGUAGES),
            hint_en="Choose one of: " + ", ".join(REPLY_LANGUAGES),
        )
    return lang


def _template_labels(key: str) -> tuple[str, str]:
    if key == FREE_TEXT:
        return "自行撰写", "free text"
    situation = library().get(key)
    return situation.label_zh, situation.label_en


def _local_date(moment: datetime | None, zone: ZoneInfo) -> date | None:
    return moment.astimezone(zone).date() if moment is not None else None


def _case_facts(session: Session, case: Case, now: datetime) -> tuple[dict[str, object], tuple[str, ...]]:
    """What the case knows for a reply (dates in the buyer's time zone), and the quoted values among it.

    ``parcel_state`` is always there (``none`` without a parcel); ``last_scan_date`` when the parcel has been
    seen — the templates say "not scanned since" instead of "on its way" for a stale parcel."""
    info = MARKETPLACES.get(case.marketplace_code)
    zone = ZoneInfo(info.timezone) if info else UTC
    facts: dict[str, object] = {}
    known: list[str] = []
    if case.amazon_order_id:
        facts["order_id"] = case.amazon_order_id
    if case.amount and case.amount > 0:
        facts["refund_amount"] = case.amount
    title = _item_title(session, case)
    if title:
        facts["item"] = short_title(title)
        known.append(title)
    shipment = _outbound_shipment(session, case)
    if shipment is not None:
        facts["carrier"] = shipment.carrier
        facts["tracking_number"] = shipment.tracking_number
        if shipment.shipped_at:
            facts["ship_date"] = _local_date(shipment.shipped_at, zone)
        if shipment.delivered_at:
            facts["delivery_date"] = _local_date(shipment.delivered_at, zone)
    known += [str(v) for v in facts.values() if isinstance(v, str)]
    state, seen = _parcel(shipment, now)
    facts["parcel_state"] = state.value
    if seen is not None:
        facts["last_scan_date"] = _local_date(seen, zone)
    return facts, tuple(dict.fromkeys(known))


def _parcel(shipment: Shipment | None, now: datetime) -> tuple[ParcelState, datetime | None]:
    """What the parcel's tracking says now, and when it was last seen (its newest scan, else its ship time)."""
    if shipment is None:
        return ParcelState.NONE, None
    scans = []
    for item in shipment.scans or []:
        try:
            at = datetime.fromisoformat(item["at"])
        except (KeyError, TypeError, ValueError):
            continue
        scans.append((at if at.tzinfo else at.replace(tzinfo=UTC), str(item.get("code") or "")))
    delivered = shipment.delivered_at or next((at for at, code in sorted(scans) if code == "DELIVERED"), None)
    seen = last_scan(shipment.shipped_at, (at for at, _ in scans))
    return parcel_state(shipment.shipped_at, delivered, seen, now), seen


def _context(session: Session, case: Case, now: datetime) -> ReplyContext:
    info = MARKETPLACES.get(case.marketplace_code)
    facts, known = _case_facts(session, case, now)
    excerpt, buyer_language = _buyer_words(session, case)
    past = _past_replies(session, case)
    kinds_first = library().for_kind(case.kind)
    situations = tuple(
        SituationInfo(s.key, s.label_zh, s.label_en, s.hint_zh, s.hint_en, case.kind in s.kinds, s.facts)
        for s in kinds_first
    )
    parcel, seen = _parcel(_outbound_shipment(session, case), now)
    proposed, basis = proposal(case.kind, excerpt, parcel, (s.key for s in situations))
    return ReplyContext(
        case_id=case.id, version=case.version, kind=case.kind, state=case.state, marketplace=case.marketplace_code,
        default_language=letter_language(info.language if info else "en"), amazon_order_id=case.amazon_order_id,
        currency=case.currency, facts=facts, known_values=known, buyer_excerpt=excerpt,
        buyer_language=buyer_language, review_requests_sent=_review_requests_sent(session, case),
        past_replies=past, deadline_at=case.deadline_at, responded_at=case.responded_at,
        stops_clock=reply_stops_clock(case.kind), situations=situations, parcel=parcel, last_scan_at=seen,
        proposed=proposed, proposed_from=basis,
    )  # fmt: skip


def _formatted(context: ReplyContext, lang: str) -> dict[str, object]:
    """The case's facts as the templates of ``lang`` write them (money in the local way)."""
    facts = dict(context.facts)
    if "refund_amount" in facts:
        facts["refund_amount"] = local_money(facts["refund_amount"], context.currency, lang)
    return facts


def _item_title(session: Session, case: Case) -> str | None:
    if case.order_id is None:
        return None
    items = session.execute(
        sa.select(OrderItem.title, OrderItem.sku).where(OrderItem.order_id == case.order_id).order_by(OrderItem.id)
    ).all()
    for title, sku in items:
        if case.sku and sku == case.sku:
            return title
    return items[0][0] if items else None


def _outbound_shipment(session: Session, case: Case) -> Shipment | None:
    """The parcel a reply quotes: delivered ones first, then the latest shipped."""
    if not case.amazon_order_id:
        return None
    shipments = session.scalars(
        sa.select(Shipment).where(
            Shipment.account_id == case.account_id,
            Shipment.amazon_order_id == case.amazon_order_id,
            Shipment.direction == "outbound",
        )
    ).all()
    if not shipments:
        return None
    earliest = datetime.min.replace(tzinfo=UTC)
    return max(shipments, key=lambda s: (s.delivered_at is not None, s.shipped_at or earliest, s.id))


def _buyer_words(session: Session, case: Case) -> tuple[str | None, str | None]:
    """The latest excerpt of the buyer's messages on this case and the language it is in."""
    rows = session.execute(
        sa.select(InboundMessage.facts, InboundMessage.language)
        .where(InboundMessage.case_id == case.id)
        .order_by(InboundMessage.received_at.desc(), InboundMessage.id.desc())
        .limit(20)
    ).all()
    for facts, language in rows:
        excerpt = (facts or {}).get("excerpt")
        if isinstance(excerpt, str) and excerpt.strip():
            excerpt = excerpt.strip()[:EXCERPT_MAX_CHARS]
            guessed = guess_language(excerpt).language
            return excerpt, guessed or (language or None)
    return None, None


def _review_requests_sent(session: Session, case: Case) -> int:
    """Sent replies on this order (any of its cases) that asked for a review."""
    if not case.amazon_order_id:
        return 0
    rows = session.scalars(
        sa.select(BuyerReply.findings)
        .join(Case, Case.id == BuyerReply.case_id)
        .where(
            Case.account_id == case.account_id,
            Case.amazon_order_id == case.amazon_order_id,
            BuyerReply.sent_at.is_not(None),
        )
    ).all()
    return sum(1 for findings in rows if any((f or {}).get("rule") in REVIEW_RULES for f in findings or []))


def _past_replies(session: Session, case: Case) -> tuple[PastReply, ...]:
    rows = session.execute(
        sa.select(BuyerReply.sent_at, BuyerReply.template_key, BuyerReply.language, User.display_name,
                  BuyerReply.body)
        .outerjoin(User, User.id == BuyerReply.sent_by)
        .where(BuyerReply.case_id == case.id)
        .order_by(BuyerReply.sent_at.desc(), BuyerReply.id.desc())
        .limit(20)
    ).all()  # fmt: skip
    return tuple(PastReply(at, key, lang, by, shorten(body, 160)) for at, key, lang, by, body in rows)


__all__ = [
    "MissingFacts",
    "PastReply",
    "PreparedReply",
    "ReplyBlocked",
    "ReplyContext",
    "ReplyServices",
    "SentReply",
    "SituationInfo",
]
