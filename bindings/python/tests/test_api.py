"""The rest of the API: the catalogue, explanations, result tables in every
library, generated regions, threads, and the type stubs."""

from __future__ import annotations

import datetime
import subprocess
import sys
import threading
import types
from decimal import Decimal
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import etalon

from conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def evaluation(standard: etalon.Methodology) -> etalon.Evaluation:
    return standard.evaluate(etalon.Dataset.from_dir(SAMPLE), "2026-Q3")


def test_the_standard_methodology_and_its_catalogue(standard: etalon.Methodology) -> None:
    assert (standard.id, standard.version, standard.edition) == ("standard", "1.0.0", "2026")
    assert standard.in_force_from == datetime.date(2025, 1, 1)
    assert standard.history == 4
    assert standard.warnings == []
    processes = standard.processes
    assert len(processes) == 10
    assert standard.process("home_care").name == "Социальное обслуживание на дому"
    indicators = standard.indicators
    assert len(indicators) == 63
    i = standard.indicator("ma_decided_in_term")
    assert (i.unit, i.direction, i.base, i.min_base) == (
        "percent", "higher_is_better", "ma_decided", 5)
    assert i.formula == "share(ma_decided_in_term, ma_decided)"
    assert i.levels == ["unit", "org", "group", "region", "country"]
    measures = {m.id: m for m in standard.measures}
    assert measures["ma_decided"].table == "cases"
    assert measures["ma_decided"].period_by == "decided_on"
    assert measures["ma_recipients"].aggregate == "distinct(recipient_id)"
    refs = [r for r in standard.references if r.indicator == "ma_decided_in_term"]
    assert refs and refs[0].source_kind in ("act", "proposal") and refs[0].source
    assert refs[0].normal.min == Decimal(100) and Decimal(100) in refs[0].normal
    assert 99 not in refs[0].normal and refs[0].normal.contains(100.0)


def test_catalogue_tables(standard: etalon.Methodology) -> None:
    indicators = pl.DataFrame(standard.indicators_table())
    assert indicators["id"].to_list() == [i.id for i in standard.indicators]
    assert indicators["levels"][0].to_list() == standard.indicators[0].levels
    processes = pa.table(standard.processes_table())
    assert processes.column("name").to_pylist() == [p.name for p in standard.processes]
    measures = pa.table(standard.measures_table())
    assert measures.num_rows == len(standard.measures)
    references = pa.table(standard.references_table())
    assert references.num_rows == len(standard.references)
    assert references.schema.field("in_force_from").type == pa.date32()


def test_a_package_from_files(standard: etalon.Methodology) -> None:
    files = etalon.standard_files()
    assert "etalon.toml" in files and any(p.endswith(".rhai") for p in files)
    again = etalon.Methodology.from_files(types.MappingProxyType(files))
    assert [i.id for i in again.indicators] == [i.id for i in standard.indicators]
    assert etalon.Methodology.check(files) == []
    assert etalon.Methodology.check(ROOT / "rules") == []


def test_an_explanation(evaluation: etalon.Evaluation, standard: etalon.Methodology) -> None:
    value = next(
        v for v in evaluation.values
        if v.indicator == "ma_decided_in_term" and v.level == "unit" and v.judgement == "critical"
    )
    x = value.explain()
    assert (x.level, x.entity, x.indicator, x.period) == (
        "unit", value.entity, "ma_decided_in_term", "2026-Q3")
    assert x.indicator_name == standard.indicator("ma_decided_in_term").name
    assert x.value == value.value and x.judgement == "critical"
    assert {i.measure: i.value for i in x.inputs} == value.inputs
    decided = next(i for i in x.inputs if i.measure == "ma_decided")
    assert decided.table == "cases" and decided.filter and decided.aggregate == "count"
    assert decided.name == next(m.name for m in standard.measures if m.id == "ma_decided")
    assert (x.base, x.base_value, x.min_base) == ("ma_decided", value.base, 5)
    assert x.reference is not None and x.reference.id == value.reference.id  # type: ignore[union-attr]
    assert [p for p, _ in x.history] == evaluation.periods[:-1]
    assert [v for _, v in x.history] == value.history
    text = str(x)
    assert "formula: share(ma_decided_in_term, ma_decided)" in text
    assert f"ma_decided = {decided.value}" in text
    assert x.reference.source in text  # type: ignore[union-attr]
    same = evaluation.explain(value.entity, "ma_decided_in_term")
    assert str(same) == text
    dev = evaluation.deviation(f"ma_decided_in_term@unit:{value.entity}@2026-Q3")
    assert dev is not None and str(dev.explain()) == text


