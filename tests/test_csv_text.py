"""CSV exports never carry a formula a spreadsheet would run (CSV injection)."""

from __future__ import annotations

import csv

import pytest

from acorn_desktop import models as m
from acorn_desktop.domain.csv_text import safe_cell
from acorn_desktop.services import audit
from acorn_desktop.services.audit_log import AuditFilter, AuditLogServices
from acorn_desktop.services.changes import Actor


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_get_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["店铺A", "a=b", "", 5, None])
def test_other_cells_are_unchanged(value):
    assert safe_cell(value) == value


def test_the_audit_export_writes_a_store_named_like_a_formula_as_text(store, tmp_path):
    with store.session() as s:
        user = m.User(username="fin", display_name="Fin", role_code="finance")
        s.add(user)
        s.flush()
        audit.append(s, actor='=HYPERLINK("http://evil","店铺")', action="case.note", summary="@SUM(1)")
        fin = Actor(user.username, user.id)
    out = tmp_path / "audit.csv"
    AuditLogServices(store).export_csv(fin, AuditFilter(), out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["action"] == "case.note")
    assert row["actor"] == '\'=HYPERLINK("http://evil","店铺")' and row["summary"] == "'@SUM(1)"
