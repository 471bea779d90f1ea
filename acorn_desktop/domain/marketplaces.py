"""Reference data for the Amazon marketplaces the app knows (ids from Amazon's SP-API docs)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Region(enum.StrEnum):
    NA = "na"
    EU = "eu"
    FE = "fe"


@dataclass(frozen=True, slots=True)
class MarketplaceInfo:
    code: str  # our short code, e.g. "DE" (UK, not GB, as sellers say it)
    amazon_id: str
    region: Region
    currency: str
    timezone: str
    domain: str
    language: str  # the buyers' language for letters and replies
    name_zh: str
    name_en: str


_M = MarketplaceInfo
MARKETPLACES: dict[str, MarketplaceInfo] = {
    m.code: m
    for m in (
        _M("US", "ATVPDKIKX0DER", Region.NA, "USD", "America/Los_Angeles", "amazon.com", "en", "美国", "United States"),
        _M("CA", "A2EUQ1WTGCTBG2", Region.NA, "CAD", "America/Toronto", "amazon.ca", "en", "加拿大", "Canada"),
        _M("MX", "A1AM78C64UM0Y8", Region.NA, "MXN", "America/Mexico_City", "amazon.com.mx", "es", "墨西哥", "Mexico"),
        _M("BR", "A2Q3Y263D00KWC", Region.NA, "BRL", "America/Sao_Paulo", "amazon.com.br", "pt", "巴西", "Brazil"),
        _M("UK", "A1F83G8C2ARO7P", Region.EU, "GBP", "Europe/London", "amazon.co.uk", "en", "英国", "United Kingdom"),
        _M("DE", "A1PA6795UKMFR9", Region.EU, "EUR", "Europe/Berlin", "amazon.de", "de", "德国", "Germany"),
        _M("FR", "A13V1IB3VIYZZH", Region.EU, "EUR", "Europe/Paris", "amazon.fr", "fr", "法国", "France"),
        _M("IT", "APJ6JRA9NG5V4", Region.EU, "EUR", "Europe/Rome", "amazon.it", "it", "意大利", "Italy"),
        _M("ES", "A1RKKUPIHCS9HS", Region.EU, "EUR", "Europe/Madrid", "amazon.es", "es", "西班牙", "Spain"),
        _M("NL", "A1805IZSGTT6HS", Region.EU, "EUR", "Europe/Amsterdam", "amazon.nl", "nl", "荷兰", "Netherlands"),
        _M("SE", "A2NODRKZP88ZB9", Region.EU, "SEK", "Europe/Stockholm", "amazon.se", "sv", "瑞典", "Sweden"),
        _M("PL", "A1C3SOZRARQ6R3", Region.EU, "PLN", "Europe/Warsaw", "amazon.pl", "pl", "波兰", "Poland"),
        _M("BE", "AMEN7PMS3EDWL", Region.EU, "EUR", "Europe/Brussels", "amazon.com.be", "fr", "比利时", "Belgium"),
        _M("JP", "A1VC38T7YXB528", Region.FE, "JPY", "Asia/Tokyo", "amazon.co.jp", "ja", "日本", "Japan"),
        _M(
            "AU", "A39IBJ37TRP1C6", Region.FE, "AUD", "Australia/Sydney", "amazon.com.au", "en", "澳大利亚", "Australia"
        ),
        _M("SG", "A19VAU5U5O7RUS", Region.FE, "SGD", "Asia/Singapore", "amazon.sg", "en", "新加坡", "Singapore"),
    )
}

BY_AMAZON_ID = {m.amazon_id: m for m in MARKETPLACES.values()}


def marketplace(code: str) -> MarketplaceInfo:
    """Look up a marketplace by our code (case-insensitive; "GB" is accepted for "UK")."""
    key = code.strip().upper()
    if key == "GB":
        key = "UK"
    return MARKETPLACES[key]
