"""Sandboxed text templates for letters and buyer replies.

Templates are written by people (shipped in ``resources/`` and, later, edited by managers), so they are
treated as untrusted: they render in Jinja2's *immutable sandbox* — no attribute access to internals, no
calls that change state, no imports, no file access, no ``range()`` (loops run over the given facts only;
a recursive macro ends in a clear error) — and every variable they use must be given (``StrictUndefined``:
a missing fact is an error, never an empty gap in a letter sent to Amazon). The output is plain text;
autoescaping is off because nothing here is HTML.

Budgets, so a template can never build a huge value or run for long: string / list multiplication and
concatenation, ``**`` and ``%`` widths are checked *before* they run (``{{ 'x' * 10**9 }}`` is refused at
once); no filter or call takes a number above :data:`MAX_ARGUMENT` (``center(10**9)``, ``batch(10**9)``);
the output is counted while it is produced (:data:`MAX_OUTPUT_CHARS`) and rendering stops after
:data:`RENDER_SECONDS`.

Facts are passed as plain data (str, int, Decimal, date, lists and dicts of those): never ORM objects.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache, wraps

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..domain.money import quantize
from ..errors import InputError

MAX_OUTPUT_CHARS = 200_000  # a letter is a few pages; anything longer is a template bug
MAX_SEQUENCE_ITEMS = 10_000  # a list built in a template (``[x] * n``, ``a + b``)
MAX_ARGUMENT = 10_000  # the largest number a filter or call may take (widths, counts)
MAX_POWER_BITS = 4_096  # ``a ** b`` may not make a bigger integer
RENDER_SECONDS = 0.5
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(?:\*|\d{5,})|%[-+ #0]*\d*\.(?:\*|\d{5,})|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")


class _TooBig(Exception):
    """A template tried to build something beyond the budgets (mapped to a TemplateProblem)."""


def _size(value) -> tuple[int, int] | None:
    """(length, cap) of a string or a list/tuple, else None."""
    if isinstance(value, str):
        return len(value), MAX_OUTPUT_CHARS
    if isinstance(value, (list, tuple)):
        return len(value), MAX_SEQUENCE_ITEMS
    return None


def _check_binop(operator: str, left, right) -> None:
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            sized = _size(seq)
            if sized is not None and isinstance(count, int) and sized[0] * max(count, 0) > sized[1]:
                raise _TooBig(f"{sized[0]:,} × {count:,}")
    elif operator == "+":
        a, b = _size(left), _size(right)
        if a is not None and b is not None and a[0] + b[0] > a[1]:
            raise _TooBig(f"{a[0]:,} + {b[0]:,}")
    elif operator == "**":
        ints = isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
        if ints and right * max(abs(left).bit_length(), 1) > MAX_POWER_BITS:
            raise _TooBig(f"{left} ** {right}")
    elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
        raise _TooBig("format width")


def _check_arguments(args, kwargs) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            raise _TooBig(f"argument {value:,}")
        if isinstance(value, str) and _WIDE_FORMAT.search(value):
            raise _TooBig("format width")


def _capped_filter(func):
    """A filter whose arguments (not the piped value) are checked against :data:`MAX_ARGUMENT`."""

    @wraps(func)
    def capped(*args, **kwargs):
        # the piped value (after any context / environment argument) is free; its parameters are not
        _check_arguments([a for a in args[1:] if not hasattr(a, "environment")], kwargs)
        return func(*args, **kwargs)

    return capped


class TemplateProblem(InputError):
    """A template that cannot be rendered: which template, which line, and what to do."""


def _money(value, currency: str = "", lang: str | None = None) -> str:
    """``19.99 EUR``; with a language, the way that language writes the amount.

    ``money(cur)`` → ``1234.50 EUR`` (the plain form). ``money(cur, lang)`` → ``1,234.50 EUR`` (en, zh) ·
    ``1.234,50 €`` (de, it, es) · ``1 234,50 €`` (fr, no-break space) · ``1,980円`` (ja); currencies without
    minor units (JPY) get no decimals, and other currencies keep their ISO code after the number.
    """
    if isinstance(value, str):
        return f"{value} {currency}".strip()
    if lang is None:
        return f"{Decimal(value).quantize(Decimal('0.01'))} {currency}".strip()
    amount = quantize(Decimal(value), currency or "XXX")
    thousands, decimal_mark = _NUMBER_MARKS.get(lang, _NUMBER_MARKS["en"])
    digits = f"{abs(amount):,f}".translate({ord(","): thousands, ord("."): decimal_mark})
    sign = "-" if amount < 0 else ""
    symbol = _CURRENCY_SYMBOLS.get((lang, currency))
    if symbol is not None:
        return f"{sign}{digits}{symbol}"
    return f"{sign}{digits} {currency}".strip()


_NUMBER_MARKS = {  # thousands separator, decimal mark
    "en": (",", "."),
    "de": (".", ","),
    "fr": ("\u00a0", ","),
    "it": (".", ","),
    "es": (".", ","),
    "ja": (",", "."),
    "zh": (",", "."),
}
# Where a language's letters write a symbol instead of the code (Amazon's own pages do the same).
_CURRENCY_SYMBOLS = {
    ("de", "EUR"): " €",
    ("fr", "EUR"): "\u00a0€",
    ("it", "EUR"): " €",
    ("es", "EUR"): " €",
    ("ja", "JPY"): "円",
}


def _date(value, fmt: str = "%Y-%m-%d") -> str:
    if isinstance(value, (datetime, date)):
        return value.strftime(fmt)
    return str(value)


_MONTHS = {
    "en": ("January February March April May June July August September October November December"),
    "de": ("Januar Februar März April Mai Juni Juli August September Oktober November Dezember"),
    "fr": ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre"),
    "it": ("gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"),
    "es": ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"),
}
_LONG_DATE = {
    "en": "{d} {month} {y}",
    "de": "{d}. {month} {y}",
    "fr": "{d} {month} {y}",
    "it": "{d} {month} {y}",
    "es": "{d} de {month} de {y}",
}


def _longdate(value, lang: str = "en") -> str:
    """A date written out the way the language writes it, whatever the process locale is.

    ``3 March 2026`` · ``3. März 2026`` · ``3 mars 2026`` · ``3 marzo 2026`` · ``3 de marzo de 2026`` ·
    ``2026年3月3日`` (ja and zh); the first of the month is ``1er mars`` in French and ``1º marzo`` in Italian.
    """
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return str(value)
    if lang in ("ja", "zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    key = lang if lang in _MONTHS else "en"
    month = _MONTHS[key].split()[value.month - 1]
    day = _FIRST_OF_MONTH.get(key, "1") if value.day == 1 else str(value.day)
    return _LONG_DATE[key].format(d=day, month=month, y=value.year)


_FIRST_OF_MONTH = {"fr": "1er", "it": "1º"}  # « le 1er mars », « il 1º marzo »


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox plus a few formatting filters; nothing from the outside world."""

    def __init__(self) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.filters["money"] = _money
        self.filters["date"] = _date
        self.filters["longdate"] = _longdate
        self.filters = {name: _capped_filter(f) for name, f in self.filters.items()}
        self.globals.clear()  # no range(), dict(), lipsum(), cycler(), joiner(), namespace()

    intercepted_binops = frozenset({"*", "+", "**", "%"})  # checked first; also keeps them from constant folding

    def call_binop(self, context, operator: str, left, right):
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context, obj, *args, **kwargs):
        if isinstance(obj, Undefined):  # calling a missing name: say it is missing
            return super().call(context, obj, *args, **kwargs)
        _check_arguments(args, kwargs)
        bound = getattr(getattr(obj, "__wrapped__", obj), "__self__", None)  # the sandbox wraps str.format
        if isinstance(bound, str):  # str.format / center / ljust on a template string: its widths count too
            _check_arguments([bound], {})
        return super().call(context, obj, *args, **kwargs)

    def getattr(self, obj, attribute: str):
        """``order.items`` is the order's ``items`` fact, not ``dict.items``: facts are plain dicts, so a key
        wins over a method of the same name (``items``, ``values``, ``keys``…)."""
        if isinstance(obj, Mapping):
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                pass
        return super().getattr(obj, attribute)


