"""Read a notification e-mail as staff forward it: whatever the client, charset or transfer encoding.

:func:`read_mail` turns raw RFC 5322 bytes into a :class:`MailText`: the notification's own subject (forward
and reply prefixes removed: ``Fwd:``, ``WG:``, ``TR:``, ``I:``, ``RV:``, ``転送:``, ``转发:``…), its sender
and date (from the quoted forward header or the attached original when it was forwarded, else the mail's
own headers), and its text (``text/plain``, else ``text/html`` turned into text; quoted-printable and base64
decoded; declared charsets with the usual aliases and fallbacks). It never raises: what cannot be decoded
is replaced and noted in ``notes``.
"""

from __future__ import annotations

import contextlib
import email
import email.header
import email.policy
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from .values import parse_date

MAX_BODY_CHARS = 200_000  # notifications are a few KB; anything longer is cut before matching

# Declared charset → codecs to try in order (supersets first: what Windows and Japanese mailers really send).
_CHARSET_CANDIDATES = {
    "iso-8859-1": ("cp1252", "latin-1"),
    "latin-1": ("cp1252", "latin-1"),
    "us-ascii": ("utf-8", "cp1252"),
    "ascii": ("utf-8", "cp1252"),
    "shift_jis": ("cp932", "shift_jis_2004"),
    "shift-jis": ("cp932", "shift_jis_2004"),
    "sjis": ("cp932",),
    "x-sjis": ("cp932",),
    "windows-31j": ("cp932",),
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_ext"),
    "euc-jp": ("euc_jp", "euc_jis_2004"),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "ks_c_5601-1987": ("cp949",),
}
_FALLBACK_CODECS = ("utf-8", "cp1252")

_PREFIX = re.compile(
    r"^\s*(?:\[[^\]\n]{1,24}\]\s*)*(?:(?:re|fw|fwd|aw|wg|tr|i|r|rv|enc|sv|vs|vb|doorst|antw|rif|res|転送|返信|"
    r"回复|回覆|转发|轉寄|答复)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+",
    re.I,
)
# Quoted forward headers as Outlook, Gmail, Thunderbird, Apple Mail, Foxmail… write them, in many languages.
_FROM_LABELS = "from|von|de|da|van|från|od|差出人|送信者|发件人|發件人|寄件者|expéditeur|remitente|mittente"
_DATE_LABELS = (
    "date|sent|datum|gesendet|envoyé|envoye|data|inviato|enviado el|enviado|fecha|verzonden|送信日時|日付|日時|"
    "发送时间|發送時間|时间|時間|日期|skickat|wysłano"
)
_SUBJECT_LABELS = "subject|betreff|objet|oggetto|asunto|assunto|onderwerp|件名|主题|主旨|ämne|temat"
_HEADER_LINE = re.compile(
    rf"^[\s*>]*(?P<label>{_FROM_LABELS}|{_DATE_LABELS}|{_SUBJECT_LABELS}|to|an|à|a|para|aan|宛先|收件人|till|do|cc)"
    r"[\s*]*[:：][\s*]*(?P<value>.*)$",
    re.I,
)
_LABEL_KIND = {}
for _kind, _labels in (("from", _FROM_LABELS), ("date", _DATE_LABELS), ("subject", _SUBJECT_LABELS)):
    for _label in _labels.split("|"):
        _LABEL_KIND[_label] = _kind
# The language a client's date label implies (numeric dates are month-first only in English).
_DATE_LABEL_LANGUAGE = {
    "date": "en", "sent": "en", "datum": "de", "gesendet": "de", "envoyé": "fr", "envoye": "fr", "data": "it",
    "inviato": "it", "fecha": "es", "enviado": "es", "enviado el": "es", "送信日時": "ja", "日付": "ja", "日時": "ja",
}  # fmt: skip
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HEADER_WINDOW = 8  # at most this many header lines in one forward header block


