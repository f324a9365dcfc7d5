"""How a data folder is read, as the host declares it (the options of
`etalon evaluate`): columns carried beside the contract's, the encoding
and separator of office exports, and the most problems collected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import etalon

from conftest import ROOT

PERIOD = "2026-Q3"
# A small situation of the standard package's own test cases: one unit,
# five material-aid decisions, one late (four critical deviations).
CASE = ROOT / "rules" / "tests" / "evaluations" / "material_aid"


def folder(tmp_path: Path, *, extra: bool = False, encoding: str = "utf-8", sep: str = ",") -> Path:
    out = tmp_path / "data"
    out.mkdir()
    for name in ("units.csv", "cases.csv"):
        lines = (CASE / name).read_text(encoding="utf-8").splitlines()
        if extra and name == "cases.csv":
            lines = [lines[0] + ",note"] + [line + ",проверено" for line in lines[1:]]
        text = "\n".join(line.replace(",", sep) for line in lines) + "\n"
        (out / name).write_bytes(text.encode(encoding))
    return out


@pytest.fixture(scope="module")
def standard() -> etalon.Methodology:
    return etalon.standard()


def test_an_extra_column_is_read_only_when_declared(tmp_path: Path, standard: etalon.Methodology) -> None:
    data = folder(tmp_path, extra=True)
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_dir(data)
    assert "field `note`: unknown column" in str(caught.value)
    with pytest.raises(etalon.DataError):
        standard.evaluate_dir(data, PERIOD)
    dataset = etalon.Dataset.from_dir(data, extra_columns=["note"])
    assert len(standard.evaluate(dataset, PERIOD).deviations) == 4
    evaluation = standard.evaluate_dir(data, PERIOD, extra_columns=["note"])
    assert len(evaluation.deviations) == 4


def test_a_windows_1251_semicolon_file_is_read_as_declared(
    tmp_path: Path, standard: etalon.Methodology
) -> None:
    data = folder(tmp_path, encoding="cp1251", sep=";")
    dataset = etalon.Dataset.from_dir(data, encoding="windows-1251", separator=";")
    names = {d.entity_name for d in standard.evaluate(dataset, PERIOD).deviations}
    assert "Отделение срочного социального обслуживания" in names
    evaluation = standard.evaluate_dir(data, PERIOD, encoding="windows-1251", separator=";")
    assert {d.entity_name for d in evaluation.deviations} == names
    # Declared otherwise, the same bytes are refused rather than misread.
    with pytest.raises(etalon.EtalonError) as caught:
        etalon.Dataset.from_dir(data, encoding="utf-8", separator=";")
    assert "not UTF-8" in str(caught.value)
    with pytest.raises(etalon.DataError):
        etalon.Dataset.from_dir(data, encoding="windows-1251", separator=",")


def test_the_problem_limit_stops_the_reading(tmp_path: Path, standard: etalon.Methodology) -> None:
    data = folder(tmp_path)
    cases = data / "cases.csv"
    text = cases.read_text(encoding="utf-8")
    for n in range(1, 4):
        text = text.replace(f"MA{n},material_aid,U1,", f"MA{n},material_aid,U{n + 6},")
    cases.write_text(text, encoding="utf-8")
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_dir(data)
    assert str(caught.value).startswith("3 problems in the data:\n")
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_dir(data, max_problems=2)
    assert str(caught.value).startswith(
        "2 problems in the data (loading stopped at this limit; there may be more):\n"
    )
    with pytest.raises(etalon.DataError) as caught:
        standard.evaluate_dir(data, PERIOD, max_problems=2)
    assert str(caught.value).startswith("2 problems in the data (loading stopped")


def test_a_record_limit_and_bad_declarations(tmp_path: Path) -> None:
    data = folder(tmp_path)
    with pytest.raises(etalon.LimitError) as caught:
        etalon.Dataset.from_dir(data, max_records=3)
    assert (caught.value.code, caught.value.limit) == ("E-LIMIT-RECORDS", "records")
    assert str(caught.value).endswith(
        "more than 3 records in all tables: this host accepts at most 3"
    )
    with pytest.raises(
        ValueError, match=re.escape("encoding: unknown encoding `latin-1`; etalon reads utf-8 and windows-1251")
    ):
        etalon.Dataset.from_dir(data, encoding="latin-1")
    with pytest.raises(ValueError, match=re.escape("separator: `|`: the separator is `,` or `;`")):
        etalon.Dataset.from_dir(data, separator="|")
