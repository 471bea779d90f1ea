"""End to end: ``python -m acorn_desktop --demo --screenshot`` in a subprocess, twice."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from seeding import HAVE_REAL_SEEDER

from acorn_desktop.services.cases import case_summary
from acorn_desktop.storage.store import Store, StoreLocation

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

# While the real demo seeder is missing, start the app through a stand-in that installs the fake one.
FAKE_SEEDER_LAUNCH = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); import seeding; seeding.install_fake_seeder(); "
    "from acorn_desktop.app import main; sys.exit(main())"
)

pytestmark = pytest.mark.slow


def launch(*args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # conftest already set keyring + PYTHONPATH here
    if HAVE_REAL_SEEDER:
        cmd = [sys.executable, "-m", "acorn_desktop", *args]
    else:
        cmd = [sys.executable, "-c", FAKE_SEEDER_LAUNCH, str(HERE), *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_demo_screenshot_twice_reuses_the_store(tmp_path, data_dir):
    demo_dir = tmp_path / "demo"
    first, second = tmp_path / "s.png", tmp_path / "s2.png"

    result = launch("--demo", "--data-dir", str(demo_dir), "--screenshot", str(first))
    assert result.returncode == 0, result.stderr
    width, height = png_size(first)
    assert (width, height) >= (800, 500)
    assert first.stat().st_size > 20_000  # a real rendering, not an empty frame
    store_id = (demo_dir / "store.json").read_text()

    result = launch("--demo", "--data-dir", str(demo_dir), "--screenshot", str(second))
    assert result.returncode == 0, result.stderr
    assert png_size(second) == (width, height)
    assert (demo_dir / "store.json").read_text() == store_id  # same store, not re-created

    log = (demo_dir / "logs" / "acorn.log").read_text(encoding="utf-8")
    assert log.count("seeded 2000 demo cases") == 1, log  # seeded on the first start only
    store = Store.open(StoreLocation(demo_dir))
    try:
        with store.reader() as session:
            assert case_summary(session).total == 2000
    finally:
        store.close()


def test_screenshot_without_a_store_prints_the_error_and_exits_2(tmp_path, data_dir):
    result = launch("--data-dir", str(tmp_path / "empty"), "--screenshot", str(tmp_path / "s.png"))
    assert result.returncode == 2
    assert "没有数据库" in result.stderr
    assert not (tmp_path / "s.png").exists()


def test_screenshot_error_in_english(tmp_path, data_dir):
    result = launch("--data-dir", str(tmp_path / "empty"), "--lang", "en", "--screenshot", str(tmp_path / "s.png"))
    assert result.returncode == 2
    assert "There is no store" in result.stderr