@dataclass(frozen=True)
class MailText:
    """What the intake needs from one e-mail. ``sent_at`` is aware UTC (None when no date could be read)."""

    subject: str
    sender: str
    sent_at: datetime | None
    body: str
    message_id: str | None = None
    forwarded: bool = False
    header_date: datetime | None = None  # the mail's own Date header (the forward's, when forwarded)
    notes: tuple[str, ...] = ()

    @property
    def sender_domain(self) -> str:
        return self.sender.rpartition("@")[2].lower().strip(">").strip()


def strip_prefixes(subject: str) -> str:
    """The subject without forward/reply prefixes and leading tags ("[EXT] WG: AW: …")."""
    return _PREFIX.sub("", subject or "").strip()


def read_mail(raw: bytes) -> MailText:
    """Decode ``raw``; never raises (see the module docstring)."""
    notes: list[str] = []
    try:
        # compat32: the structure and raw headers only (the modern policy's header objects cost 3× the parse);
        # headers are decoded here, forgivingly
        message = email.message_from_bytes(bytes(raw), policy=email.policy.compat32)
    except Exception:
        return MailText("", "", None, _decode(bytes(raw), None, notes)[:MAX_BODY_CHARS], notes=("unreadable",))
    subject = _header(message, "Subject", notes)
    sender = _address(_header(message, "From", notes))
    header_date = _date_header(_header(message, "Date", notes))
    message_id = _header(message, "Message-ID", notes).strip()[:255] or None
    forwarded = bool(_PREFIX.match(subject))

    attached = _attached_original(message)
    if attached is not None:  # forwarded "as attachment": the attached mail is the notification
        inner_subject = _header(attached, "Subject", notes)
        inner_sender = _address(_header(attached, "From", notes))
        inner_date = _date_header(_header(attached, "Date", notes))
        body = _body(attached, notes) or _body(message, notes)
        return MailText(
            strip_prefixes(inner_subject or subject), inner_sender or sender, inner_date or header_date,
            body[:MAX_BODY_CHARS], message_id, True, header_date, tuple(notes),
        )  # fmt: skip

    body = _body(message, notes)
    quoted = _forward_header(body, header_date.tzinfo if header_date else UTC)
    if quoted is not None:
        start, original_sender, original_date, original_subject = quoted
        return MailText(
            strip_prefixes(original_subject or subject), original_sender or sender, original_date or header_date,
            body[start:][:MAX_BODY_CHARS], message_id, True, header_date, tuple(notes),
        )  # fmt: skip
    return MailText(
        strip_prefixes(subject),
        sender,
        header_date,
        body[:MAX_BODY_CHARS],
        message_id,
        forwarded,
        header_date,
        tuple(notes),
    )


# -- headers -------------------------------------------------------------------------------------------------------
def _header(message: Message, name: str, notes: list[str]) -> str:
    """A header as text: RFC 2047 words decoded with their charset, raw 8-bit bytes read as UTF-8 (else
    Windows-1252), folding undone."""
    try:
        value = message.get(name)
    except Exception:
        notes.append(f"header:{name}")
        return ""
    if value is None:
        return ""
    try:
        parts = email.header.decode_header(value)
    except Exception:
        notes.append(f"header:{name}")
        return " ".join(_unsurrogate(str(value)).split())
    text = []
    for chunk, charset in parts:
        if isinstance(chunk, bytes):
            declared = None if charset in (None, "unknown-8bit") else charset
            text.append(_decode(chunk, declared, notes))
        else:
            text.append(_unsurrogate(chunk))
    return " ".join("".join(text).split())


