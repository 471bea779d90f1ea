"""The appeal-letter texts in resources/letters: the set is complete, every letter renders cleanly from full and
from minimal facts (and from any mix of them), states what is known and never more, and reads as a letter of its
own language; the loader refuses broken files with the file and line; the manager's summary names what's missing."""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from letter_facts import full_facts, minimal_facts, variant

from acorn_desktop.documents import letter_templates
from acorn_desktop.documents.templating import render
from acorn_desktop.domain.claims import LANGUAGE_NAMES, LETTER_LANGUAGES, ClaimType
from acorn_desktop.domain.evidence import REQUIRED, EvidenceKind
from acorn_desktop.errors import InputError

LETTERS = [(ct.value, lang) for ct in ClaimType for lang in LETTER_LANGUAGES]
NOT_RECEIVED = (ClaimType.ATOZ_NOT_RECEIVED.value, ClaimType.CHARGEBACK_NOT_RECEIVED.value)

# Amazon's own name for the claim on each marketplace (the letter must use it, in the subject and the body).
ATOZ_TERM = {
    "en": "A-to-z Guarantee",
    "de": "A-bis-z-Garantie",
    "fr": "Garantie A à Z",
    "it": "Garanzia dalla A alla Z",
    "es": "Garantía de la A a la Z",
    "ja": "Amazonマーケットプレイス保証",
}
CHARGEBACK_TERM = {
    "en": "hargeback",
    "de": "Rückbuchung",
    "fr": "rétrofacturation",
    "it": "riaccredito",
    "es": "retrocesión de cargo",
    "ja": "チャージバック",
}
# How each language opens and closes a letter to Amazon.
GREETING = {
    "en": ("Dear ", "Kind regards,"),
    "de": ("Sehr geehrte Damen und Herren,", "Mit freundlichen Grüßen"),
    "fr": ("Madame, Monsieur,", "Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées."),
    "it": ("Gentile ", "Cordiali saluti"),
    "es": ("Estimado equipo", "Atentamente,"),
    "ja": ("ご担当者様", "何卒よろしくお願い申し上げます。"),
}
# The words with which a letter says the carrier delivered the parcel: only ever with a delivery date.
DELIVERED = {
    "en": "was delivered",
    "de": "zugestellt",
    "fr": "a été livré",
    "it": "è stato consegnato",
    "es": "se entregó",
    "ja": "配達が完了",
}
KANA = re.compile(r"[\u3040-\u30ff]")
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef]")


def letter(claim_type: str, lang: str, facts: dict) -> tuple[str, str]:
    subject, body = letter_templates.load(claim_type, lang)
    name = letter_templates.file_name(claim_type, lang)
    return render(subject, facts, name=name), render(body, facts, name=name)


def assert_clean(text: str, *, where: str) -> None:
    """No gap a missing fact could leave: no None, no template syntax, no doubled spaces or punctuation, no empty
    bullet, quote or parenthesis, no run of empty lines, no whitespace at a line's end."""
    problems = []
    text = text.replace("Co., Ltd.", "Co Ltd")  # a company's legal name keeps its own punctuation
    for token in ("None", "{{", "}}", "{%", "%}", "{#", "  ", " \n", "\n\n\n", "()", "“”", "„“", "«\u00a0»", "「」"):
        if token in text:
            problems.append(f"contains {token!r}")
    if re.search(r" [,.;)]|\( |[,.;:]{2}|[、。]{2}", text.replace("...", "")):
        problems.append("a space before punctuation, or doubled punctuation")
    if text != text.lstrip() or not text.endswith("\n") or text.endswith("\n\n"):
        problems.append("starts with whitespace or does not end with exactly one newline")
    for line in text.splitlines():
        if line.startswith("-") and (not line.startswith("- ") or len(line.strip("- :")) == 0):
            problems.append(f"empty bullet {line!r}")
    assert not problems, f"{where}: {problems}\n{text}"


def printed_lines(text: str, lang: str) -> int:
    """Lines on an A4 page at letter size (about 90 Latin or 45 Japanese characters a line)."""
    width = 45 if lang == "ja" else 90
    return sum(max(1, len(textwrap.wrap(line, width))) for line in text.splitlines())


# -- the set ----------------------------------------------------------------------------------------------------


