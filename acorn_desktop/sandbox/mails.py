"""Seller Central notification mails as staff forward them, for the demo, the tests and the benchmark.

Each mail is a format's ``[example]`` (``resources/mail_formats``) filled with an order's facts, written the
way real mailboxes deliver them: forwarded by Outlook, Gmail, Thunderbird or Foxmail in the forwarder's
language (``FW:``/``WG:``/``TR:``/``I:``/``RV:``/``転送:``/``转发:`` and the quoted header block), or as an
attached ``message/rfc822``, or straight from Amazon; plain text or HTML; UTF-8, ISO-8859-1, Shift_JIS or
ISO-2022-JP; quoted-printable, base64 or 7/8 bit; RFC 2047 subjects. Pure: bytes out, nothing stored.
"""

from __future__ import annotations

import html
import random
import string
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from ..domain.marketplaces import MARKETPLACES
from ..formats.mail.formats import MailFormat

FORWARD_STYLES = ("direct", "outlook", "gmail", "thunderbird", "foxmail", "attachment")
FORWARDER = "kefu@example-shop.cn"

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}  # fmt: skip
_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "ja": ("月", "火", "水", "木", "金", "土", "日"),
}
# (prefix, From, Sent, To, Subject labels) of the forwarder's mail client per language (Outlook's wording).
_OUTLOOK = {
    "en": ("FW", "From", "Sent", "To", "Subject"),
    "de": ("WG", "Von", "Gesendet", "An", "Betreff"),
    "fr": ("TR", "De", "Envoyé", "À", "Objet"),
    "it": ("I", "Da", "Inviato", "A", "Oggetto"),
    "es": ("RV", "De", "Enviado el", "Para", "Asunto"),
    "ja": ("転送", "差出人", "送信日時", "宛先", "件名"),
    "zh": ("转发", "发件人", "发送时间", "收件人", "主题"),
}
_PREFACE = {"en": "Please handle this one.", "de": "Bitte bearbeiten.", "fr": "À traiter, merci.",
            "it": "Da gestire, grazie.", "es": "Por favor, gestionar.", "ja": "ご確認ください。",
            "zh": "请处理这个通知。"}  # fmt: skip
BUYER_NAMES = {
    "en": ("Emily Carter", "James Miller", "Olivia Brown"),
    "de": ("Lukas Schneider", "Anna Becker", "Jonas Fischer"),
    "fr": ("Camille Martin", "Hugo Bernard", "Léa Dubois"),
    "it": ("Giulia Rossi", "Marco Bianchi", "Sara Romano"),
    "es": ("Lucía García", "Pablo Martínez", "Carmen López"),
    "ja": ("山田 花子", "佐藤 健", "鈴木 美咲"),
}
# What buyers write (greeting, words, sign-off with the name: the excerpt must lose the name).
BUYER_WORDS = {
    "en": ("Hi {name},\nmy parcel has not arrived yet and the tracking has not moved for five days. Could you "
           "check with the carrier or send a replacement?\nBest regards,\n{name}"),
    "de": ("Hallo,\nmein Paket ist immer noch nicht angekommen, die Sendungsverfolgung zeigt seit einer Woche "
           "nichts Neues. Können Sie bitte nachsehen?\nViele Grüße\n{name}"),
    "fr": ("Bonjour,\nle colis n'est toujours pas arrivé et le suivi ne bouge plus depuis cinq jours. Pouvez-vous "
           "vérifier auprès du transporteur ?\nCordialement,\n{name}"),
    "it": ("Buongiorno,\nil pacco non è ancora arrivato e il tracciamento è fermo da cinque giorni. Potete "
           "verificare con il corriere?\nGrazie\n{name}"),
    "es": ("Hola,\nel paquete todavía no ha llegado y el seguimiento no cambia desde hace cinco días. ¿Podéis "
           "revisarlo con el transportista?\nGracias\n{name}"),
    "ja": ("お世話になっております。\n注文した商品がまだ届いていません。追跡番号を確認しても5日間更新がありません。"
           "ご確認いただけますか。\nよろしくお願いします。\n{name}"),
}  # fmt: skip


@dataclass(frozen=True)
class MailSpec:
    """One notification mail to write. ``amount`` is in the marketplace's currency."""

    fmt: MailFormat
    marketplace: str
    order_id: str
    sent_at: datetime
    reason_code: str | None = None
    amount: Decimal | None = None
    respond_by: date | None = None
    buyer_name: str | None = None
    message: str | None = None
    claim_id: str | None = None
    forward: str = "direct"  # one of FORWARD_STYLES
    forwarder_language: str = "en"
    html: bool = False
    charset: str = "utf-8"
    transfer: str | None = None  # None: what the charset usually travels with


