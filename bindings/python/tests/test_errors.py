"""Each exception for its bad input, with its fields; never a panic, never
a bare RuntimeError."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import etalon

from conftest import BROKEN, SAMPLE, SMALL, Cli

UNITS = [
    {"region_id": "R", "region_name": "Region", "group_id": "G", "org_id": "O",
     "org_type": "non_residential", "unit_id": "U", "processes": "home_care"},
]

MANIFEST = """
[package]
id = "hostile"
name = "h"
version = "1"
edition = "t"
in_force_from = 2026-01-01
[contents]
processes = ["general.toml"]
scripts = ["attack.rhai"]
"""

GENERAL = """
[[measure]]
id = "complaints"
name = "c"
table = "complaints"

[[indicator]]
id = "attacked"
name = "a"
unit = "count"
direction = "lower_is_better"
formula = "attack(complaints)"
"""


def hostile(script: str) -> etalon.Methodology:
    return etalon.Methodology.from_files(
        {"etalon.toml": MANIFEST, "general.toml": GENERAL, "attack.rhai": script}
    )


def one_complaint() -> etalon.Dataset:
    complaints = [{"complaint_id": "K", "unit_id": "U", "received_on": "2026-07-01"}]
    return etalon.Dataset.from_tables(UNITS, complaints=complaints)


def test_every_error_is_an_etalon_error() -> None:
    for cls in (
        etalon.RuleError, etalon.DataError, etalon.FileError, etalon.ScriptError,
        etalon.ScriptLimitError, etalon.PeriodError, etalon.NotInForceError, etalon.JournalError,
    ):
        assert issubclass(cls, etalon.EtalonError)
    assert issubclass(etalon.ScriptLimitError, etalon.ScriptError)
    assert issubclass(etalon.DataError, ValueError)
    assert issubclass(etalon.FileError, OSError)
    assert str(etalon.JournalError("torn record at line 3")) == "torn record at line 3"


def test_a_broken_package_lists_what_rules_check_lists(cli: Cli) -> None:
    expected = cli.check_json(BROKEN)["diagnostics"]
    with pytest.raises(etalon.RuleError) as caught:
        etalon.Methodology.from_dir(BROKEN)
    got = caught.value.diagnostics
    assert len(got) == len(expected) > 5
    for d, x in zip(got, expected):
        assert (d.severity, d.code, d.file, d.line, d.column, d.rule, d.message) == (
            x["severity"], x["code"], x["file"], x["line"], x["column"], x["rule"], x["message"]
        )
        assert str(d).startswith(f"{x['file']}:")
    assert caught.value.errors and all(d.severity == "error" for d in caught.value.errors)
    assert "error(s)" in str(caught.value)
    # check() returns the same list without raising.
    checked = etalon.Methodology.check(BROKEN)
    assert [(d.code, d.line) for d in checked] == [(x["code"], x["line"]) for x in expected]


def test_a_typo_in_a_formula_names_file_line_and_rule() -> None:
    files = etalon.standard_files()
    path = "processes/material_aid.toml"
    files[path] = files[path].replace(
        'formula = "share(ma_decided_in_term, ma_decided)"',
        'formula = "share(ma_decided_in_trem, ma_decided)"',
    )
    with pytest.raises(etalon.RuleError) as caught:
        etalon.Methodology.from_files(files)
    [d] = caught.value.errors
    assert d.file == path
    assert d.rule == "ma_decided_in_term"
    assert d.line > 0 and d.column > 0
    assert "ma_decided_in_trem" in d.message


def test_missing_folders_and_files() -> None:
    with pytest.raises(etalon.FileError) as caught:
        etalon.Methodology.from_dir("/nonexistent/rules")
    assert caught.value.path == "/nonexistent/rules"
    assert isinstance(caught.value, OSError)
    with pytest.raises(etalon.FileError) as no_units:
        etalon.Dataset.from_dir(SMALL / "package")
    assert no_units.value.path.endswith("units.csv")


def test_a_bad_row_in_a_file_names_file_line_table_row_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SMALL / "data", folder)
    lines = (folder / "cases.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("unit_id")] = "U99"
    lines[3] = ",".join(cells)
    (folder / "cases.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_dir(folder)
    e = caught.value
    assert (e.table, e.row, e.field, e.line) == ("cases", 3, "unit_id", 4)
    assert e.path is not None and e.path.endswith("cases.csv")
    assert "not in the organisation tree" in e.message


def test_data_errors_from_tables_name_table_row_and_field() -> None:
    def cases(**changes: Any) -> list[dict[str, Any]]:
        row = {"case_id": "C1", "process": "home_care", "unit_id": "U",
               "recipient_id": "P1", "applied_on": "2026-07-01"}
        return [row, {**row, "case_id": "C2", **changes}]

    def fails(rows: Any) -> etalon.DataError:
        with pytest.raises(etalon.DataError) as caught:
            etalon.Dataset.from_tables(UNITS, cases=rows)
        return caught.value

    e = fails(cases(unit_id="U9"))
    assert (e.table, e.row, e.field) == ("cases", 2, "unit_id")
    e = fails(cases(decided_on="2026-06-01"))
    assert (e.row, e.field) == (2, "decided_on")
    e = fails(cases(applied_on="someday"))
    assert (e.row, e.field) == (2, "applied_on")
    e = fails(cases(planned=2.5))
    assert (e.row, e.field) == (2, "planned") and "whole number" in e.message
    e = fails(cases(decision="maybe"))
    assert e.field == "decision" and "granted" in e.message
    e = fails(cases(case_id="C1"))
    assert (e.row, e.field) == (2, "case_id") and "duplicate" in e.message
    e = fails(cases(recipeint_id="P2"))
    assert (e.row, e.field) == (None, "recipeint_id") and "unknown column" in e.message
    e = fails([{"case_id": "C1", "unit_id": "U"}])
    assert e.field == "process" and "required" in e.message
    # Not a single value; and a personal value is never repeated in a message.
    e = fails(cases(recipient_id=["secret"]))
    assert (e.row, e.field) == (2, "recipient_id") and "a list" in e.message
    assert "secret" not in e.message


def test_data_the_package_cannot_read(standard: etalon.Methodology) -> None:
    cases = [
        {"case_id": f"C{i}", "process": process, "unit_id": "U", "recipient_id": f"P{i}",
         "applied_on": "2026-07-01"}
        for i, process in enumerate(["home_care", "home_care", "house_building"], start=1)
    ]
    with pytest.raises(etalon.DataError) as caught:
        standard.evaluate(etalon.Dataset.from_tables(UNITS, cases=cases), "2026-Q3")
    assert (caught.value.table, caught.value.row, caught.value.field) == ("cases", 3, "process")
    assert "process" in caught.value.message and "home_care" in caught.value.message
    surveys = [
        {"respondent_id": "S1", "unit_id": "U", "answered_on": "2026-07-01", "comfort": "yes"},
        {"respondent_id": "S2", "unit_id": "U", "answered_on": "2026-07-01", "comfort": "maybe"},
    ]
    with pytest.raises(etalon.DataError) as answer:
        standard.evaluate(etalon.Dataset.from_tables(UNITS, surveys=surveys), "2026-Q3")
    assert (answer.value.table, answer.value.row, answer.value.field) == ("surveys", 2, "comfort")


def test_arrow_columns_of_an_unreadable_type() -> None:
    cases = pa.table({
        "case_id": ["C1"], "process": ["home_care"], "unit_id": ["U"], "recipient_id": ["P"],
        "applied_on": pa.array([[1, 2]], pa.list_(pa.int64())),
    })
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_tables(UNITS, cases=cases)
    assert (caught.value.table, caught.value.field) == ("cases", "applied_on")


CASE: dict[str, Any] = {"case_id": "C1", "process": "home_care", "unit_id": "U", "recipient_id": "P1",
        "applied_on": "2026-07-01"}


def test_a_polars_null_column_is_missing_and_named_where_required() -> None:
    cases = pl.DataFrame({
        "case_id": ["C1", "C2"], "process": ["home_care"] * 2, "unit_id": ["U"] * 2,
        "applied_on": ["2026-07-01"] * 2, "recipient_id": [None, None],
    }).with_columns(pl.col("recipient_id").cast(pl.Null))
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_tables(UNITS, cases=cases)
    assert [(p["table"], p["row"], p["field"], p["message"]) for p in caught.value.errors()] == [
        ("cases", 1, "recipient_id", "cases, row 1, field `recipient_id`: a required value is missing"),
        ("cases", 2, "recipient_id", "cases, row 2, field `recipient_id`: a required value is missing"),
    ]


def test_pandas_nat_in_dicts_is_a_missing_date() -> None:
    cases = [{**CASE, "decided_on": pd.NaT},
             {**CASE, "case_id": "C2", "decided_on": datetime.date(2026, 7, 3)}]
    data = etalon.Dataset.from_tables(UNITS, cases=cases)
    decided = data.table("cases").to_pyarrow().column("decided_on").to_pylist()
    assert decided == [None, datetime.date(2026, 7, 3)]


def test_a_list_column_is_refused_naming_column_and_type() -> None:
    cases = pl.DataFrame({**{k: [v] for k, v in CASE.items()}, "process": [["home_care"]]})
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_tables(UNITS, cases=cases)
    e = caught.value
    assert (e.table, e.row, e.field) == ("cases", None, "process")
    assert e.message == (
        "cases, field `process`: a column of Arrow type LargeList(Utf8View) holds several values"
        " in a cell; give one value per cell"
    )


def test_a_polars_lazy_frame_is_a_type_error() -> None:
    lazy = pl.DataFrame({k: [v] for k, v in CASE.items()}).lazy()
    with pytest.raises(TypeError) as caught:
        etalon.Dataset.from_tables(UNITS, cases=lazy)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "cases: a polars LazyFrame is a query, not a table; call .collect() on it first"
    )


def bad_pandas_cases() -> pd.DataFrame:
    """Five cases indexed by label, three of them bad (rows 2, 3 and 5)."""
    rows: list[dict[str, Any]] = [
        CASE, {**CASE, "unit_id": "U9"}, {**CASE, "applied_on": "someday"}, CASE,
        {**CASE, "planned": 2.5},
    ]
    frame = pd.DataFrame([{**r, "case_id": f"C{i}"} for i, r in enumerate(rows, start=1)])
    return frame.set_index(pd.Index(["a", "b", "c", "d", "e"]))


def test_every_problem_of_a_pandas_frame_with_its_index_label() -> None:
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_tables(UNITS, cases=bad_pandas_cases())
    problems = [(p["row"], p["index"], p["field"]) for p in caught.value.errors()]
    assert problems == [(2, "b", "unit_id"), (3, "c", "applied_on"), (5, "e", "planned")]
    assert list(caught.value.error_table()["index"]) == ["b", "c", "e"]


def test_max_problems_stops_at_the_limit() -> None:
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_tables(UNITS, cases=bad_pandas_cases(), max_problems=2)
    assert [(p["row"], p["index"]) for p in caught.value.errors()] == [(2, "b"), (3, "c")]
    assert "loading stopped at this limit" in str(caught.value)


def test_a_bad_tree() -> None:
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_tables([{**UNITS[0], "org_id": "O"}, {**UNITS[0], "unit_id": "U2", "org_type": "x"}])
    assert (caught.value.table, caught.value.row, caught.value.field) == ("org_tree", 2, "org_id")
    with pytest.raises(etalon.DataError) as missing:
        etalon.Dataset.from_tables([{"region_id": "R", "unit_id": "U"}])
    assert (missing.value.table, missing.value.field) == ("org_tree", "group_id")


def test_wrong_argument_types_are_type_errors() -> None:
    with pytest.raises(TypeError, match="cases"):
        etalon.Dataset.from_tables(UNITS, cases=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="record 1 is not a dict"):
        etalon.Dataset.from_tables(UNITS, cases=["C1"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        etalon.Methodology.check(42)  # type: ignore[arg-type]


def probe_error(script: str) -> etalon.Diagnostic:
    """The error the check's probes find in the attacking function."""
    with pytest.raises(etalon.RuleError) as caught:
        hostile(script)
    found = [
        d for d in caught.value.diagnostics
        if d.severity == "error" and d.file == "attack.rhai" and d.line > 0
    ]
    assert found, caught.value.diagnostics
    return found[0]


