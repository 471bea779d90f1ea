"""The messaging-policy check (沟通合规检查): does a buyer reply stay inside Amazon's communication guidelines? Qt-free.

Rules from Amazon's buyer-seller communication guidelines (domain.md §1.6, §1.3): no review incentives or
manipulation, at most one review request per order, no links, e-mail addresses or phone numbers, no marketing,
no opt-out wording, the buyer's language. **Block** is what gets messaging revoked (or cannot possibly be
meant for the buyer: an unfilled placeholder, Chinese text to a European buyer, an empty message); **warn** is
what a person should look at before sending. Every finding names its rule, explains it in Chinese and English
and points at the offending span of the text (``text[start:end]``).

Pure and total: :func:`check` never raises on any string, and costs well under a millisecond for a typical
reply (see ``bench/bench_replies.py``), so the reply dialog runs it as the user types.

Matching runs on an NFKC-normalised copy of the text (full-width ``０９０－１２３４`` and ``ｗｗｗ`` are caught like
their ASCII forms) and maps every span back onto the original text.
"""

from __future__ import annotations

import bisect
import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from . import messaging_patterns as P
from .marketplaces import MARKETPLACES
from .text_language import guess_language

# The longest free text Amazon's own Messaging API accepts for a message to a buyer (SP-API Messaging v1,
# ``text`` maxLength 2000, e.g. createConfirmOrderDetails / createUnexpectedProblem). Seller Central's reply box
# publishes no limit of its own; staying within the documented one means the text fits however it is sent.
MAX_CHARS = 2000
# Longer than this reads like a letter on a phone screen: worth a second look, not a refusal.
LONG_CHARS = 1200


class Severity(enum.StrEnum):
    BLOCK = "block"  # would get messaging revoked (or is not a message for the buyer): copy and send are refused
    WARN = "warn"  # allowed, but look at it before sending

    @property
    def label_zh(self) -> str:
        return "阻止" if self is Severity.BLOCK else "提醒"

    @property
    def label_en(self) -> str:
        return "Blocked" if self is Severity.BLOCK else "Warning"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    title_zh: str
    title_en: str
    explain_zh: str
    explain_en: str
    whole_text: bool = False  # about the message as a whole (language, length): nothing to underline