def format_amount(amount: Decimal, currency: str, language: str) -> str:
    """An amount written the way the marketplace's notification writes it."""
    if currency == "JPY":
        return f"￥{int(amount):,}"
    if language == "en":
        sign = {"USD": "$", "GBP": "£", "CAD": "CDN$ ", "AUD": "A$", "SGD": "S$"}.get(currency, currency + " ")
        return f"{sign}{amount:,.2f}"
    grouped = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    if language == "de":
        grouped = grouped.replace(" ", ".")
    sign = {"EUR": "€", "MXN": "MXN"}.get(currency, currency)
    return f"{grouped}\u00a0{sign}" if language == "fr" else f"{grouped} {sign}"


def format_date(day: date, language: str) -> str:
    if language == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    months = _MONTHS.get(language, _MONTHS["en"])
    name = months[day.month - 1]
    if language == "de":
        return f"{day.day}. {name} {day.year}"
    if language == "es":
        return f"{day.day} de {name} de {day.year}"
    if language == "en":
        return f"{name} {day.day}, {day.year}"
    return f"{day.day} {name} {day.year}"


def _client_date(moment: datetime, language: str) -> str:
    """The Sent/Date line of a forward header, as the forwarder's Outlook prints it (local time, no zone)."""
    weekday = _WEEKDAYS.get(language, _WEEKDAYS["en"])[moment.weekday()]
    if language == "ja":
        return f"{moment.year}年{moment.month}月{moment.day}日({weekday}) {moment:%H:%M}"
    if language == "zh":
        return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
    months = _MONTHS.get(language, _MONTHS["en"])
    month = months[moment.month - 1]
    if language == "en":
        hour = moment.hour % 12 or 12
        return f"{weekday}, {month} {moment.day}, {moment.year} {hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"
    if language == "de":
        return f"{weekday}, {moment.day}. {month} {moment.year} {moment:%H:%M}"
    if language == "es":
        return f"{weekday}, {moment.day} de {month} de {moment.year} {moment:%H:%M}"
    return f"{weekday} {moment.day} {month} {moment.year} {moment:%H:%M}"


def fill(spec: MailSpec) -> tuple[str, str, str]:
    """(From, Subject, body) of the notification itself, from the format's example."""
    fmt = spec.fmt
    currency = MARKETPLACES[spec.marketplace].currency
    name = spec.buyer_name or BUYER_NAMES.get(fmt.language, BUYER_NAMES["en"])[0]
    message = spec.message if spec.message is not None else BUYER_WORDS.get(fmt.language, BUYER_WORDS["en"])
    values = {
        "order_id": spec.order_id,
        "reason": fmt.canonical_reasons.get(spec.reason_code or "", next(iter(fmt.canonical_reasons.values()), "")),
        "amount": format_amount(spec.amount if spec.amount is not None else Decimal("0"), currency, fmt.language),
        "respond_by": format_date(spec.respond_by or spec.sent_at.date(), fmt.language),
        "buyer_name": name,
        "message": message.format(name=name),
        "claim_id": spec.claim_id or "",
    }
    example = fmt.example
    sender = string.Template(example.get("from", "Amazon <no-reply@amazon.com>")).safe_substitute(values)
    sender = (
        sender.replace("amazon.com>", f"{MARKETPLACES[spec.marketplace].domain}>") if fmt.language == "en" else sender
    )
    subject = string.Template(example.get("subject", "")).safe_substitute(values)
    body = string.Template(example.get("body", "")).safe_substitute(values).strip("\n") + "\n"
    return sender, subject, body


def render_mail(spec: MailSpec) -> bytes:
    """The RFC 5322 bytes of the mail ``spec`` describes."""
    sender, subject, body = fill(spec)
    zone = timezone(timedelta(hours=8))  # the forwarding team works in China
    original_date = spec.sent_at.astimezone(UTC)
    original = _message(sender, "seller@example-shop.cn", subject, body, original_date, spec)
    if spec.forward == "direct":
        return original.as_bytes()
    forwarded_at = spec.sent_at.astimezone(zone) + timedelta(minutes=7)
    lang = spec.forwarder_language
    if spec.forward == "attachment":
        outer = EmailMessage()
        _headers(outer, FORWARDER, "claims@example-shop.cn", f"Fwd: {subject}", forwarded_at)
        outer.set_content("Please see the attached notification.\n转发亚马逊通知,见附件。\n")
        outer.add_attachment(original)
        return outer.as_bytes()
    local = spec.sent_at.astimezone(zone)
    if spec.forward == "outlook":
        prefix, l_from, l_sent, l_to, l_subject = _OUTLOOK.get(lang, _OUTLOOK["en"])
        block = (f"{l_from}: {sender}\n{l_sent}: {_client_date(local, lang)}\n{l_to}: seller@example-shop.cn\n"
                 f"{l_subject}: {subject}\n")  # fmt: skip
        preface = "\n\n________________________________\n"
    elif spec.forward == "gmail":
        prefix = "Fwd"
        clock = f"{local.hour % 12 or 12}:{local:%M} {'AM' if local.hour < 12 else 'PM'}"
        block = (f"From: {sender}\nDate: {local:%a, %b} {local.day}, {local.year} at {clock}\nSubject: {subject}\n"
                 "To: <seller@example-shop.cn>\n")  # fmt: skip
        preface = "\n\n---------- Forwarded message ---------\n"
    elif spec.forward == "thunderbird":
        prefix = "Fwd"
        block = (f"Subject: \t{subject}\nDate: \t{format_datetime(original_date.astimezone(zone))}\nFrom: \t{sender}\n"
                 "To: \tseller@example-shop.cn\n")  # fmt: skip
        preface = "\n\n-------- Forwarded Message --------\n"
    else:  # foxmail, in Chinese
        prefix = "转发"
        block = (f"发件人: {sender}\n发送时间: {local.year}年{local.month}月{local.day}日 {local:%H:%M}\n"
                 f"收件人: seller@example-shop.cn\n主题: {subject}\n")  # fmt: skip
        preface = "\n\n------------------ 原始邮件 ------------------\n"
    text = f"{_PREFACE.get(lang, _PREFACE['en'])}{preface}{block}\n{body}"
    outer = _message(FORWARDER, "claims@example-shop.cn", f"{prefix}: {subject}", text, forwarded_at, spec)
    return outer.as_bytes()


