"""Every benchmark runs at HEAD in its quick mode, so none can rot unnoticed (the list is the folder's files)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
BENCHES = sorted(p.name for p in BENCH.glob("bench_*.py") if p.name != "bench_common.py")


def test_every_bench_is_listed():
    assert {"bench_queue.py", "bench_sync.py", "bench_foundation.py", "bench_rules.py"} <= set(BENCHES)


@pytest.mark.slow
@pytest.mark.parametrize("name", BENCHES)
def test_bench_runs_in_quick_mode(name, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(BENCH / name), "--quick", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=BENCH.parent,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert done.stdout.strip(), "the bench printed no figures"
