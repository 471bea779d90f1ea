"""The buyer reply template library (买家回复模板): situations × languages, written by people, shipped in
``resources/replies/``.

``situations.toml`` lists the situations (label, when to use it, the case kinds it suits); each situation has one
text per language in ``<key>/<lang>.txt``, rendered by the sandboxed engine
(:func:`acorn_desktop.documents.templating.render`) with the facts of :data:`FACTS`. Every language of a
situation uses the same facts, so whatever the agent picks, the same facts are asked for.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from ..domain.cases import CaseKind
from ..domain.claims import LETTER_LANGUAGES
from ..errors import InputError
from ..paths import resource
from .templating import TemplateProblem, render, variables

REPLY_LANGUAGES = LETTER_LANGUAGES  # en, de, fr, it, es, ja


@dataclass(frozen=True, slots=True)
class Fact:
    """A value a reply template may use. ``kind``: text, date (a ``date``) or money (already formatted text).

    ``derived``: worked out from the case's tracking, never asked for nor typed (``parcel_state`` is always
    given; ``last_scan_date`` only when known — a template uses it under ``{% if parcel_state == "stale" %}``).
    """

    name: str
    label_zh: str
    label_en: str
    kind: str = "text"
    from_case: bool = True  # False: the agent decides it (an offer amount, the replacement's tracking number)
    derived: bool = False

    def label(self, lang: str = "zh_CN") -> str:
        return self.label_en if lang.startswith("en") else self.label_zh


FACTS: dict[str, Fact] = {
    f.name: f
    for f in (
        Fact("order_id", "订单号", "Order ID"),
        Fact("item", "商品名称", "Item"),
        Fact("refund_amount", "退款金额", "Refund amount", "money"),
        Fact("carrier", "承运商", "Carrier"),
        Fact("tracking_number", "物流单号", "Tracking number"),
        Fact("ship_date", "发货日期", "Ship date", "date"),
        Fact("delivery_date", "签收日期", "Delivery date", "date"),
        Fact("parcel_state", "包裹状态", "Parcel state", derived=True),  # domain.reply_situation.ParcelState
        Fact("last_scan_date", "最后扫描日期", "Last tracking scan", "date", derived=True),
        Fact("offer_amount", "部分退款金额", "Partial refund amount", "money", from_case=False),
        Fact("replacement_carrier", "补发承运商", "Replacement carrier", from_case=False),
        Fact("replacement_tracking", "补发物流单号", "Replacement tracking number", from_case=False),
    )
}


@dataclass(frozen=True)
class Situation:
    key: str
    label_zh: str
    label_en: str
    hint_zh: str
    hint_en: str
    kinds: tuple[CaseKind, ...]
    sources: Mapping[str, str]  # language → template source
    facts: tuple[str, ...]  # the facts its texts use, in FACTS order

    def label(self, lang: str = "zh_CN") -> str:
        return self.label_en if lang.startswith("en") else self.label_zh

    def hint(self, lang: str = "zh_CN") -> str:
        return self.hint_en if lang.startswith("en") else self.hint_zh

    def render(self, lang: str, facts: Mapping[str, object]) -> str:
        """The text in ``lang`` filled with ``facts`` (StrictUndefined: a missing fact is a TemplateProblem)."""
        if lang not in self.sources:
            raise InputError(
                f"模板「{self.label_zh}」没有{lang}版本。", f"Template '{self.label_en}' has no '{lang}' text."
            )
        return render(self.sources[lang], facts, name=f"{self.key}/{lang}").strip() + "\n"


@dataclass(frozen=True)
class ReplyLibrary:
    situations: tuple[Situation, ...]

    def get(self, key: str) -> Situation:
        for situation in self.situations:
            if situation.key == key:
                return situation
        raise InputError(f"没有名为「{key}」的回复模板。", f"There is no reply template '{key}'.")

    def for_kind(self, kind: CaseKind) -> list[Situation]:
        """All situations, the ones meant for ``kind`` first (each group in the library's order)."""
        suited = [s for s in self.situations if kind in s.kinds]
        return suited + [s for s in self.situations if kind not in s.kinds]


def load_library(root: Path) -> ReplyLibrary:
    """Read and check the library in ``root`` (any problem names the file and what to fix)."""
    index = root / "situations.toml"
    try:
        table = tomllib.loads(index.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            f"无法读取回复模板目录 {index}:{exc}", f"Cannot read the reply template index {index}: {exc}"
        ) from exc
    situations = []
    for key, entry in table.items():
        sources: dict[str, str] = {}
        used: set[str] = set()
        for lang in REPLY_LANGUAGES:
            path = root / key / f"{lang}.txt"
            try:
                sources[lang] = path.read_text(encoding="utf-8")
            except OSError:
                raise InputError(
                    f"回复模板「{key}」缺少{lang}文本:{path}",
                    f"Reply template '{key}' has no {lang} text: {path}",
                    hint_zh="每个模板都需要 en、de、fr、it、es、ja 六种语言。",
                    hint_en="Every template needs en, de, fr, it, es and ja.",
                ) from None
            names = variables(sources[lang])
            unknown = names - set(FACTS)
            if unknown:
                raise TemplateProblem(
                    f"回复模板 {path} 用到了未知的信息:{'、'.join(sorted(unknown))}",
                    f"Reply template {path} uses unknown facts: {', '.join(sorted(unknown))}",
                    hint_zh="可用的信息:" + "、".join(FACTS),
                    hint_en="Known facts: " + ", ".join(FACTS),
                )
            if used and names != used:
                raise TemplateProblem(
                    f"回复模板「{key}」各语言用到的信息不一致({path})。",
                    f"The languages of reply template '{key}' use different facts ({path}).",
                )
            used = names
        try:
            kinds = tuple(CaseKind(k) for k in entry.get("kinds", ()))
            situations.append(
                Situation(key, entry["label_zh"], entry["label_en"], entry["hint_zh"], entry["hint_en"], kinds,
                          sources, tuple(f for f in FACTS if f in used))
            )  # fmt: skip
        except (KeyError, ValueError) as exc:
            raise InputError(
                f"{index} 中的「{key}」不完整或有误:{exc}", f"Entry '{key}' in {index} is incomplete or wrong: {exc}"
            ) from None
    return ReplyLibrary(tuple(situations))


@lru_cache(maxsize=1)
def library() -> ReplyLibrary:
    """The shipped library (read once)."""
    return load_library(resource("replies"))


# -- formatting the facts the way each language writes them ---------------------------------------------------
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$", "SGD": "S$", "MXN": "MX$"}
_NBSP = "\u00a0"


def local_money(amount: Decimal, currency: str, lang: str) -> str:
    """``$19.99`` · ``19,99 €`` · ``1.234,56 €`` (de, it, es) · ``1 234,56 €`` (fr) · ``1,980円``."""
    places = 0 if currency == "JPY" else 2
    value = Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    plain = f"{value:,.{places}f}"  # 1,234.56
    if lang == "ja":
        return f"{plain}円" if currency == "JPY" else f"{plain}{_NBSP}{currency}"
    symbol = _SYMBOLS.get(currency)
    if lang == "en":
        return f"{symbol}{plain}" if symbol else f"{plain}{_NBSP}{currency}"
    thousands = _NBSP if lang == "fr" else "."
    local = plain.replace(",", "\x00").replace(".", ",").replace("\x00", thousands)
    return f"{local}{_NBSP}{symbol or currency}"


def short_title(title: str, limit: int = 60) -> str:
    """An item title short enough for a sentence: up to its first comma / dash if that is enough, else cut at a word."""
    title = " ".join((title or "").split())
    for separator in (", ", " - ", " – ", " | ", " (", "; "):
        head = title.split(separator, 1)[0]
        if 12 <= len(head) < len(title):
            title = head
            break
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0]
    return (cut if len(cut) >= limit // 2 else title[:limit]).rstrip(" ,;-") + "…"


def parse_fact(fact: Fact, raw: str, currency: str) -> object:
    """An agent-typed value of ``fact`` as the templates need it; InputError saying what is wrong."""
    text = (raw or "").strip()
    if not text:
        raise InputError(f"请填写「{fact.label_zh}」。", f"Fill in '{fact.label_en}'.")
    if fact.kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise InputError(
                f"「{fact.label_zh}」不是有效日期:{text}",
                f"'{fact.label_en}' is not a date: {text}",
                hint_zh="请写成 2026-03-03 这样的格式。",
                hint_en="Write it like 2026-03-03.",
            ) from None
    if fact.kind == "money":
        normalised = text.replace(" ", "").replace(_NBSP, "")
        if "," in normalised and "." not in normalised:
            normalised = normalised.replace(",", ".")  # 8,50 → 8.50
        try:
            amount = Decimal(normalised.replace(",", ""))
        except ArithmeticError:
            amount = None
        if amount is None or not amount.is_finite() or amount <= 0 or amount >= Decimal("1000000"):
            raise InputError(
                f"「{fact.label_zh}」不是有效金额:{text}",
                f"'{fact.label_en}' is not an amount: {text}",
                hint_zh=f"请填写 {currency} 金额,例如 8.50。",
                hint_en=f"Enter an amount in {currency}, e.g. 8.50.",
            )
        return amount
    return text
