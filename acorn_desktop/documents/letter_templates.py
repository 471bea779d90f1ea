"""The appeal-letter texts (申诉信模板) shipped in ``resources/letters/``: find, read and split them.

One file per claim type and language, ``<claim_type>.<lang>.txt``, plus ``internal_summary.zh.txt`` (the
manager's Chinese summary page). Each file is UTF-8: ``Subject: …`` on line 1, an empty line 2, then the body.
Both parts are template *sources*; :func:`acorn_desktop.documents.templating.render` fills them. Files saved by
Windows editors (byte-order mark, CRLF line ends) read the same as the shipped ones.

Writing one: paragraphs are separated by one empty line, ``- `` starts a bullet; guard every optional fact with
``{% if … %}`` and keep the empty line after a paragraph *inside* its guard. A line should end with text or
``{{ … }}``, not with ``{% endif %}``: the engine drops the line break after a block tag (trim_blocks), which
would join the next line. ``tests/test_letter_templates.py`` renders every file from full, minimal and random
facts and fails on any gap.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..domain.claims import LETTER_LANGUAGES, ClaimType
from ..errors import InputError
from ..paths import resource

SUBJECT_PREFIX = "Subject: "
SUMMARY_NAME = "internal_summary.zh.txt"


class LetterSource(NamedTuple):
    """``subject, body = load(…)``: both are template sources for ``render``."""

    subject: str  # the subject line without "Subject: "
    body: str


def letters_dir() -> Path:
    """``resources/letters`` (beside the package from source, inside the bundle when frozen)."""
    return resource("letters")


def file_name(claim_type: ClaimType | str, lang: str) -> str:
    return f"{_claim_type(claim_type).value}.{_language(lang)}.txt"


def load(claim_type: ClaimType | str, lang: str, *, directory: Path | None = None) -> LetterSource:
    """The subject and body sources of the letter for ``claim_type`` in ``lang`` (en, de, fr, it, es, ja)."""
    return read((directory or letters_dir()) / file_name(claim_type, lang))


def internal_summary(*, directory: Path | None = None) -> LetterSource:
    """The Chinese internal summary page (for the 主管; never sent to Amazon)."""
    return read((directory or letters_dir()) / SUMMARY_NAME)


def available(*, directory: Path | None = None) -> list[tuple[ClaimType, str]]:
    """The (claim type, language) pairs that have a letter file, in ClaimType × LETTER_LANGUAGES order."""
    folder = directory or letters_dir()
    return [(ct, lang) for ct in ClaimType for lang in LETTER_LANGUAGES if (folder / file_name(ct, lang)).is_file()]


def read(path: Path) -> LetterSource:
    """Read and split one letter file; a missing, unreadable or malformed file is an :class:`InputError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"找不到申诉信模板文件「{path}」。",
            f"Letter template file '{path}' does not exist.",
            hint_zh="请重新安装本程序,或把该文件放回 resources/letters/ 目录。",
            hint_en="Reinstall the application or put the file back into resources/letters/.",
        ) from None
    except OSError as exc:
        raise InputError(
            f"无法读取申诉信模板文件「{path}」:{exc.strerror}",
            f"Cannot read letter template file '{path}': {exc.strerror}",
            hint_zh="请检查文件权限后再试。",
            hint_en="Check the file's permissions and try again.",
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"申诉信模板文件「{path}」第 {line} 行不是 UTF-8 编码。",
            f"Letter template file '{path}', line {line}: not UTF-8 text.",
            hint_zh="请用文本编辑器以 UTF-8 编码重新保存该文件。",
            hint_en="Save the file again as UTF-8 in a text editor.",
        ) from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines[0].startswith(SUBJECT_PREFIX) or not lines[0][len(SUBJECT_PREFIX) :].strip():
        raise _malformed(path, 1, "应以「Subject: 」开头,后接信件主题", "must be 'Subject: ' followed by the subject")
    if len(lines) < 3 or lines[1].strip():
        raise _malformed(path, 2, "应为空行(主题与正文之间空一行)", "must be empty (one empty line after the subject)")
    body = "\n".join(lines[2:])
    if not body.strip():
        raise _malformed(path, 3, "之后没有正文", "starts the body, but the body is empty")
    return LetterSource(lines[0][len(SUBJECT_PREFIX) :].strip(), body)


def _malformed(path: Path, line: int, zh: str, en: str) -> InputError:
    return InputError(
        f"申诉信模板文件「{path}」第 {line} 行{zh}。",
        f"Letter template file '{path}', line {line} {en}.",
        hint_zh="文件格式:第 1 行「Subject: 主题」,第 2 行空行,第 3 行起为正文。",
        hint_en="File format: line 1 'Subject: …', line 2 empty, the body from line 3.",
    )


def _claim_type(value: ClaimType | str) -> ClaimType:
    try:
        return ClaimType(value)
    except ValueError:
        known = ", ".join(ct.value for ct in ClaimType)
        raise InputError(
            f"没有「{value}」类型的申诉信;可用的类型:{known}。",
            f"There is no letter for claim type '{value}'; known types: {known}.",
        ) from None


def _language(lang: str) -> str:
    if lang not in LETTER_LANGUAGES:
        known = ", ".join(LETTER_LANGUAGES)
        raise InputError(
            f"没有「{lang}」语言的申诉信;可用的语言:{known}。",
            f"There is no letter in language '{lang}'; available languages: {known}.",
            hint_zh="没有本站点语言的申诉信时请使用英语(en)。",
            hint_en="Use English (en) where the marketplace's language has no letter.",
        )
    return lang
