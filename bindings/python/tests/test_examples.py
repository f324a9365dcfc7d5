"""The examples run as written and the walk-through saves its charts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(script: str, *args: str) -> str:
    # The examples print in English (the tests read English words).
    env = {**os.environ, "MPLBACKEND": "Agg", "LC_ALL": "en_US.UTF-8"}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True, text=True, env=env, check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_quickstart() -> None:
    out = run("quickstart.py")
    assert "Critical deviations of units:" in out
    assert "formula: " in out and "source (" in out


def test_walkthrough_saves_its_charts(tmp_path: Path) -> None:
    out = run("walkthrough.py", str(tmp_path))
    charts = sorted(p.name for p in tmp_path.glob("*.png"))
    assert charts == ["gen_complaints_per_100_units.png", "ma_decided_in_term_region.png"]
    assert all((tmp_path / c).stat().st_size > 10_000 for c in charts)
    assert "DataError:" in out and "field: unit_id" in out
