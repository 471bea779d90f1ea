"""The Chinese catalogue is complete, compiled, follows the glossary, and covers every visible string."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.queue_area import DATA_PROPERTY
from acorn_desktop.ui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "acorn_zh_CN.ts"
QM = TS.with_suffix(".qm")
CJK = re.compile(r"[\u4e00-\u9fff]")

# Glossary terms (shared/reference/glossary.md) that the catalogue must use for these source strings.
GLOSSARY = {
    "Demo mode (sandbox)": "演示模式(沙盒)",
    "Team mode": "团队模式",
    "Overdue": "已逾期",
    "Case overview": "工单概览",
    "Cases in total": "工单总数",
}


def messages() -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation, type) for every message in the .ts."""
    out = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            out.append((name, message.findtext("source"), translation.text, translation.get("type")))
    return out


def lrelease() -> str:
    candidate = Path(sys.executable).parent / "pyside6-lrelease"
    return str(candidate) if candidate.exists() else shutil.which("pyside6-lrelease")


def test_no_unfinished_or_empty_translations():
    assert 'type="unfinished"' not in TS.read_text(encoding="utf-8")
    entries = messages()
    assert len(entries) > 20
    for context, source, translation, kind in entries:
        assert kind is None, (context, source, kind)
        assert translation and translation.strip(), (context, source)


def test_placeholders_and_mnemonics_survive_translation():
    for context, source, translation, _ in messages():
        assert set(re.findall(r"\{\w+\}", source)) == set(re.findall(r"\{\w+\}", translation)), (context, source)
        if re.search(r"&\w", source):
            assert re.search(r"\(&[A-Z]\)$|&\w", translation), (context, source, translation)


def test_glossary_terms():
    translations = {source: translation for _, source, translation, _ in messages()}
    for source, term in GLOSSARY.items():
        assert translations[source] == term


def test_qm_is_up_to_date(tmp_path):
    tool = lrelease()
    assert tool, "pyside6-lrelease not found"
    fresh = tmp_path / "fresh.qm"
    subprocess.run([tool, "-silent", str(TS), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run tools/update_translations.py and commit the .qm"


def test_catalogue_covers_every_source_string(tmp_path):
    """lupdate over the current sources finds nothing new (i.e. nobody added a tr() without translating)."""
    tool = Path(sys.executable).parent / "pyside6-lupdate"
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = [ROOT / "acorn_desktop" / "app.py", *sorted((ROOT / "acorn_desktop" / "ui").glob("*.py"))]
    subprocess.run(
        [str(tool), "-silent", "-locations", "none", "-no-obsolete", *map(str, sources), "-ts", str(copy)],
        check=True,
    )
    assert 'type="unfinished"' not in copy.read_text(encoding="utf-8")
    assert len(messages()) == copy.read_text(encoding="utf-8").count("<message>")


def visible_texts(window: MainWindow) -> list[tuple[str, str]]:
    """(what, text) for every menu title, action and visible non-data label, in a stable order."""
    texts = [("window title", window.windowTitle())]
    for menu_action in window.menuBar().actions():
        texts.append(("menu", menu_action.text()))
        texts += [("action", a.text()) for a in menu_action.menu().actions() if not a.isSeparator()]
    for label in window.findChildren(QLabel):
        if label.isVisibleTo(window) and label.text() and not label.property(DATA_PROPERTY):
            texts.append((f"label {label.objectName() or label.text()}", label.text()))
    return texts


@pytest.fixture
def build_window(qapp, qtbot, tmp_path):
    runner = BackgroundRunner()

    def build(lang: str, mode: StoreMode) -> list[tuple[str, str]]:
        i18n.install(qapp, lang)
        window = MainWindow(Settings(tmp_path / lang), runner, location="/data/acorn.db", mode=mode)
        qtbot.addWidget(window)
        window.show()
        return visible_texts(window)

    yield build
    i18n.install(qapp, "en")
    runner.shutdown()


@pytest.mark.parametrize("mode", list(StoreMode))
def test_nothing_untranslated_in_the_main_window(build_window, mode):
    english = build_window("en", mode)
    chinese = build_window("zh_CN", mode)
    assert len(english) == len(chinese) > 10
    for (what, en), (_, zh) in zip(english, chinese, strict=True):
        assert zh != en, f"untranslated {what}: {en!r}"
        assert CJK.search(zh), f"{what} has no Chinese: {zh!r}"


def test_qt_standard_dialog_strings_are_translated(qapp):
    from PySide6.QtCore import QCoreApplication

    try:
        i18n.install(qapp, "zh_CN")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        i18n.install(qapp, "en")
