"""What an analyst reaches for besides evaluating: the schema of each
table, a package folder refused early, the CLI's JSON, the record tables
read back from a dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import etalon

from conftest import SAMPLE, SMALL, Cli, csv_tables, dataset_from


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


def _rows(table: pa.Table, columns: list[str]) -> list[tuple[object, ...]]:
    """The rows of `table` over `columns`, sorted (the dataset keeps its
    records grouped by recipient, not in the order given); an empty text
    is no value, as the engine reads it."""
    values = [[None if v == "" else v for v in table.column(c).to_pylist()] for c in columns]
    rows = list(zip(*values))
    return sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))


def test_tables_read_back_from_a_dataset_are_the_tables_given() -> None:
    given = csv_tables(SAMPLE, lambda p: pacsv.read_csv(p))
    data = dataset_from(given)
    assert set(given) - {"units"} == set(etalon.TABLES)
    for name in etalon.TABLES:
        got = pa.table(data.table(name))
        expected = given[name]
        fixed = [c.name for c in etalon.schema(name)]
        assert got.column_names[: len(fixed)] == fixed, name
        assert set(got.column_names) >= set(expected.column_names), name
        assert got.num_rows == expected.num_rows == data.counts[name], name
        # Columns the files leave out read back as nulls.
        for c in set(got.column_names) - set(expected.column_names):
            assert got.column(c).null_count == got.num_rows, (name, c)
        columns = expected.column_names
        assert _rows(got, columns) == _rows(expected.cast(got.select(columns).schema), columns), name
    assert pa.table(data.table("units")).equals(pa.table(data.units_table()))


def test_a_table_read_back_builds_the_same_dataset_again(
    cli: Cli, standard: etalon.Methodology
) -> None:
    data = dataset_from(csv_tables(SAMPLE, lambda p: pacsv.read_csv(p)))
    tables: dict[str, Any] = {name: data.table(name) for name in etalon.TABLES}
    again = etalon.Dataset.from_tables(data.table("units"), **tables)
    for name in etalon.TABLES:
        assert pa.table(again.table(name)).equals(pa.table(data.table(name))), name
    expected = cli.evaluate_json(SAMPLE, "2026-Q3")
    assert standard.evaluate(again, "2026-Q3").to_json() + "\n" == expected


def test_reading_back_an_unknown_table_names_the_tables() -> None:
    data = etalon.Dataset.from_dir(SAMPLE)
    with pytest.raises(ValueError) as caught:
        data.table("planets")
    assert str(caught.value) == (
        "unknown table `planets`; the tables are " + ", ".join(etalon.TABLES)
    )