def test_the_set_is_six_claim_types_in_six_languages_plus_the_summary():
    names = sorted(path.name for path in letter_templates.letters_dir().iterdir())
    expected = sorted([f"{ct}.{lang}.txt" for ct, lang in LETTERS] + ["internal_summary.zh.txt"])
    assert names == expected
    assert letter_templates.available() == [(ClaimType(ct), lang) for ct, lang in LETTERS]


@pytest.mark.parametrize("name", [f"{ct}.{lang}.txt" for ct, lang in LETTERS] + ["internal_summary.zh.txt"])
def test_every_file_is_plain_utf8_in_the_contract_format(name):
    raw = (letter_templates.letters_dir() / name).read_bytes()
    text = raw.decode("utf-8")  # no byte-order mark, no CRLF in the shipped files
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and text.endswith("\n")
    assert text.startswith("Subject: ") and text.split("\n")[1] == ""
    assert all(unicodedata.category(ch) != "Cc" or ch == "\n" for ch in text), "control characters"
    assert unicodedata.normalize("NFC", text) == text


# -- every letter, full and minimal ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("claim_type", "lang"), LETTERS)
@pytest.mark.parametrize("kind", ["full", "minimal"])
def test_every_letter_renders_cleanly_and_names_the_order(claim_type, lang, kind):
    facts = (full_facts if kind == "full" else minimal_facts)(lang, claim_type)
    subject, body = letter(claim_type, lang, facts)
    assert subject.strip() == subject and subject and "\n" not in subject
    assert_clean(subject + "\n", where=f"{claim_type}.{lang} subject ({kind})")
    assert_clean(body, where=f"{claim_type}.{lang} ({kind})")
    assert facts["order"]["id"] in subject and facts["order"]["id"] in body
    term = ATOZ_TERM[lang] if claim_type.startswith("atoz_") else CHARGEBACK_TERM[lang]
    assert term in subject and term in body
    opening, closing = GREETING[lang]
    assert opening in body and closing in body
    assert body.rstrip().endswith(facts["seller"]["legal_name"])  # signed by the company, in Latin script
    assert facts["seller"]["store_name"] not in subject + body  # never by the team's Chinese display name
    assert render("{{ d|longdate(lang) }}", {"d": facts["today"], "lang": lang}) in body
    order = facts["order"]
    assert render("{{ t|money(c, lang) }}", {"t": order["total"], "c": order["currency"], "lang": lang}) in body
    if lang == "ja":
        assert len(KANA.findall(body)) > 100 and len(KANA.findall(subject)) > 3
    else:
        assert not CJK.search(subject + body), "Japanese or Chinese text in a European letter"
    assert printed_lines(body, lang) <= 54, "more than one page"


@pytest.mark.parametrize(("claim_type", "lang"), LETTERS)
def test_a_full_letter_states_the_evidence_and_refers_to_the_attachments(claim_type, lang):
    facts = full_facts(lang, claim_type)
    _, body = letter(claim_type, lang, facts)
    money = {"c": facts["order"]["currency"], "lang": lang}
    shipment = facts["shipment"]
    if claim_type != ClaimType.ATOZ_RETURN_NOT_REFUNDED.value:
        assert shipment["tracking_number"] in body and shipment["carrier"] in body
        assert render("{{ d|longdate(lang) }}", {"d": shipment["shipped_on"], "lang": lang}) in body
    if claim_type in NOT_RECEIVED or claim_type == ClaimType.CHARGEBACK_UNAUTHORISED.value:
        assert shipment["delivered_to"] in body
        last = shipment["scans"][-1]
        hours, minutes = last["time"].split(":")
        assert last["description"] in body and re.search(rf"{hours}\D{{1,3}}{minutes}", body)  # 14:05 · 14 h 05
    if "not_as_described" in claim_type:
        assert all(message["excerpt"] in body for message in facts["messages"])
        assert facts["order"]["items"][0]["title"] in body and facts["order"]["items"][0]["asin"] in body
    if "return" in claim_type or "not_as_described" in claim_type:
        assert facts["return_shipment"]["tracking_number"] in body
    refund = facts["refunds"][0]
    assert render("{{ d|longdate(lang) }}", {"d": refund["posted_on"], "lang": lang}) in body
    assert render("{{ a|money(c, lang) }}", {"a": refund["amount"], **money}) in body
    labels = [attachment["label"] for attachment in facts["attachments"]]
    positions = [body.find(label) for label in labels]
    assert -1 not in positions and positions == sorted(positions), "attachments listed in order"
    assert facts["claim"]["reason"] in body


