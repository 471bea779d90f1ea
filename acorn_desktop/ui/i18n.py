"""Load translations: Qt's own ``qtbase_zh_CN.qm`` (standard dialogs, buttons) and ours.

Source strings are English (``self.tr()`` / ``QCoreApplication.translate``); ``resources/i18n/acorn_zh_CN.qm``
holds the Chinese, which must follow the UI glossary. English needs no translator at all.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..paths import resource

log = logging.getLogger(__name__)

SUPPORTED = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_installed: list[QTranslator] = []
_language = "en"


def normalise(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    return "en" if lang.lower().startswith("en") else "zh_CN"


def install(app: QCoreApplication, lang: str) -> str:
    """Replace any translators installed earlier by those for ``lang``. Returns the language in use."""
    global _language
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    lang = normalise(lang)
    _language = lang
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return lang
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, directory in (("qtbase_zh_CN", qt_dir), ("acorn_zh_CN", str(resource("i18n")))):
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, directory)
    return lang


def current_language() -> str:
    """The language installed last: ``"zh_CN"`` or ``"en"``."""
    return _language


def is_chinese() -> bool:
    return _language == "zh_CN"


def error_text(exc: BaseException) -> str:
    """What to show for an error in a status line: an AcornError's message in the UI language, else its text."""
    from ..errors import AcornError

    if isinstance(exc, AcornError):
        return exc.zh if is_chinese() else exc.en
    return str(exc)
