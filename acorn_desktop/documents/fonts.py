"""Embedded TrueType fonts for PDFs: one font per script, found on the system, registered once per process.

Only TrueType outlines (reportlab embeds them as subsets; ``pdffonts`` shows ``emb yes``). Debian's Noto CJK
is CFF/OpenType and reportlab rejects it, and the base-14 Helvetica is never embedded, so neither is used.
Scripts: ``latin`` (letters in en/de/fr/it/es), ``ja`` (Japanese letters), ``zh`` (the Chinese internal summary).
Text of another script inside a paragraph (a Japanese carrier name in an English table…) is set in that
script's font run by run (:func:`markup`), so nothing renders as empty boxes.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..errors import AcornError


class FontMissingError(AcornError):
    """No usable TrueType font for a script on this computer."""

    exit_code = 3


@dataclass(frozen=True, slots=True)
class FontChoice:
    script: str
    name: str  # the reportlab name it is registered under
    path: Path
    subfont: int = 0


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


# (file, subfont index) per script, best first. Windows, then macOS, then Linux (Debian/Ubuntu/Fedora paths).
def _candidates(script: str) -> list[tuple[Path, int]]:
    win = _windows_fonts()
    mac = [Path("/Library/Fonts"), Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    linux = Path("/usr/share/fonts")
    table = {
        "latin": [
            (win / "segoeui.ttf", 0), (win / "arial.ttf", 0), *[(d / "Arial.ttf", 0) for d in mac],
            (linux / "truetype/dejavu/DejaVuSans.ttf", 0), (linux / "dejavu-sans-fonts/DejaVuSans.ttf", 0),
            (linux / "truetype/liberation/LiberationSans-Regular.ttf", 0),
            (linux / "truetype/liberation2/LiberationSans-Regular.ttf", 0),
        ],
        "latin-bold": [
            (win / "segoeuib.ttf", 0), (win / "arialbd.ttf", 0), *[(d / "Arial Bold.ttf", 0) for d in mac],
            (linux / "truetype/dejavu/DejaVuSans-Bold.ttf", 0), (linux / "dejavu-sans-fonts/DejaVuSans-Bold.ttf", 0),
            (linux / "truetype/liberation/LiberationSans-Bold.ttf", 0),
            (linux / "truetype/liberation2/LiberationSans-Bold.ttf", 0),
        ],
        "ja": [
            (win / "YuGothM.ttc", 0), (win / "meiryo.ttc", 0), (win / "msgothic.ttc", 0),
            *[(d / "Arial Unicode.ttf", 0) for d in mac],
            (linux / "opentype/ipafont-gothic/ipagp.ttf", 0), (linux / "truetype/ipafont-gothic/ipagp.ttf", 0),
            (linux / "opentype/ipafont-gothic/ipag.ttf", 0), (linux / "truetype/ipafont-gothic/ipag.ttf", 0),
            (linux / "truetype/fonts-japanese-gothic.ttf", 0), (linux / "truetype/takao-gothic/TakaoGothic.ttf", 0),
        ],
        "zh": [
            (win / "msyh.ttc", 0), (win / "msyh.ttf", 0), (win / "simsun.ttc", 0), (win / "simhei.ttf", 0),
            *[(d / "Arial Unicode.ttf", 0) for d in mac],
            (linux / "truetype/wqy/wqy-microhei.ttc", 0), (linux / "wqy-microhei/wqy-microhei.ttc", 0),
            (linux / "truetype/wqy/wqy-zenhei.ttc", 0),
        ],
    }  # fmt: skip
    return table[script]


_INSTALL_HINT = {
    "latin": ("DejaVu Sans(Debian/Ubuntu:apt-get install fonts-dejavu-core;Windows 自带 Arial / Segoe UI)",
              "DejaVu Sans (Debian/Ubuntu: apt-get install fonts-dejavu-core; Windows has Arial / Segoe UI)"),
    "latin-bold": ("DejaVu Sans Bold(Debian/Ubuntu:apt-get install fonts-dejavu-core)",
                   "DejaVu Sans Bold (Debian/Ubuntu: apt-get install fonts-dejavu-core)"),
    "ja": ("日文字体 IPAGothic(Debian/Ubuntu:apt-get install fonts-ipafont-gothic;Windows 自带 Yu Gothic / MS Gothic)",
           "a Japanese font: IPAGothic (Debian/Ubuntu: apt-get install fonts-ipafont-gothic; Windows has Yu Gothic)"),
    "zh": ("中文字体 文泉驿微米黑(Debian/Ubuntu:apt-get install fonts-wqy-microhei;Windows 自带 微软雅黑)",
           "a Chinese font: WenQuanYi Micro Hei (Debian/Ubuntu: apt-get install fonts-wqy-microhei; Windows has "
           "Microsoft YaHei)"),
}  # fmt: skip
_NAMES = {"latin": "AcornLatin", "latin-bold": "AcornLatinBold", "ja": "AcornJapanese", "zh": "AcornChinese"}
_lock = threading.Lock()
_registered: dict[str, FontChoice] = {}
_extra_dirs: list[Path] = []


def add_font_dir(path: Path) -> None:
    """Also look in ``path`` (e.g. a fonts folder shipped beside the app) before the system's folders."""
    _extra_dirs.insert(0, Path(path))


