"""A store's legal identity (法定名称与地址): who signs its letters to Amazon, in Latin script.

The store's display name (e.g. 演示店铺·欧洲) is for the team; a letter to Amazon is signed by the company that
holds the seller account, as its business licence writes it in Latin letters ("Shenzhen Acorn Trading Co.,
Ltd."), with its address. :func:`check` refuses anything a European or Japanese reader could not read back
(Chinese, kana, full-width characters, another script) with a Chinese message that says what to enter. The
country is stored as its ISO 3166 code; :func:`sender_lines` writes the sender block in the letter's language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, replace

from ..errors import InputError

# Limits (the columns' sizes).
MAX_LENGTHS = {"legal_name": 120, "address_line1": 120, "address_line2": 120, "city": 60, "state": 60,
               "postcode": 16, "country": 2, "vat_id": 32}  # fmt: skip

# What each field is called in messages (zh, en).
FIELD_NAMES = {
    "legal_name": ("法定名称", "legal name"),
    "address_line1": ("地址第 1 行", "address line 1"),
    "address_line2": ("地址第 2 行", "address line 2"),
    "city": ("城市", "city"),
    "state": ("省 / 州", "state / province"),
    "postcode": ("邮政编码", "postcode"),
    "country": ("国家 / 地区", "country"),
    "vat_id": ("增值税号", "VAT id"),
}
REQUIRED = ("legal_name", "address_line1", "city", "country")

# Countries a seller company is commonly registered in, named in each letter language (Latin script for "ja":
# the sender block of every letter is in Latin script). Any other ISO code is written as the code itself.
COUNTRY_NAMES: dict[str, dict[str, str]] = {
    "CN": {"en": "China", "de": "China", "fr": "Chine", "it": "Cina", "es": "China", "ja": "China"},
    "HK": {"en": "Hong Kong", "de": "Hongkong", "fr": "Hong Kong", "it": "Hong Kong", "es": "Hong Kong",
           "ja": "Hong Kong"},
    "TW": {"en": "Taiwan", "de": "Taiwan", "fr": "Taïwan", "it": "Taiwan", "es": "Taiwán", "ja": "Taiwan"},
    "SG": {"en": "Singapore", "de": "Singapur", "fr": "Singapour", "it": "Singapore", "es": "Singapur",
           "ja": "Singapore"},
    "JP": {"en": "Japan", "de": "Japan", "fr": "Japon", "it": "Giappone", "es": "Japón", "ja": "Japan"},
    "US": {"en": "United States", "de": "USA", "fr": "États-Unis", "it": "Stati Uniti", "es": "Estados Unidos",
           "ja": "United States"},
    "GB": {"en": "United Kingdom", "de": "Vereinigtes Königreich", "fr": "Royaume-Uni", "it": "Regno Unito",
           "es": "Reino Unido", "ja": "United Kingdom"},
    "DE": {"en": "Germany", "de": "Deutschland", "fr": "Allemagne", "it": "Germania", "es": "Alemania",
           "ja": "Germany"},
    "FR": {"en": "France", "de": "Frankreich", "fr": "France", "it": "Francia", "es": "Francia", "ja": "France"},
    "IT": {"en": "Italy", "de": "Italien", "fr": "Italie", "it": "Italia", "es": "Italia", "ja": "Italy"},
    "ES": {"en": "Spain", "de": "Spanien", "fr": "Espagne", "it": "Spagna", "es": "España", "ja": "Spain"},
    "NL": {"en": "Netherlands", "de": "Niederlande", "fr": "Pays-Bas", "it": "Paesi Bassi", "es": "Países Bajos",
           "ja": "Netherlands"},
    "PL": {"en": "Poland", "de": "Polen", "fr": "Pologne", "it": "Polonia", "es": "Polonia", "ja": "Poland"},
    "CA": {"en": "Canada", "de": "Kanada", "fr": "Canada", "it": "Canada", "es": "Canadá", "ja": "Canada"},
}  # fmt: skip
VAT_LABELS = {"en": "VAT", "de": "USt-IdNr.", "fr": "TVA", "it": "P. IVA", "es": "NIF-IVA", "ja": "VAT"}
# Countries whose addresses end "City, State Postcode"; elsewhere "Postcode City".
CITY_FIRST = frozenset({"CN", "HK", "TW", "SG", "JP", "US", "CA", "GB", "AU"})
# What an unsigned draft carries where the legal name belongs: obviously not a name, in any language.
PLACEHOLDER = "[SELLER LEGAL NAME]"

_ALLOWED_MARKS = set(" .,&'’-/()#+:;\"")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class LegalIdentity:
    """What signs a store's letters. Empty strings are "not entered"; ``country`` is an ISO 3166 alpha-2 code."""

    legal_name: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    postcode: str = ""
    country: str = ""
    vat_id: str = ""

    @property
    def complete(self) -> bool:
        """Enough to sign a letter: name, first address line, city and country."""
        return all(getattr(self, name) for name in REQUIRED)

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def of(cls, values: dict) -> LegalIdentity:
        return cls(**{f.name: (values.get(f.name) or "") for f in fields(cls)})