@pytest.mark.parametrize(("claim_type", "lang"), [(ct, lang) for ct, lang in LETTERS if ct in NOT_RECEIVED])
def test_a_not_received_letter_claims_delivery_only_with_a_delivery_date(claim_type, lang):
    delivered = full_facts(lang, claim_type)
    _, body = letter(claim_type, lang, delivered)
    assert render("{{ d|longdate(lang) }}", {"d": delivered["shipment"]["delivered_on"], "lang": lang}) in body
    assert DELIVERED[lang] in body

    in_transit = variant(
        minimal_facts(lang, claim_type),
        shipment={**delivered["shipment"], "delivered_on": None, "delivered_to": None,
                  "scans": delivered["shipment"]["scans"][:2]},
    )  # fmt: skip
    _, body = letter(claim_type, lang, in_transit)
    assert DELIVERED[lang] not in body, "claims a delivery the tracking does not show"
    assert delivered["shipment"]["scans"][-1]["description"] not in body
    # …and says what is known instead: the carrier, the tracking number, the ship date and the latest scans.
    assert delivered["shipment"]["tracking_number"] in body and delivered["shipment"]["carrier"] in body
    assert render("{{ d|longdate(lang) }}", {"d": delivered["shipment"]["shipped_on"], "lang": lang}) in body
    assert delivered["shipment"]["scans"][1]["description"] in body


# -- any mix of facts ---------------------------------------------------------------------------------------------


@st.composite
def some_facts(draw, claim_type: str, lang: str) -> dict:
    """Full facts with any subset of the optional ones taken away or changed."""
    facts = full_facts(lang, claim_type)
    shipment, currency = facts["shipment"], facts["order"]["currency"]
    if draw(st.booleans()):
        facts["claim"]["amount"] = None
    elif draw(st.booleans()):
        facts["claim"]["amount"] = facts["order"]["total"] / 2
    if draw(st.booleans()):
        facts["claim"]["reason"] = draw(st.sampled_from([None, ""]))
    if draw(st.booleans()):
        facts["order"]["items"] = draw(st.sampled_from([[], facts["order"]["items"] * 2]))
    for key in ("service", "shipped_on", "delivered_on", "delivered_to"):
        if draw(st.booleans()):
            shipment[key] = None
    shipment["scans"] = shipment["scans"][: draw(st.integers(0, 4))]
    for scan in shipment["scans"]:
        if draw(st.booleans()):
            scan.update(time=None, location="", description="")
    if draw(st.booleans()):
        facts["shipment"] = None
    if draw(st.booleans()):
        facts["return_shipment"]["delivered_on"] = None
    if draw(st.booleans()):
        facts["return_shipment"] = None
    amounts = draw(st.lists(st.sampled_from(["1", "5.5", str(facts["order"]["total"])]), max_size=3))
    facts["refunds"] = [
        {"posted_on": date(2026, 3, 2) + timedelta(days=i), "amount": Decimal(a), "currency": currency}
        for i, a in enumerate(amounts)
    ]
    facts["refund_total"] = sum((r["amount"] for r in facts["refunds"]), Decimal(0))
    facts["messages"] = facts["messages"][: draw(st.integers(0, 2))]
    for message in facts["messages"]:
        if draw(st.booleans()):
            message["received_on"] = None
    if draw(st.booleans()):
        facts["messages"].append({"received_on": None, "excerpt": ""})
    facts["attachments"] = facts["attachments"][: draw(st.integers(0, 2))]
    if draw(st.booleans()):  # a claim synced (e.g. from Finances) before its order is known: no date, no items
        facts["order"].update(
            purchase_date=None, items=[], total=draw(st.sampled_from([facts["claim"]["amount"], None]))
        )
    return facts