_B, _W = Severity.BLOCK, Severity.WARN
RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("review.incentive", _B, "以好处换评价", "Incentive for a review",
             "亚马逊禁止为评价提供任何好处(赠品、优惠券、折扣、返现、退款等)。",
             "Amazon forbids offering anything for a review (gifts, coupons, discounts, cashback, refunds)."),
        Rule("review.positive", _B, "索要好评 / 操纵评价", "Asking for a positive review",
             "不得索要好评或五星评价,也不得只请满意的买家评价、劝买家不要留差评。",
             "Do not ask for positive or five-star reviews, ask only happy buyers, or steer buyers away from "
             "negative ones."),
        Rule("review.change", _B, "要求修改或删除评价", "Asking to change or remove a review",
             "不得要求买家修改、删除或撤回评价或卖家反馈。",
             "Do not ask buyers to change, remove or withdraw a review or seller feedback."),
        Rule("review.repeat", _B, "重复索评", "A second review request",
             "每个订单只允许请求一次评价,此订单已发送过评价请求。",
             "Amazon allows one review request per order, and this order already had one."),
        Rule("review.request", _W, "请求评价", "Review request",
             "每个订单只允许一次中性的评价请求(建议使用卖家平台的「请求评论」按钮);请勿在处理问题的回复中索评。",
             "One neutral review request per order is allowed (Seller Central's Request a Review button is "
             "safest); avoid it in a reply about a problem."),
        Rule("link.external", _B, "外部链接", "External link",
             "不得包含网址或链接(包括店铺、商品、社交媒体和物流网站);请直接写出所需信息,例如物流单号。",
             "No URLs or links (shop, product, social media or carrier sites); give the information itself, "
             "e.g. the tracking number."),
        Rule("link.amazon", _W, "亚马逊链接", "Amazon link",
             "只有完成订单所必需的亚马逊链接才允许(例如退货中心);不要发送商品或店铺链接。",
             "Only Amazon links needed to complete the order are allowed (e.g. the returns centre); no product "
             "or store links."),
        Rule("contact.email", _B, "电子邮件地址", "E-mail address",
             "不得包含电子邮件地址,与买家的沟通只能通过亚马逊买家与卖家消息服务。",
             "No e-mail addresses: buyers are contacted only through Amazon's Buyer-Seller Messaging."),
        Rule("contact.phone", _B, "电话号码", "Phone number",
             "不得包含电话号码;沟通只能通过亚马逊消息进行。",
             "No phone numbers: all contact stays in Amazon's messaging."),
        Rule("contact.phone_like", _W, "疑似电话号码", "Looks like a phone number",
             "这串数字像电话号码;如果是物流单号或订单号,请确认无误。",
             "These digits look like a phone number; if they are a tracking or order number, check them."),
        Rule("contact.offplatform", _B, "引导站外联系", "Contact outside Amazon",
             "不得引导买家通过电话、WhatsApp、微信等亚马逊以外的渠道联系。",
             "Do not move the buyer to phone, WhatsApp, WeChat or any channel outside Amazon."),
        Rule("payment.offplatform", _B, "站外付款或退款", "Payment outside Amazon",
             "退款和付款只能通过亚马逊处理,不得提及 PayPal、银行转账等站外方式。",
             "Refunds and payments go through Amazon only; no PayPal, bank transfers or other channels."),
        Rule("marketing.promo", _B, "营销内容", "Marketing",
             "不得包含营销内容:优惠券、折扣码、「下次购买」优惠、其他商品或店铺推广、关注我们、社交媒体。",
             "No marketing: coupons, discount codes, next-order offers, other products or the store, "
             "\"follow us\", social media."),
        Rule("marketing.discount_word", _W, "「折扣」字样", "The word \"discount\"",
             "「折扣」听起来像营销;如果是对本订单的补偿,请写成「部分退款」。",
             "\"Discount\" reads as marketing; compensation on this order is a partial refund — call it that."),
        Rule("optout", _B, "退订字样", "Opt-out wording",
             "不得包含退订链接或退订说明(买家在亚马逊设置中自行退订)。",
             "No opt-out links or instructions (buyers opt out in their Amazon settings)."),
        Rule("attachment.mention", _W, "提到附件", "Attachment mentioned",
             "附件只能是完成订单所需的文件(发票、退货标签、说明书),不得含徽标链接或宣传;单个附件最大 10 MB。",
             "Attachments must be needed for the order (invoice, return label, instructions), without logos that "
             "link or advertise; at most 10 MB each."),
        Rule("format.html", _W, "HTML 标记", "HTML markup",
             "卖家平台的消息是纯文本,HTML 标记会原样显示给买家。",
             "Seller Central messages are plain text; HTML tags are shown to the buyer as they are."),
        Rule("placeholder.unfilled", _B, "未填写的占位符", "Unfilled placeholder",
             "回复中还有未替换的占位符或待填内容,请先填写。",
             "The reply still has a placeholder or a gap to fill in."),
        Rule("language.chinese", _B, "含中文内容", "Chinese text",
             "回复中含有中文,买家看不懂,多半是误粘贴的内部备注;请删除或换成买家的语言。",
             "The reply contains Chinese the buyer cannot read — most likely a pasted internal note.",
             whole_text=False),
        Rule("language.mismatch", _W, "语言与站点不符", "Not the buyer's language",
             "请使用买家的语言(站点语言或买家来信所用的语言)。",
             "Write in the buyer's language (the marketplace's, or the one the buyer wrote in).", whole_text=True),
        Rule("length.max", _B, "超出长度上限", "Too long",
             f"消息最长 {MAX_CHARS:,} 个字符(亚马逊消息接口允许的文本长度上限)。",
             f"A message may have at most {MAX_CHARS:,} characters (the limit of Amazon's messaging interface)."),
        Rule("length.long", _W, "消息较长", "Long message",
             f"超过 {LONG_CHARS:,} 个字符;买家多在手机上阅读,请尽量简短。",
             f"Over {LONG_CHARS:,} characters; buyers read on phones — keep it short.", whole_text=True),
        Rule("content.empty", _B, "空消息", "Empty message", "消息是空的。", "The message is empty.",
             whole_text=True),
        Rule("content.thanks_only", _B, "只有问候或感谢", "Thanks only",
             "亚马逊不允许只有感谢或问候、没有实际内容的消息。",
             "Amazon does not allow messages that only say thank you or hello.", whole_text=True),
    )
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule broken at ``text[start:end]``. ``language``: the language of the phrase that matched, if any."""

    rule_id: str
    start: int
    end: int
    excerpt: str
    language: str | None = None
    detail_zh: str = ""
    detail_en: str = ""

    @property
    def rule(self) -> Rule:
        return RULES[self.rule_id]

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def blocks(self) -> bool:
        return self.rule.severity is Severity.BLOCK

    def title(self, lang: str = "zh_CN") -> str:
        return self.rule.title_en if lang.startswith("en") else self.rule.title_zh

    def explanation(self, lang: str = "zh_CN") -> str:
        """The rule's explanation, then what this finding adds (e.g. which language the text is in)."""
        english = lang.startswith("en")
        base = self.rule.explain_en if english else self.rule.explain_zh
        detail = self.detail_en if english else self.detail_zh
        return f"{base} {detail}".strip() if english else f"{base}{detail}"

    def as_json(self) -> dict:
        return {"rule": self.rule_id, "severity": self.severity.value, "start": self.start, "end": self.end,
                "excerpt": self.excerpt, "language": self.language}  # fmt: skip


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocks]


