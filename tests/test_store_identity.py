"""A store's legal identity signs its letters: Latin script only, audited, in the sender block and the signature of
every letter; a store without one gets no PDF (a clear Chinese action instead); the demo stores have theirs."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.domain.seller_identity import (
    PLACEHOLDER,
    LegalIdentity,
    check,
    foreign_characters,
    sender_lines,
)
from acorn_desktop.errors import InputError, PermissionDeniedError
from acorn_desktop.services.accounts import StoreServices, legal_identity, set_legal_identity
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.demo import DEMO_ACCOUNTS, DEMO_IDENTITIES, ensure_demo_identities, seed_demo
from acorn_desktop.services.letters import LetterServices

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
SHENZHEN = LegalIdentity("Shenzhen Acorn Trading Co., Ltd.", "Room 1203, Block A, Tian'an Cyber Park",
                         "Futian District", "Shenzhen", "Guangdong", "518040", "CN", "DE 329 876 543")  # fmt: skip


def _text(path, first: int | None = None, last: int | None = None) -> str:
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


# -- the domain rules ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Shenzhen Acorn Trading Co., Ltd.", ""),
        ("Müller & Söhne GmbH (Köln) – Straße 5/7", "–"),
        ("Société Générale d'Électricité", ""),
        ("演示店铺·欧洲", "演示店铺·欧洲"),
        ("Acorn 贸易 Ltd", "贸易"),
        ("エイコーン Ltd", "エイコーン"),
        ("ＡＣＯＲＮ Ltd", "ＡＣＯＲＮ"),  # full-width letters: typed with a Chinese input method
        ("Acorn Ltd，", "，"),  # a full-width comma
        ("Акорн", "Акорн"),  # another script
    ],
)
def test_only_latin_script_passes(text, bad):
    assert "".join(foreign_characters(text)) == bad


def test_check_says_in_chinese_what_to_enter():
    with pytest.raises(InputError) as error:
        check(LegalIdentity("深圳橡果贸易有限公司", "Room 1203", city="Shenzhen", country="CN"))
    assert "法定名称必须用拉丁字母" in error.value.zh and "深圳橡果" in error.value.zh
    assert "营业执照上的英文名称" in error.value.zh and "Latin script" in error.value.en
    with pytest.raises(InputError, match="城市"):
        check(LegalIdentity("Acorn Ltd", "Room 1203", city="深圳", country="CN"))
    with pytest.raises(InputError, match="请填写地址第 1 行、城市"):
        check(LegalIdentity("Acorn Ltd", country="CN"))
    with pytest.raises(InputError, match="ISO"):
        check(LegalIdentity("Acorn Ltd", "Room 1", city="Shenzhen", country="China"))
    assert check(LegalIdentity()) == LegalIdentity()  # all empty: clears the store's
    tidy = check(LegalIdentity("  Acorn   Ltd ", "Room 1", city="Shenzhen", country="cn", vat_id="de 123 456"))
    assert (tidy.legal_name, tidy.country, tidy.vat_id) == ("Acorn Ltd", "CN", "DE123456")


def test_the_sender_block_reads_like_an_address_in_the_letter_language():
    identity = check(SHENZHEN)
    assert sender_lines(identity, "de") == [
        "Shenzhen Acorn Trading Co., Ltd.", "Room 1203, Block A, Tian'an Cyber Park", "Futian District",
        "Shenzhen, Guangdong 518040", "China", "USt-IdNr.: DE329876543",
    ]  # fmt: skip
    assert sender_lines(identity, "it")[-2:] == ["Cina", "P. IVA: DE329876543"]
    berlin = LegalIdentity("Acorn Europe GmbH", "Friedrichstraße 68", city="Berlin", postcode="10117", country="DE")
    assert sender_lines(berlin, "fr") == ["Acorn Europe GmbH", "Friedrichstraße 68", "10117 Berlin", "Allemagne"]
    assert sender_lines(LegalIdentity("Acorn Ltd"), "en") == []  # incomplete: nothing to sign with


# -- the service: checked, permitted, audited -------------------------------------------------------------------


@pytest.fixture
def shop(store):
    """A store without a legal identity, an A-to-z claim on it, and a manager and an agent."""
    with store.session() as s:
        account = m.SellerAccount(name="店铺·欧洲", region="eu", selling_partner_id="A1SELLER")
        s.add(account)
        s.flush()
        people = {}
        for role in ("manager", "cs"):
            user = m.User(username=role, display_name=role, role_code=role)
            s.add(user)
            s.flush()
            people[role] = Actor(role, user.id)
    return store, account.id, people


def test_saving_is_checked_permitted_and_audited(shop):
    store, account_id, people = shop
    with store.session() as s, pytest.raises(PermissionDeniedError):
        set_legal_identity(s, account_id, SHENZHEN, people["cs"])
    with store.session() as s, pytest.raises(InputError, match="拉丁字母"):
        set_legal_identity(s, account_id, LegalIdentity("橡果", "Room 1", city="Shenzhen", country="CN"),
                           people["manager"])  # fmt: skip
    saved = StoreServices(store).save_identity(account_id, SHENZHEN, people["manager"])
    assert saved.vat_id == "DE329876543"
    StoreServices(store).save_identity(account_id, SHENZHEN, people["manager"])  # unchanged: no second entry
    with store.reader() as s:
        assert legal_identity(s, account_id) == saved
        entries = s.execute(
            sa.select(m.AuditEntry.actor, m.AuditEntry.entity_id).where(m.AuditEntry.action == "account.identity")
        ).all()
    assert entries == [("manager", str(account_id))]
    [row] = StoreServices(store).identities()
    assert row.name == "店铺·欧洲" and row.identity == saved


# -- letters ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from isolated_keyring import IsolatedKeyring

    from acorn_desktop.storage.secrets import SecretStore
    from acorn_desktop.storage.store import Store, StoreLocation

    root = tmp_path_factory.mktemp("identity-demo")
    store = Store.create(StoreLocation(root / "data"), secrets=SecretStore(IsolatedKeyring(root / "keyring.json")))
    seed_demo(store, cases=300, seed=42, now=NOW)
    yield store
    store.close()


def _claim(store, marketplace: str) -> int:
    with store.reader() as s:
        return s.scalar(
            sa.select(m.Case.id)
            .where(m.Case.kind == CaseKind.ATOZ_CLAIM, m.Case.marketplace_code == marketplace,
                   m.Case.amazon_order_id.is_not(None))
            .order_by(m.Case.id).limit(1)
        )  # fmt: skip


def _account_of(store, case_id: int) -> int:
    with store.reader() as s:
        return s.get(m.Case, case_id).account_id


def test_the_demo_stores_have_latin_identities(demo):
    with demo.reader() as s:
        accounts = {a.selling_partner_id: a for a in s.scalars(sa.select(m.SellerAccount))}
        for region, (_name, partner_id) in DEMO_ACCOUNTS.items():
            identity = legal_identity(s, accounts[partner_id].id)
            assert identity == check(DEMO_IDENTITIES[region]) and identity.complete
    assert ensure_demo_identities(demo) == 0  # nothing left to fill


@needs_poppler
@pytest.mark.parametrize(("marketplace", "lang", "signed_by", "country"),
                         [("DE", "de", "Acorn Demo Trading Co., Ltd.", "China"),
                          ("JP", "ja", "Acorn Demo (Hong Kong) Limited", "Hong Kong")])  # fmt: skip
def test_demo_letters_are_signed_by_the_company_not_the_chinese_store_name(demo, tmp_path, marketplace, lang,
                                                                           signed_by, country):  # fmt: skip
    case_id = _claim(demo, marketplace)
    letters = LetterServices(demo)
    draft = letters.draft(case_id)
    assert draft.lang == lang and not draft.unsigned and draft.signer[0] == signed_by
    assert signed_by in draft.body and "演示店铺" not in draft.body and PLACEHOLDER not in draft.body
    result = letters.export(case_id, draft.subject, draft.body, lang, [], tmp_path / "signed.pdf")
    first = _text(result.path, 1, 1)
    assert first.count(signed_by) >= 2  # the sender block and the signature (Japanese also names it first)
    assert first.split("\n", 1)[1].lstrip().startswith(signed_by)  # the sender block opens the letter
    assert country in first and "演示店铺" not in first
    if lang == "de":
        assert "USt-IdNr.: DE329876543" in first and "Shenzhen, Guangdong 518040" in first
    from pypdf import PdfReader

    assert PdfReader(result.path).metadata.author == signed_by


@needs_poppler
def test_the_internal_summary_page_has_its_own_chinese_header_and_footer(demo, tmp_path):
    case_id = _claim(demo, "DE")
    letters = LetterServices(demo)
    draft = letters.draft(case_id)
    result = letters.export(case_id, draft.subject, draft.body, "de", [], tmp_path / "internal.pdf", internal=True)
    summary, letter = _text(result.path, 1, 1), _text(result.path, 2, 2)
    assert "内部资料 — 请勿发送给亚马逊" in summary and f"工单 #{case_id}" in summary
    assert f"第 1 页,共 {result.pages} 页" in summary and "仅供内部审阅" in summary
    assert "Fall #" not in summary and "Seite" not in summary and "erstellt am" not in summary  # not the letter's
    assert "落款" in summary and "Acorn Demo Trading Co., Ltd." in summary
    assert f"Fall #{case_id}" in letter and f"Seite 2 von {result.pages}" in letter and "内部资料" not in letter


def test_a_store_without_a_legal_identity_gets_no_pdf(store, tmp_path):
    seed_demo(store, cases=300, seed=42, now=NOW)
    case_id = _claim(store, "DE")
    with store.session() as s:
        account = s.get(m.SellerAccount, _account_of(store, case_id))
        account.legal_name = None  # a store set up before stores had one
    letters = LetterServices(store)
    draft = letters.draft(case_id)
    assert draft.unsigned and draft.signer == () and PLACEHOLDER in draft.body  # visibly unsigned
    assert "演示店铺" not in draft.body
    with store.reader() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(m.Letter))
    with pytest.raises(InputError) as error:
        letters.export(case_id, draft.subject, draft.body, "de", [], tmp_path / "unsigned.pdf")
    assert error.value.zh.startswith("店铺未填写英文法定名称和地址,信函将无法签署 — 请在 店铺 设置中填写")
    assert not (tmp_path / "unsigned.pdf").exists()
    with store.reader() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Letter)) == before

    assert ensure_demo_identities(store) == 1  # the identity is entered; the old draft still says the placeholder
    with pytest.raises(InputError, match="占位符"):
        letters.export(case_id, draft.subject, draft.body, "de", [], tmp_path / "unsigned.pdf")
    again = letters.draft(case_id)
    assert not again.unsigned and "Acorn Demo Trading Co., Ltd." in again.body
    assert letters.export(case_id, again.subject, again.body, "de", [], tmp_path / "signed.pdf").pages >= 1
