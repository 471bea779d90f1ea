"""The sandboxed template engine: facts in, text out; anything else is a clear Chinese error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from acorn_desktop.documents.templating import TemplateProblem, render, variables


def test_renders_facts_with_the_formatting_filters():
    text = render(
        "Bestellung {{ order.id }} vom {{ day|longdate(lang) }}: {{ total|money(cur) }}",
        {"order": {"id": "302-1"}, "day": date(2026, 3, 3), "lang": "de", "total": Decimal("19.9"), "cur": "EUR"},
    )
    assert text == "Bestellung 302-1 vom 3. März 2026: 19.90 EUR"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "3 March 2026"), ("fr", "3 mars 2026"), ("it", "3 marzo 2026"), ("es", "3 de marzo de 2026"),
     ("ja", "2026年3月3日"), ("zh", "2026年3月3日"), ("xx", "3 March 2026")],
)  # fmt: skip
def test_long_dates_do_not_depend_on_the_process_locale(lang, expected):
    assert render("{{ d|longdate(lang) }}", {"d": date(2026, 3, 3), "lang": lang}) == expected


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("{{ tracking }}", "用到了工单没有的内容"),  # StrictUndefined: a gap in a letter is an error
        ("{{ ''.__class__.__mro__ }}", "模板不允许"),  # the sandbox refuses internals
        ("{{ items.append(1) }}", "模板不允许"),  # immutable: no mutation of the facts
        ("{% for i in range(10**9) %}{% endfor %}", "用到了工单没有的内容"),  # no range(): loops are bounded
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "无法生成"),
        ("line one\n{% if %}", "第 2 行有语法错误"),
    ],
)
def test_anything_but_facts_is_refused_with_the_line(source, says):
    with pytest.raises(TemplateProblem) as caught:
        render(source, {"items": [1]}, name="t")
    assert says in caught.value.text() and "「t」" in caught.value.zh


def test_the_facts_a_template_needs_are_listed():
    assert variables("{{ order.id }} {% if shipment %}{{ shipment.carrier }}{% endif %}") == {"order", "shipment"}


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "expected"),
    [
        (Decimal("1234.5"), "EUR", "de", "1.234,50 €"),
        (Decimal("1234.5"), "EUR", "fr", "1\u00a0234,50\u00a0€"),
        (Decimal("19.9"), "EUR", "it", "19,90 €"),
        (Decimal("19.9"), "EUR", "es", "19,90 €"),
        (Decimal("1234.5"), "GBP", "en", "1,234.50 GBP"),
        (Decimal("19.9"), "GBP", "de", "19,90 GBP"),  # only the marketplace's own currency gets its symbol
        (Decimal("1980.00"), "JPY", "ja", "1,980円"),
        (Decimal("1980.4"), "JPY", "zh", "1,980 JPY"),  # no minor units in yen
        (Decimal("-5"), "EUR", "de", "-5,00 €"),
        (Decimal("1234.5"), "EUR", None, "1234.50 EUR"),  # without a language: the plain form
    ],
)
def test_money_is_written_the_way_the_language_writes_it(amount, currency, lang, expected):
    source = "{{ x|money(cur, lang) }}" if lang else "{{ x|money(cur) }}"
    assert render(source, {"x": amount, "cur": currency, "lang": lang}) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fr", "1er mars 2026"), ("it", "1º marzo 2026"), ("de", "1. März 2026"), ("es", "1 de marzo de 2026"),
     ("en", "1 March 2026")],
)  # fmt: skip
def test_the_first_of_the_month_is_written_as_each_language_writes_it(lang, expected):
    assert render("{{ d|longdate(lang) }}", {"d": date(2026, 3, 1), "lang": lang}) == expected


def test_a_fact_named_like_a_dict_method_is_the_fact():
    facts = {"order": {"items": [{"title": "Thermoskanne"}], "values": "v", "keys": "k"}}
    assert render("{% for i in order.items %}{{ i.title }}{% endfor %} {{ order.values }}{{ order.keys }}", facts) == (
        "Thermoskanne vk"
    )


def test_a_runtime_error_names_the_template_line():
    with pytest.raises(TemplateProblem) as caught:
        render("Datum:\n{{ day > 3 }}", {"day": date(2026, 3, 3)}, name="t")
    assert "「t」第 2 行无法生成" in caught.value.zh and "line 2" in caught.value.en


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'x' * 10**9 }}",  # the template bomb: refused before anything is built
        "{{ [0] * 10**9 }}",
        "{{ 'x'|center(10**9) }}",
        "{{ [1, 2]|batch(10**9)|list }}",
        "{{ '%999999999s' % 'x' }}",
        "{{ '{:>999999999}'.format('x') }}",
        "{{ 7 ** 1000000 }}",
        "{% set a = 'x' * 100000 %}{% for i in [1] * 9000 %}{{ a }}{% endfor %}",  # output budget
        "{% set l = [1] * 9000 %}{% for i in l %}{% for j in l %}{% endfor %}{% endfor %}",  # time budget
    ],
)
def test_template_bombs_are_refused_within_a_second(source):
    import time

    started = time.monotonic()
    with pytest.raises(TemplateProblem) as caught:
        render(source, {}, name="bomb")
    assert time.monotonic() - started < 1.0
    assert "「bomb」" in caught.value.zh or "过长" in caught.value.zh


def test_small_multiplication_and_widths_still_work():
    assert render("{{ '-' * 20 }}|{{ 'ab'|center(6) }}|{{ 2 ** 10 }}", {}) == "-" * 20 + "|  ab  |1024"