# -- normalisation: match on NFKC, report spans of the original ----------------------------------------------
_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "‐": "-", "‑": "-",
                           "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "\u00a0": " ", "\u202f": " "})  # fmt: skip


_DIGIT_DASH = re.compile(r"(?<=\d)[ーｰ~〜](?=\d)")


class _Text:
    """The original text, its normalised copy and, per normalised character, where it came from."""

    __slots__ = ("folded", "norm", "origin", "original")

    def __init__(self, original: str) -> None:
        self.original = original
        if unicodedata.is_normalized("NFKC", original):  # the common case: one character for one
            self.norm = _DIGIT_DASH.sub("-", original.translate(_STRAIGHT))
            self.origin: Sequence[int] = range(len(original))
        else:
            self._normalise(original)
        # Lowercased with every position kept: the phrase patterns match on this, case-sensitively (twice as fast
        # as IGNORECASE). The rare letter whose lower case is longer (İ) stays as it is.
        folded = self.norm.lower()
        if len(folded) != len(self.norm):
            folded = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.norm)
        self.folded = folded

    def _normalise(self, original: str) -> None:
        parts: list[str] = []
        origin: list[int] = []
        i, n = 0, len(original)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(original[j]):  # a letter and its accents normalise together
                j += 1
            unit = original[i:j]
            out = unicodedata.normalize("NFKC", unit).translate(_STRAIGHT) if not unit.isascii() else unit
            parts.append(out)
            origin.extend([i] * len(out))
            i = j
        # a katakana long-vowel mark between digits is a dash: "090ー1234ー5678" (one character for one)
        self.norm = _DIGIT_DASH.sub("-", "".join(parts))
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``norm[start:end]``."""
        if not self.origin:
            return 0, 0
        start = min(max(start, 0), len(self.origin) - 1)
        end = min(max(end, start + 1), len(self.origin))
        first = self.origin[start]
        last = self.origin[end - 1]
        stop = last + 1
        while stop < len(self.original) and unicodedata.combining(self.original[stop]):
            stop += 1
        return first, stop


# -- compiled patterns ---------------------------------------------------------------------------------------
_FLAGS = re.IGNORECASE


_CASED_ESCAPE = re.compile(r"\\[SWDBAZ]")


def _folded(source: str) -> re.Pattern:
    """A phrase pattern for the lowercased text (``_Text.folded``): its source lowercased, no IGNORECASE."""
    if _CASED_ESCAPE.search(source):
        raise ValueError(f"phrase patterns may not use \\S \\W \\D \\B \\A \\Z (lowercasing changes them): {source}")
    return re.compile(source.lower().replace("(?p<", "(?P<"))


def _by_language(table: dict[str, list[str]]) -> re.Pattern:
    """One regex per rule; the named group that matched says the language."""
    return _folded("|".join(f"(?P<{lang}>{'|'.join(table[lang])})" for lang in P.LANGS if lang in table))


_REVIEW_REQUEST = _by_language(P.REVIEW_REQUEST)
_REVIEW_POSITIVE = _by_language(P.REVIEW_POSITIVE)
_SATISFIED = _by_language(P.SATISFIED_CONDITION)
_INCENTIVE = _by_language(P.INCENTIVE)
_REFUND_WORD = _by_language(P.REFUND_WORD)
_CONDITION = _by_language(P.CONDITION)
_REVIEW_CHANGE = _by_language(P.REVIEW_CHANGE)
_OFF_PLATFORM = _by_language(P.OFF_PLATFORM_CONTACT)
_MESSENGERS = _folded(P.MESSENGERS)
_PAYMENT = _folded(P.OFF_PLATFORM_PAYMENT)
_MARKETING = _by_language(P.MARKETING)
_SOCIAL = _folded(P.SOCIAL_NETWORKS)
_DISCOUNT = _by_language(P.DISCOUNT_WORD)
_OPT_OUT = _by_language(P.OPT_OUT)
_ATTACHMENT = _by_language(P.ATTACHMENT)
_PLACEHOLDER = re.compile(P.PLACEHOLDER)  # case-sensitive on purpose
_HTML = _folded(P.HTML_TAG)
_COURTESY = _by_language(P.COURTESY)

_TLDS = (
    r"com|net|org|info|biz|shop|store|online|site|top|xyz|io|co|me|app|link|club|vip|"
    r"de|at|ch|fr|be|it|es|nl|pl|se|uk|eu|jp|cn|hk|tw|us|ca|mx|br|au|sg|ru|in"
)
# Contact details are ASCII; Japanese text runs straight into them ("メールはshop@…"), so the boundaries here are
# "no ASCII letter or digit", not \b.
_A = r"(?<![A-Za-z0-9])"
_Z = r"(?![A-Za-z0-9])"
_LOCAL = r"[A-Za-z0-9._%+\u00c0-\u024f\u0300-\u036f-]+"  # Latin letters, accents included
_LABEL = r"[A-Za-z0-9-]+"
_L = r"(?<![A-Za-z0-9._%+\u00c0-\u024f\u0300-\u036f-])"  # where an address can start (linear scans)
_EMAIL = re.compile(rf"{_L}{_LOCAL}@{_LABEL}(?:\.{_LABEL})+", _FLAGS)
_DOT = r"(?:\s*\.\s*|\s*[(\[{]\s*(?:dot|\.)\s*[)\]}]\s*|\s+(?:dot|punkt|point|punto)\s+)"
_SPELLED_DOT = r"(?:\s*[(\[{]\s*(?:dot|\.)\s*[)\]}]\s*|\s+(?:dot|punkt|point|punto)\s+)"
_EMAIL_SPELLED = re.compile(
    # "name(at)shop.de", "name [at] shop [dot] de", "info chiocciola negozio punto it"
    rf"{_L}{_LOCAL}\s*(?:[(\[{{]\s*(?:at|ät|@)\s*[)\]}}]|\s(?:arobase|chiocciola|arroba)\s)\s*{_LABEL}"
    rf"(?:{_DOT}{_LABEL})*{_DOT}(?:{_TLDS}){_Z}"
    # "shop at gmail dot com" (a plain "at" only counts with a spelled-out dot: "return at amazon.de" is prose)
    rf"|{_L}{_LOCAL}\s+(?:at|ät)\s+{_LABEL}(?:{_SPELLED_DOT}{_LABEL})*{_SPELLED_DOT}(?:{_TLDS}){_Z}",
    _FLAGS,
)
_URL = re.compile(rf"{_A}(?:https?|ftp)://[^\s<>\"']+|{_A}www\d?\.[^\s<>\"']+", _FLAGS)
_WWW_SPELLED = re.compile(rf"{_A}w\s?w\s?w{_DOT}{_LABEL}(?:{_DOT}{_LABEL})*", _FLAGS)
_DOMAIN = re.compile(
    rf"(?<![A-Za-z0-9@.-])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS})(?:\.[a-z]{{2}})?{_Z}(?!\.[A-Za-z0-9])"
    r"(?:/[^\s<>\"']*)?",
    _FLAGS,
)
_DOMAIN_SPELLED = re.compile(
    rf"(?<![A-Za-z0-9@.-])[a-z0-9][a-z0-9-]{{1,62}}{_SPELLED_DOT}(?:{_TLDS}){_Z}",
    _FLAGS,
)
_AMAZON_HOST = re.compile(r"^(?:https?://)?(?:www\.|smile\.)?(?:amazon\.[a-z.]{2,6}|amzn\.(?:to|eu|asia)|a\.co)\b",
                          _FLAGS)  # fmt: skip
_AMAZON_NAME = re.compile(r"^amazon\.(?:com|ca|com\.mx|com\.br|co\.uk|de|fr|it|es|nl|se|pl|com\.be|co\.jp|com\.au|sg)$",
                          _FLAGS)  # fmt: skip

# Order ids, dates and times are digits that are not phone numbers.
_ORDER_ID = re.compile(r"\b[0-9D]\d{2}-\d{7}-\d{7}\b")
_DATE = re.compile(r"(?<![\d./-])(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})(?![./-]?\d)")
_PHONE_CANDIDATE = re.compile(r"(?<![A-Za-z0-9+@])(?:\+|00|\()?\d(?:\d|[ \-./()]{1,3}(?=[\d(]))+(?![A-Za-z0-9])")
_PHONE_WORD = re.compile(
    r"\b(?:tel|tél|tele(?:f|ph)on\w*|téléphone|teléfono|telefono|phone|mobile|handy|cell|móvil|cellulare|fax)"
    r"\.?\s*:?\s*$|(?:電話番号|電話|TEL|携帯)\s*[::]?\s*$",
    _FLAGS,
)
_NANP = re.compile(r"^\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}$")
_ES_MOBILE = re.compile(r"^[6789]\d{2}(?: \d{3} \d{3}| \d{2} \d{2} \d{2})$")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff,。!?:;、]+")
_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?!\d)|[。!?\n]")
_LATIN_WORD = re.compile(r"[^\W\d_]{2,}")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")

LANGUAGE_NAMES = {
    "en": ("英语", "English"), "de": ("德语", "German"), "fr": ("法语", "French"), "it": ("意大利语", "Italian"),
    "es": ("西班牙语", "Spanish"), "ja": ("日语", "Japanese"), "zh": ("中文", "Chinese"), "nl": ("荷兰语", "Dutch"),
    "pt": ("葡萄牙语", "Portuguese"), "sv": ("瑞典语", "Swedish"), "pl": ("波兰语", "Polish"),
}  # fmt: skip


# -- the check -----------------------------------------------------------------------------------------------
def check(
    text: str,
    marketplace: str | None = None,
    *,
    buyer_language: str | None = None,
    known_values: Iterable[str] = (),
    review_requests_sent: int = 0,
) -> list[Finding]:
    """Every rule ``text`` breaks: blocking findings first, each group in text order.

    ``marketplace``: the buyer's marketplace code (its language is the one expected); ``buyer_language``: the
    language the buyer wrote in, also accepted; ``known_values``: facts of the case quoted in the text (order
    id, tracking number, item title) — never mistaken for phone numbers or another language;
    ``review_requests_sent``: review requests already sent for this order (a second one is blocked).
    """
    t = _Text(text)
    found: list[Finding] = []
    protected = _protected_spans(t.norm, known_values)

    if not text.strip():
        return [_finding(t, "content.empty", 0, len(t.norm))]
    found += _review_findings(t, review_requests_sent)
    found += _contact_findings(t, protected)
    found += _simple(t, _MARKETING, "marketing.promo")
    found += _simple(t, _SOCIAL, "marketing.promo")
    found += _simple(t, _DISCOUNT, "marketing.discount_word")
    found += _simple(t, _OPT_OUT, "optout")
    found += _simple(t, _ATTACHMENT, "attachment.mention")
    found += _simple(t, _HTML, "format.html")
    found += _simple(t, _PLACEHOLDER, "placeholder.unfilled", folded=False)
    found += _language_findings(t, marketplace, buyer_language, protected)
    if len(text) > MAX_CHARS:
        found.append(Finding("length.max", MAX_CHARS, len(text), text[MAX_CHARS : MAX_CHARS + 40],
                             detail_zh=f"当前 {len(text):,} 个字符。", detail_en=f"It has {len(text):,}."))  # fmt: skip
    elif len(text) > LONG_CHARS:
        found.append(Finding("length.long", 0, len(text), "", detail_zh=f"当前 {len(text):,} 个字符。",
                             detail_en=f"It has {len(text):,}."))  # fmt: skip
    if _says_nothing(t.folded, protected):
        found.append(Finding("content.thanks_only", 0, len(text), text[:40]))
    return _tidy(found)


def _finding(t: _Text, rule_id: str, start: int, end: int, language: str | None = None, **detail) -> Finding:
    first, stop = t.span(start, end)
    return Finding(rule_id, first, stop, t.original[first:stop][:120], language, **detail)


def _matches(pattern: re.Pattern, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
    return pattern.finditer(text, start, len(text) if end is None else end)


def _simple(t: _Text, pattern: re.Pattern, rule_id: str, *, folded: bool = True) -> list[Finding]:
    """Findings for every match of ``pattern`` (a phrase pattern on the folded text, else on the normalised one)."""
    text = t.folded if folded else t.norm
    return [
        _finding(t, rule_id, m.start(), m.end(), m.lastgroup) for m in _matches(pattern, text) if m.end() > m.start()
    ]


WINDOW = 200  # a "sentence" without punctuation ends here (bounded work, and nearness is what matters)


class _Sentences:
    """Sentence bounds (ending at . ! ? 。 or a line break), found once per text."""

    def __init__(self, text: str) -> None:
        self.ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self.length = len(text)

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``text[start:end]``, at most WINDOW characters either side of it."""
        i = bisect.bisect_right(self.ends, start)
        first = self.ends[i - 1] if i else 0
        last = self.ends[i] if i < len(self.ends) else self.length
        return max(first, start - WINDOW), min(max(last, end), end + WINDOW)


