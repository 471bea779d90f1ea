#!/usr/bin/env python3
"""Refresh the translation catalogue and compile it.

1. ``pyside6-lupdate`` scans app.py and ui/*.py for ``tr()`` / ``translate()`` strings into
   ``resources/i18n/acorn_zh_CN.ts`` (new strings arrive as ``type="unfinished"``);
2. translate them (Qt Linguist: ``pyside6-linguist resources/i18n/acorn_zh_CN.ts``) using the terms of
   the UI glossary;
3. ``pyside6-lrelease`` compiles the ``.qm`` that ships. Commit both files.

    python tools/update_translations.py            # lupdate + lrelease
    python tools/update_translations.py --check    # exit 1 if anything is unfinished or the .qm is stale
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "acorn_zh_CN.ts"
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    """pyside6-<name> from the running interpreter's environment, else from PATH."""
    candidate = Path(sys.executable).parent / f"pyside6-{name}"
    for path in (candidate, candidate.with_suffix(".exe")):
        if path.exists():
            return str(path)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        sys.exit(f"pyside6-{name} not found; install PySide6 into this environment")
    return found


def sources() -> list[str]:
    package = ROOT / "acorn_desktop"
    files = [package / "app.py", *sorted((package / "ui").glob("*.py"))]
    return [str(f.relative_to(ROOT)) for f in files]


def lupdate() -> None:
    cmd = [tool("lupdate"), "-locations", "none", "-no-obsolete", *sources(), "-ts", str(TS.relative_to(ROOT))]
    subprocess.run(cmd, cwd=ROOT, check=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def check() -> int:
    problems = []
    unfinished = TS.read_text(encoding="utf-8").count('type="unfinished"')
    if unfinished:
        problems.append(f"{unfinished} unfinished translation(s) in {TS.name}")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / QM.name
        lrelease(TS, fresh)
        if not QM.exists() or not filecmp.cmp(fresh, QM, shallow=False):
            problems.append(f"{QM.name} is stale: run tools/update_translations.py")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only verify, change nothing")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    lupdate()
    lrelease(TS, QM)
    unfinished = TS.read_text(encoding="utf-8").count('type="unfinished"')
    if unfinished:
        print(f"{unfinished} string(s) still need a translation in {TS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
