"""The buyer reply library: complete in six languages, filled from case facts, and clean under the messaging check."""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acorn_desktop.documents.reply_templates import (
    FACTS,
    REPLY_LANGUAGES,
    library,
    load_library,
    local_money,
    parse_fact,
    short_title,
)
from acorn_desktop.documents.templating import TemplateProblem
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.domain.messaging_policy import LONG_CHARS, check
from acorn_desktop.domain.text_language import guess_language
from acorn_desktop.errors import InputError
from acorn_desktop.paths import resource
from acorn_desktop.sandbox.generator import _catalogue_rows

MARKET = {"en": "UK", "de": "DE", "fr": "FR", "it": "IT", "es": "ES", "ja": "JP"}
CURRENCY = {"en": "GBP", "de": "EUR", "fr": "EUR", "it": "EUR", "es": "EUR", "ja": "JPY"}
SITUATIONS = [s.key for s in library().situations]
TITLES = [title for _, _, title, *_ in _catalogue_rows()]


def sample_facts(lang: str, **overrides) -> dict:
    facts = {
        "order_id": "302-1234567-1234567",
        "item": short_title(TITLES[0]),
        "refund_amount": local_money(Decimal("19.99"), CURRENCY[lang], lang),
        "carrier": "DHL",
        "tracking_number": "00340434161234567890",
        "ship_date": date(2026, 3, 3),
        "delivery_date": date(2026, 3, 6),
        "offer_amount": local_money(Decimal("8"), CURRENCY[lang], lang),
        "replacement_carrier": "UPS",
        "replacement_tracking": "1Z999AA10123456784",
        "parcel_state": "in_transit",
        "last_scan_date": date(2026, 3, 4),
    }
    facts.update(overrides)
    return facts


def test_the_library_has_every_situation_a_cs_agent_meets_in_six_languages():
    lib = library()
    assert len(lib.situations) >= 10
    assert {"return_instructions", "refund_issued", "partial_refund_offer", "replacement_shipped", "tracking_update",
            "photos_request", "atoz_preclaim_in_transit", "atoz_preclaim_delivered", "address_confirmation",
            "cancellation_confirmed", "out_of_stock"} <= set(SITUATIONS)  # fmt: skip
    for situation in lib.situations:
        assert set(situation.sources) == set(REPLY_LANGUAGES)
        assert situation.label_zh and situation.label_en and situation.hint_zh and situation.hint_en
        assert situation.kinds and set(situation.facts) <= set(FACTS)
        assert "order_id" in situation.facts


@pytest.mark.parametrize("lang", REPLY_LANGUAGES)
@pytest.mark.parametrize("key", SITUATIONS)
def test_every_text_is_clean_in_its_own_language_once_filled(key, lang):
    situation = library().get(key)
    facts = sample_facts(lang)
    text = situation.render(lang, facts)
    assert "{{" not in text and "{%" not in text
    assert facts["order_id"] in text
    for name in situation.facts:
        value = facts[name]
        if isinstance(value, date) or FACTS[name].derived:
            continue
        assert str(value) in text, name
    findings = check(text, MARKET[lang], known_values=[str(v) for v in facts.values()])
    assert findings == [], [(f.rule_id, f.excerpt) for f in findings]
    assert guess_language(text).language == lang
    assert len(text) < LONG_CHARS


def test_dates_are_written_the_way_each_language_writes_them():
    situation = library().get("tracking_update")
    expected = {"en": "3 March 2026", "de": "3. März 2026", "fr": "3 mars 2026", "it": "3 marzo 2026",
                "es": "3 de marzo de 2026", "ja": "2026年3月3日"}  # fmt: skip
    for lang, written in expected.items():
        assert written in situation.render(lang, sample_facts(lang))


# -- a parcel not scanned for more than 7 days is not "on its way" -------------------------------------------
PARCEL_SITUATIONS = ["tracking_update", "atoz_preclaim_in_transit"]
ON_ITS_WAY = {
    "en": r"on its way|in transit|en route",
    "de": r"unterwegs|auf dem Weg",
    "fr": r"en route|en cours d'acheminement|en chemin",
    "it": r"in viaggio|in transito",
    "es": r"en camino|en tránsito",
    "ja": r"配送中|輸送中",
}
LAST_SCAN = {"en": "9 March 2026", "de": "9. März 2026", "fr": "9 mars 2026", "it": "9 marzo 2026",
             "es": "9 de marzo de 2026", "ja": "2026年3月9日"}  # fmt: skip
