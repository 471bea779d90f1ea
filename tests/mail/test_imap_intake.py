"""IMAP intake against a real dovecot on loopback: add/test/poll/remove, resume point, crash, UIDVALIDITY."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.formats.mail.formats import load_formats
from acorn_desktop.sandbox.mails import MailSpec, render_mail
from acorn_desktop.services.accounts import add_account
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.mailboxes import MailboxServices, secret_name
from acorn_desktop.sync.mail.imap import MailboxError

FORMATS = {f.id: f for f in load_formats()}
ACTOR = Actor("test")


def claim(n: int, fmt="atoz_claim.de") -> bytes:
    return render_mail(MailSpec(fmt=FORMATS[fmt], marketplace="DE", order_id=f"302-1234567-{n:07d}",
                                sent_at=datetime(2026, 3, 9, 2, 15, tzinfo=UTC) + timedelta(minutes=n),
                                amount=Decimal("25.99"), forward="outlook"))  # fmt: skip


@pytest.fixture
def services(store, imap_server):
    with store.session() as s:
        add_account(s, name="欧洲店", region=Region.EU, marketplaces=["DE"])
    return MailboxServices(store, ssl_context=imap_server.context())


def add(services, server, security="starttls", **kw) -> int:
    port = server.ssl_port if security == "ssl" else server.port
    return services.add(ACTOR, name=kw.pop("name", "客服邮箱"), host="127.0.0.1", port=port, security=security,
                        username=server.user, password=server.password, **kw)  # fmt: skip


def count(store, model) -> int:
    with store.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_poll_imports_new_mail_once_and_resumes_after_the_last_uid(store, services, imap_server, security,
                                                                   isolated_keyring):  # fmt: skip
    imap_server.append(claim(1), claim(2))
    mailbox_id = add(services, imap_server, security)
    assert services.test(mailbox_id) == 2
    result = services.poll(mailbox_id)
    assert result.error is None and result.fetched == 2 and result.summary.cases_created == 2
    [info] = services.list()
    assert info.last_uid == 2 and info.last_polled_at is not None and info.last_error is None
    assert services.poll(mailbox_id).fetched == 0  # nothing new
    imap_server.append(claim(3))
    assert services.poll(mailbox_id).fetched == 1
    assert count(store, m.Case) == 3 and count(store, m.InboundMessage) == 3
    with store.reader() as s:
        assert set(s.scalars(sa.select(m.InboundMessage.channel))) == {"imap"}
        assert all(r.mailbox_id == mailbox_id for r in s.scalars(sa.select(m.InboundMessage)))
    # the password is only in the keyring; the mails were read without being marked as seen
    with store.reader() as s:
        assert imap_server.password not in str([r.__dict__ for r in s.scalars(sa.select(m.Mailbox))])
    assert isolated_keyring.get_password("ACORN-i", secret_name(mailbox_id)) == imap_server.password
    imap = imap_server.client()
    imap.select("INBOX", readonly=True)
    assert imap.search(None, "UNSEEN")[1][0].split() == [b"1", b"2", b"3"]
    imap.logout()


def test_a_crash_between_batches_loses_and_doubles_nothing(store, services, imap_server):
    imap_server.append(*(claim(n) for n in range(1, 8)))
    mailbox_id = add(services, imap_server)
    with pytest.raises(RuntimeError):
        services.poll(mailbox_id, batch=3, fail_after=1)
    assert count(store, m.InboundMessage) == 3 and services.list()[0].last_uid == 3
    result = services.poll(mailbox_id, batch=3)
    assert result.fetched == 4 and count(store, m.InboundMessage) == 7 and count(store, m.Case) == 7


def test_a_new_uidvalidity_reads_everything_again_without_doubles(store, services, imap_server):
    imap_server.append(claim(1), claim(2))
    mailbox_id = add(services, imap_server)
    services.poll(mailbox_id)
    with store.session() as s:
        s.get(m.Mailbox, mailbox_id).uidvalidity = 1  # as if the server had rebuilt the folder
    result = services.poll(mailbox_id)
    assert result.fetched == 2 and result.summary.duplicates == 2 and count(store, m.InboundMessage) == 2


def test_a_wrong_password_is_refused_before_anything_is_saved(store, services, imap_server):
    with pytest.raises(MailboxError) as err:
        services.add(ACTOR, name="x", host="127.0.0.1", port=imap_server.port, security="starttls",
                     username=imap_server.user, password="Bad-Secret-987")  # fmt: skip
    assert "登录失败" in err.value.zh and "Bad-Secret-987" not in err.value.zh + err.value.en
    assert services.list() == []


def test_plain_imap_is_refused_for_a_remote_server(services):
    with pytest.raises(MailboxError) as err:
        services.add(ACTOR, name="x", host="imap.example.com", username="u", password="p", security="none")
    assert "明文" in err.value.zh


def test_a_poll_error_is_stored_on_the_mailbox_and_remove_forgets_the_password(store, services, imap_server,
                                                                               isolated_keyring):  # fmt: skip
    mailbox_id = add(services, imap_server)
    imap_server.stop()
    result = services.poll(mailbox_id)
    assert result.error and "无法连接" in result.error
    assert services.list()[0].last_error == result.error
    services.remove(ACTOR, mailbox_id)
    assert services.list() == [] and isolated_keyring.get_password("ACORN-i", secret_name(mailbox_id)) is None