def _review_findings(t: _Text, requests_sent: int) -> list[Finding]:
    text = t.folded
    out: list[Finding] = []
    neutral: list[re.Match] = []
    sentences = _Sentences(text)
    for m in _matches(_REVIEW_REQUEST, text):
        s, e = sentences.around(m.start(), m.end())
        incentive = _INCENTIVE.search(text, s, e)
        refund_for_review = _REFUND_WORD.search(text, s, e) and _CONDITION.search(text, s, e)
        if incentive or refund_for_review:
            out.append(_finding(t, "review.incentive", s, e, m.lastgroup))
        elif _SATISFIED.search(text, s, e) or _REVIEW_POSITIVE.search(text, s, e):
            out.append(_finding(t, "review.positive", s, e, m.lastgroup))
        else:
            neutral.append(m)
    for m in _matches(_REVIEW_POSITIVE, text):
        out.append(_finding(t, "review.positive", m.start(), m.end(), m.lastgroup))
    for m in _matches(_REVIEW_CHANGE, text):
        out.append(_finding(t, "review.change", m.start(), m.end(), m.lastgroup))
    rule = "review.repeat" if requests_sent > 0 else "review.request"
    for m in neutral:
        out.append(_finding(t, rule, m.start(), m.end(), m.lastgroup))
    return out


