"""The queue's Excel export: every matching row, real dates and numbers, text that is never a formula, 0600."""

from __future__ import annotations

import stat
import sys
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.fx import to_cny
from acorn_desktop.errors import InputError
from acorn_desktop.models import AuditEntry, SellerAccount
from acorn_desktop.services import queue
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.queue_export import COLUMNS, ExportLabels, QueueExportServices, amount_format

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")
EVIL = '=HYPERLINK("x")'
LABELS = ExportLabels(
    headers={code: code.upper() for code, _ in COLUMNS},
    kinds={k.value: k.label_zh for k in CaseKind},
    states={s.value: s.label_zh for s in CaseState},
    unassigned="未分配",
    unconfirmed="退款待确认",
    sheet="工单队列",
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from acorn_desktop.storage.keys import KEY_MODE_PASSWORD
    from acorn_desktop.storage.store import Store, StoreLocation

    store = Store.create(StoreLocation(tmp_path_factory.mktemp("export")), key_mode=KEY_MODE_PASSWORD,
                         password_provider=lambda: "export-pass")  # fmt: skip
    seed_demo(store, cases=400, seed=5, now=NOW)
    with store.session() as session:
        first = session.scalar(sa.select(SellerAccount).order_by(SellerAccount.id).limit(1))
        first.name = EVIL
    yield store
    store.close()


def export(store, query, path):
    return QueueExportServices(store).export_xlsx("tester", query, NOW, path, LABELS, tz=SHANGHAI)


def test_a_filtered_view_exports_every_matching_row_with_real_types(seeded, tmp_path):
    query = queue.QueueQuery(marketplaces=("DE",))
    with seeded.reader() as session:
        expected = queue.count(session, query, NOW)
        first_ids = queue.page_ids(session, query, NOW, 0, 5)
        first = queue.rows(session, first_ids)[first_ids[0]]
    assert expected > 0
    target = tmp_path / "queue.xlsx"
    result = export(seeded, query, target)
    assert result.rows == expected and not result.cancelled

    sheet = load_workbook(target).active
    assert sheet.title == "工单队列"
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == [code.upper() for code, _ in COLUMNS]
    assert sheet.max_row == expected + 1  # the header plus every matching row, not a page of them
    assert sheet.column_dimensions["A"].width == COLUMNS[0][1]
    col = {code: i for i, (code, _) in enumerate(COLUMNS)}
    row = [c for c in sheet[2]]
    assert row[col["order"]].value == first.amazon_order_id  # in the view's order
    assert row[col["marketplace"]].value == "DE"
    assert row[col["kind"]].value == first.kind.label_zh and row[col["state"]].value.startswith(first.state.label_zh)
    deadline = row[col["deadline"]]
    assert deadline.is_date and deadline.value == first.deadline_at.astimezone(SHANGHAI).replace(tzinfo=None)
    assert deadline.number_format == "yyyy-mm-dd hh:mm"
    amount = row[col["amount"]]
    assert amount.data_type == "n" and Decimal(str(amount.value)) == first.amount
    assert amount.number_format == amount_format(first.currency) == '"EUR "#,##0.00'
    cny = row[col["cny"]]
    assert cny.data_type == "n" and cny.number_format == '"¥"#,##0.00'
    assert Decimal(str(cny.value)) == to_cny(first.amount, first.currency, None)
    assert row[col["risk"]].data_type == "n"


def test_a_store_named_like_a_formula_is_text(seeded, tmp_path):
    target = tmp_path / "all.xlsx"
    export(seeded, queue.QueueQuery(open_only=False), target)
    sheet = load_workbook(target).active
    store_col = [code for code, _ in COLUMNS].index("store") + 1
    cells = [sheet.cell(row=r, column=store_col) for r in range(2, sheet.max_row + 1)]
    evil = [c for c in cells if EVIL in str(c.value)]
    assert evil, "the seeded store named like a formula is exported"
    assert all(c.data_type == "s" and c.value == "'" + EVIL for c in evil)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX mode bits")
def test_the_file_is_owner_only_and_the_export_is_audited(seeded, tmp_path):
    target = tmp_path / "private.xlsx"
    export(seeded, queue.QueueQuery(states=(CaseState.NEW,)), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not (tmp_path / "private.xlsx.part").exists()
    with seeded.reader() as session:
        actions = list(session.scalars(sa.select(AuditEntry.action).where(AuditEntry.actor == "tester")))
    assert "queue.exported" in actions


def test_cancel_leaves_no_file_and_a_wrong_suffix_is_refused(seeded, tmp_path):
    target = tmp_path / "cancelled.xlsx"
    result = QueueExportServices(seeded).export_xlsx(
        "tester", queue.QueueQuery(open_only=False), NOW, target, LABELS, tz=SHANGHAI, cancel=lambda: True
    )
    assert result.cancelled and not target.exists() and not list(tmp_path.iterdir())
    with pytest.raises(InputError):
        export(seeded, queue.QueueQuery(), tmp_path / "queue.csv")


@pytest.mark.postgres
def test_team_mode_streams_the_export_from_postgresql(pg_url, data_dir, tmp_path):
    from acorn_desktop.storage.store import Store, StoreLocation

    store = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        seed_demo(store, cases=300, seed=5, now=NOW)
        query = queue.QueueQuery(open_only=False, sort="amount", descending=True)
        with store.reader() as session:
            expected = queue.count(session, query, NOW)
        target = tmp_path / "team.xlsx"
        assert export(store, query, target).rows == expected == 300
        sheet = load_workbook(target).active
        amounts = [Decimal(str(c.value)) for c in sheet["I"][1:]]
        assert len(amounts) == expected and amounts[0] >= amounts[-1]
    finally:
        store.close()
