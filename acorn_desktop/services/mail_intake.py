"""Forwarded Seller Central notification mails → inbound messages → cases; the raw-mail purge schedule.

Every mail becomes exactly one ``inbound_messages`` row, whatever path it took (a dropped ``.eml``,
``acorn import``, an IMAP poll): the SHA-256 of its bytes is unique, so the same mail imported twice — or
seen again in the mailbox — changes nothing. A mail a format matches opens or updates its case
(:mod:`~acorn_desktop.services.claim_intake`) and is ``parsed``; one no format matches, or whose store cannot
be told, is kept as ``unparsed`` with the reason (Chinese in ``error``) for a person to link (``services/inbox``)
— never dropped. Each mail is one transaction with its audit entry.

``InboundMessage.facts`` keys (what other features read; all optional):

=================  ================================================================================================
``kind``           ``atoz_claim`` | ``chargeback`` | ``buyer_message`` (the format's, also for partial matches)
``amazon_order_id`` the order the notice is about
``marketplace``    our marketplace code (``DE``…), when one could be told
``reason_code``    Amazon's claim reason mapped to the codes ``domain/claims.py`` knows (``ITEM_NOT_RECEIVED``…)
``reason_text``    the reason as the mail words it (PII-reduced)
``amount``         the claimed amount as a decimal string; ``currency`` its ISO code
``occurred_at``    ISO-8601 UTC: when Amazon sent the notice (the original's date when forwarded)
``respond_by``     ISO-8601 UTC: the notice's own deadline, when it gives one
``excerpt``        the buyer's words (buyer messages; PII-reduced, at most 800 characters) or the claim reason:
                   what letters and replies quote (``MessageExcerpt``)
``order_ids``      every order id in the text (suggestions when linking an unparsed mail)
``sender_domain``  the notification sender's domain (``amazon.de``, ``marketplace.amazon.co.jp``)
``error_en``       why it stayed unparsed, in English (``error`` holds the Chinese)
``format``         the id of the format that matched (``atoz_claim.de``)
=================  ================================================================================================

Raw-mail retention (the purge schedule)
    ``raw`` — the mail as received, inside the encrypted database — is kept only while a person may still
    need it: to read an unparsed mail before linking it, or to parse it again after a format was added.
    Amazon's Data Protection Policy lets a seller keep buyer personal data only as long as needed to handle
    the order and requires it to be deleted within 30 days after that; forwarded mails carry buyer names and
    quoted messages. So :func:`purge_raw` deletes ``raw`` **30 days after import** (:data:`RAW_RETENTION`), at
    once when a person marks a mail *ignored*, and cuts e-mail addresses, phone numbers and buyer names
    out of the subject of what remains; the facts above (already PII-reduced) and the case stay. It runs after
    every import and every mailbox poll, and from ``acorn inbox purge``.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.claims import LANGUAGE_NAMES
from ..errors import AcornError, InputError
from ..formats.mail.formats import MailFormat
from ..formats.mail.outlook import msg_to_mail
from ..formats.mail.parse import ParsedMail, parse_mail
from ..formats.mail.values import reduce_pii
from ..models import InboundMessage, Mailbox
from ..models.base import utcnow
from . import audit
from .changes import Actor, ActorLike, as_actor, shorten
from .claim_intake import Resolved, Unresolved, apply_notice, resolve_store

log = logging.getLogger(__name__)

RAW_RETENTION = timedelta(days=30)
MAX_MAIL_BYTES = 25 * 1024 * 1024  # a notification is a few KB; a forward with photos rarely more than this
MAIL_SUFFIXES = (".eml", ".msg")  # .msg: Outlook, converted by formats/mail/outlook.py
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
SUBJECT_MAX = 500
ERROR_MAX = 500


@dataclass(frozen=True)
class MailOutcome:
    """What importing one mail did. ``status``: parsed | unparsed | duplicate."""

    status: str
    inbound_id: int
    case_id: int | None = None
    created: bool = False
    error_zh: str | None = None
    error_en: str | None = None
    name: str = ""


@dataclass
class ImportSummary:
    """What one import (files dropped, ``acorn import``, a mailbox poll) did, for the summary message."""

    files: int = 0
    parsed: int = 0
    unparsed: int = 0
    duplicates: int = 0
    cases_created: int = 0
    cases_updated: int = 0
    csv_rows: int = 0
    report_rows: int = 0  # rows of returns reports downloaded from Seller Central
    report_unreadable: int = 0  # their lines kept on 未解析的报告行
    case_ids: list[int] = field(default_factory=list)
    created_case_ids: list[int] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (file, Chinese, English)
    cancelled: bool = False

    def add(self, outcome: MailOutcome) -> None:
        if outcome.status == "duplicate":
            self.duplicates += 1
            return
        if outcome.status == "parsed":
            self.parsed += 1
        else:
            self.unparsed += 1
        if outcome.case_id is not None:
            if outcome.created:
                self.cases_created += 1
                self.created_case_ids.append(outcome.case_id)
            else:
                self.cases_updated += 1
            if outcome.case_id not in self.case_ids:
                self.case_ids.append(outcome.case_id)

    def as_json(self) -> dict:
        return {
            "files": self.files, "parsed": self.parsed, "unparsed": self.unparsed, "duplicates": self.duplicates,
            "cases_created": self.cases_created, "cases_updated": self.cases_updated, "csv_rows": self.csv_rows,
            "report_rows": self.report_rows, "report_unreadable": self.report_unreadable,
            "case_ids": self.case_ids, "cancelled": self.cancelled,
            "failures": [{"file": f, "error": zh, "error_en": en} for f, zh, en in self.failures],
        }  # fmt: skip

    def text(self, lang: str = "zh_CN") -> str:
        """One paragraph for the summary message / the command line."""
        if lang.startswith("en"):
            lines = [
                f"{self.parsed} mail(s) recognised, {self.unparsed} kept as unparsed for a person to link, "
                f"{self.duplicates} already imported; {self.csv_rows} CSV row(s)."
                f" Cases: {self.cases_created} new, {self.cases_updated} updated."
            ]
            if self.report_rows or self.report_unreadable:
                lines.append(f"Returns reports: {self.report_rows} row(s) imported, {self.report_unreadable} line(s) "
                             "that could not be read are on the unreadable report lines page.")  # fmt: skip
            lines += [f"{name}: {en}" for name, _zh, en in self.failures]
            if self.cancelled:
                lines.append("Stopped before the end; what was imported stays.")
        else:
            lines = [
                f"识别 {self.parsed} 封邮件,{self.unparsed} 封未识别(已保留,待人工关联),{self.duplicates} 封此前已导入;"
                f"CSV {self.csv_rows} 行。工单:新建 {self.cases_created} 个,更新 {self.cases_updated} 个。"
            ]
            if self.report_rows or self.report_unreadable:
                lines.append(
                    f"退货报告:导入 {self.report_rows} 行,{self.report_unreadable} 行无法读取(见「未解析的报告行」)。"
                )
            lines += [f"{name}:{zh}" for name, zh, _en in self.failures]
            if self.cancelled:
                lines.append("导入已中途停止;已导入的内容保留。")
        return "\n".join(lines)


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def notice_label(fmt: MailFormat | None) -> tuple[str, str]:
    """("A-to-z 索赔通知邮件(德语)", "A-to-z claim notification mail (German)") of a format."""
    if fmt is None:
        return "通知邮件", "Notification mail"
    zh, en = LANGUAGE_NAMES.get(fmt.language, (fmt.language, fmt.language))
    return f"{fmt.kind.label_zh}通知邮件({zh})", f"{fmt.kind.label_en} notification mail ({en})"


def ingest_mail(
    session: Session,
    raw: bytes,
    *,
    channel: str,
    actor: Actor,
    mailbox: Mailbox | None = None,
    name: str = "",
    now: datetime | None = None,
    parsed: ParsedMail | None = None,
) -> MailOutcome:
    """Store one mail and open/update its case, inside the caller's transaction, with its audit entry.

    Never raises for what the mail contains: anything unusable is kept as ``unparsed`` with the reason.
    """
    now = now or utcnow()
    digest = sha256(raw)
    known = session.scalar(sa.select(InboundMessage.id).where(InboundMessage.content_sha256 == digest))
    if known is not None:
        return MailOutcome("duplicate", known, name=name)
    too_big = len(raw) > MAX_MAIL_BYTES
    if parsed is None:
        parsed = parse_mail(b"" if too_big else raw, now=now)
    mail = parsed.mail
    facts = _facts(parsed)
    message = InboundMessage(
        account_id=mailbox.account_id if mailbox else None, mailbox_id=mailbox.id if mailbox else None,
        channel=channel, message_id=mail.message_id, content_sha256=digest,
        received_at=mail.sent_at or mail.header_date, imported_at=now, subject=mail.subject[:SUBJECT_MAX],
        language=parsed.language, template=parsed.format.id[:48] if parsed.format else None, status="unparsed",
        facts=facts, raw=None if too_big else bytes(raw),
    )  # fmt: skip
    session.add(message)
    session.flush()
    zh, en = parsed.error_zh, parsed.error_en
    if too_big:
        zh, en = (
            f"邮件太大({len(raw) // 1024 // 1024} MB),未保存原文。",
            f"The mail is too large ({len(raw) // 1048576} MB).",
        )
    outcome = MailOutcome("unparsed", message.id, error_zh=zh, error_en=en, name=name)
    if parsed.notice is not None and not too_big:
        where = resolve_store(session, parsed.notice, parsed.marketplaces,
                              account_id=mailbox.account_id if mailbox else None)  # fmt: skip
        if isinstance(where, Unresolved):
            outcome = MailOutcome("unparsed", message.id, error_zh=where.zh, error_en=where.en, name=name)
        else:
            outcome = _apply(session, message, parsed, where, actor, name)
    if outcome.status == "unparsed":
        message.status = "unparsed"
        message.error = (outcome.error_zh or "")[:ERROR_MAX] or None
        message.facts = {**facts, "error_en": (outcome.error_en or "")[:ERROR_MAX]}
    session.flush()
    label_zh, label_en = notice_label(parsed.format)
    target_zh = f"→ 工单 #{outcome.case_id}" if outcome.case_id else "(未识别,待人工关联)"
    target_en = f"→ case #{outcome.case_id}" if outcome.case_id else "(unparsed, kept for a person)"
    audit.append(
        session, actor=actor.name, action="mail.imported",
        summary=shorten(f"导入{label_zh} #{message.id}{target_zh} / imported {label_en} #{message.id} {target_en}"),
        payload={"inbound_message_id": message.id, "sha256": digest, "channel": channel, "status": outcome.status,
                 "case_id": outcome.case_id, "format": message.template, "mailbox_id": message.mailbox_id},
        entity_type="inbound_message", entity_id=message.id,
    )  # fmt: skip
    return outcome


def _apply(session, message: InboundMessage, parsed: ParsedMail, where: Resolved, actor, name) -> MailOutcome:
    label_zh, label_en = notice_label(parsed.format)
    result = apply_notice(
        session, where, parsed.notice, source="email", actor=actor, label_zh=label_zh, label_en=label_en,
        data={"inbound_message_id": message.id, "format": message.template},
    )  # fmt: skip
    message.status = "parsed"
    message.case_id = result.case_id
    message.account_id = where.account.id
    message.facts = {**(message.facts or {}), "marketplace": where.marketplace}
    return MailOutcome("parsed", message.id, result.case_id, result.created, name=name)


def _facts(parsed: ParsedMail) -> dict:
    notice = parsed.notice
    facts: dict = {"sender_domain": parsed.mail.sender_domain or None, "order_ids": list(parsed.order_ids)}
    if parsed.format is not None:
        facts["format"] = parsed.format.id
        facts["kind"] = parsed.format.kind.value
    if notice is not None:
        facts.update({
            "amazon_order_id": notice.amazon_order_id, "marketplace": notice.marketplace,
            "reason_code": notice.reason_code, "reason_text": notice.reason_text,
            "amount": str(notice.amount) if notice.amount is not None else None, "currency": notice.currency,
            "occurred_at": notice.occurred_at.isoformat(),
            "respond_by": notice.respond_by.isoformat() if notice.respond_by else None,
            "excerpt": notice.excerpt,
        })  # fmt: skip
    else:
        excerpt = reduce_pii(parsed.mail.body, limit=300)
        facts["excerpt"] = excerpt or None
        if parsed.facts.get("order_id"):
            facts["amazon_order_id"] = parsed.facts["order_id"]
    return {k: v for k, v in facts.items() if v not in (None, "", [])}


# -- the raw-mail purge ------------------------------------------------------------------------------------------
def purge_raw(session: Session, now: datetime | None = None) -> int:
    """Delete ``raw`` of mails past :data:`RAW_RETENTION` and of ignored mails (see the module docstring).

    Returns how many mails were purged; writes one audit entry when it purged any.
    """
    now = now or utcnow()
    cutoff = now - RAW_RETENTION
    due = sa.and_(
        InboundMessage.raw_purged_at.is_(None),
        sa.or_(InboundMessage.imported_at < cutoff, InboundMessage.status == "ignored"),
    )
    rows = session.execute(sa.select(InboundMessage.id, InboundMessage.subject).where(due)).all()
    if not rows:
        return 0
    table = InboundMessage.__table__
    for message_id, subject in rows:
        session.execute(
            sa.update(table).where(table.c.id == message_id).values(
                raw=None, raw_purged_at=now, subject=reduce_pii(subject or "", limit=SUBJECT_MAX)
            )
        )  # fmt: skip
    audit.append(
        session, actor="system", action="mail.raw_purged",
        summary=f"按保留期限删除 {len(rows)} 封邮件原文 / purged the raw text of {len(rows)} mail(s)",
        payload={"count": len(rows), "retention_days": RAW_RETENTION.days, "ids": [r[0] for r in rows][:1000]},
    )  # fmt: skip
    return len(rows)


# -- files --------------------------------------------------------------------------------------------------------
class MailImports:
    """The import use cases bound to one store (call on the DB worker; every file is its own transaction)."""

    def __init__(self, store) -> None:
        self.store = store

    def import_bytes(self, raw: bytes, actor: ActorLike, *, channel: str = "eml", name: str = "") -> MailOutcome:
        try:
            with self.store.session() as session:
                return ingest_mail(session, raw, channel=channel, actor=as_actor(actor), name=name)
        except sa.exc.IntegrityError:
            # the same mail committed meanwhile by another import (a mailbox poll, a second desktop)
            with self.store.reader() as session:
                known = session.scalar(sa.select(InboundMessage.id).where(InboundMessage.content_sha256 == sha256(raw)))
            if known is None:
                raise
            return MailOutcome("duplicate", known, name=name)

    def import_files(
        self,
        paths: Iterable[str | Path],
        actor: ActorLike,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        account_id: int | None = None,
    ) -> ImportSummary:
        """Import ``.eml`` files (folders: the ``.eml`` files in them), claims CSV files and returns reports
        downloaded from Seller Central (recognised by their header; ``account_id``: the store they belong to).

        A file that cannot be read, or a CSV with errors, is reported in ``failures`` and changes nothing;
        the other files are imported. ``progress(done, total)`` after each file; ``cancel()`` stops between files.
        """
        from .claims_csv import import_claims_csv
        from .report_files import import_returns_report, report_type_of

        who = as_actor(actor)
        files, summary = expand_paths(paths)
        total = len(files)
        if progress:
            progress(0, total)
        for done, path in enumerate(files, start=1):
            if cancel is not None and cancel():
                summary.cancelled = True
                break
            summary.files += 1
            try:
                if path.suffix.lower() in CSV_SUFFIXES and report_type_of(_head(path)):
                    report = import_returns_report(self.store, path, who, account_id=account_id)
                    summary.report_rows += report.rows
                    summary.report_unreadable += report.unreadable
                    summary.cases_created += report.cases_created
                    summary.cases_updated += report.cases_updated
                    summary.case_ids.extend(i for i in report.case_ids if i not in summary.case_ids)
                elif path.suffix.lower() in CSV_SUFFIXES:
                    result = import_claims_csv(self.store, path, who)
                    summary.csv_rows += result.rows
                    summary.cases_created += result.cases_created
                    summary.cases_updated += result.cases_updated
                    summary.duplicates += result.duplicates
                    summary.case_ids.extend(i for i in result.case_ids if i not in summary.case_ids)
                elif path.suffix.lower() == ".msg":
                    raw = msg_to_mail(read_mail_file(path), path.name)
                    summary.add(self.import_bytes(raw, who, channel="msg", name=path.name))
                else:
                    raw = read_mail_file(path)
                    summary.add(self.import_bytes(raw, who, channel="eml", name=path.name))
            except AcornError as exc:
                hint_zh, hint_en = exc.hint_zh, exc.hint_en  # what to do goes with what is wrong
                summary.failures.append((path.name, f"{exc.zh}{hint_zh}", f"{exc.en} {hint_en}".strip()))
            if progress:
                progress(done, total)
        with self.store.session() as session:
            purge_raw(session)
        return summary

    def purge(self) -> int:
        with self.store.session() as session:
            return purge_raw(session)


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], ImportSummary]:
    """The files to import: ``.eml`` and CSV files as given, folders → their ``.eml``/CSV files (sorted).

    Anything else is a failure with what to do (an Outlook ``.msg``: save it as ``.eml``).
    """
    summary = ImportSummary()
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for root, _dirs, names in os.walk(path):
                for file_name in sorted(names):
                    found = Path(root) / file_name
                    suffix = found.suffix.lower()
                    if suffix in (*MAIL_SUFFIXES, ".csv") or (suffix in CSV_SUFFIXES and _is_report(found)):
                        files.append(found)
            continue
        suffix = path.suffix.lower()
        if suffix in MAIL_SUFFIXES or suffix in CSV_SUFFIXES:
            files.append(path)
        else:
            summary.failures.append((
                path.name, "不支持的文件类型:请导入 .eml 邮件文件、索赔 CSV 文件或卖家平台下载的退货报告。",
                "Unsupported file type: import .eml mails, a claims CSV or a returns report from Seller Central.",
            ))  # fmt: skip
    return files, summary


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(65536)
    except OSError:
        return b""  # the importer names the file and why it cannot be read


def _is_report(path: Path) -> bool:
    """A ``.txt`` / ``.tsv`` in a folder is imported only when it is a returns report Seller Central wrote."""
    from .report_files import report_type_of

    return report_type_of(_head(path)) is not None


def read_mail_file(path: Path) -> bytes:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_MAIL_BYTES:
            raise InputError(f"文件太大:{name}({size // 1048576} MB),邮件最大 {MAX_MAIL_BYTES // 1048576} MB。",
                             f"The file is too large: {name} ({size // 1048576} MB).")  # fmt: skip
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"找不到文件:{name}", f"File not found: {name}") from None
    except OSError as exc:
        raise InputError(f"无法读取文件:{name}({exc.strerror or exc})",
                         f"Cannot read the file: {name} ({exc.strerror or exc})") from exc  # fmt: skip
    if not data.strip():
        raise InputError(f"文件是空的:{name}", f"The file is empty: {name}")
    return data
