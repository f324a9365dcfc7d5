"""The binding gives the same results as the `etalon` command-line tool on
the same input: byte for byte as JSON, and field by field as objects and
tables; and the hand-computed numbers of the small fixture region."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import etalon

from conftest import SAMPLE, SMALL, Cli, csv_tables, dataset_from

READERS: dict[str, Callable[[Path], Any]] = {
    "pyarrow": lambda p: pacsv.read_csv(p),
    "pandas": lambda p: pd.read_csv(p),
    "pandas_text": lambda p: pd.read_csv(p, dtype=str, keep_default_na=False),
    "polars": lambda p: pl.read_csv(p, try_parse_dates=True, infer_schema_length=None),
    "polars_text": lambda p: pl.read_csv(p, infer_schema=False),
}


def test_sample_data_folder_gives_the_cli_json(cli: Cli, standard: etalon.Methodology) -> None:
    expected = cli.evaluate_json(SAMPLE, "2026-Q3")
    got = standard.evaluate(etalon.Dataset.from_dir(SAMPLE), "2026-Q3").to_json()
    assert got + "\n" == expected


def test_a_data_folder_evaluated_in_one_call_gives_the_cli_json(
    cli: Cli, standard: etalon.Methodology
) -> None:
    expected = cli.evaluate_json(SAMPLE, "2026-Q3")
    got = standard.evaluate_dir(SAMPLE, "2026-Q3", max_records=1_000_000, timeout=600.0)
    assert got.to_json() + "\n" == expected


def test_a_data_folder_past_the_record_limit_is_refused_as_the_cli_refuses_it(
    cli: Cli, standard: etalon.Methodology
) -> None:
    done = cli.run("evaluate", "--data", str(SAMPLE), "--period", "2026-Q3", "--max-records", "100")
    with pytest.raises(etalon.LimitError) as caught:
        standard.evaluate_dir(SAMPLE, "2026-Q3", max_records=100)
    e = caught.value
    assert e.code == "E-LIMIT-RECORDS"
    assert str(e).endswith(": more than 100 records in all tables: this host accepts at most 100")
    assert done.returncode == 2
    assert done.stderr == f"etalon: error: {e}\n"


def test_a_spent_timeout_stops_a_folder_s_evaluation(standard: etalon.Methodology) -> None:
    with pytest.raises(etalon.LimitError) as caught:
        standard.evaluate_dir(SAMPLE, "2026-Q3", timeout=0.0)
    assert caught.value.code == "E-LIMIT-DEADLINE"
    assert caught.value.limit == "deadline"
    with pytest.raises(ValueError, match="^timeout: -1 is not a number of seconds$"):
        standard.evaluate_dir(SAMPLE, "2026-Q3", timeout=-1.0)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_tables_of_every_library_give_the_cli_json(
    cli: Cli, standard: etalon.Methodology, reader: str
) -> None:
    expected = cli.evaluate_json(SAMPLE, "2026-Q3")
    data = dataset_from(csv_tables(SAMPLE, READERS[reader]))
    assert len(data) == len(etalon.Dataset.from_dir(SAMPLE))
    assert standard.evaluate(data, "2026-Q3").to_json() + "\n" == expected


def test_small_region_with_its_own_package_gives_the_cli_json(
    cli: Cli, small_methodology: etalon.Methodology
) -> None:
    for period in ("2026-Q2", "2026-Q3"):
        expected = cli.evaluate_json(SMALL / "data", period, rules=SMALL / "package")
        data = etalon.Dataset.from_dir(SMALL / "data")
        assert small_methodology.evaluate(data, period).to_json() + "\n" == expected


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def test_objects_hold_what_the_json_holds(cli: Cli, standard: etalon.Methodology) -> None:
    expected = json.loads(cli.evaluate_json(SAMPLE, "2026-Q3"))
    e = standard.evaluate(etalon.Dataset.from_dir(SAMPLE), "2026-Q3")
    assert e.region == expected["region"]
    assert e.period == expected["period"]
    assert e.periods == expected["periods"]
    m = expected["methodology"]
    assert e.methodology == (m["id"], m["version"], m["edition"])
    assert len(e.values) == len(expected["values"]) > 100
    for v, x in zip(e.values, expected["values"]):
        assert (v.level, v.entity) == (x["entity"]["level"], x["entity"]["id"])
        assert v.entity_name == x["entity_name"]
        assert v.indicator == x["indicator"]
        assert v.process == x["process"]
        assert v.period == x["period"]
        assert v.value == _dec(x["value"])
        assert v.base == x["base"]
        assert v.judgement == x["judgement"]
        assert v.formula == x["formula"]
        assert v.inputs == x["inputs"]
        assert v.history == [_dec(h) for h in x["history"]]
        if x["reference"] is None:
            assert v.reference is None
        else:
            r = v.reference
            assert r is not None
            assert r.id == x["reference"]["id"]
            assert r.target == _dec(x["reference"]["target"])
            assert r.normal.min == _dec(x["reference"]["normal"]["min"])
            assert r.normal.max == _dec(x["reference"]["normal"]["max"])
            assert r.source_kind == x["reference"]["source"]["kind"]
            assert r.source == x["reference"]["source"]["text"]
    assert len(e.deviations) == len(expected["deviations"]) > 10
    for d, x in zip(e.deviations, expected["deviations"]):
        assert d.id == x["id"]
        assert (d.level, d.entity) == (x["entity"]["level"], x["entity"]["id"])
        assert d.indicator == x["indicator"]
        assert d.severity == x["severity"]
        assert d.rule == x["rule"]["kind"]
        assert d.trend_rule == x["rule"].get("rule")
        assert d.value == _dec(x["value"])
        # One English reason: the CLI's JSON says the catalogue's words,
        # as the binding and the report do.
        assert d.reason_en == d.reason == x["reason"]
        assert d.inputs == x["inputs"]
    s = expected["summary"]
    assert e.summary.values == s["values"]
    assert e.summary.judged == s["judged"]
    assert e.summary.insufficient_base == s["insufficient_base"]
    assert e.summary.entities == s["entities"]
    assert e.summary.deviations == s["deviations"]
    assert e.summary.worst_indicators == [
        (w["indicator"], w["deviations"], w["critical"]) for w in s["worst_indicators"]
    ]


def _same_float(a: float | None, b: str | None) -> bool:
    if b is None:
        return a is None or (isinstance(a, float) and math.isnan(a))
    return a == float(Decimal(b))


def test_tables_hold_what_the_json_holds(cli: Cli, standard: etalon.Methodology) -> None:
    expected = json.loads(cli.evaluate_json(SAMPLE, "2026-Q3"))
    e = standard.evaluate(etalon.Dataset.from_dir(SAMPLE), "2026-Q3")
    values = pa.table(e.values_table()).to_pylist()
    assert len(values) == len(expected["values"])
    for row, x in zip(values, expected["values"]):
        assert (row["level"], row["entity"], row["indicator"]) == (
            x["entity"]["level"],
            x["entity"]["id"],
            x["indicator"],
        )
        assert _same_float(row["value"], x["value"])
        assert row["base"] == x["base"]
        assert row["judgement"] == x["judgement"]
        ref = x["reference"]
        assert row["reference"] == (ref["id"] if ref else None)
        assert _same_float(row["normal_min"], ref["normal"]["min"] if ref else None)
        assert _same_float(row["warning_min"], (ref["warning"] or {}).get("min") if ref else None)
    deviations = pa.table(e.deviations_table()).to_pylist()
    assert [d["id"] for d in deviations] == [x["id"] for x in expected["deviations"]]
    assert [d["severity"] for d in deviations] == [x["severity"] for x in expected["deviations"]]
    series = pa.table(e.series_table()).to_pylist()
    assert len(series) == len(expected["values"]) * len(expected["periods"])
    first = expected["values"][0]
    window = [s for s in series[: len(expected["periods"])]]
    assert [s["period"] for s in window] == expected["periods"]
    assert [s["value"] for s in window] == [
        None if h is None else float(Decimal(h)) for h in first["history"] + [first["value"]]
    ]


def test_the_small_region_numbers_computed_by_hand(small_methodology: etalon.Methodology) -> None:
    """The figures of tests/small_region.rs, through the binding."""
    e = small_methodology.evaluate(etalon.Dataset.from_dir(SMALL / "data"), "2026-Q3")
    d = Decimal
    blended_region = (d(400) / d(7) + d(4500) / d(52)) / d(2)
    expected = [
        ("unit", "U1", "in_term", d(50), "critical"),
        ("unit", "U4", "in_term", d(50), "normal"),
        ("org", "O1", "in_term", d(60), "critical"),
        ("group", "G2", "in_term", d(50), "critical"),
        ("region", "R", "in_term", d(400) / d(7), "critical"),
        ("org", "O1", "delivery", d("82.5"), "warning"),
        ("region", "R", "blended", blended_region, "critical"),
        ("unit", "U3", "complaints_per_100", None, "undefined"),
        ("region", "R", "complaints_per_100", d(300) / d(7), "warning"),
    ]
    for level, entity, indicator, value, judgement in expected:
        v = e.value(entity, indicator, level=level)  # type: ignore[arg-type]
        assert v is not None, (level, entity, indicator)
        if value is None:
            assert v.value is None
        else:
            # Exact to the 28 digits of both decimal types.
            assert v.value is not None and abs(v.value - value) < Decimal("1e-24"), (entity, indicator)
        assert v.judgement == judgement
    assert len(e.values) == 31
    assert e.value("U3", "in_term") is None
    o1 = e.value("O1", "in_term")
    assert o1 is not None and o1.inputs == {"decided": 5, "in_term": 3} and o1.base == 5
    assert o1.history == [d(100)]
    dev = e.deviation("in_term@org:O1@2026-Q3")
    assert dev is not None and "≥\u00a075" in dev.reason
    q2 = small_methodology.evaluate(etalon.Dataset.from_dir(SMALL / "data"), "2026-Q2")
    u4 = q2.value("U4", "in_term")
    assert u4 is not None and u4.judgement == "insufficient_base" and u4.value == d(100)
