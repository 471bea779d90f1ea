"""The mailboxes dialog against the real dovecot: add and test, poll now (on the network pool), remove."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.formats.mail.formats import load_formats
from acorn_desktop.sandbox.mails import MailSpec, render_mail
from acorn_desktop.services.accounts import add_account
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.intake_api import ClaimIntakeServices
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.mailbox_dialog import MailboxDialog


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


def test_add_test_poll_and_remove_a_mailbox(qtbot, qtmodeltester, runner, store, imap_server, tmp_path):
    with store.session() as s:
        add_account(s, name="欧洲店", region=Region.EU, marketplaces=["DE"])
    fmt = next(f for f in load_formats() if f.id == "chargeback.de")
    sent = datetime(2026, 3, 9, 2, 15, tzinfo=UTC)
    spec = MailSpec(fmt=fmt, marketplace="DE", order_id="302-7777777-1234567", sent_at=sent, amount=Decimal("9.99"))
    imap_server.append(render_mail(spec))
    backend = ClaimIntakeServices(store)
    backend.mailboxes.ssl_context = imap_server.context()
    dialog = MailboxDialog(runner, backend, Actor("test"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("客服邮箱")
    dialog.host.setText("127.0.0.1")
    dialog.security.setCurrentIndex(dialog.security.findData("starttls"))
    dialog.port.setValue(imap_server.port)
    dialog.user.setText(imap_server.user)
    dialog.password.setText(imap_server.password)
    with qtbot.waitSignal(dialog.sig_done, timeout=20_000) as done:
        dialog.add_button.click()
        assert dialog.password.text() == ""  # cleared at once
    assert "登录正常" in done.args[0] or "login works" in done.args[0]
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 1, timeout=10_000)
    qtmodeltester.check(dialog.model)
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.sig_polled, timeout=20_000) as polled:
        dialog.poll_button.click()
    [result] = polled.args[0]
    assert result.fetched == 1 and result.summary.cases_created == 1
    qtbot.waitUntil(lambda: dialog.model.rows and dialog.model.rows[0].last_polled_at is not None, timeout=10_000)
    dialog.grab().save(str(tmp_path / "mailboxes.png"))
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.sig_done, timeout=10_000):
        dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.model.rows == [], timeout=10_000)
