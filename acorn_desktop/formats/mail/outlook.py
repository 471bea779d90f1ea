"""Outlook ``.msg`` files (a mail saved or dragged out of Outlook) turned into an RFC 5322 mail for the intake.

Read with extract-msg (a well-kept reader of the compound-file format). What the intake needs is kept: the
sender, the date, the subject and the body (plain text, else HTML). The result is deterministic, so the same
``.msg`` imported twice is one mail (the intake keys mails by the SHA-256 of these bytes).
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from ...errors import InputError

log = logging.getLogger(__name__)

_SENDER_ADDRESS = ("__substg1.0_5D01", "__substg1.0_0C1F", "__substg1.0_0065")  # SMTP, email address, sent repr.


def _cannot(name: str, why: str) -> InputError:
    return InputError(
        f"无法读取 Outlook 邮件 {name}:{why}",
        f"Cannot read the Outlook mail {name}: {why}",
        hint_zh="请在 Outlook 中把邮件另存为 .eml,或转发到已设置的 IMAP 邮箱。",
        hint_en="Save the mail as .eml in Outlook, or forward it to the IMAP mailbox.",
    )


def msg_to_mail(data: bytes, name: str = "") -> bytes:
    """The ``.msg`` as mail bytes; InputError (Chinese, with what to do) for anything that is not a readable .msg."""
    import extract_msg  # heavy: only when a .msg is imported

    if not data.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        raise _cannot(name, "不是 Outlook .msg 文件")
    try:
        msg = extract_msg.openMsg(data)
    except Exception as exc:  # the reader raises many kinds for damaged files
        log.info("unreadable .msg %s: %s", name, exc)
        raise _cannot(name, "文件已损坏或不是邮件") from None
    try:
        address = next((a for a in (msg.getStringStream(s) for s in _SENDER_ADDRESS) if a and "@" in a), "")
        mail = EmailMessage()
        mail["From"] = formataddr((msg.sender or "", address)) if address else (msg.sender or "")
        mail["Subject"] = (msg.subject or "").replace("\r", " ").replace("\n", " ")
        if msg.date is not None:
            mail["Date"] = format_datetime(msg.date)
        body = msg.body
        if body:
            mail.set_content(body.replace("\r\n", "\n"))
        else:
            html = msg.htmlBody
            text = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else (html or "")
            mail.set_content(text, subtype="html")
        return bytes(mail)
    except InputError:
        raise
    except Exception as exc:
        log.info("unreadable .msg %s: %s", name, exc)
        raise _cannot(name, "邮件内容无法读取") from None
    finally:
        msg.close()
