"""Datasets from pandas, polars and pyarrow tables (through the Arrow
PyCapsule interface) and from lists of dicts: every shape of column an
analyst's table may have reads to the same dataset."""

from __future__ import annotations

import datetime
import math
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import etalon

from conftest import SAMPLE, SMALL, csv_tables, dataset_from

PERIOD = "2026-Q3"


@pytest.fixture(scope="module")
def small_json(small_methodology: etalon.Methodology) -> str:
    return small_methodology.evaluate(etalon.Dataset.from_dir(SMALL / "data"), PERIOD).to_json()


def small_tables() -> dict[str, pa.Table]:
    return csv_tables(SMALL / "data", lambda p: pacsv.read_csv(p))


def evaluate(m: etalon.Methodology, tables: dict[str, Any]) -> str:
    return m.evaluate(dataset_from(tables), PERIOD).to_json()


def test_lists_of_dicts(small_methodology: etalon.Methodology, small_json: str) -> None:
    tables = {name: t.to_pylist() for name, t in small_tables().items()}
    # pyarrow reads dates as datetime.date and flags as bool: the dicts hold them so.
    assert isinstance(tables["cases"][0]["applied_on"], datetime.date)
    assert evaluate(small_methodology, tables) == small_json


def test_record_batches_and_streams_of_many_batches(
    small_methodology: etalon.Methodology, small_json: str
) -> None:
    tables: dict[str, Any] = {}
    for name, t in small_tables().items():
        batches = t.to_batches(max_chunksize=2)
        if name == "units":
            tables[name] = pa.RecordBatch.from_pylist(t.to_pylist())  # __arrow_c_array__
        else:
            tables[name] = pa.RecordBatchReader.from_batches(t.schema, batches)
    assert evaluate(small_methodology, tables) == small_json


def test_pandas_categoricals_timestamps_and_integer_ids(
    small_methodology: etalon.Methodology, small_json: str
) -> None:
    tables: dict[str, Any] = {name: t.to_pandas() for name, t in small_tables().items()}
    cases = tables["cases"]
    cases["process"] = cases["process"].astype("category")
    cases["decision"] = cases["decision"].astype("category")
    for column in ("applied_on", "decided_on", "started_on", "ended_on"):
        cases[column] = pd.to_datetime(cases[column])
    # Counts with missing values become floats in pandas.
    deliveries = tables["deliveries"]
    deliveries["delivered"] = deliveries["delivered"].astype("float64")
    assert evaluate(small_methodology, tables) == small_json


def test_filtered_and_indexed_pandas_frames(small_methodology: etalon.Methodology) -> None:
    """A filtered frame carries its index into Arrow as `__index_level_0__`,
    which is not data; a named index is a column like any other."""
    tables: dict[str, Any] = {name: t.to_pandas() for name, t in small_tables().items()}
    expected = evaluate(small_methodology, dict(tables))
    cases = tables["cases"]
    tables["cases"] = cases[cases["case_id"] != "no such case"].iloc[::-1]
    tables["complaints"] = tables["complaints"].set_index("complaint_id")
    assert evaluate(small_methodology, tables) == expected


def test_polars_string_views_and_nan_as_missing(
    small_methodology: etalon.Methodology, small_json: str
) -> None:
    tables = {name: pl.from_arrow(t) for name, t in small_tables().items()}
    deliveries = tables["deliveries"]
    assert isinstance(deliveries, pl.DataFrame)
    tables["deliveries"] = deliveries.with_columns(pl.col("delivered").cast(pl.Float64))
    assert evaluate(small_methodology, tables) == small_json


def test_numeric_ids_are_read_as_text() -> None:
    units = [
        {"region_id": 1, "group_id": 10, "org_id": 100, "org_type": "non_residential",
         "unit_id": 1000, "processes": "home_care"},
    ]
    cases = pa.table(
        {
            "case_id": pa.array([1, 2], pa.int32()),
            "process": ["home_care", "home_care"],
            "unit_id": pa.array([1000, 1000], pa.int64()),
            "recipient_id": pa.array([7, 8], pa.uint16()),
            "applied_on": pa.array([datetime.date(2026, 7, 1)] * 2, pa.date32()),
        }
    )
    data = etalon.Dataset.from_tables(units, cases=cases)
    assert data.counts["cases"] == 2
    assert data.region == "1"
    assert pa.table(data.units_table()).column("unit_id").to_pylist() == ["1000"]


def test_the_units_table_reads_back(standard: etalon.Methodology) -> None:
    data = etalon.Dataset.from_dir(SAMPLE)
    tables = csv_tables(SAMPLE, lambda p: pacsv.read_csv(p))
    tables["units"] = data.units_table()
    again = dataset_from(tables)
    assert standard.evaluate(again, PERIOD).to_json() == standard.evaluate(data, PERIOD).to_json()


def test_empty_and_missing_tables() -> None:
    units = [{"region_id": "R", "group_id": "G", "org_id": "O", "org_type": "t", "unit_id": "U"}]
    data = etalon.Dataset.from_tables(units, cases=[], complaints=None)
    assert len(data) == 0
    assert data.counts == dict.fromkeys(etalon.TABLES, 0)


def test_numpy_and_float_values_in_dicts() -> None:
    units = [{"region_id": "R", "group_id": "G", "org_id": "O", "org_type": "t", "unit_id": "U"}]
    complaints = [
        {"complaint_id": "K1", "unit_id": "U", "received_on": "2026-07-01", "justified": 1.0},
        {"complaint_id": "K2", "unit_id": "U", "received_on": "01.07.2026", "justified": math.nan},
        {"complaint_id": "K3", "unit_id": "U", "received_on": datetime.datetime(2026, 7, 2, 15, 0),
         "justified": np.True_},
    ]
    data = etalon.Dataset.from_tables(units, complaints=complaints)
    assert data.counts["complaints"] == 3


# --- properties --------------------------------------------------------------

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chunk=st.integers(min_value=1, max_value=6),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_batching_and_row_order_do_not_change_results(
    small_methodology: etalon.Methodology, small_json: str, chunk: int, seed: int
) -> None:
    """The same records in any order and any split into batches give the
    same evaluation, byte for byte."""
    rng = np.random.default_rng(seed)
    tables: dict[str, Any] = {}
    for name, t in small_tables().items():
        order = rng.permutation(t.num_rows) if name != "units" else np.arange(t.num_rows)
        shuffled = t.take(pa.array(order, pa.int64()))
        tables[name] = pa.RecordBatchReader.from_batches(
            shuffled.schema, shuffled.to_batches(max_chunksize=chunk)
        )
    assert evaluate(small_methodology, tables) == small_json


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.dates(),
    st.sampled_from(["U", "home_care", "2026-07-01", "granted", "yes", "да", "", " "]),
    st.lists(st.integers(), max_size=2),
)
columns = st.sampled_from(
    ["case_id", "process", "unit_id", "recipient_id", "applied_on", "decided_on", "decision",
     "planned", "delivered", "delivered_on_time", "repeat", "category", "bogus"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(columns, cell_values, max_size=8), max_size=5))
def test_any_records_give_a_dataset_or_a_data_error(rows: list[dict[str, Any]]) -> None:
    """Hostile input never panics and never raises anything but DataError."""
    units = [{"region_id": "R", "group_id": "G", "org_id": "O", "org_type": "t",
              "unit_id": "U", "processes": "home_care"}]
    try:
        data = etalon.Dataset.from_tables(units, cases=rows)
    except etalon.DataError as e:
        assert e.table == "cases"
        assert e.message
    else:
        assert data.counts["cases"] == len(rows)
