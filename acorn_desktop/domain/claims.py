"""Claim types: what a claim against the seller is about, which decides its letter and the evidence it needs.

A case's kind plus its reason code (from Finances, the returns report, a notification e-mail or manual entry)
maps to one :class:`ClaimType`. Letters (申诉信) exist per claim type and language; the evidence package lists
what that claim type needs (domain.md §1.1 "Info to provide", §1.2 chargebacks).
"""

from __future__ import annotations

import enum

from .cases import CaseKind


class ClaimType(enum.StrEnum):
    ATOZ_NOT_RECEIVED = "atoz_not_received"
    ATOZ_NOT_AS_DESCRIBED = "atoz_not_as_described"
    ATOZ_RETURN_NOT_REFUNDED = "atoz_return_not_refunded"
    CHARGEBACK_UNAUTHORISED = "chargeback_unauthorised"
    CHARGEBACK_NOT_RECEIVED = "chargeback_not_received"
    CHARGEBACK_NOT_AS_DESCRIBED = "chargeback_not_as_described"

    @property
    def case_kind(self) -> CaseKind:
        return CaseKind.ATOZ_CLAIM if self.value.startswith("atoz_") else CaseKind.CHARGEBACK

    @property
    def label_zh(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    def label(self, lang: str = "zh_CN") -> str:
        return self.label_en if lang.startswith("en") else self.label_zh


_LABELS = {
    ClaimType.ATOZ_NOT_RECEIVED: ("A-to-z:未收到商品", "A-to-z: item not received"),
    ClaimType.ATOZ_NOT_AS_DESCRIBED: ("A-to-z:商品与描述不符", "A-to-z: not as described"),
    ClaimType.ATOZ_RETURN_NOT_REFUNDED: ("A-to-z:已退货未退款", "A-to-z: returned but not refunded"),
    ClaimType.CHARGEBACK_UNAUTHORISED: ("拒付:未授权交易", "Chargeback: unauthorised purchase"),
    ClaimType.CHARGEBACK_NOT_RECEIVED: ("拒付:未收到商品", "Chargeback: item not received"),
    ClaimType.CHARGEBACK_NOT_AS_DESCRIBED: ("拒付:商品与描述不符", "Chargeback: not as described"),
}

# Reason codes (the sandbox generator's, the e-mail templates' and manual entry's) → claim type.
_ATOZ_REASONS = {
    "ITEM_NOT_RECEIVED": ClaimType.ATOZ_NOT_RECEIVED,
    "REPLACEMENT_NOT_RECEIVED": ClaimType.ATOZ_NOT_RECEIVED,
    "NOT_AS_DESCRIBED": ClaimType.ATOZ_NOT_AS_DESCRIBED,
    "DAMAGED": ClaimType.ATOZ_NOT_AS_DESCRIBED,
    "DEFECTIVE": ClaimType.ATOZ_NOT_AS_DESCRIBED,
    "RETURNED_NOT_REFUNDED": ClaimType.ATOZ_RETURN_NOT_REFUNDED,
    "RETURN_REFUSED": ClaimType.ATOZ_RETURN_NOT_REFUNDED,
}
_CHARGEBACK_REASONS = {
    "UNAUTHORIZED_PURCHASE": ClaimType.CHARGEBACK_UNAUTHORISED,
    "DUPLICATE_CHARGE": ClaimType.CHARGEBACK_UNAUTHORISED,
    "ITEM_NOT_RECEIVED": ClaimType.CHARGEBACK_NOT_RECEIVED,
    "NOT_AS_DESCRIBED": ClaimType.CHARGEBACK_NOT_AS_DESCRIBED,
    "CREDIT_NOT_PROCESSED": ClaimType.CHARGEBACK_NOT_AS_DESCRIBED,
}
# Without a known reason a claim is argued as "not received" (the most common one, and the one whose
# evidence — tracking and delivery — every claim benefits from).
_DEFAULT = {CaseKind.ATOZ_CLAIM: ClaimType.ATOZ_NOT_RECEIVED, CaseKind.CHARGEBACK: ClaimType.CHARGEBACK_NOT_RECEIVED}


def claim_type_for(kind: CaseKind, reason_code: str | None) -> ClaimType | None:
    """The claim type of a case, or None for kinds that are not claims against the seller."""
    table = {CaseKind.ATOZ_CLAIM: _ATOZ_REASONS, CaseKind.CHARGEBACK: _CHARGEBACK_REASONS}.get(kind)
    if table is None:
        return None
    return table.get((reason_code or "").strip().upper(), _DEFAULT[kind])


# Languages letters and buyer replies are written in (by people, per language — never machine-translated).
LETTER_LANGUAGES = ("en", "de", "fr", "it", "es", "ja")
LANGUAGE_NAMES = {
    "en": ("英语", "English"),
    "de": ("德语", "German"),
    "fr": ("法语", "French"),
    "it": ("意大利语", "Italian"),
    "es": ("西班牙语", "Spanish"),
    "ja": ("日语", "Japanese"),
}


def letter_language(marketplace_language: str) -> str:
    """The letter language for a marketplace's buyer language (English where we have no own text)."""
    return marketplace_language if marketplace_language in LETTER_LANGUAGES else "en"