def test_a_script_over_its_operation_budget() -> None:
    d = probe_error("fn attack(x) { let i = 0; while true { i += 1; } i }")
    assert (d.code, d.rule, d.line) == ("script-limit", "attack", 1)
    assert d.message == (
        "with every argument 0, the script exceeded its operation budget and was stopped"
    )


def test_runaway_recursion_is_stopped() -> None:
    d = probe_error("fn attack(x) { attack(x + 1) }")
    assert d.code == "script-limit"
    assert "call depth" in d.message


def test_a_failing_script_is_a_script_error() -> None:
    d = probe_error('fn attack(x) { throw "no data for this unit"; }')
    assert (d.code, d.rule) == ("script-runtime", "attack")
    assert "no data for this unit" in d.message


def test_periods(standard: etalon.Methodology) -> None:
    data = etalon.Dataset.from_dir(SAMPLE)
    with pytest.raises(etalon.PeriodError) as caught:
        standard.evaluate(data, "2026-Q5")
    assert caught.value.text == "2026-Q5"
    assert isinstance(caught.value, ValueError)
    with pytest.raises(etalon.NotInForceError) as early:
        standard.evaluate(data, "2024-Q4")
    e = early.value
    assert e.package == "standard 1.0.0" and e.period == "2024-Q4"
    assert e.in_force_from == standard.in_force_from and e.in_force_to is None


def test_bad_arguments_of_lookups(standard: etalon.Methodology) -> None:
    with pytest.raises(KeyError):
        standard.indicator("no_such_indicator")
    e = standard.evaluate(etalon.Dataset.from_dir(SAMPLE), "2026-Q3")
    with pytest.raises(KeyError):
        e.explain("U0001", "no_such_indicator")
    with pytest.raises(ValueError, match="unknown level"):
        e.value("U0001", "ma_decided_in_term", level="planet")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown scale"):
        etalon.Dataset.demo(scale="country")
