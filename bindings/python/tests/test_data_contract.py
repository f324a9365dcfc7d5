"""The data contract through the binding: every problem of a data folder
at once (``DataError.errors()``), arguments out of range, and reading a
journal that is not there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import etalon

from conftest import SAMPLE


def broken_sample(tmp_path: Path) -> Path:
    """The sample with two rows of `cases.csv` naming units not in the tree
    (lines 7 and 40) and one of `complaints.csv` (line 3)."""
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    for file, line in [("cases.csv", 7), ("cases.csv", 40), ("complaints.csv", 3)]:
        path = folder / file
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[line - 1] = lines[line - 1].replace(",U00", ",X00", 1)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_every_problem_of_a_folder_is_in_errors(tmp_path: Path) -> None:
    folder = broken_sample(tmp_path)
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_dir(folder)
    e = caught.value
    places = [(Path(p["file"]).name, p["line"], p["table"], p["field"]) for p in e.errors()]
    assert places == [
        ("cases.csv", 7, "cases", "unit_id"),
        ("cases.csv", 40, "cases", "unit_id"),
        ("complaints.csv", 3, "complaints", "unit_id"),
    ]
    assert [p["row"] for p in e.errors()] == [6, 39, 2]
    assert {p["code"] for p in e.errors()} == {"E-DATA-RECORD"}
    # The first problem is the error's own place.
    assert (Path(str(e.file)).name, e.line) == ("cases.csv", 7)
    table = e.error_table()
    assert isinstance(table, pd.DataFrame)
    assert list(table["line"]) == [7, 40, 3]
    assert list(table.columns) == [
        "code", "message", "message_en", "file", "line", "column", "table", "row", "field"
    ]


def test_a_single_error_is_its_own_list(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    path = folder / "audits.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("held_on", "held_om", 1), encoding="utf-8")
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_dir(folder)
    [only] = caught.value.errors()
    assert (only["table"], only["field"], only["line"]) == ("audits", "held_om", 1)
    assert "did you mean `held_on`?" in only["message"]


def test_negative_counts_of_arguments_raise_value_error_naming_them(standard: etalon.Methodology) -> None:
    data = etalon.Dataset.from_dir(SAMPLE)
    with pytest.raises(ValueError, match="`threads` must be a whole number 0 or more, not -1"):
        standard.evaluate(data, "2026-Q3", threads=-1)
    with pytest.raises(ValueError, match="`history` must be a whole number 0 or more, not -2"):
        standard.evaluate(data, "2026-Q3", history=-2)


def test_reading_a_journal_that_is_not_there_raises(tmp_path: Path) -> None:
    missing = tmp_path / "none.jsonl"
    with pytest.raises(etalon.FileError) as caught:
        etalon.Journal.read(missing)
    assert caught.value.code == "E-IO-MISSING"
    assert caught.value.file == str(missing)
    assert not missing.exists()