def font(script: str) -> FontChoice:
    """The registered font for ``script`` (registering it on first use); :class:`FontMissingError` if none."""
    choice = _registered.get(script)
    if choice is not None:
        return choice
    with _lock:
        choice = _registered.get(script)
        if choice is None:
            choice = _register(script)
            _registered[script] = choice
    return choice


def _register(script: str) -> FontChoice:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    candidates = [(d / p.name, i) for d in _extra_dirs for p, i in _candidates(script)] + _candidates(script)
    tried = []
    for path, index in candidates:
        if not path.is_file():
            continue
        tried.append(path)
        try:
            ttf = TTFont(_NAMES[script], str(path), subfontIndex=index)
        except (TTFError, OSError, ValueError):  # CFF outlines, damaged file, no such subfont
            continue
        pdfmetrics.registerFont(ttf)
        return FontChoice(script, _NAMES[script], path, index)
    zh, en = _INSTALL_HINT[script]
    checked = "、".join(str(p) for p in tried) if tried else "无"
    raise FontMissingError(
        f"找不到可嵌入 PDF 的字体:{zh}。",
        f"No font that can be embedded in the PDF: {en}.",
        hint_zh=f"请安装后再导出(已检查:{checked};只能使用 TrueType 字体)。",
        hint_en=f"Install it and export again (checked: {', '.join(map(str, tried)) or 'none'}; TrueType only).",
    )


def script_of(lang: str) -> str:
    return {"ja": "ja", "zh": "zh"}.get(lang, "latin")


def _covers(choice: FontChoice, char: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(choice.name).face
    return ord(char) in face.charToGlyph


def _fallback_for(char: str) -> str:
    code = ord(char)
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF65 <= code <= 0xFF9F:
        return "ja"  # kana
    return "zh"


def markup(text: str, primary: FontChoice) -> str:
    """``text`` escaped for a reportlab Paragraph, with runs the primary font lacks set in a font that has them."""
    if all(ord(c) < 0x250 or _covers(primary, c) for c in text):
        return escape(text, quote=False)
    out: list[str] = []
    run: list[str] = []
    run_font: str | None = None

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run), quote=False)
        out.append(chunk if run_font is None else f'<font name="{run_font}">{chunk}</font>')
        run.clear()

    for char in text:
        wanted = None
        if not (ord(char) < 0x250 or char.isspace() or _covers(primary, char)):
            try:
                fallback = font(_fallback_for(char))
            except FontMissingError:
                fallback = None
            if fallback is not None and fallback.name != primary.name:
                wanted = fallback.name
        if wanted != run_font:
            flush()
            run_font = wanted
        run.append(char)
    flush()
    return "".join(out)


def available(script: str) -> bool:
    try:
        font(script)
    except FontMissingError:
        return False
    return True
