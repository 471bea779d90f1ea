"""Team mode: the same store code on PostgreSQL (a real server; mandatory in CI)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from factories import add_account_and_case

from acorn_desktop import models as m
from acorn_desktop.errors import BackupError, StoreError
from acorn_desktop.services.cases import case_summary, list_cases
from acorn_desktop.storage.backup import create_backup
from acorn_desktop.storage.store import Store, StoreLocation

pytestmark = pytest.mark.postgres


def test_round_trip_on_postgresql(pg_url, data_dir):
    st = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        with st.session() as s:
            case_id = add_account_and_case(s, amount=Decimal("1234.5678"))
        with st.reader() as s:
            case = s.get(m.Case, case_id)
            assert case.amount == Decimal("1234.5678")
            assert case.opened_at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
            assert [r.id for r in list_cases(s)] == [case_id]
            assert case_summary(s).total == 1
            assert s.scalar(sa.select(sa.func.count()).select_from(m.Marketplace)) >= 9
        with pytest.raises(BackupError) as err:
            create_backup(st)
        assert "pg_dump" in err.value.text()
    finally:
        st.close()


def test_unreachable_server_is_a_clear_error(data_dir):
    location = StoreLocation(data_dir, db_url="postgresql+psycopg://nobody:pw-secret@127.0.0.1:1/none")
    with pytest.raises(StoreError) as err:
        Store.open(location)
    assert "无法连接团队数据库" in str(err.value)
    assert "pw-secret" not in err.value.text() + err.value.text("en")