def _protected_spans(norm: str, known_values: Iterable[str]) -> list[tuple[int, int]]:
    spans = [m.span() for m in _ORDER_ID.finditer(norm)] + [m.span() for m in _DATE.finditer(norm)]
    lowered = norm.lower()
    for value in known_values:
        value = unicodedata.normalize("NFKC", str(value or "")).translate(_STRAIGHT).strip().lower()
        if len(value) < 4:
            continue
        start = lowered.find(value)
        while start >= 0:
            spans.append((start, start + len(value)))
            start = lowered.find(value, start + len(value))
    return spans


def _outside(span: tuple[int, int], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``span`` not covered by any of ``spans``."""
    pieces = [span]
    for s, e in spans:
        cut = []
        for a, b in pieces:
            if e <= a or b <= s:
                cut.append((a, b))
                continue
            if a < s:
                cut.append((a, s))
            if e < b:
                cut.append((e, b))
        pieces = cut
    return [p for p in pieces if p[1] > p[0]]


def _contact_findings(t: _Text, protected: list[tuple[int, int]]) -> list[Finding]:
    text = t.norm
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_EMAIL, _EMAIL_SPELLED):
        for m in pattern.finditer(text):
            if not _overlaps(m.span(), taken):
                out.append(_finding(t, "contact.email", *m.span()))
                taken.append(m.span())
    for pattern in (_URL, _WWW_SPELLED, _DOMAIN, _DOMAIN_SPELLED):
        for m in pattern.finditer(text):
            span = m.span()
            if _overlaps(span, taken):
                continue
            link = m.group().rstrip(".,;:!?)]}'\"")
            span = (span[0], span[0] + len(link))
            taken.append(span)
            if pattern is _DOMAIN and _AMAZON_NAME.match(link):
                continue  # "Amazon.de" is the marketplace's name, not a link
            rule = "link.amazon" if _AMAZON_HOST.match(link) else "link.external"
            out.append(_finding(t, rule, *span))
    for m in _PHONE_CANDIDATE.finditer(text):
        for span in _outside(m.span(), protected):  # "order 302-1234567-1234567 030 123456": judge the rest
            if _overlaps(span, taken):
                continue
            piece = text[span[0] : span[1]].strip(" -./")
            start = span[0] + text[span[0] : span[1]].index(piece) if piece else span[0]
            rule = _phone_rule(piece, text[max(0, start - 24) : start])
            if rule:
                out.append(_finding(t, rule, start, start + len(piece)))
                taken.append((start, start + len(piece)))
    out += _simple(t, _OFF_PLATFORM, "contact.offplatform")
    out += _simple(t, _MESSENGERS, "contact.offplatform")
    out += _simple(t, _PAYMENT, "payment.offplatform")
    return out


def _phone_rule(candidate: str, before: str) -> str | None:
    """``contact.phone`` for a formatted phone number, ``contact.phone_like`` for bare digits that may be one."""
    candidate = candidate.rstrip(".-/ ")
    digits = sum(c.isdigit() for c in candidate)
    separated = any(c in " -./()" for c in candidate.lstrip("+"))
    if digits < 6 or digits > 15:
        return None
    if _PHONE_WORD.search(before) and digits >= 6:
        return "contact.phone"  # "Tel.: 1234567", "電話:0312345678"
    if candidate.startswith(("+", "00")) and digits >= 8:
        return "contact.phone"
    if _NANP.match(candidate) or _ES_MOBILE.match(candidate):
        return "contact.phone"
    if candidate.startswith(("0", "(0")) and 9 <= digits <= 12:
        return "contact.phone" if separated else "contact.phone_like"
    return None


def _language_findings(
    t: _Text, marketplace: str | None, buyer_language: str | None, protected: list[tuple[int, int]]
) -> list[Finding]:
    expected: set[str] = set()
    if marketplace and marketplace.upper() in MARKETPLACES:
        expected.add(MARKETPLACES[marketplace.upper()].language)
    if buyer_language:
        expected.add(buyer_language)
    if not expected:
        return []
    chars = list(t.norm)
    for s, e in protected:  # quoted facts (an English item title in a German reply) say nothing about the reply
        chars[s:e] = " " * (e - s)
    for m in _URL.finditer(t.norm):
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    prose = "".join(chars)
    out: list[Finding] = []
    guess = guess_language(prose)
    cjk_expected = bool(expected & {"ja", "zh"})
    if not cjk_expected and guess.language != "ja":  # Japanese to a European buyer is a mismatch, not a note
        for m in _HAN_RUN.finditer(prose):
            out.append(_finding(t, "language.chinese", m.start(), m.end()))
    if guess.language == "zh" and "zh" not in expected and cjk_expected:
        out.append(_finding(t, "language.chinese", 0, len(t.norm)))
    elif guess.language and guess.language not in expected and not out:
        found_zh, found_en = LANGUAGE_NAMES.get(guess.language, (guess.language, guess.language))
        want = sorted(expected)
        want_zh = "或".join(LANGUAGE_NAMES.get(x, (x, x))[0] for x in want)
        want_en = " or ".join(LANGUAGE_NAMES.get(x, (x, x))[1] for x in want)
        out.append(
            Finding("language.mismatch", 0, len(t.original), "", guess.language,
                    detail_zh=f"这段文字像是{found_zh},而买家使用{want_zh}。",
                    detail_en=f"This reads as {found_en}; the buyer reads {want_en}.")
        )  # fmt: skip
    return out


def _says_nothing(norm: str, protected: list[tuple[int, int]]) -> bool:
    """True when nothing but greetings, thanks, sign-offs and quoted facts is left."""
    chars = list(norm)
    for s, e in protected:
        chars[s:e] = " " * (e - s)
    rest = _COURTESY.sub(" ", "".join(chars))
    words = _LATIN_WORD.findall(rest)
    cjk = _CJK_CHAR.findall(rest)
    return len(words) < 3 and len(cjk) < 6


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def _tidy(found: list[Finding]) -> list[Finding]:
    """One finding per rule and place; warnings inside a blocked span are left out (the block says more)."""
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for f in found:
        if any(k.rule_id == f.rule_id and k.start <= f.start and f.end <= k.end for k in kept):
            continue
        kept.append(f)
    blocks = [(f.start, f.end) for f in kept if f.blocks and not f.rule.whole_text]
    kept = [f for f in kept if f.blocks or f.rule.whole_text or not _overlaps((f.start, f.end), blocks)]
    kept.sort(key=lambda f: (not f.blocks, f.start, f.rule_id))
    return kept
