"""What an analyst reaches for besides evaluating: the schema of each
table, a package folder refused early, the CLI's JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

import etalon

from conftest import SMALL, Cli


def test_schema_lists_the_columns_of_a_table() -> None:
    cases = etalon.schema("cases")
    names = [c.name for c in cases]
    assert names[:4] == ["case_id", "process", "unit_id", "recipient_id"]
    recipient = cases[3]
    assert (recipient.type, recipient.required, recipient.personal) == (
        "recipient id", True, True,
    )
    assert all(c.doc for c in cases)
    for table in etalon.TABLES:
        assert etalon.schema(table), table
    with pytest.raises(ValueError) as caught:
        etalon.schema("planets")
    assert str(caught.value) == (
        "unknown table `planets`; the tables are " + ", ".join(etalon.TABLES)
    )


def test_schema_types_are_what_loading_checks() -> None:
    dates = {c.name: c.type for c in etalon.schema("complaints")}
    assert dates["received_on"] == "date"
    assert dates["unit_id"] == "unit id"


def test_from_dir_without_a_manifest_refuses_before_reading(tmp_path: Path) -> None:
    # A file the package reader would refuse: the manifest is missed first.
    (tmp_path / "cases.csv").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(etalon.FileError) as caught:
        etalon.Methodology.from_dir(tmp_path)
    e = caught.value
    manifest = str(tmp_path / "etalon.toml")
    assert (e.code, e.file) == ("E-IO-MISSING", manifest)
    assert str(e) == f"{manifest}: a rule package needs an etalon.toml manifest"


def test_to_json_is_the_cli_output_without_its_final_newline(cli: Cli) -> None:
    m = etalon.Methodology.from_dir(SMALL / "package")
    got = m.evaluate(etalon.Dataset.from_dir(SMALL / "data"), "2026-Q3").to_json()
    expected = cli.evaluate_json(SMALL / "data", "2026-Q3", rules=SMALL / "package")
    assert not got.endswith("\n")
    assert got + "\n" == expected
