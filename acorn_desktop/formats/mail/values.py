"""Values as Seller Central writes them in six languages: dates, amounts, and PII reduction of quoted text.

Pure and forgiving: every parser returns ``None`` for what it cannot read, never raises.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from ...domain.notices import ORDER_ID

# Month names (and common abbreviations) of the notification and mail-client languages.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janvier gennaio gen enero ene janeiro januari jänner",
        "february feb februar février fevrier fév fev febbraio febrero febr fevereiro februari",
        "march mar märz maerz mars marzo março maart mär",
        "april apr avril aprile abril abr avr",
        "may mai maggio mayo mag maio mei",
        "june jun juni juin giugno junio giu junho",
        "july jul juli juillet luglio julio lug julho juil",
        "august aug août aout agosto ago augustus",
        "september sep sept septembre settembre septiembre set setembro",
        "october oct oktober octobre ottobre octubre ott okt outubro",
        "november nov novembre noviembre novembro",
        "december dec dez dezember décembre decembre dicembre diciembre dic dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTH_WORD = "|".join(sorted((re.escape(n) for n in _MONTHS), key=len, reverse=True))
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche|lun|mar|mer|jeu|ven|sam|dim|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|lu|ma|me|gi|ve|mié|jue|vie|sáb|dom)\b\.?,?"
)
_TIME = r"(?P<hour>\d{1,2})[:h.](?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?|午前|午後)?"
_OFFSET = r"(?P<offset>(?:GMT|UTC)?\s?[+-]\d{2}:?\d{2}|GMT|UTC|Z)?"
_DATE_PATTERNS = (
    # 2026年3月9日 10:15 / 2026年3月9日(月) 午後3:05 / 2026/03/09 10:15 / 2026-03-09 10:15
    re.compile(r"(?P<year>\d{4})\s*[年/.-]\s*(?P<month>\d{1,2})\s*[月/.-]\s*(?P<day>\d{1,2})\s*日?"
               r"(?:\s*[((][^))]{1,3}[))])?(?:[\sT]*(?:at\s+)?" + _TIME + r")?\s*" + _OFFSET, re.I),
    # 9. März 2026 10:15 / 9 mars 2026 à 10:15 / 9 de marzo de 2026, 10:15 / 9 marzo 2026 alle ore 10:15
    re.compile(r"(?P<day>\d{1,2})\.?\s*(?:de\s+)?(?P<monthname>" + _MONTH_WORD + r")\.?\s*(?:de\s+)?(?P<year>\d{4})"
               r"(?:[\s,]*(?:um|à|a las|alle(?: ore)?|at|às|om|kl\.?|-)?\s*" + _TIME + r"(?:\s*Uhr)?)?\s*" + _OFFSET,
               re.I),
    # March 9, 2026 10:15 AM / Mar 9, 2026 at 10:15 AM
    re.compile(r"(?P<monthname>" + _MONTH_WORD + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
               r"(?:[\s,]*(?:at)?\s*" + _TIME + r")?\s*" + _OFFSET, re.I),
    # 09.03.2026 10:15 (D.M.Y) / 09/03/2026 10:15 (D/M/Y outside English) / 3/9/2026 10:15 AM (M/D/Y in English)
    re.compile(r"(?P<first>\d{1,2})[./](?P<second_>\d{1,2})[./](?P<year>\d{4})(?:[\s,]*" + _TIME + r")?\s*" + _OFFSET,
               re.I),
)  # fmt: skip


_RFC5322 = re.compile(
    r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|UT|GMT|[ECMP][SD]T|Z)?"
    r"(?:\s*\([^)]*\))?\s*$"
)


def _offset_of(text: str | None, default: tzinfo) -> tzinfo:
    if not text:
        return default
    text = text.strip().upper().replace("GMT", "").replace("UTC", "").strip()
    if not text or text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    try:
        return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
    except (ValueError, OverflowError):
        return default


def _clock(match: re.Match) -> time | None:
    if match.group("hour") is None:
        return None
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    second = int(match.group("second") or 0)
    ampm = (match.group("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm in ("pm", "午後") and hour < 12:
        hour += 12
    elif ampm in ("am", "午前") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def parse_date(text: str | None, *, language: str = "en", zone: tzinfo = UTC, end_of_day: bool = False):
    """The first date (with its time, if written) in ``text`` as an aware UTC datetime, or None.

    RFC 5322 dates are read with their offset. Localised dates without an offset are read in ``zone`` (the
    marketplace's, or the forwarder's). A date without a time is the start of that day, or its last second
    with ``end_of_day`` (a "respond by 15 March" deadline). Numeric day/month order follows ``language``:
    month first only in English.
    """
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    parsed = None
    if _RFC5322.match(text):  # the lenient stdlib parser only for real RFC 5322 dates ("4:36 PM" it misreads)
        try:
            parsed = parsedate_to_datetime(text.strip())
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is not None:
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)).astimezone(UTC)
    cleaned = re.sub(r"^\s*" + _WEEKDAY + r"\s*", "", text.strip(), flags=re.I)
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(cleaned):
            found = _from_match(match, language, zone, end_of_day)
            if found is not None:
                return found
    return None


def _from_match(match: re.Match, language: str, zone: tzinfo, end_of_day: bool) -> datetime | None:
    groups = match.groupdict()
    try:
        year = int(groups["year"])
        if groups.get("monthname"):
            month = _MONTHS[groups["monthname"].lower().rstrip(".")]
            day = int(groups["day"])
        elif groups.get("first"):
            first, second = int(groups["first"]), int(groups["second_"])
            month, day = (first, second) if language == "en" and first <= 12 else (second, first)
        else:
            month, day = int(groups["month"]), int(groups["day"])
        moment_clock = _clock(match)
        if moment_clock is None:
            moment_clock = time(23, 59, 59) if end_of_day else time(0, 0)
        local = datetime(year, month, day, moment_clock.hour, moment_clock.minute, moment_clock.second)
    except (KeyError, ValueError, TypeError):
        return None
    if not 1990 <= year <= 2200:
        return None
    return local.replace(tzinfo=_offset_of(groups.get("offset"), zone)).astimezone(UTC)


def zone_of(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(name) if name else UTC
    except (KeyError, ValueError):
        return UTC


# -- amounts ------------------------------------------------------------------------------------------------------
_CURRENCY_SIGNS = (
    ("US$", "USD"), ("CA$", "CAD"), ("CDN$", "CAD"), ("C$", "CAD"), ("AU$", "AUD"), ("A$", "AUD"), ("S$", "SGD"),
    ("MX$", "MXN"), ("R$", "BRL"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("円", "JPY"), ("zł", "PLN"),
    ("kr", "SEK"), ("$", None),
)  # fmt: skip
_CODES = ("EUR", "USD", "GBP", "JPY", "CAD", "AUD", "MXN", "SGD", "SEK", "PLN", "BRL")
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,\s\u202f\u00a0']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d])")


def parse_amount(text: str | None, *, default_currency: str | None = None) -> tuple[Decimal, str | None] | None:
    """(amount, currency) of the first amount in ``text``: "EUR 25,99", "25,99 €", "$1,234.56", "￥2,980".

    The decimal separator is the last "." or "," when one or two digits follow it; three digits after it
    make it a thousands separator ("2,980" yen). A bare "$" takes ``default_currency`` when that is a dollar.
    """
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    match = _NUMBER.search(text)
    if match is None:
        return None
    number = match.group(1)
    digits = re.sub(r"[\s\u202f\u00a0']", "", number)
    last = max(digits.rfind("."), digits.rfind(","))
    if last >= 0 and len(digits) - last - 1 in (1, 2):
        whole, fraction = digits[:last], digits[last + 1 :]
    else:
        whole, fraction = digits, ""
    whole = whole.replace(".", "").replace(",", "")
    try:
        amount = Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation:
        return None
    return amount, _currency(text, default_currency)


def _currency(text: str, default: str | None) -> str | None:
    upper = text.upper()
    for code in _CODES:
        if re.search(rf"(?<![A-Z]){code}(?![A-Z])", upper):
            return code
    for sign, code in _CURRENCY_SIGNS:
        found = (
            re.search(rf"(?<![^\W\d]){re.escape(sign)}(?![^\W\d])", text)
            if sign.isascii() and sign.isalpha()
            else sign in text
        )
        if found:
            if code is None:  # a bare "$": whichever dollar the marketplace uses
                return default if (default and default.endswith("D")) or default == "MXN" else "USD"
            return code
    return default


# -- PII reduction ------------------------------------------------------------------------------------------------
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.I)
_PHONE = re.compile(r"(?<![\w-])\+?\d[\d ()/.-]{6,}\d(?![\w-])")
# A greeting with up to three words of name right before punctuation or the line's end ("Hallo Herr Müller,").
_GREETING = re.compile(
    r"^(\s*(?:hi|hello|hey|dear|hallo|guten tag|liebe[rs]?|sehr geehrte[rs]?|bonjour|bonsoir|cher|chère|ciao|"
    r"buongiorno|salve|gentile|hola|buenos días|buenas tardes|estimad[oa]))"
    r"((?:[ \t]+[^\s,!.:;]+){1,3})(?=[,!.:;]|[ \t]*$)",
    re.I | re.M,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:best regards|kind regards|regards|thanks|thank you|cheers|best|viele grüße|liebe grüße|"
    r"mit freundlichen grüßen|mfg|gruß|cordialement|bien à vous|merci|saluti|cordiali saluti|distinti saluti|"
    r"grazie|saludos|un saludo|atentamente|gracias|よろしくお願いします|よろしくお願いいたします)[,.!。!]*\s*$",
    re.I | re.M,
)
REDACTED = "[…]"


def reduce_pii(text: str, *, names: tuple[str, ...] = (), limit: int | None = None) -> str:
    """``text`` without what identifies a person: e-mail addresses, links, phone numbers, known names, the
    name after a greeting ("Hallo Herr Müller," → "Hallo …") and the lines after a sign-off.

    Order ids stay (they are the case's key, not personal data). Whitespace is normalised; ``limit`` cuts the
    result to that many characters with "…".
    """
    text = _EMAIL.sub(REDACTED, text)
    text = _URL.sub(REDACTED, text)
    text = _PHONE.sub(lambda m: m.group(0) if ORDER_ID.fullmatch(m.group(0).strip()) else REDACTED, text)
    for name in names:
        for part in {name, *name.split()}:
            if len(part) >= 2:
                text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", REDACTED, text, flags=re.I)
    text = _GREETING.sub(lambda m: m.group(1) + " …", text)
    sign_off = _SIGN_OFF.search(text)
    if sign_off is not None:
        text = text[: sign_off.end()]
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(line for line in lines if line).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