def foreign_characters(text: str) -> list[str]:
    """The characters of ``text`` that are not Latin letters, digits, spaces or plain punctuation, in order."""
    found: list[str] = []
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in _ALLOWED_MARKS):
            continue
        name = unicodedata.name(ch, "")
        if ch in _ALLOWED_MARKS or (unicodedata.category(ch).startswith(("L", "M")) and name.startswith("LATIN ")):
            continue
        if unicodedata.category(ch) == "Mn" and "COMBINING" in name:
            continue  # é, ü, ñ, ø, ß … (but not FULLWIDTH LATIN: that is a CJK input artefact)
        if ch not in found:
            found.append(ch)
    return found


def normalised(identity: LegalIdentity) -> LegalIdentity:
    """Spaces collapsed and trimmed, NFC, the country and VAT id upper-case."""
    values = {}
    for name, value in identity.as_dict().items():
        value = " ".join(unicodedata.normalize("NFC", value or "").split())
        if name in ("country", "vat_id"):
            value = value.upper().replace(" ", "") if name == "vat_id" else value.upper()
        values[name] = value
    return replace(identity, **values)


def check(identity: LegalIdentity) -> LegalIdentity:
    """``identity`` normalised, or :class:`InputError` (Chinese first) naming the field and what to enter.

    An all-empty identity is allowed (it clears the store's); otherwise name, first address line, city and
    country are required, and every field must be in Latin script.
    """
    identity = normalised(identity)
    if not any(identity.as_dict().values()):
        return identity
    for name, value in identity.as_dict().items():
        zh, en = FIELD_NAMES[name]
        bad = foreign_characters(value)
        if bad:
            shown = "".join(bad[:6])
            example = "营业执照上的英文名称,例如 Shenzhen Acorn Trading Co., Ltd." if name == "legal_name" else (
                "拼音或英文,例如 Futian District / Shenzhen")  # fmt: skip
            raise InputError(
                f"{zh}必须用拉丁字母(英文或拼音)填写,不能包含「{shown}」。请填写{example}。",
                f"The {en} must be written in Latin script; '{shown}' is not allowed.",
                hint_zh="亚马逊的审核人员看不懂中文、日文或全角字符;信函按此签署。全角字母和数字请改为半角。",
                hint_en="Amazon's reviewers read Latin script; the letters are signed with this. Use half-width "
                "letters and digits.",
            )
        if len(value) > MAX_LENGTHS[name] and name != "country":  # the country: the ISO check below
            raise InputError(f"{zh}太长(最多 {MAX_LENGTHS[name]} 个字符)。",
                             f"The {en} is too long (at most {MAX_LENGTHS[name]} characters).")  # fmt: skip
    missing = [name for name in REQUIRED if not getattr(identity, name)]
    if missing:
        zh = "、".join(FIELD_NAMES[n][0] for n in missing)
        en = ", ".join(FIELD_NAMES[n][1] for n in missing)
        raise InputError(
            f"请填写{zh}(信函的落款需要法定名称、地址、城市和国家)。",
            f"Enter the {en} (a letter is signed with the legal name, address, city and country).",
        )
    if not _COUNTRY.match(identity.country):
        raise InputError(
            f"国家 / 地区应为两位 ISO 代码(例如 CN、HK、US),不是「{identity.country}」。",
            f"The country must be a two-letter ISO code (e.g. CN, HK, US), not '{identity.country}'.",
        )
    return identity


def country_name(code: str, lang: str) -> str:
    names = COUNTRY_NAMES.get(code.upper())
    return names.get(lang, names["en"]) if names else code.upper()


def sender_lines(identity: LegalIdentity, lang: str) -> list[str]:
    """The sender block: name, address lines, "postcode city[, state]", country, VAT id (each line only if known)."""
    if not identity.complete:
        return []
    if identity.country in CITY_FIRST:  # "Shenzhen, Guangdong 518040" / "Seattle, WA 98109"
        place = ", ".join(part for part in (identity.city, identity.state) if part)
        place = " ".join(part for part in (place, identity.postcode) if part)
    else:  # "10115 Berlin"
        place = " ".join(part for part in (identity.postcode, identity.city) if part)
        place += f", {identity.state}" if identity.state else ""
    lines = [identity.legal_name, identity.address_line1, identity.address_line2, place,
             country_name(identity.country, lang)]  # fmt: skip
    if identity.vat_id:
        lines.append(f"{VAT_LABELS.get(lang, 'VAT')}: {identity.vat_id}")
    return [line for line in lines if line]