# Every fact a case may lack, as letters.case_facts leaves it (None, or an empty list).
OPTIONAL_FACTS = {
    "order.purchase_date": None, "order.total": None, "order.items": [], "claim.amount": None, "claim.reason": None,
    "shipment": None, "shipment.service": None, "shipment.shipped_on": None, "shipment.delivered_on": None,
    "shipment.delivered_to": None, "shipment.scans": [], "return_shipment": None, "return_shipment.delivered_on": None,
    "refunds": [], "messages": [], "attachments": [],
}  # fmt: skip


@pytest.mark.parametrize("missing", sorted(OPTIONAL_FACTS))
def test_each_fact_taken_away_in_turn_leaves_no_gap_in_any_letter_or_the_summary(missing):
    for claim_type, lang in LETTERS:
        facts = variant(full_facts(lang, claim_type), **{missing: OPTIONAL_FACTS[missing]})
        if missing == "refunds":
            facts["refund_total"] = Decimal(0)
        subject, body = letter(claim_type, lang, facts)
        assert_clean(subject + "\n", where=f"{claim_type}.{lang} subject without {missing}")
        assert_clean(body, where=f"{claim_type}.{lang} without {missing}")
        assert not re.search(r"\b(vom|am|on|le|el|in data)\s*[(,.]", body), f"{claim_type}.{lang}: dangling preposition"
        subject, body = summary(facts)
        assert_clean(body, where=f"summary {claim_type}.{lang} without {missing}")
        if missing == "order.purchase_date":
            assert "下单" not in body


@pytest.mark.parametrize(("claim_type", "lang"), LETTERS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_mix_of_facts_renders_without_a_gap(claim_type, lang, data):
    facts = data.draw(some_facts(claim_type, lang))
    subject, body = letter(claim_type, lang, facts)
    assert_clean(subject + "\n", where=f"{claim_type}.{lang} subject")
    assert_clean(body, where=f"{claim_type}.{lang}")
    assert facts["order"]["id"] in body
    for attachment in facts["attachments"]:
        assert attachment["label"] in body
    if facts["shipment"] is not None and facts["shipment"]["delivered_on"] is None:
        assert DELIVERED[lang] not in body
    assert printed_lines(body, lang) <= 60


# -- the loader ---------------------------------------------------------------------------------------------------


def test_load_splits_subject_and_body():
    subject, body = letter_templates.load(ClaimType.ATOZ_NOT_RECEIVED, "de")
    assert subject.startswith("A-bis-z-Garantieantrag") and "{{ order.id }}" in subject
    assert not body.startswith("\n") and "Sehr geehrte Damen und Herren," in body


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"Betreff: x\n\nText\n", "第 1 行应以「Subject: 」开头"),
        (b"Subject:   \n\nText\n", "第 1 行"),
        (b"Subject: x\nText\n", "第 2 行应为空行"),
        (b"Subject: x\n\n\n", "第 3 行之后没有正文"),
        (b"Subject: x\n\nZeile 3\nZeile 4 \xe4\n", "第 4 行不是 UTF-8 编码"),
    ],
)
def test_a_malformed_file_is_refused_with_its_name_and_line(tmp_path, content, says):
    (tmp_path / "atoz_not_received.de.txt").write_bytes(content)
    with pytest.raises(InputError) as caught:
        letter_templates.load("atoz_not_received", "de", directory=tmp_path)
    assert says in caught.value.zh and "atoz_not_received.de.txt" in caught.value.zh
    assert caught.value.hint_zh and caught.value.en


def test_a_missing_file_or_unknown_choice_is_refused_in_chinese(tmp_path):
    with pytest.raises(InputError) as caught:
        letter_templates.load("atoz_not_received", "fr", directory=tmp_path)
    assert "找不到申诉信模板文件" in caught.value.zh and "atoz_not_received.fr.txt" in caught.value.zh
    with pytest.raises(InputError, match="可用的语言:en, de, fr, it, es, ja"):
        letter_templates.load("atoz_not_received", "pt")
    with pytest.raises(InputError, match="没有「safet_claim」类型的申诉信"):
        letter_templates.load("safet_claim", "de")
    with pytest.raises(InputError, match=r"internal_summary\.zh\.txt"):
        letter_templates.internal_summary(directory=tmp_path)
    assert letter_templates.available(directory=tmp_path) == []


