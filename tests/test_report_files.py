"""Returns reports downloaded from Seller Central: recognised by their header, store found from their orders,
one unreadable line kept aside, the same file twice changes nothing — by service call and by `acorn import`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.errors import InputError
from acorn_desktop.formats.report_parsers import FBA_RETURNS, MFN_RETURNS
from acorn_desktop.sandbox.api_reports import MFN_RETURNS_COLUMNS
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.mail_intake import MailImports
from acorn_desktop.services.report_files import import_returns_report, report_type_of

HEADER = "\t".join(MFN_RETURNS_COLUMNS)


def row(order_id: str, rma: str, returned: str = "14-Jul-2025") -> str:
    cells = [order_id, "10-Jul-2025", returned, "Approved", rma, " ", "AmazonPrePaidLabel", "4.14", "USD", "USPS",
             "9202090000000000000001", "Seller", "N", "N", "B0TESTASIN", "ACN-1", "Desk lamp", "1",
             "AMZ-PG-BAD-DESC", "Y", "C-Returns", "StandardRefund", " ", " ", "21.38", "1", ""]  # fmt: skip
    return "\t".join(cells)


@pytest.fixture
def seeded(store):
    seed_demo(store, cases=120, seed=5)
    with store.reader() as s:
        order_id, account = s.execute(
            sa.select(m.Order.amazon_order_id, m.SellerAccount.name)
            .join(m.SellerAccount, m.SellerAccount.id == m.Order.account_id)
            .where(m.Order.marketplace_code == "US")
            .limit(1)
        ).one()
    return store, order_id, account


def returns(store):
    with store.reader() as s:
        records = s.scalar(sa.select(sa.func.count()).select_from(m.ReturnRecord))
        lines = s.scalar(sa.select(sa.func.count()).select_from(m.UnreadableReportLine))
        cases = s.scalar(sa.select(sa.func.count()).select_from(m.Case))
    return records, lines, cases


def test_the_header_says_what_a_file_is():
    assert report_type_of(("\ufeff" + HEADER + "\n").encode()) == MFN_RETURNS
    fba = "return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\tdetailed-disposition\tlicense-plate-number"
    assert report_type_of(fba.encode()) == FBA_RETURNS
    assert report_type_of(b"type,order_id,opened_at\n") is None and report_type_of(b"") is None


def test_a_downloaded_report_imports_once_with_its_bad_line_kept(seeded, tmp_path):
    store, order_id, account = seeded
    path = tmp_path / "Returns_2025-07.txt"
    path.write_text("\r\n".join([HEADER, row(order_id, "DqFileTestRMA"), row(order_id, "DqBadLineXRMA", "14-Jux-2025")])
                    + "\r\n", encoding="utf-8")  # fmt: skip
    before = returns(store)
    result = import_returns_report(store, path, "tester")
    assert (result.report_type, result.store, result.rows, result.unreadable) == (MFN_RETURNS, account, 1, 1)
    assert result.cases_created + result.cases_updated >= 1
    after = returns(store)
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)
    again = import_returns_report(store, path, "tester")
    assert again.cases_created == 0 and returns(store) == after  # the same file twice changes nothing
    with store.reader() as s:
        (line,) = s.scalars(sa.select(m.UnreadableReportLine)).all()
        assert (line.report_ref, line.line, line.problem) == (path.name, 3, "date")


def test_a_report_whose_store_cannot_be_told_is_refused_and_changes_nothing(seeded, tmp_path):
    store, _order_id, account = seeded
    path = tmp_path / "returns.txt"
    path.write_text(HEADER + "\n" + row("111-0000000-0000000", "DqUnknownXRMA") + "\n", encoding="utf-8")
    before = returns(store)
    with pytest.raises(InputError) as info:
        import_returns_report(store, path, "tester")
    assert "returns.txt" in info.value.zh and "--store" in info.value.hint_zh
    assert returns(store) == before
    with store.reader() as s:
        account_id = s.scalar(sa.select(m.SellerAccount.id).where(m.SellerAccount.name == account))
    assert import_returns_report(store, path, "tester", account_id=account_id).rows == 1


def test_a_folder_import_takes_the_report_and_leaves_other_text_files(seeded, tmp_path):
    store, order_id, _account = seeded
    folder = tmp_path / "下载"
    folder.mkdir()
    (folder / "returns.txt").write_text(HEADER + "\n" + row(order_id, "DqFolderXXRMA") + "\n", encoding="utf-8")
    (folder / "notes.txt").write_text("just notes\n", encoding="utf-8")
    summary = MailImports(store).import_files([folder], "tester")
    assert summary.files == 1 and summary.report_rows == 1 and summary.failures == []
    assert "退货报告:导入 1 行,0 行无法读取" in summary.text()


@pytest.mark.slow
def test_acorn_import_takes_a_report_and_names_the_store_option(data_dir, tmp_path):
    def acorn(*args):
        cmd = [sys.executable, "-m", "acorn_desktop.cli", "--data-dir", str(data_dir), *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ), timeout=300)

    assert acorn("init").returncode == 0
    assert acorn("demo", "seed", "--cases", "50", "--seed", "3").returncode == 0
    path = tmp_path / "returns.txt"
    path.write_text(HEADER + "\n" + row("111-0000000-0000000", "DqCliTestXRMA") + "\n", encoding="utf-8")
    refused = acorn("import", str(path))
    assert refused.returncode == 2 and "returns.txt" in refused.stdout and "--store" in refused.stdout
    listed = acorn("--json", "account", "list")
    name = json.loads(listed.stdout)["accounts"][0]["name"]
    done = acorn("import", str(path), "--store", name)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "退货报告:导入 1 行,0 行无法读取" in done.stdout