INVESTIGATION = {"en": "investigation", "de": "Nachforschungsauftrag", "fr": "enquête", "it": "indagine",
                 "es": "investigación", "ja": "調査"}  # fmt: skip


@pytest.mark.parametrize("lang", REPLY_LANGUAGES)
@pytest.mark.parametrize("key", PARCEL_SITUATIONS)
def test_a_stale_parcel_is_not_said_to_be_on_its_way(key, lang):
    facts = sample_facts(lang, parcel_state="stale", last_scan_date=date(2026, 3, 9))
    text = library().get(key).render(lang, facts)
    assert not re.search(ON_ITS_WAY[lang], text, re.IGNORECASE), text
    assert LAST_SCAN[lang] in text and INVESTIGATION[lang] in text
    assert facts["tracking_number"] in text and "{" not in text
    findings = check(text, MARKET[lang], known_values=[str(v) for v in facts.values()])
    assert findings == [], [(f.rule_id, f.excerpt) for f in findings]
    assert guess_language(text).language == lang


@pytest.mark.parametrize("lang", REPLY_LANGUAGES)
@pytest.mark.parametrize("key", PARCEL_SITUATIONS)
@pytest.mark.parametrize("state", ["in_transit", "none"])
def test_a_moving_parcel_is_still_said_to_be_on_its_way(key, lang, state):
    text = library().get(key).render(lang, sample_facts(lang, parcel_state=state))
    assert re.search(ON_ITS_WAY[lang], text, re.IGNORECASE), text
    assert LAST_SCAN[lang] not in text and INVESTIGATION[lang] not in text


def test_derived_facts_are_never_asked_for():
    assert FACTS["parcel_state"].derived and FACTS["last_scan_date"].derived
    assert {"parcel_state", "last_scan_date"} <= set(library().get("tracking_update").facts)


def test_a_fact_the_case_lacks_is_named():
    facts = sample_facts("de")
    del facts["tracking_number"]
    with pytest.raises(TemplateProblem) as error:
        library().get("tracking_update").render("de", facts)
    assert "tracking_number" in error.value.zh and "工单没有" in error.value.zh


def test_situations_for_a_kind_come_first_and_nothing_is_left_out():
    ordered = library().for_kind(CaseKind.ATOZ_CLAIM)
    keys = [s.key for s in ordered]
    assert sorted(keys) == sorted(SITUATIONS)
    first_other = next(i for i, s in enumerate(ordered) if CaseKind.ATOZ_CLAIM not in s.kinds)
    assert all(CaseKind.ATOZ_CLAIM in s.kinds for s in ordered[:first_other])
    assert "atoz_preclaim_delivered" in keys[:first_other]
    with pytest.raises(InputError):
        library().get("no_such_template")


# -- any plausible case: still clean ---------------------------------------------------------------------------
_order_ids = st.from_regex(r"\A[0-9]{3}-[0-9]{7}-[0-9]{7}\Z")
_carriers = st.sampled_from(["DHL", "UPS", "DPD", "GLS", "Hermes", "FedEx", "USPS", "Royal Mail", "Colissimo",
                             "Chronopost", "BRT", "Poste Italiane", "SEUR", "Correos", "Yamato Transport",
                             "Japan Post", "Sagawa Express", "Yanwen", "4PX", "Cainiao"])  # fmt: skip
_tracking = st.one_of(st.from_regex(r"\A[A-Z]{2}[0-9]{9}[A-Z]{2}\Z"), st.from_regex(r"\A1Z[0-9A-Z]{16}\Z"),
                      st.from_regex(r"\A[0-9]{10,22}\Z"), st.from_regex(r"\A[0-9]{4}-[0-9]{4}-[0-9]{4}\Z"))  # fmt: skip
_amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
_dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@settings(max_examples=150, deadline=None)
@given(key=st.sampled_from(SITUATIONS), lang=st.sampled_from(REPLY_LANGUAGES), order_id=_order_ids,
       title=st.sampled_from(TITLES), carrier=_carriers, tracking=_tracking, replacement=_tracking,
       amount=_amounts, offer=_amounts, shipped=_dates, delivered=_dates,
       parcel=st.sampled_from(["none", "in_transit", "stale", "delivered"]))  # fmt: skip