def test_a_file_saved_by_a_windows_editor_reads_the_same(tmp_path):
    shipped = (letter_templates.letters_dir() / "atoz_not_received.fr.txt").read_text(encoding="utf-8")
    (tmp_path / "atoz_not_received.fr.txt").write_bytes(b"\xef\xbb\xbf" + shipped.replace("\n", "\r\n").encode())
    assert letter_templates.load("atoz_not_received", "fr", directory=tmp_path) == letter_templates.load(
        "atoz_not_received", "fr"
    )


def test_the_bundle_finds_the_letters_inside_itself(tmp_path, monkeypatch):
    """Frozen by PyInstaller, resources/ sits in sys._MEIPASS (build.spec ships the whole folder)."""
    shutil.copytree(letter_templates.letters_dir(), tmp_path / "resources" / "letters")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert letter_templates.letters_dir() == tmp_path / "resources" / "letters"
    assert len(letter_templates.available()) == 36
    assert letter_templates.internal_summary().subject.startswith("内部摘要")


# -- the manager's summary -------------------------------------------------------------------------------------------

# Which fact each kind of evidence is (what the letters engine leaves out when the case lacks it).
WITHOUT = {
    EvidenceKind.SHIPPING_PROOF: {"shipment": None},
    EvidenceKind.DELIVERY_SCAN: {"shipment.delivered_on": None, "shipment.delivered_to": None},
    EvidenceKind.RETURN_TRACKING: {"return_shipment": None},
    EvidenceKind.REFUND_RECORD: {"refunds": [], "refund_total": Decimal(0)},
    EvidenceKind.BUYER_MESSAGE: {"messages": []},
    EvidenceKind.PHOTO: {"attachments": [{"label": "Anlage 1 – Sendungsverlauf", "filename": "tracking.pdf"}]},
}


def summary(facts: dict) -> tuple[str, str]:
    subject, body = letter_templates.internal_summary()
    return render(subject, facts, name="summary"), render(body, facts, name="summary")


@pytest.mark.parametrize("claim_type", [ct.value for ct in ClaimType])
@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_the_summary_tells_the_manager_what_the_case_is(claim_type, lang):
    for facts in (full_facts(lang, claim_type), minimal_facts(lang, claim_type)):
        subject, body = summary(facts)
        assert_clean(subject + "\n", where="summary subject")
        assert_clean(body, where=f"summary {claim_type} {lang}")
        assert ClaimType(claim_type).label_zh in subject and facts["order"]["id"] in subject
        assert str(facts["case"]["id"]) in subject
        assert LANGUAGE_NAMES[lang][0] in body and facts["marketplace"]["domain"] in body
        assert render("{{ t|money(c, 'zh') }}", {"t": facts["order"]["total"], "c": facts["order"]["currency"]}) in body
        assert "A-to-z 索赔" in body if claim_type.startswith("atoz_") else "拒付" in body
        assert "申诉信" in body and "证据包" in body


@pytest.mark.parametrize("claim_type", list(ClaimType))
def test_the_summary_lists_exactly_the_missing_evidence_the_claim_type_needs(claim_type):
    complete = full_facts("de", claim_type.value)
    _, body = summary(complete)
    assert not [kind for kind in REQUIRED[claim_type] if kind.missing_zh in body]
    for kind in REQUIRED[claim_type]:
        _, body = summary(variant(complete, **WITHOUT[kind]))
        assert kind.missing_zh in body, f"{claim_type}: {kind} missing but not listed\n{body}"
        others = [k for k in REQUIRED[claim_type] if k is not kind and k.missing_zh in body]
        implied = {EvidenceKind.SHIPPING_PROOF: [EvidenceKind.DELIVERY_SCAN]}.get(kind, [])
        assert set(others) <= set(implied), f"{claim_type}: lists {others} as missing too"


def test_the_summary_warns_before_sending_a_weak_letter():
    facts = variant(full_facts("de", "atoz_return_not_refunded"), refunds=[], refund_total=Decimal(0))
    _, body = summary(facts)
    assert "请先退款" in body
    facts = variant(full_facts("de", "atoz_not_received"), **WITHOUT[EvidenceKind.DELIVERY_SCAN])
    _, body = summary(facts)
    assert "没有签收记录" in body
