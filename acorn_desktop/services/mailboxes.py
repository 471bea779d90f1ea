"""IMAP mailboxes polled for forwarded notifications: add (tested first), list, remove, test, poll.

The password lives in the OS keyring only (``mailbox-password:<id>``), never in the database, logs or errors.
A poll reads the messages after the stored resume point (``uidvalidity``, ``last_uid``) in batches; each batch
— its mails, their cases and the advanced ``last_uid`` — is one transaction, so a crash or a cancel between
batches loses nothing and doubles nothing (the batch in flight is read again; the content hash keeps each mail
once). The poll's outcome (time, error in Chinese) is stored on the mailbox for the UI.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from ..errors import AcornError, InputError
from ..models import InboundMessage, Mailbox, SellerAccount
from ..models.base import utcnow
from ..storage.secrets import SecretStore
from ..sync.mail.imap import DEFAULT_PORTS, FETCH_BATCH, ImapReader, MailboxAddress, MailboxError, check_security
from . import audit
from .changes import Actor, ActorLike, as_actor
from .mail_intake import ImportSummary, ingest_mail, purge_raw


def secret_name(mailbox_id: int) -> str:
    return f"mailbox-password:{mailbox_id}"


@dataclass(frozen=True)
class MailboxInfo:
    id: int
    name: str
    host: str
    port: int
    security: str
    username: str
    folder: str
    account_id: int | None
    account_name: str | None
    enabled: bool
    last_uid: int
    last_polled_at: datetime | None
    last_error: str | None

    def as_json(self) -> dict:
        data = dict(self.__dict__)
        data["last_polled_at"] = self.last_polled_at.isoformat() if self.last_polled_at else None
        return data


@dataclass
class PollResult:
    mailbox: str
    fetched: int = 0
    summary: ImportSummary = field(default_factory=ImportSummary)
    error: str | None = None
    error_en: str | None = None


class MailboxServices:
    """Bound to one store; ``ssl_context`` replaces the system trust store (a company CA; tests)."""

    def __init__(self, store, secrets: SecretStore | None = None, *, ssl_context: ssl.SSLContext | None = None):
        self.store = store
        self.secrets = secrets or SecretStore()
        self.ssl_context = ssl_context

    # -- administration -----------------------------------------------------------------------------------
    def add(self, actor: ActorLike, *, name: str, host: str, username: str, password: str, security: str = "ssl",
            port: int | None = None, folder: str = "INBOX", account_id: int | None = None,
            verify: bool = True) -> int:  # fmt: skip
        """Add a mailbox; with ``verify`` the login is tried first and nothing is saved if it fails."""
        who = as_actor(actor)
        name, host, username, folder = name.strip(), host.strip(), username.strip(), folder.strip() or "INBOX"
        if not name or not host or not username or not password:
            raise InputError("请填写名称、服务器、用户名和密码。", "Name, server, user name and password are needed.")
        check_security(host, security)
        port = port or DEFAULT_PORTS[security]
        if not 0 < port < 65536:
            raise InputError(f"端口 {port} 无效。", f"Port {port} is invalid.")
        address = MailboxAddress(host, port, security, username, folder)
        if verify:
            self._test(address, password)
        with self.store.session() as session:
            if session.scalar(sa.select(Mailbox.id).where(Mailbox.name == name)):
                raise InputError(f"已有名为「{name}」的邮箱。", f"A mailbox named '{name}' exists.")
            if account_id is not None and session.get(SellerAccount, account_id) is None:
                raise InputError(f"店铺 #{account_id} 不存在。", f"Store #{account_id} does not exist.")
            mailbox = Mailbox(name=name, host=host, port=port, security=security, username=username, folder=folder,
                              account_id=account_id, enabled=True, last_uid=0)  # fmt: skip
            session.add(mailbox)
            session.flush()
            self.secrets.set(secret_name(mailbox.id), password)  # inside the transaction: no mailbox without it
            audit.append(session, actor=who.name, action="mailbox.added",
                         summary=f"添加邮箱「{name}」({address.describe()}) / mailbox added",
                         payload={"mailbox_id": mailbox.id, "host": host, "port": port, "security": security,
                                  "username": username, "folder": folder, "account_id": account_id},
                         entity_type="mailbox", entity_id=mailbox.id)  # fmt: skip
            return mailbox.id

    def remove(self, actor: ActorLike, mailbox_id: int) -> None:
        who = as_actor(actor)
        with self.store.session() as session:
            mailbox = self._get(session, mailbox_id)
            name = mailbox.name
            messages = InboundMessage.__table__
            session.execute(sa.update(messages).where(messages.c.mailbox_id == mailbox_id).values(mailbox_id=None))
            session.delete(mailbox)
            audit.append(session, actor=who.name, action="mailbox.removed",
                         summary=f"删除邮箱「{name}」 / mailbox removed", payload={"mailbox_id": mailbox_id},
                         entity_type="mailbox", entity_id=mailbox_id)  # fmt: skip
        self.secrets.delete(secret_name(mailbox_id))

    def list(self) -> list[MailboxInfo]:
        query = (sa.select(Mailbox, SellerAccount.name).outerjoin(SellerAccount, SellerAccount.id == Mailbox.account_id)
                 .order_by(Mailbox.name))  # fmt: skip
        with self.store.reader() as session:
            return [
                MailboxInfo(
                    b.id,
                    b.name,
                    b.host,
                    b.port,
                    b.security,
                    b.username,
                    b.folder,
                    b.account_id,
                    account,
                    b.enabled,
                    b.last_uid,
                    b.last_polled_at,
                    b.last_error,
                )
                for b, account in session.execute(query)
            ]

    def test(self, mailbox_id: int) -> int:
        """Log in and open the folder; how many messages it holds. Raises MailboxError in Chinese."""
        with self.store.reader() as session:
            mailbox = self._get(session, mailbox_id)
            address = _address(mailbox)
        return self._test(address, self._password(mailbox_id))

    def _test(self, address: MailboxAddress, password: str) -> int:
        with ImapReader(address, password, ssl_context=self.ssl_context) as reader:
            reader.open_folder()
            return reader.count()

    # -- polling ------------------------------------------------------------------------------------------
    def poll_all(self, *, cancel: Callable[[], bool] | None = None) -> list[PollResult]:
        """Poll every enabled mailbox; then run the raw-mail purge (so it runs on the sync schedule)."""
        with self.store.reader() as session:
            ids = list(session.scalars(sa.select(Mailbox.id).where(Mailbox.enabled.is_(True)).order_by(Mailbox.id)))
        results = [self.poll(i, cancel=cancel) for i in ids if not (cancel and cancel())]
        with self.store.session() as session:
            purge_raw(session)
        return results

    def poll(self, mailbox_id: int, *, cancel: Callable[[], bool] | None = None, batch: int = FETCH_BATCH,
             fail_after: int | None = None) -> PollResult:  # fmt: skip
        """Import the mailbox's new mail (see the module docstring). ``fail_after`` (tests) raises after that
        many committed batches, as a crash would."""
        with self.store.reader() as session:
            mailbox = self._get(session, mailbox_id)
            address, name = _address(mailbox), mailbox.name
            known_validity, last_uid = mailbox.uidvalidity, mailbox.last_uid
        result = PollResult(name)
        actor = Actor(f"imap:{name}")
        try:
            password = self._password(mailbox_id)
            with ImapReader(address, password, ssl_context=self.ssl_context) as reader:
                validity = reader.open_folder()
                start = last_uid if validity == known_validity else 0
                uids = reader.uids_after(start)
                for index in range(0, len(uids), batch):
                    if cancel is not None and cancel():
                        result.summary.cancelled = True
                        break
                    chunk = uids[index : index + batch]
                    fetched = list(reader.fetch(chunk))
                    with self.store.session() as session:
                        row = self._get(session, mailbox_id)
                        for _uid, raw in fetched:
                            result.summary.add(ingest_mail(session, raw, channel="imap", actor=actor, mailbox=row))
                        row.uidvalidity, row.last_uid = validity, max(chunk)
                        row.last_polled_at, row.last_error = utcnow(), None
                    result.fetched += len(fetched)
                    if fail_after is not None and index // batch + 1 >= fail_after:
                        raise RuntimeError("simulated crash after a committed batch")
                with self.store.session() as session:
                    row = self._get(session, mailbox_id)
                    row.uidvalidity, row.last_polled_at, row.last_error = validity, utcnow(), None
                    purge_raw(session)
        except AcornError as exc:
            result.error, result.error_en = exc.zh, exc.en
            with self.store.session() as session:
                row = session.get(Mailbox, mailbox_id)
                if row is not None:
                    row.last_polled_at, row.last_error = utcnow(), exc.zh[:500]
        return result

    # -- helpers ------------------------------------------------------------------------------------------
    def _password(self, mailbox_id: int) -> str:
        password = self.secrets.get(secret_name(mailbox_id))
        if not password:
            raise MailboxError("系统密钥环中没有这个邮箱的密码。", "The mailbox password is not in the OS keyring.",
                               hint_zh="请删除后重新添加该邮箱。",
                               hint_en="Remove the mailbox and add it again.")  # fmt: skip
        return password

    @staticmethod
    def _get(session, mailbox_id: int) -> Mailbox:
        mailbox = session.get(Mailbox, mailbox_id)
        if mailbox is None:
            raise InputError(f"找不到邮箱 #{mailbox_id}。", f"Mailbox #{mailbox_id} does not exist.")
        return mailbox


def _address(mailbox: Mailbox) -> MailboxAddress:
    return MailboxAddress(mailbox.host, mailbox.port, mailbox.security, mailbox.username, mailbox.folder)
