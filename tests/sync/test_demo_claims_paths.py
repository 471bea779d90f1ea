"""From the demo: a claim seen by several paths (demo seed, notification mail, claims CSV, the sandbox's Finances
events and returns report, manual entry) is one case."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sp_api.auth import access_token_client

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.errors import InputError
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.demo_mails import write_demo_mails
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.services.mail_intake import MailImports
from acorn_desktop.services.manual_cases import ManualCase, create_case
from acorn_desktop.sync.engine import SyncEngine

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
CLAIMS = (CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK, CaseKind.BUYER_MESSAGE)


@pytest.fixture(autouse=True)
def fresh_token_cache():
    access_token_client.cache.clear()
    yield
    access_token_client.cache.clear()


def per_order(store) -> Counter:
    with store.reader() as s:
        rows = s.execute(sa.select(m.Case.account_id, m.Case.kind, m.Case.amazon_order_id)
                         .where(m.Case.kind.in_(CLAIMS), m.Case.amazon_order_id.is_not(None)))  # fmt: skip
        return Counter(tuple(r) for r in rows)


def test_every_demo_path_leads_to_one_case_per_claim(store, tmp_path):
    seed_demo(store, cases=300, seed=7, now=NOW)
    files = write_demo_mails(store, tmp_path / "演示邮件", now=NOW)
    assert len([f for f in files if f.suffix == ".eml"]) >= 8 and any(f.suffix == ".csv" for f in files)
    summary = MailImports(store).import_files([tmp_path / "演示邮件"], "demo")
    assert summary.failures == [] and summary.unparsed == 1 and summary.cases_updated >= 1  # the known claim
    assert max(per_order(store).values()) == 1
    with SandboxServer(seed=7, cases=300, now=NOW, rate_limits=False) as server:
        engine = SyncEngine(store, sandbox_credentials(server), now=server.world.now, rate_limits=False, timeout=10)
        assert [r.status for r in engine.run()] == ["ok", "ok", "ok"]
    again = MailImports(store).import_files([tmp_path / "演示邮件"], "demo")
    assert again.duplicates == summary.parsed + summary.unparsed + summary.csv_rows and again.cases_created == 0
    counts = per_order(store)
    assert max(counts.values()) == 1, [k for k, v in counts.items() if v > 1]
    # manual entry of a claim the mail already brought in is refused, naming the case
    with store.reader() as s:
        case = s.scalar(sa.select(m.Case).where(m.Case.source == "email", m.Case.kind == CaseKind.CHARGEBACK))
        entry = ManualCase(kind=CaseKind.CHARGEBACK, account_id=case.account_id, marketplace=case.marketplace_code,
                           amazon_order_id=case.amazon_order_id, amount="1", currency=case.currency, reason="",
                           opened_at=NOW)  # fmt: skip
        case_id = case.id
    with pytest.raises(InputError) as err:
        create_case(store, "test", entry)
    assert f"#{case_id}" in err.value.zh