def _unsurrogate(text: str) -> str:
    """Undo the surrogate escapes the parser uses for undeclared 8-bit bytes in headers."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    for codec in ("utf-8", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(codec)
    return data.decode("utf-8", "replace")


def _address(value: str) -> str:
    try:
        pairs = getaddresses([value])
    except Exception:
        pairs = []
    for _name, address in pairs:
        if "@" in address:
            return address.strip().lower()
    match = _ADDRESS.search(value or "")
    return match.group(0).lower() if match else ""


def _date_header(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return parse_date(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:  # "-0000": the sender's zone is unknown; read it as UTC
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


# -- bodies --------------------------------------------------------------------------------------------------------
def _attached_original(message: Message) -> Message | None:
    try:
        for part in message.walk():
            if part.get_content_type() == "message/rfc822":
                payload = part.get_payload()
                inner = payload[0] if isinstance(payload, list) and payload else payload
                if isinstance(inner, Message):
                    return inner
    except Exception:
        return None
    return None


def _body(message: Message, notes: list[str]) -> str:
    """The best text of ``message``: its text/plain part, else its text/html part as text; quote marks removed."""
    plain: list[str] = []
    html: list[str] = []
    try:
        parts = list(message.walk())
    except Exception:
        parts = [message]
        notes.append("structure")
    for part in parts:
        try:
            if part.is_multipart() or part.get_content_type() == "message/rfc822":
                continue
            if part.get_content_disposition() == "attachment":
                continue
            ctype = part.get_content_type()
            if ctype not in ("text/plain", "text/html"):
                continue
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                payload = str(part.get_payload() or "").encode("utf-8", "surrogateescape")
            text = _decode(payload, part.get_content_charset(), notes)
        except Exception:
            notes.append("part")
            continue
        (plain if ctype == "text/plain" else html).append(text)
    text = "\n".join(plain) if any(t.strip() for t in plain) else "\n".join(html_to_text(h) for h in html)
    return _unquote(text)


def _decode(data: bytes, charset: str | None, notes: list[str]) -> str:
    declared = (charset or "").strip().strip('"').lower()
    candidates = (*_CHARSET_CANDIDATES.get(declared, (declared,) if declared else ()), *_FALLBACK_CODECS)
    for codec in candidates:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError, ValueError):
            continue
    notes.append(f"charset:{declared or '?'}")
    return data.decode("utf-8", "replace")


def _unquote(text: str) -> str:
    """Line endings unified, ">" quote marks and non-breaking spaces removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    return "\n".join(re.sub(r"^(?:\s*>)+ ?", "", line) for line in text.split("\n"))


class _TextExtractor(HTMLParser):
    _BLOCK = {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "hr", "pre"}
    _SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Readable text of an HTML body: blocks on their own lines, cells side by side, entities resolved."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:
        pass
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# -- quoted forward headers ----------------------------------------------------------------------------------------
def _forward_header(body: str, zone: tzinfo) -> tuple[int, str, datetime | None, str] | None:
    """(offset where the original text starts, its sender, date, subject) of the forward header block, or None.

    A block is a run of header lines ("From:", "Gesendet:", "件名:"…; single blank lines allowed in between,
    as HTML forwards have them) holding a From line and a Date or Subject line, in any order. With several
    blocks (a forward of a forward) the one naming an Amazon sender wins, else the last one.
    """
    lines = body.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    blocks = []
    index = 0
    while index < len(lines):
        if _HEADER_LINE.match(lines[index]) is None:
            index += 1
            continue
        found: dict[str, str] = {}
        last = index
        cursor = index
        while cursor < len(lines) and cursor - last <= 2 and len(found) < _HEADER_WINDOW:
            match = _HEADER_LINE.match(lines[cursor])
            if match is not None:
                kind = _LABEL_KIND.get(match.group("label").lower(), "other")
                if kind in found and kind != "other":
                    break  # the next block starts here
                found[kind] = match.group("value")
                if kind == "date":
                    found["date_label"] = match.group("label").lower()
                last = cursor
            elif lines[cursor].strip():
                break
            cursor += 1
        if "from" in found and ("date" in found or "subject" in found):
            blocks.append((last, found))
        index = last + 1
    if not blocks:
        return None
    amazon = [b for b in blocks if "amazon" in b[1]["from"].lower()]
    last, found = (amazon or blocks)[-1]
    language = _DATE_LABEL_LANGUAGE.get(found.get("date_label", ""), "en")
    sent = parse_date(found.get("date"), language=language, zone=zone) if found.get("date") else None
    start = offsets[last + 1] if last + 1 < len(offsets) else len(body)
    return start, _address(found["from"]), sent, found.get("subject", "").strip()
