"""The audit page over a real store: lazy pages, search, verify (also after tampering), CSV export."""

from __future__ import annotations

import csv

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.services import audit
from acorn_desktop.services.audit_log import AuditLogServices
from acorn_desktop.services.changes import Actor, ActorBound
from acorn_desktop.ui import audit_view, i18n
from acorn_desktop.ui.audit_view import AuditPage
from acorn_desktop.ui.background import BackgroundRunner


@pytest.fixture
def runner(qtbot):
    r = BackgroundRunner()
    yield r
    r.shutdown()


@pytest.fixture
def manager(store):
    with store.session() as s:
        user = m.User(username="mgr", display_name="王主管", role_code="manager")
        s.add(user)
        s.flush()
        return Actor("mgr", user.id)


def fill(store, n):
    with store.session() as s:
        for i in range(n):
            audit.append(s, actor="同步", action="sync.page", summary=f"page {i}", payload={"i": i})


@pytest.fixture
def page(qtbot, runner, store, manager):
    widget = AuditPage(runner)
    qtbot.addWidget(widget)
    backend = ActorBound(AuditLogServices(store), manager)
    with qtbot.waitSignal(widget.model.sig_loaded, timeout=10_000):
        widget.set_backend(backend)
    return widget


def test_model_pages_lazily_newest_first(qtbot, qtmodeltester, store, manager, runner, monkeypatch):
    fill(store, 450)
    widget = AuditPage(runner)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.model.sig_loaded, timeout=10_000) as loaded:
        widget.set_backend(ActorBound(AuditLogServices(store), manager))
    model = widget.model
    assert loaded.args == [450] and model.rowCount() == audit_view.PAGE_SIZE
    assert model.row(0).summary == "page 449"  # newest first
    assert model.canFetchMore()
    model.fetchMore()
    assert not model.canFetchMore()  # one fetch at a time
    qtbot.waitUntil(lambda: model.rowCount() == 2 * audit_view.PAGE_SIZE, timeout=10_000)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 450, timeout=10_000)
    assert not model.canFetchMore()
    assert model.row(449).summary == "page 0"
    qtmodeltester.check(model)


def test_search_filters_in_the_background(qtbot, page, store):
    fill(store, 5)
    with store.session() as s:
        audit.append(s, actor="李四", action="case.note", summary="备注:买家已联系", payload={})
    with qtbot.waitSignal(page.model.sig_loaded, timeout=10_000) as loaded:
        page.search.setText("李四")
    assert loaded.args == [1] and page.model.row(0).actor == "李四"


def test_verify_reports_intact_then_tampering(qtbot, page, store):
    fill(store, 3)
    with qtbot.waitSignal(page.sig_verified, timeout=10_000) as ok:
        page.verify()
    assert ok.args[0].ok and ok.args[0].entries == 3
    with store.session() as s:
        s.execute(sa.update(m.AuditEntry).where(m.AuditEntry.id == 2).values(summary="edited"))
    with qtbot.waitSignal(page.sig_verified, timeout=10_000) as bad:
        page.verify()
    assert bad.args[0].first_bad_id == 2
    assert page.status.property("role") == "error" and "2" in page.status.text()


def test_export_writes_the_filtered_entries(qtbot, page, store, tmp_path):
    fill(store, 4)
    target = tmp_path / "audit.csv"
    with qtbot.waitSignal(page.sig_exported, timeout=10_000) as done:
        page.export_to(target)
    assert done.args == [4]
    with open(target, encoding="utf-8-sig", newline="") as fh:
        assert [r["summary"] for r in csv.DictReader(fh)] == [f"page {i}" for i in range(4)]


def test_a_user_without_the_permission_gets_the_reason(qtbot, runner, store):
    with store.session() as s:
        user = m.User(username="cs1", display_name="客服一", role_code="cs")
        s.add(user)
        s.flush()
        agent = Actor("cs1", user.id)
    widget = AuditPage(runner)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.model.sig_failed, timeout=10_000) as failed:
        widget.set_backend(ActorBound(AuditLogServices(store), agent))
    assert "may not view the audit log" in failed.args[0]  # tests run without a translator: English
    assert widget.model.rowCount() == 0


def test_verify_names_each_broken_entry_and_how(qtbot, qapp, page, store):
    fill(store, 6)
    with store.session() as s:
        s.execute(sa.delete(m.AuditEntry).where(m.AuditEntry.id.in_([3, 6])))
    try:
        i18n.install(qapp, "zh_CN")
        with qtbot.waitSignal(page.sig_verified, timeout=10_000):
            page.verify()
    finally:
        i18n.install(qapp, "en")
    text = page.status.text()
    assert "第 4 条之前的记录 #3–#3 缺失" in text and "最新记录 #6 已不存在" in text


def test_page_reloads_when_shown_and_after_a_write(qtbot, page, store):
    """It showed 160 of 206 entries: it reloaded only on login, search and export."""
    page.hide()
    before = page.model.total
    fill(store, 3)
    with qtbot.waitSignal(page.model.sig_loaded, timeout=10_000) as loaded:
        page.show()
    assert loaded.args == [before + 3]
    fill(store, 2)
    with qtbot.waitSignal(page.model.sig_loaded, timeout=10_000) as loaded:
        page.refresh()  # the main window calls it after every write
    assert loaded.args == [before + 5]


@pytest.mark.parametrize(("lang", "label", "case"), [("zh_CN", "添加备注", "工单 #9"), ("en", "Note added", "Case #9")])
def test_action_codes_shown_as_labels_and_time_not_cut(qtbot, qapp, runner, store, manager, lang, label, case):
    from acorn_desktop.ui import i18n

    i18n.install(qapp, lang)
    try:
        with store.session() as s:
            audit.append(s, actor="李四", action="case.note", summary="备注", payload={}, entity_type="case",
                         entity_id=9)  # fmt: skip
            audit.append(s, actor="同步", action="refund.feed.created", summary="feed", payload={})
        widget = AuditPage(runner)
        qtbot.addWidget(widget)
        widget.resize(1120, 600)
        widget.show()
        with qtbot.waitSignal(widget.model.sig_loaded, timeout=10_000):
            widget.set_backend(ActorBound(AuditLogServices(store), manager))
        model, table = widget.model, widget.table
        assert model.data(model.index(1, 2)) == label
        assert model.data(model.index(1, 2), 3) == "case.note"  # the code stays in the tooltip
        assert model.data(model.index(1, 3)) == case
        assert model.data(model.index(0, 2)) in ("退款 Feed", "Refund feed")
        time_text = model.data(model.index(0, 0))
        assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(time_text) + 6
    finally:
        i18n.install(qapp, "en")
