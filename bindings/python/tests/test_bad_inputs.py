"""The bad-input corpus (`tests/bad_inputs/<case>/case.toml`, shared with
the Rust and CLI runners in `tests/bad_inputs.rs`) through the binding:
every case raises its typed exception with the fields the case expects.
Cases are found by listing the folder, so a new case needs no change here."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

import etalon

from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the tests run on 3.11 or later
    pytest.skip("tomllib needs Python 3.11", allow_module_level=True)

CORPUS = ROOT / "tests" / "bad_inputs"
CASES = sorted(p.parent for p in CORPUS.glob("*/case.toml"))


def read_case(folder: Path) -> dict[str, Any]:
    with open(folder / "case.toml", "rb") as f:
        return tomllib.load(f)


def methodology(folder: Path, case: dict[str, Any]) -> etalon.Methodology:
    if case["package"] == "standard":
        return etalon.standard()
    return etalon.Methodology.from_dir(folder / case["package"])


def data_from_dir(folder: Path) -> etalon.Dataset:
    return etalon.Dataset.from_dir(folder)


def data_from_records(folder: Path) -> etalon.Dataset:
    """The folder's CSV files as lists of dicts (every cell text), the way
    small inputs arrive from Python."""

    def records(path: Path) -> list[dict[str, str]]:
        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    tables: dict[str, Any] = {p.stem: records(p) for p in sorted(folder.glob("*.csv"))}
    units = tables.pop("units")
    return etalon.Dataset.from_tables(units, **tables)


def run_case(folder: Path, case: dict[str, Any], load: Callable[[Path], etalon.Dataset]) -> None:
    """Compiles, loads and evaluates as the case says; raises what fails."""
    if "journal" in case:
        etalon.Journal.read(folder / case["journal"])
        return
    m = methodology(folder, case)
    m.evaluate(load(folder / case["data"]), case["period"])


def check(name: str, expect: dict[str, Any], error: BaseException) -> None:
    kind = expect["error"]
    if kind == "rule_error":
        assert isinstance(error, etalon.RuleError), f"{name}: {error!r}"
        wanted = [
            d
            for d in error.diagnostics
            if d.code == expect["code"]
            and ("file" not in expect or d.file == expect["file"])
            and ("line" not in expect or d.line == expect["line"])
        ]
        assert wanted, f"{name}: {[(d.code, d.file, d.line) for d in error.diagnostics]}"
    elif kind == "data_error":
        assert isinstance(error, etalon.DataError), f"{name}: {error!r}"
        assert error.code == expect.get("code", "E-DATA-RECORD"), f"{name}: {error.code}"
        assert error.table == expect["table"], f"{name}: {error!r}"
        assert error.row == expect.get("row"), f"{name}: {error.row} ({error})"
        assert error.field == expect.get("field"), f"{name}: {error.field} ({error})"
        if "file" in expect:
            assert str(error.file).endswith("/" + expect["file"]), f"{name}: {error.file}"
        # Rows given as records have no file lines, and stop at the first.
        if error.file is not None:
            assert error.line == expect.get("line", error.line), f"{name}: {error.line}"
            assert len(error.errors()) == expect.get("problems", 1), f"{name}: {error.errors()}"
    elif kind == "eval_error":
        assert isinstance(error, etalon.EvaluationError), f"{name}: {error!r}"
        assert error.code == expect["code"], f"{name}: {error.code}"
    elif kind == "file_error":
        assert isinstance(error, etalon.FileError), f"{name}: {error!r}"
        assert error.code == expect["code"], f"{name}: {error.code}"
        assert str(error.file).endswith("/" + expect["file"]), f"{name}: {error.file}"
    elif kind == "script_limit":
        assert isinstance(error, etalon.ScriptLimitError), f"{name}: {error!r}"
        assert (error.rule, error.limit) == (expect["rule"], expect["limit"]), name
    elif kind == "journal_error":
        assert isinstance(error, etalon.JournalError), f"{name}: {error!r}"
        assert error.path is not None
    else:
        pytest.fail(f"{name}: the binding's runner does not know the error kind `{kind}`")


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 17


@pytest.mark.parametrize("folder", CASES, ids=[p.name for p in CASES])
def test_every_bad_input_raises_its_typed_error(folder: Path) -> None:
    case = read_case(folder)
    with pytest.raises(etalon.EtalonError) as caught:
        run_case(folder, case, data_from_dir)
    check(folder.name, case["expect"], caught.value)


DATA_CASES = [p for p in CASES if read_case(p).get("data") == "data"]


@pytest.mark.parametrize("folder", DATA_CASES, ids=[p.name for p in DATA_CASES])
def test_bad_data_given_as_records_names_the_same_row_and_field(folder: Path) -> None:
    case = read_case(folder)
    with pytest.raises(etalon.EtalonError) as caught:
        run_case(folder, case, data_from_records)
    # Rows given as records come from no file: the same table, row and
    # field, without a file or line.
    assert caught.value.file is None, f"{folder.name}: {caught.value.file}"
    expect = {k: v for k, v in case["expect"].items() if k not in ("file", "line")}
    check(folder.name, expect, caught.value)


JOURNAL_CASES = [p for p in CASES if "journal" in read_case(p)]


@pytest.mark.parametrize("folder", JOURNAL_CASES, ids=[p.name for p in JOURNAL_CASES])
def test_a_damaged_journal_does_not_verify(folder: Path) -> None:
    report = etalon.verify_journal(folder / read_case(folder)["journal"])
    assert not report.intact
    assert report.problems
