"""Shared fixtures: the repository's sample data and fixtures, the `etalon`
command-line tool to compare with, and helpers that read the sample data
with each table library."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest

import etalon

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "examples" / "data"
SMALL = ROOT / "tests" / "fixtures" / "small_region"
BROKEN = ROOT / "tests" / "fixtures" / "broken_package"


def _cli_path() -> Path:
    given = os.environ.get("ETALON_BIN")
    if given:
        return Path(given)
    for profile in ("debug", "release"):
        candidate = ROOT / "target" / profile / "etalon"
        if candidate.is_file():
            return candidate
    raise RuntimeError(
        "the etalon command-line tool is needed to compare with: run "
        "`cargo build --bin etalon` or set ETALON_BIN"
    )


class Cli:
    """Runs the `etalon` command-line tool."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        # The binding's messages are English: the command's are asked in
        # English too, whatever the machine's locale.
        return subprocess.run(
            [str(self.path), *args],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "LC_ALL": "en_US.UTF-8"},
        )

    def evaluate_json(self, data: Path, period: str, rules: Path | None = None) -> str:
        args = ["evaluate", "--data", str(data), "--period", period, "--format", "json"]
        if rules is not None:
            args += ["--rules", str(rules)]
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def check_json(self, package: Path) -> Any:
        done = self.run("rules", "check", str(package), "--format", "json")
        return json.loads(done.stdout)


@pytest.fixture(autouse=True)
def english() -> None:
    """Every test starts in English, whatever the machine's locale: most
    compare messages with English texts; the tests of the language choice
    (test_language.py) switch it themselves."""
    etalon.set_language("en")


@pytest.fixture(scope="session")
def cli() -> Cli:
    return Cli(_cli_path())


@pytest.fixture(scope="session")
def standard() -> etalon.Methodology:
    return etalon.standard()


@pytest.fixture(scope="session")
def small_methodology() -> etalon.Methodology:
    return etalon.Methodology.from_dir(SMALL / "package")


def csv_tables(folder: Path, read: Callable[[Path], Any]) -> dict[str, Any]:
    """The tree and the record tables of a data folder read with `read`, by
    table name (other files, such as scoring facts, are left out)."""
    names = {"units", *etalon.TABLES}
    return {p.stem: read(p) for p in sorted(folder.glob("*.csv")) if p.stem in names}


def dataset_from(tables: dict[str, Any]) -> etalon.Dataset:
    tables = dict(tables)
    units = tables.pop("units")
    return etalon.Dataset.from_tables(units, **tables)
