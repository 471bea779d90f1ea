"""Read new mail from an IMAP mailbox (stdlib ``imaplib``): SSL or STARTTLS, read-only, by UID.

The mailbox is opened read-only (``EXAMINE``) and messages are fetched with ``BODY.PEEK[]``, so the app never
marks a colleague's mail as read or moves it. The resume point is ``(UIDVALIDITY, last UID)``: UIDs only grow
while UIDVALIDITY stays the same; when the server changes UIDVALIDITY everything is read again and the
content hash keeps each mail once. Errors are :class:`MailboxError` in Chinese and English, never with the
password.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

from ...errors import AcornError

SECURITY = ("ssl", "starttls", "none")
LOOPBACK = ("127.0.0.1", "::1", "localhost")
DEFAULT_PORTS = {"ssl": 993, "starttls": 143, "none": 143}
FETCH_BATCH = 25
TIMEOUT = 30


class MailboxError(AcornError):
    exit_code = 8


@dataclass(frozen=True)
class MailboxAddress:
    host: str
    port: int
    security: str
    username: str
    folder: str = "INBOX"

    def describe(self) -> str:
        return f"{self.username}@{self.host}:{self.port}/{self.folder}"


def check_security(host: str, security: str) -> None:
    if security not in SECURITY:
        raise MailboxError(f"加密方式「{security}」无效,可选 ssl、starttls、none。",
                           f"Invalid security '{security}'; use ssl, starttls or none.")  # fmt: skip
    if security == "none" and host.strip().lower() not in LOOPBACK:
        raise MailboxError(
            "不加密的连接只允许本机(127.0.0.1)上的邮箱服务器:密码会以明文传输。",
            "An unencrypted connection is allowed only to a server on this computer: the password would travel "
            "in clear text.",
            hint_zh="请选择 SSL(端口 993)或 STARTTLS(端口 143)。", hint_en="Choose SSL (port 993) or STARTTLS (143).",
        )  # fmt: skip


class ImapReader:
    """One connection: ``with ImapReader(address, password) as r: validity = r.open_folder(); …``."""

    def __init__(self, address: MailboxAddress, password: str, *, ssl_context: ssl.SSLContext | None = None,
                 timeout: float = TIMEOUT) -> None:  # fmt: skip
        check_security(address.host, address.security)
        self.address = address
        self._password = password
        self._context = ssl_context or ssl.create_default_context()
        self._timeout = timeout
        self._imap: imaplib.IMAP4 | None = None

    def __enter__(self) -> ImapReader:
        where = f"{self.address.host}:{self.address.port}"
        try:
            if self.address.security == "ssl":
                imap = imaplib.IMAP4_SSL(self.address.host, self.address.port, ssl_context=self._context,
                                         timeout=self._timeout)  # fmt: skip
            else:
                imap = imaplib.IMAP4(self.address.host, self.address.port, timeout=self._timeout)
                if self.address.security == "starttls":
                    imap.starttls(ssl_context=self._context)
        except ssl.SSLError as exc:
            raise MailboxError(f"与 {where} 的加密连接失败(证书无效或不受信任):{exc.reason or exc}",
                               f"The encrypted connection to {where} failed (certificate invalid or not trusted): "
                               f"{exc.reason or exc}") from None  # fmt: skip
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailboxError(f"无法连接邮箱服务器 {where}:{_reason(exc)}",
                               f"Cannot connect to the mail server {where}: {_reason(exc)}",
                               hint_zh="请检查服务器地址、端口、加密方式和网络。",
                               hint_en="Check the server, port, security and the network.") from None  # fmt: skip
        try:
            imap.login(self.address.username, self._password)
        except imaplib.IMAP4.error:
            _close(imap)
            raise MailboxError(
                f"邮箱 {self.address.username} 登录失败:用户名或密码不对(或需要应用专用密码)。",
                f"Login to {self.address.username} failed: wrong user name or password (or an app password is needed).",
            ) from None  # fmt: skip
        self._imap = imap
        return self

    def __exit__(self, *exc_info) -> None:
        if self._imap is not None:
            _close(self._imap)
            self._imap = None

    def open_folder(self) -> int:
        """Open the folder read-only; its UIDVALIDITY."""
        status, _data = self._imap.select(_quote(self.address.folder), readonly=True)
        if status != "OK":
            raise MailboxError(f"邮箱文件夹「{self.address.folder}」不存在或无法打开。",
                               f"The folder '{self.address.folder}' does not exist or cannot be opened.")  # fmt: skip
        _name, values = self._imap.response("UIDVALIDITY")
        try:
            return int(values[0])
        except (TypeError, ValueError, IndexError):
            raise MailboxError("邮箱服务器没有返回 UIDVALIDITY。", "The server gave no UIDVALIDITY.") from None

    def count(self) -> int:
        status, data = self._imap.uid("SEARCH", None, "ALL")
        return len(data[0].split()) if status == "OK" and data and data[0] else 0

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs greater than ``last_uid``, ascending ("n:*" also returns the last message; it is filtered)."""
        status, data = self._imap.uid("SEARCH", None, "UID", f"{last_uid + 1}:*")
        if status != "OK":
            raise MailboxError("邮箱搜索失败。", "The mailbox search failed.")
        uids = sorted({int(u) for u in (data[0] or b"").split() if u.isdigit()})
        return [u for u in uids if u > last_uid]

    def fetch(self, uids: list[int]) -> Iterator[tuple[int, bytes]]:
        """(uid, raw bytes) of each message, without setting \\Seen."""
        if not uids:
            return
        status, data = self._imap.uid("FETCH", ",".join(map(str, uids)), "(UID BODY.PEEK[])")
        if status != "OK":
            raise MailboxError("读取邮件失败。", "Fetching the mail failed.")
        for item in data:
            if not isinstance(item, tuple) or len(item) < 2:
                continue
            match = re.search(rb"UID (\d+)", item[0])
            if match:
                yield int(match.group(1)), bytes(item[1])


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _close(imap: imaplib.IMAP4) -> None:
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        imap.logout()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "连接超时 / timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "连接被拒绝 / connection refused"
    if isinstance(exc, socket.gaierror):
        return "找不到服务器 / unknown host"
    return str(exc)[:200] or type(exc).__name__
