"""The error envelope from Python: for one error of each family, the code,
the class its family maps to, the fields as attributes and the text."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import etalon

from conftest import BROKEN, ROOT, SMALL

CORPUS = ROOT / "tests" / "bad_inputs"


def test_data_record_from_a_file() -> None:
    path = CORPUS / "missing_column" / "data"
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_dir(path)
    e = caught.value
    assert (e.code, e.family) == ("E-DATA-RECORD", "DATA")
    cases = str(path / "cases.csv")
    assert str(e) == (
        f"{cases}, line 1: cases, field `recipient_id`: a required column is missing; "
        "the columns given are: case_id, process, unit_id, applied_on"
    )
    assert (e.file, e.path, e.line, e.table, e.row, e.field) == (
        cases, cases, 1, "cases", None, "recipient_id",
    )
    assert e.rule is None and e.limit is None and e.diagnostics == []


def test_a_period_is_data_with_its_text() -> None:
    with pytest.raises(etalon.PeriodError) as caught:
        etalon.Methodology.from_dir(SMALL / "package").evaluate(
            etalon.Dataset.from_dir(SMALL / "data"), "2026-Q5"
        )
    e = caught.value
    assert isinstance(e, etalon.DataError)
    assert (e.code, e.value, e.text) == ("E-DATA-PERIOD", "2026-Q5", "2026-Q5")
    assert str(e) == "`2026-Q5` is not a period; write 2026, 2026-H2, 2026-Q3 or 2026-07"


def test_package_invalid_lists_its_diagnostics() -> None:
    with pytest.raises(etalon.RuleError) as caught:
        etalon.Methodology.from_dir(BROKEN)
    e = caught.value
    assert (e.code, e.family) == ("E-PACKAGE-INVALID", "PACKAGE")
    first = e.errors[0]
    assert str(e).startswith(
        f"the rule package has {len(e.errors)} error(s) and "
        f"{len(e.diagnostics) - len(e.errors)} warning(s); first: {first.file}:"
    )
    assert (e.file, e.rule) == (first.file, first.rule)
    assert e.line == (first.line or None)


def test_script_limit() -> None:
    # A loop only data meets (the check's probes give no base between 2
    # and 10^8), so that it is the evaluation that stops it.
    package = CORPUS / "endless_loop" / "package"
    files = {
        str(p.relative_to(package)): p.read_text(encoding="utf-8")
        for p in package.rglob("*") if p.is_file()
    }
    files["lib.rhai"] = (
        "fn blended(a, a_base, b, b_base) {\n"
        "    if a_base > 1 && a_base < 100000000 { loop { a += 1; } }\n"
        "    share(a, a_base)\n"
        "}\n"
    )
    m = etalon.Methodology.from_files(files)
    with pytest.raises(etalon.ScriptLimitError) as caught:
        m.evaluate(etalon.Dataset.from_dir(SMALL / "data"), "2026-Q3")
    e = caught.value
    assert isinstance(e, etalon.LimitError) and isinstance(e, etalon.ScriptError)
    assert (e.code, e.family) == ("E-LIMIT-SCRIPT", "LIMIT")
    assert (e.rule, e.file, e.line, e.column, e.limit) == (
        "blended", "home_care.toml", 53, 11, "operations",
    )
    assert str(e) == (
        "home_care.toml:53:11: rule `blended`: the script exceeded its operation budget and was stopped"
    )


def test_evaluation_not_in_force() -> None:
    m = etalon.Methodology.from_dir(SMALL / "package")
    with pytest.raises(etalon.NotInForceError) as caught:
        m.evaluate(etalon.Dataset.from_dir(SMALL / "data"), "2024-Q4")
    e = caught.value
    assert isinstance(e, etalon.EvaluationError)
    assert (e.code, e.family) == ("E-EVAL-NOT-IN-FORCE", "EVAL")
    assert (e.package, e.period) == ("small 1.0.0", "2024-Q4")
    assert (e.in_force_from, e.in_force_to) == (datetime.date(2026, 1, 1), None)
    assert str(e) == "the methodology small 1.0.0 is in force from 2026-01-01, not in 2024-Q4"


def test_scoring_without_a_scheme() -> None:
    m = etalon.Methodology.from_dir(SMALL / "package")
    with pytest.raises(etalon.ScoringError) as caught:
        m.score_nok([{"org_id": "O1"}])
    e = caught.value
    assert (e.code, e.family) == ("E-SCORING-NO-SCHEME", "SCORING")
    assert str(e) == 'the rule package has no НОК scheme (add `nok = "..."` to [contents])'
    assert e.table == "nok" and e.organisation is None


def test_journal_damaged_and_incomplete() -> None:
    path = CORPUS / "edited_journal" / "journal.jsonl"
    with pytest.raises(etalon.JournalError) as caught:
        etalon.Journal.read(path)
    e = caught.value
    assert (e.code, e.family) == ("E-JOURNAL-DAMAGED", "JOURNAL")
    assert (e.file, e.path, e.line) == (str(path), str(path), 9)
    assert str(e) == (
        f"{path}: line 9: the hash does not match the line's content: "
        "the line was changed after it was written"
    )
    with pytest.raises(etalon.IncompleteRecordError) as missing:
        etalon.Journal().record("assign", "in_term@unit:U1@2026-Q3", "a", "r")
    m = missing.value
    assert isinstance(m, ValueError) and isinstance(m, etalon.JournalError)
    assert (m.code, m.event) == ("E-JOURNAL-INCOMPLETE", "assign")
    assert str(m) == "`assign` needs a role"


def test_journal_refusal_names_deviation_and_event() -> None:
    with pytest.raises(etalon.JournalError) as caught:
        etalon.Journal().record("cause", "nope@unit:U1@2026-Q3", "a", "r")
    e = caught.value
    assert (e.code, e.deviation, e.event) == ("E-JOURNAL-REJECTED", "nope@unit:U1@2026-Q3", "cause_recorded")
    assert str(e) == (
        "`cause_recorded` refused for deviation `nope@unit:U1@2026-Q3`: "
        "the journal has no such deviation (it was never detected)"
    )


def test_io_missing(tmp_path: Path) -> None:
    with pytest.raises(etalon.FileError) as caught:
        etalon.Dataset.from_dir(tmp_path)
    e = caught.value
    assert isinstance(e, OSError)
    assert (e.code, e.family) == ("E-IO-MISSING", "IO")
    units = str(tmp_path / "units.csv")
    assert (e.file, e.path) == (units, units)
    assert str(e) == (
        f"{units}: a data folder needs units.csv "
        "(the organisation tree: region, group, organisation, unit)"
    )


def test_every_class_has_its_family() -> None:
    assert issubclass(etalon.ScriptLimitError, etalon.LimitError)
    assert issubclass(etalon.NotInForceError, etalon.EvaluationError)
    assert issubclass(etalon.PeriodError, etalon.DataError)
    assert issubclass(etalon.IncompleteRecordError, etalon.JournalError)
    for cls in (etalon.EvaluationError, etalon.LimitError, etalon.InternalError):
        assert issubclass(cls, etalon.EtalonError)
    plain = etalon.DataError("made by hand")
    assert (plain.code, plain.file, plain.organisation) == ("", None, None)
