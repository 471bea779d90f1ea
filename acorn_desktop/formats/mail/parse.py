"""A notification e-mail → a :class:`~acorn_desktop.domain.notices.ClaimNotice`, or the reason it stays unparsed.

:func:`parse_mail` never raises and never guesses a case: a mail no format matches, or one that matches but
lacks a required fact, comes back with ``notice=None`` and a Chinese and English reason, so the intake keeps
it as an ``unparsed`` message for a person to link.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from ...domain.claims import LANGUAGE_NAMES
from ...domain.marketplaces import MARKETPLACES
from ...domain.notices import EXCERPT_MAX_CHARS, ORDER_ID, ClaimNotice
from .formats import MailFormat, load_formats
from .message import MailText, read_mail
from .values import parse_amount, parse_date, reduce_pii, zone_of

_FACT_LABELS = {
    "order_id": ("订单号", "the order id"),
    "reason": ("索赔原因", "the claim reason"),
    "amount": ("金额", "the amount"),
    "message": ("买家消息正文", "the buyer's message"),
}
# Sender domains → marketplace (buyer aliases are <alias>@marketplace.amazon.<tld>).
_DOMAINS = sorted(((m.domain, m.code) for m in MARKETPLACES.values()), key=lambda d: len(d[0]), reverse=True)
ALIAS_SUFFIX = "marketplace.amazon."


@dataclass(frozen=True)
class ParsedMail:
    mail: MailText
    notice: ClaimNotice | None
    format: MailFormat | None = None
    facts: dict[str, str] = field(default_factory=dict)  # what the format read, as written in the mail
    marketplaces: tuple[str, ...] = ()  # where the mail can come from (narrowed by sender and currency)
    order_ids: tuple[str, ...] = ()  # every order id in the text (suggestions for a person linking it)
    error_zh: str | None = None
    error_en: str | None = None

    @property
    def language(self) -> str | None:
        return self.format.language if self.format else None


def marketplace_of_domain(domain: str) -> str | None:
    """ "marketplace.amazon.de" / "amazon.de" → "DE"; other domains → None."""
    domain = domain.lower().strip(".")
    for suffix, code in _DOMAINS:
        if domain == suffix or domain.endswith("." + suffix):
            return code
    return None


def buyer_key(sender: str) -> str | None:
    """A non-PII digest of the buyer's anonymised Amazon address, or None for other senders."""
    local, _, domain = sender.lower().partition("@")
    if not local or not domain.startswith(ALIAS_SUFFIX):
        return None
    return hashlib.sha256(sender.lower().encode()).hexdigest()[:24]


def parse_mail(raw: bytes, *, formats: Sequence[MailFormat] | None = None, now: datetime | None = None) -> ParsedMail:
    """Read ``raw`` and match it against the formats (default: the bundled ones)."""
    mail = read_mail(raw)
    return parse_text(mail, formats=formats, now=now)


def parse_text(mail: MailText, *, formats: Sequence[MailFormat] | None = None, now: datetime | None = None):
    """Match a decoded mail. Formats see NFKC-normalised text (full-width "：（）" and digits as ASCII)."""
    formats = load_formats() if formats is None else formats
    mail = replace(mail, subject=unicodedata.normalize("NFKC", mail.subject),
                   body=unicodedata.normalize("NFKC", mail.body))  # fmt: skip
    order_ids = tuple(dict.fromkeys(ORDER_ID.findall(f"{mail.subject}\n{mail.body}")))[:20]
    if not mail.body.strip() and not mail.subject.strip():
        return ParsedMail(mail, None, order_ids=order_ids, error_zh="邮件是空的或无法解码。",
                          error_en="The mail is empty or cannot be decoded.")  # fmt: skip
    candidates = [f for f in formats if f.applies(mail.subject, mail.body)]
    if not candidates:
        found_zh = f"邮件中的订单号:{'、'.join(order_ids[:3])}。" if order_ids else ""
        found_en = f" Order ids in the mail: {', '.join(order_ids[:3])}." if order_ids else ""
        return ParsedMail(
            mail, None, order_ids=order_ids,
            error_zh="没有匹配的亚马逊通知格式(可能是新的通知类型、语言或改版的邮件)。" + found_zh,
            error_en="No Amazon notification format matches (a new notification type, language or layout?)."
            + found_en,
        )  # fmt: skip
    scored = [(fmt, _with_sentence_order_id(fmt.extract(mail.subject, mail.body), order_ids)) for fmt in candidates]
    complete = [(fmt, facts) for fmt, facts in scored if all(f in facts for f in fmt.required)]
    if not complete:
        fmt, facts = max(scored, key=lambda item: len(item[1]))
        missing = [f for f in fmt.required if f not in facts]
        zh_missing = "、".join(_FACT_LABELS.get(f, (f, f))[0] for f in missing)
        en_missing = ", ".join(_FACT_LABELS.get(f, (f, f))[1] for f in missing)
        return ParsedMail(
            mail, None, fmt, facts, fmt.marketplaces, order_ids,
            f"看起来是「{format_label(fmt)}」通知,但找不到{zh_missing}。",
            f"Looks like a '{format_label(fmt, 'en')}' notification, but {en_missing} cannot be found.",
        )  # fmt: skip
    fmt, facts = max(complete, key=lambda item: len(item[1]))
    return _notice(mail, fmt, facts, order_ids, now or datetime.now(UTC))


