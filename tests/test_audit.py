"""The audit chain: appended in the change's transaction; any edit or deletion is detected."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.services import audit
from acorn_desktop.storage.store import Store, StoreLocation


def write_entries(store, n=5):
    for i in range(n):
        with store.session() as s:
            audit.append(
                s,
                actor="tester",
                action="case.note",
                summary=f"note {i}",
                payload={"i": i},
                entity_type="case",
                entity_id=i,
            )


def test_chain_verifies_and_detects_edits_and_deletions(store):
    write_entries(store)
    with store.reader() as s:
        assert audit.verify_chain(s).ok and audit.verify_chain(s).entries == 5
    with store.session() as s:
        s.execute(sa.update(m.AuditEntry).where(m.AuditEntry.id == 3).values(summary="rewritten"))
    with store.reader() as s:
        check = audit.verify_chain(s)
    assert not check.ok and check.first_bad_id == 3


def test_deleting_an_entry_breaks_the_chain(store):
    write_entries(store)
    with store.session() as s:
        s.execute(sa.delete(m.AuditEntry).where(m.AuditEntry.id == 2))
    with store.reader() as s:
        assert audit.verify_chain(s).first_bad_id == 3


def test_entry_rolls_back_with_its_change(store):
    with pytest.raises(RuntimeError), store.session() as s:
        audit.append(s, actor="t", action="x", summary="never happened")
        raise RuntimeError
    with store.reader() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.AuditEntry)) == 0


@pytest.mark.postgres
def test_chain_on_postgresql(pg_url, data_dir):
    st = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        write_entries(st, 3)
        with st.reader() as s:
            assert audit.verify_chain(s).entries == 3
    finally:
        st.close()
