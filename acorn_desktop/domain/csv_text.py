"""CSV as people's spreadsheets write it: reading any line ends safely, writing cells no spreadsheet executes.

Reading: Excel's "CSV (Macintosh)" ends lines with a bare CR, which Python's csv refuses mid-file; a field
over the csv module's limit (128 KiB) is refused too. :func:`csv_rows` reads such files (CR-only lines become
lines) and turns every csv error into an :class:`~acorn_desktop.errors.InputError` naming the file and line.

Writing: a cell that starts with ``= + - @``, a tab or a CR is a formula to Excel / LibreOffice (CSV
injection, e.g. a store named ``=HYPERLINK(…)``): :func:`safe_cell` prefixes it with an apostrophe, which the
spreadsheet shows as text. Every CSV export goes through it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from ..errors import InputError

FIELD_LIMIT = 128 * 1024  # the csv module's default limit, kept: a longer cell is not a spreadsheet value
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_LONE_CR = re.compile(r"\r(?!\n)")


def normalise_line_ends(text: str) -> str:
    """CR-only (classic Mac) and CRLF line ends → LF."""
    return _LONE_CR.sub("\n", text).replace("\r\n", "\n")


def csv_rows(text: str, name: str, **fmtparams) -> Iterator[tuple[int, list[str]]]:
    """(line number, row) for each record of ``text``; a malformed record → InputError with file and line."""
    reader = csv.reader(io.StringIO(normalise_line_ends(text)), **fmtparams)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num or 1
            if "field larger than field limit" in str(exc):
                raise InputError(
                    f"{name} 第 {line} 行:有一个单元格超过 128 KiB,不像表格数据。文件未导入。",
                    f"{name}, line {line}: a cell is larger than 128 KiB, which is not spreadsheet data. "
                    "Nothing was imported.",
                    hint_zh="请检查该行是否缺少引号(一个未闭合的引号会把后面的内容都并入一个单元格)。",
                    hint_en="Check the line for a missing quote (an unclosed quote swallows the rest of the file).",
                ) from None
            raise InputError(
                f"{name} 第 {line} 行:CSV 格式有误({exc})。文件未导入。",
                f"{name}, line {line}: malformed CSV ({exc}). Nothing was imported.",
                hint_zh="请在 Excel 中“另存为” → “CSV UTF-8(逗号分隔)”后重新导入。",
                hint_en="Save it from Excel as 'CSV UTF-8 (Comma delimited)' and import that.",
            ) from None
        yield reader.line_num, row


def sniff_dialect(text: str, delimiters: str = ",;\t"):
    """The sample's dialect (delimiter), or Excel's comma dialect when it cannot tell."""
    try:
        return csv.Sniffer().sniff(normalise_line_ends(text[:4096]), delimiters=delimiters)
    except csv.Error:
        return csv.excel


def safe_cell(value: object) -> object:
    """A value a spreadsheet shows as text: strings starting like a formula get a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]