def _with_sentence_order_id(facts: dict[str, str], order_ids: tuple[str, ...]) -> dict[str, str]:
    """A mail whose order id stands inside a sentence ("… a chargeback for order 302-…") and not on an "Order ID:"
    line: when the mail names exactly one order, that is the order (several: a person chooses, nothing is guessed).
    """
    if "order_id" not in facts and len(order_ids) == 1:
        return {**facts, "order_id": order_ids[0]}
    return facts


def format_label(fmt: MailFormat, lang: str = "zh_CN") -> str:
    zh, en = LANGUAGE_NAMES.get(fmt.language, (fmt.language, fmt.language))
    if lang.startswith("en"):
        return f"{fmt.kind.label_en} ({en})"
    return f"{fmt.kind.label_zh}({zh})"


def _narrow(fmt: MailFormat, sender: str, currency: str | None) -> tuple[str, ...]:
    """The marketplaces the mail can come from: the format's, narrowed by the sender's domain and currency."""
    markets = fmt.marketplaces or tuple(MARKETPLACES)
    by_domain = marketplace_of_domain(sender.rpartition("@")[2])
    if by_domain in markets:
        return (by_domain,)
    if currency:
        same = tuple(m for m in markets if MARKETPLACES[m].currency == currency)
        if same:
            return same
    return markets


def _notice(mail: MailText, fmt: MailFormat, facts: dict[str, str], order_ids, now: datetime) -> ParsedMail:
    markets = _narrow(fmt, mail.sender, None)
    default_currency = MARKETPLACES[markets[0]].currency if len(markets) == 1 else None
    amount = parse_amount(facts.get("amount"), default_currency=default_currency) if "amount" in facts else None
    if amount is not None:
        markets = _narrow(fmt, mail.sender, amount[1])
    marketplace = markets[0] if len(markets) == 1 else None
    zone = zone_of(MARKETPLACES[marketplace].timezone if marketplace else None)
    occurred = mail.sent_at or mail.header_date or now
    respond_by = None
    if "respond_by" in facts:
        respond_by = parse_date(facts["respond_by"], language=fmt.language, zone=zone, end_of_day=True)
    names = (facts["buyer_name"],) if facts.get("buyer_name") else ()
    reason_text = reduce_pii(facts["reason"], names=names, limit=500) if facts.get("reason") else None
    excerpt = None
    if facts.get("message"):
        excerpt = reduce_pii(facts["message"], names=names, limit=EXCERPT_MAX_CHARS)
    elif reason_text:
        excerpt = reason_text
    order_id = facts.get("order_id")
    currency = amount[1] if amount else None
    if currency is None and marketplace is not None and amount is not None:
        currency = MARKETPLACES[marketplace].currency
    notice = ClaimNotice(
        kind=fmt.kind,
        occurred_at=occurred.astimezone(UTC),
        amazon_order_id=order_id if order_id and ORDER_ID.fullmatch(order_id) else None,
        marketplace=marketplace,
        reason_code=fmt.reason_code(facts.get("reason")),
        reason_text=reason_text,
        amount=amount[0] if amount else None,
        currency=currency,
        respond_by=respond_by,
        claim_id=facts.get("claim_id"),
        excerpt=excerpt or None,
        buyer_key=buyer_key(mail.sender),
        extra={"format": fmt.id, "date_from": "mail" if mail.sent_at else "import"},
    )
    safe_facts = {k: v for k, v in facts.items() if k not in ("buyer_name", "message")}
    if notice.source_ref is None:
        return ParsedMail(
            mail, None, fmt, safe_facts, markets, order_ids,
            f"「{format_label(fmt)}」通知中没有订单号,也没有买家的亚马逊匿名邮箱,无法归入工单。",
            f"The '{format_label(fmt, 'en')}' notification names no order and no anonymised buyer address.",
        )  # fmt: skip
    return ParsedMail(mail, notice, fmt, safe_facts, markets, order_ids)