def _headers(message: EmailMessage, sender: str, to: str, subject: str, moment: datetime, charset="utf-8") -> None:
    message["From"] = sender
    message["To"] = to
    if charset in ("iso-2022-jp", "shift_jis") and not subject.isascii():
        message["Subject"] = Header(subject, charset).encode(maxlinelen=0)
    else:
        message["Subject"] = subject
    message["Date"] = format_datetime(moment)
    message["Message-ID"] = make_msgid(domain="mail.example-shop.cn")


def _message(sender: str, to: str, subject: str, body: str, moment: datetime, spec: MailSpec) -> EmailMessage:
    message = EmailMessage()
    charset = _charset_for(spec.charset, f"{subject}\n{body}")
    _headers(message, sender, to, subject, moment, charset)
    transfer = spec.transfer or {
        "iso-2022-jp": "7bit",
        "shift_jis": "base64",
        "iso-8859-1": "quoted-printable",
        "iso-8859-15": "quoted-printable",
    }.get(charset, "quoted-printable" if spec.html else "8bit")
    if spec.html:
        paragraphs = "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in body.split("\n"))
        markup = f"<html><head><style>p{{margin:0}}</style></head><body>{paragraphs}</body></html>"
        message.set_content(markup, subtype="html", charset=charset, cte=transfer)
    else:
        message.set_content(body, charset=charset, cte=transfer)
    return message


def _charset_for(wanted: str, text: str) -> str:
    """``wanted`` if it can carry ``text``; ISO-8859-15 for Latin text with "€", else UTF-8 (as mailers do)."""
    for charset in (wanted, "iso-8859-15" if wanted == "iso-8859-1" else wanted, "utf-8"):
        try:
            text.encode(charset)
            return charset
        except UnicodeEncodeError:
            continue
    return "utf-8"


def random_specs(
    formats: list[MailFormat], orders: list[tuple[str, str]], count: int, *, seed: int = 7, now: datetime | None = None
) -> list[MailSpec]:
    """``count`` varied mails (every format, forward style, charset) for ``orders`` [(order id, marketplace)].

    Each format is used only with orders of its marketplaces; deterministic for a seed.
    """  # fmt: skip
    rng = random.Random(seed)
    now = now or datetime(2026, 3, 9, 2, 15, tzinfo=UTC)
    by_market: dict[str, list[str]] = {}
    for order_id, market in orders:
        by_market.setdefault(market, []).append(order_id)
    usable = [f for f in formats if any(m in by_market for m in f.marketplaces)]
    specs = []
    for index in range(count):
        fmt = usable[index % len(usable)]
        market = rng.choice([m for m in fmt.marketplaces if m in by_market])
        charset = "utf-8"
        if fmt.language == "ja":
            charset = rng.choice(("utf-8", "iso-2022-jp", "shift_jis"))
        elif fmt.language in ("de", "fr", "it", "es") and rng.random() < 0.3:
            charset = "iso-8859-1"
        sent = now - timedelta(minutes=rng.randrange(0, 60 * 24 * 5))
        specs.append(
            MailSpec(
                fmt=fmt, marketplace=market, order_id=rng.choice(by_market[market]), sent_at=sent,
                reason_code=rng.choice(list(fmt.canonical_reasons) or [None]),
                amount=Decimal(rng.randrange(899, 25_999)) / (1 if market == "JP" else 100),
                respond_by=(sent + timedelta(days=3)).date(), buyer_name=rng.choice(BUYER_NAMES[fmt.language]),
                forward=FORWARD_STYLES[index % len(FORWARD_STYLES)],
                forwarder_language=rng.choice(("en", "zh", fmt.language)) if fmt.language != "ja" else "ja",
                html=rng.random() < 0.35, charset=charset,
            )
        )  # fmt: skip
    return specs