@lru_cache(maxsize=1)
def environment() -> _Environment:
    return _Environment()


@lru_cache(maxsize=512)
def _compile(source: str):
    return environment().from_string(source)


def render(source: str, facts: Mapping[str, object], *, name: str = "template") -> str:
    """Render ``source`` with ``facts``; raise :class:`TemplateProblem` (Chinese + English) on any problem."""
    try:
        template = _compile(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"模板「{name}」第 {exc.lineno} 行有语法错误:{exc.message}",
            f"Template '{name}', line {exc.lineno}: syntax error: {exc.message}",
            hint_zh="请修正该行后再试;变量写作 {{ 变量名 }},条件写作 {% if … %}…{% endif %}。",
            hint_en="Fix that line; variables are written {{ name }}, conditions {% if … %}…{% endif %}.",
        ) from None
    try:
        text = _render_within_budget(template, dict(facts))
    except _TooBig as exc:
        raise TemplateProblem(
            f"模板「{name}」要生成的内容过大或耗时过长({exc}),已停止。",
            f"Template '{name}' would build too much or take too long ({exc}); it was stopped.",
            hint_zh="请检查模板中的乘法、循环和过滤器参数(例如 center、indent 的宽度)。",
            hint_en="Check the template's multiplications, loops and filter arguments (e.g. widths).",
        ) from None
    except UndefinedError as exc:
        raise TemplateProblem(
            f"模板「{name}」用到了工单没有的内容:{exc.message}",
            f"Template '{name}' uses a fact this case does not have: {exc.message}",
            hint_zh="请先在工单中补全该信息(例如物流单号),或在模板中用 {% if … %} 判断后再使用。",
            hint_en="Add the missing fact to the case first (e.g. the tracking number), or guard it with {% if … %}.",
        ) from None
    except SecurityError as exc:
        raise TemplateProblem(
            f"模板「{name}」试图做模板不允许的事:{exc}",
            f"Template '{name}' tried something templates may not do: {exc}",
            hint_zh="模板只能使用提供的变量和过滤器(money、date 等)。",
            hint_en="Templates may only use the given variables and filters (money, date, …).",
        ) from None
    except (TemplateError, RecursionError) as exc:
        raise TemplateProblem(
            f"模板「{name}」无法生成:{exc}",
            f"Template '{name}' could not be rendered: {exc}",
        ) from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        # e.g. comparing a date with a number, adding text to an amount, an index past a list's end
        where = _template_line(exc.__traceback__)
        raise TemplateProblem(
            f"模板「{name}」{f'第 {where} 行' if where else ''}无法生成:{exc}",
            f"Template '{name}'{f', line {where}' if where else ''} could not be rendered: {exc}",
            hint_zh="请检查该行用到的变量类型(日期、金额、列表)和过滤器。",
            hint_en="Check the kinds of facts (dates, amounts, lists) and the filters that line uses.",
        ) from None
    if len(text) > MAX_OUTPUT_CHARS:
        raise TemplateProblem(
            f"模板「{name}」生成的文字过长({len(text):,} 字符)。",
            f"Template '{name}' produced too much text ({len(text):,} characters).",
            hint_zh="请检查模板中的循环。",
            hint_en="Check the template's loops.",
        )
    return text