def test_a_clean_template_stays_clean_whatever_the_case_facts(
    key, lang, order_id, title, carrier, tracking, replacement, amount, offer, shipped, delivered, parcel
):
    currency = CURRENCY[lang]
    facts = sample_facts(
        lang, order_id=order_id, item=short_title(title), carrier=carrier, tracking_number=tracking,
        refund_amount=local_money(amount, currency, lang), offer_amount=local_money(offer, currency, lang),
        ship_date=shipped, delivery_date=delivered, replacement_carrier=carrier, replacement_tracking=replacement,
        parcel_state=parcel, last_scan_date=delivered,
    )  # fmt: skip
    text = library().get(key).render(lang, facts)
    findings = check(text, MARKET[lang], known_values=[str(v) for v in facts.values()])
    assert findings == [], [(f.rule_id, f.excerpt) for f in findings]


# -- the loader refuses a broken library, saying which file ---------------------------------------------------
@pytest.fixture
def library_copy(tmp_path):
    root = tmp_path / "replies"
    shutil.copytree(resource("replies"), root)
    return root


def test_a_missing_language_is_named(library_copy):
    (library_copy / "refund_issued" / "ja.txt").unlink()
    with pytest.raises(InputError) as error:
        load_library(library_copy)
    assert "refund_issued" in error.value.zh and "ja.txt" in error.value.zh


def test_an_unknown_fact_is_named(library_copy):
    path = library_copy / "refund_issued" / "de.txt"
    path.write_text(path.read_text(encoding="utf-8") + "{{ buyer_name }}", encoding="utf-8")
    with pytest.raises(TemplateProblem) as error:
        load_library(library_copy)
    assert "buyer_name" in error.value.zh and "de.txt" in error.value.zh


def test_languages_must_use_the_same_facts(library_copy):
    path = library_copy / "refund_issued" / "it.txt"
    path.write_text(path.read_text(encoding="utf-8") + "{{ carrier }}", encoding="utf-8")
    with pytest.raises(TemplateProblem) as error:
        load_library(library_copy)
    assert "各语言" in error.value.zh


# -- formatting ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "currency", "lang", "text"),
    [("19.99", "USD", "en", "$19.99"), ("1234.5", "GBP", "en", "£1,234.50"), ("19.99", "EUR", "de", "19,99\u00a0€"),
     ("1234.56", "EUR", "de", "1.234,56\u00a0€"), ("1234.56", "EUR", "fr", "1\u00a0234,56\u00a0€"),
     ("8", "EUR", "it", "8,00\u00a0€"), ("1234.5", "EUR", "es", "1.234,50\u00a0€"), ("1980", "JPY", "ja", "1,980円"),
     ("10", "SEK", "de", "10,00\u00a0SEK"), ("2.005", "USD", "en", "$2.01")],
)  # fmt: skip
def test_money_is_written_the_local_way(amount, currency, lang, text):
    assert local_money(Decimal(amount), currency, lang) == text


def test_item_titles_are_shortened_for_a_sentence():
    assert short_title("USB C Charger 65W GaN Fast Wall Charger, 3-Port") == "USB C Charger 65W GaN Fast Wall Charger"
    assert short_title("Mug") == "Mug"
    long = "Extra Large Heavy Duty Waterproof Outdoor Storage Box With Lockable Lid And Wheels For Garden Tools"
    shortened = short_title(long)
    assert len(shortened) <= 61 and shortened.endswith("…") and long.startswith(shortened[:-1])


def test_agent_values_are_parsed_or_refused_with_a_reason():
    assert parse_fact(FACTS["offer_amount"], "8,50", "EUR") == Decimal("8.50")
    assert parse_fact(FACTS["offer_amount"], " 12.5 ", "EUR") == Decimal("12.5")
    assert parse_fact(FACTS["ship_date"], "2026-03-03", "EUR") == date(2026, 3, 3)
    assert parse_fact(FACTS["replacement_tracking"], " 1Z999 ", "EUR") == "1Z999"
    for fact, raw in [("offer_amount", "abc"), ("offer_amount", "-3"), ("offer_amount", "NaN"),
                      ("ship_date", "3.3.2026"), ("carrier", "  ")]:  # fmt: skip
        with pytest.raises(InputError):
            parse_fact(FACTS[fact], raw, "EUR")