def test_result_tables_in_every_library(evaluation: etalon.Evaluation) -> None:
    t = evaluation.values_table()
    assert len(t) == t.num_rows == len(evaluation.values)
    assert t.column_names[:4] == ["level", "entity", "entity_name", "indicator"]
    df = t.to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == len(evaluation.values)
    assert df["value"].dtype == "float64"
    pldf = t.to_polars()
    assert isinstance(pldf, pl.DataFrame) and pldf.shape[0] == len(evaluation.values)
    assert pl.DataFrame(t).equals(pldf)
    assert t.to_pyarrow().equals(pa.table(t))
    assert pa.RecordBatchReader.from_stream(t).read_all().num_rows == len(evaluation.values)
    d = evaluation.deviations_table().to_pandas()
    critical = d[d["severity"] == "critical"]
    assert len(critical) == sum(1 for x in evaluation.deviations if x.severity == "critical")
    assert "etalon.Table" in repr(t)


def test_a_generated_region_written_and_read(tmp_path: Path, standard: etalon.Methodology) -> None:
    written = etalon.write_demo(tmp_path / "region", scale="sample", seed=7)
    demo = etalon.Dataset.demo(scale="sample", seed=7)
    assert written == len(demo) > 1000
    from_files = etalon.Dataset.from_dir(tmp_path / "region")
    assert from_files.counts == demo.counts
    a = standard.evaluate(demo, "2026-Q3").to_json()
    assert a == standard.evaluate(from_files, "2026-Q3").to_json()
    bigger = etalon.Dataset.demo(scale="sample", seed=7, volume=2.0)
    assert len(bigger) > len(demo)


def test_a_parquet_folder_reads_as_its_csv(tmp_path: Path, standard: etalon.Methodology) -> None:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    folder = tmp_path / "parquet"
    folder.mkdir()
    for csv in SAMPLE.glob("*.csv"):
        if csv.stem == "nok_facts":
            continue
        # pyarrow types the columns itself: dates, integers, text.
        pq.write_table(pacsv.read_csv(csv), folder / f"{csv.stem}.parquet")
    assert not list(folder.glob("*.csv"))
    from_parquet = etalon.Dataset.from_dir(folder)
    from_csv = etalon.Dataset.from_dir(SAMPLE)
    assert from_parquet.counts == from_csv.counts
    got = standard.evaluate(from_parquet, "2026-Q3").to_json()
    assert got == standard.evaluate(from_csv, "2026-Q3").to_json()

    cases = folder / "cases.parquet"
    cases.write_bytes(cases.read_bytes()[:100])
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_dir(folder)
    e = caught.value
    assert (e.code, e.table, e.line) == ("E-DATA-PARQUET", "cases", None)
    assert e.path is not None and e.path.endswith("cases.parquet")
    assert "not a readable Parquet file" in e.message


def test_evaluations_in_threads_give_the_serial_result(standard: etalon.Methodology) -> None:
    data = etalon.Dataset.demo(scale="sample", seed=11)
    serial = standard.evaluate(data, "2026-Q3", threads=1).to_json()
    results: list[str] = []

    def work() -> None:
        results.append(standard.evaluate(data, "2026-Q3", threads=2).to_json())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [serial] * 4


def test_history_option(standard: etalon.Methodology) -> None:
    e = standard.evaluate(etalon.Dataset.from_dir(SAMPLE), "2026-Q3", history=1)
    assert e.periods == ["2026-Q2", "2026-Q3"]
    assert all(len(v.history) == 1 for v in e.values)


def test_reprs(evaluation: etalon.Evaluation, standard: etalon.Methodology) -> None:
    assert repr(standard).startswith("<etalon.Methodology standard 1.0.0")
    assert "deviations" in repr(evaluation)
    assert repr(evaluation.values[0]).startswith("<etalon.IndicatorValue")
    assert repr(evaluation.deviations[0]).startswith("<etalon.Deviation")
    assert "values" in repr(evaluation.summary)
    assert type(evaluation).__module__ == "etalon"


def test_the_examples_and_tests_type_check_against_the_stubs() -> None:
    here = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-error-summary",
         str(here / "examples"), str(here / "tests")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_stubs_match_the_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "etalon"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