def _render_within_budget(template, facts: dict) -> str:
    """Render chunk by chunk, counting the output; a line tracer on the template's own frames stops it after
    :data:`RENDER_SECONDS` (it watches template code only and hands every other frame to any tracer already
    installed)."""
    deadline = time.monotonic() + RENDER_SECONDS
    previous = sys.gettrace()

    def local(frame, event, arg):
        if time.monotonic() > deadline:
            raise _TooBig(f"> {RENDER_SECONDS} s")
        return local

    def tracer(frame, event, arg):
        if frame.f_code.co_filename == "<template>":
            return local
        return previous(frame, event, arg) if previous is not None else None

    sys.settrace(tracer)
    try:
        parts: list[str] = []
        size = 0
        for chunk in template.generate(facts):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateProblem(
                    f"模板生成的文字过长(超过 {MAX_OUTPUT_CHARS:,} 字符)。",
                    f"The template produced too much text (more than {MAX_OUTPUT_CHARS:,} characters).",
                    hint_zh="请检查模板中的循环。",
                    hint_en="Check the template's loops.",
                )
            parts.append(chunk)
        return "".join(parts)
    finally:
        sys.settrace(previous)


def _template_line(tb) -> int | None:
    """The template line a runtime error happened on (Jinja maps its frames to ``<template>`` lines)."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def variables(source: str) -> set[str]:
    """The top-level variable names ``source`` refers to (for showing which facts a template needs)."""
    from jinja2 import meta

    return set(meta.find_undeclared_variables(environment().parse(source)))
