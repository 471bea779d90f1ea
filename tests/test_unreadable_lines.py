"""Unreadable report lines are kept once, listed until a person deals with them, and each step is audited."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.errors import InputError
from acorn_desktop.formats.report_parsers import MFN_RETURNS, read_mfn_returns
from acorn_desktop.sandbox.api_reports import MFN_RETURNS_COLUMNS
from acorn_desktop.services.unreadable_lines import UnreadableLinesServices, record_unreadable

HEADER = "\t".join(MFN_RETURNS_COLUMNS)
GOOD = "\t".join(["113-5550123-7654321", "10-Jul-2025", "14-Jul-2025", "Approved", "DqTestABCRMA", " ", "", "",
                  "USD", "", "", "Seller", "N", "N", "B0TESTASIN", "ACN-1", "Lamp", "1", "DEFECTIVE", ""])  # fmt: skip
BAD = GOOD.replace("14-Jul-2025", "yesterday").replace("DqTestABCRMA", "DqBadXXXXRMA")


def kept(store):
    with store.reader() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(m.UnreadableReportLine))


def test_the_same_report_read_twice_keeps_each_line_once(store):
    read = read_mfn_returns(f"{HEADER}\n{GOOD}\n{BAD}\n{BAD}\n", report="R#1")
    assert len(read.rows) == 1 and [u.line for u in read.unreadable] == [3, 4]  # two identical bad lines: both
    with store.session() as session:
        assert record_unreadable(session, None, MFN_RETURNS, "R#1", read.unreadable) == 2
    with store.session() as session:
        assert record_unreadable(session, None, MFN_RETURNS, "R#1", read.unreadable) == 0
    assert kept(store) == 2
    first = UnreadableLinesServices(store).open_lines()[-1]
    assert (first.line, first.problem, first.column, first.value, first.raw) == (
        3, "date", "Return request date", "yesterday", BAD,
    )  # fmt: skip


def test_dealing_with_a_line_is_audited_and_cannot_be_done_twice(store):
    read = read_mfn_returns(f"{HEADER}\n{BAD}\n", report="R#2")
    with store.session() as session:
        record_unreadable(session, None, MFN_RETURNS, "R#2", read.unreadable)
    services = UnreadableLinesServices(store)
    (line,) = services.open_lines()
    assert services.resolve("tester", [line.id]) == [line.id]
    assert services.open_lines() == [] and services.count_open() == 0
    with store.reader() as s:
        entry = s.scalars(sa.select(m.AuditEntry).where(m.AuditEntry.action == "report_line.resolved")).one()
        assert entry.actor == "tester" and entry.summary == "1 report line(s) dealt with"
    with pytest.raises(InputError) as info:
        services.resolve("tester", [line.id])
    assert "已处理" in info.value.zh
