"""`etalon.spark` in Spark's local mode gives, region by region and for the
country, exactly what the plain binding gives on the same generated lake.
Skipped when pyspark or a Java runtime is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import etalon

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402

from etalon import spark as es  # noqa: E402

REGIONS = [("R01", "Первая область", 101), ("R02", "Вторая область", 102), ("R03", "Третья область", 103)]
PERIOD = "2026-Q3"
COUNTRY = ("RU", "Российская Федерация")
# pyspark warns that it is not yet tested with pandas 3 (it uses pandas
# only around the Arrow paths this module does not take).
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # The Python workers run this interpreter, where etalon is installed;
    # Spark binds to the loopback, whatever the host's name resolves to.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("etalon-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lake")
    es.write_demo_lake(root, REGIONS)
    return root


@pytest.fixture(scope="module")
def result(spark: SparkSession, lake: Path) -> Iterator[es.SparkEvaluation]:
    r = es.evaluate(PERIOD, nok_period="2026", country=COUNTRY, **es.read_lake(spark, lake))
    yield r
    r.unpersist()


def plain(lake: Path, region: str) -> tuple[etalon.Dataset, pa.Table | None]:
    tables = es.lake_tables(lake, region)
    facts = tables.pop("nok_facts", None)
    return etalon.Dataset.from_tables(tables.pop("units"), **tables), facts


def rows(table: Any) -> list[tuple[Any, ...]]:
    """Rows of a pyarrow table as tuples in a fixed order, for comparing."""
    data = table.to_pylist()
    return sorted((tuple(r.values()) for r in data), key=repr)


def with_region(table: Any, region: str) -> pa.Table:
    t = pa.table(table)
    return t.add_column(0, "region", pa.array([region] * t.num_rows, pa.string()))


def test_every_region_and_the_country_equal_the_plain_binding(
    result: es.SparkEvaluation, lake: Path, standard: etalon.Methodology
) -> None:
    expected_values, expected_deviations, parts = [], [], []
    for region, _, _ in REGIONS:
        data, _ = plain(lake, region)
        evaluation, totals = standard.evaluate_with_totals(data, PERIOD)
        expected_values.append(with_region(evaluation.values_table(), region))
        expected_deviations.append(with_region(evaluation.deviations_table(), region))
        parts += totals
    country, country_totals = standard.roll_up(parts, *COUNTRY)
    expected_values.append(with_region(country.values_table(), COUNTRY[0]))
    expected_deviations.append(with_region(country.deviations_table(), COUNTRY[0]))

    got_values = result.values.toArrow()
    want_values = pa.concat_tables(expected_values)
    assert got_values.num_rows == want_values.num_rows > 0
    assert rows(got_values.select(want_values.column_names)) == rows(want_values)
    got_deviations = result.deviations.toArrow()
    want_deviations = pa.concat_tables(expected_deviations)
    assert rows(got_deviations.select(want_deviations.column_names)) == rows(want_deviations)

    assert result.country.to_json() == country.to_json()
    assert result.country_totals == country_totals
    assert [t.entity for t in result.regions] == [r for r, _, _ in REGIONS]
    assert result.values.where("level = 'country'").count() == len(country.values)
    assert result.records == sum(len(plain(lake, r)[0]) for r, _, _ in REGIONS)
    country_rows = result.totals.where(f"region = '{COUNTRY[0]}'").count()
    assert country_rows == len(country_totals.measures) * len(country_totals.periods)


def test_the_nok_equals_the_plain_binding(
    result: es.SparkEvaluation, lake: Path, standard: etalon.Methodology
) -> None:
    scores = []
    for region, _, _ in REGIONS:
        data, facts = plain(lake, region)
        assert facts is not None
        scores.append(standard.score_nok_surveys(data, "2026", facts))
    assert result.nok is not None and result.nok_country is not None
    assert [s.to_json() for s in result.nok] == [s.to_json() for s in scores]
    country = standard.nok_roll_up(scores, *COUNTRY)
    assert result.nok_country.to_json() == country.to_json()
    assert result.nok_organisations is not None and result.nok_figures is not None
    assert result.nok_organisations.count() == sum(len(s.organisations) for s in scores)
    top = result.nok_figures.where("kind = 'country'").collect()
    assert country.country.total is not None
    assert len(top) == 1 and top[0]["total"] == pytest.approx(float(country.country.total))


def test_each_worker_compiles_the_methodology_once(result: es.SparkEvaluation) -> None:
    assert len(result.stats) == len(REGIONS)
    for pid in {s["pid"] for s in result.stats}:
        assert sum(s["compiled"] for s in result.stats if s["pid"] == pid) <= 1


def overdispersed_indicators() -> set[str]:
    """The standard package's indicators whose funnel declares overdispersion."""
    found = set()
    for path in sorted((Path(__file__).resolve().parents[3] / "rules" / "processes").glob("*.toml")):
        for indicator in tomllib.loads(path.read_text(encoding="utf-8")).get("indicator", []):
            if "overdispersion" in indicator.get("funnel", {}):
                found.add(indicator["id"])
    return found


def test_by_group_gives_the_same_units_organisations_and_groups(
    spark: SparkSession, lake: Path, result: es.SparkEvaluation, standard: etalon.Methodology
) -> None:
    tables = es.read_lake(spark, lake)
    tables.pop("nok_facts")
    by_group = es.evaluate(PERIOD, by="group", country=COUNTRY, **tables)
    try:
        below = "level IN ('unit', 'org', 'group')"
        got = by_group.values.where(below).toArrow()
        want = result.values.where(below).toArrow()
        assert got.num_rows == want.num_rows > 0
        # Overdispersion is estimated from the entities of a level that a
        # task sees: by group, the group's. The funnels of the indicators
        # that declare it differ; every other column and indicator is equal.
        dispersed = pa.array(sorted(overdispersed_indicators()))
        assert len(dispersed) > 0
        funnel = [c for c in got.column_names if c.startswith("funnel") or c in ("z", "probability")]
        plain = [c for c in got.column_names if c not in funnel]
        assert rows(got.select(plain)) == rows(want.select(plain))
        keep = pc.invert(pc.is_in(got.column("indicator"), value_set=dispersed))
        keep_want = pc.invert(pc.is_in(want.column("indicator"), value_set=dispersed))
        assert rows(got.filter(keep)) == rows(want.select(got.column_names).filter(keep_want))
        # A region is rolled up from its groups: its measures are the sums
        # of theirs, and a figure counting no distinct recipients is the
        # region's own.
        distinct = {m.id for m in standard.measures if m.aggregate.startswith("distinct")}
        by_region = {
            (r["region"], r["indicator"], r["period"]): r["value"]
            for r in result.values.where("level = 'region'").collect()
        }
        compared = 0
        for r in by_group.values.where("level = 'region'").collect():
            value = standard.indicator(r["indicator"])
            inputs = {m.id for m in standard.measures if m.id in value.formula}
            if inputs and not inputs & distinct:
                expected = by_region[(r["region"], r["indicator"], r["period"])]
                if expected is None:
                    assert r["value"] is None, r
                else:
                    assert r["value"] == pytest.approx(expected, rel=1e-12), r
                compared += 1
        assert compared > 20
        assert {g.level for g in by_group.groups} == {"group"}
        assert [t.entity for t in by_group.regions] == [r for r, _, _ in REGIONS]
        assert len(by_group.stats) == len(by_group.groups)
    finally:
        by_group.unpersist()


def test_an_engine_error_in_a_region_is_raised_with_its_class(
    spark: SparkSession, lake: Path
) -> None:
    from pyspark.sql import functions as F

    tables = es.read_lake(spark, lake)
    tables.pop("nok_facts")
    cases = tables["cases"]
    first = cases.where("region_id = 'R02' AND started_on IS NOT NULL").first()
    assert first is not None
    victim = first["case_id"]
    # That case of region R02 ends a year before it starts.
    tables["cases"] = cases.withColumn(
        "ended_on",
        F.when(
            (F.col("region_id") == "R02") & (F.col("case_id") == victim),
            F.date_sub(F.col("started_on"), 365),
        ).otherwise(F.col("ended_on")),
    )
    with pytest.raises(etalon.DataError) as caught:
        es.evaluate(PERIOD, **tables)
    assert "region R02" in str(caught.value)
    assert (caught.value.table, caught.value.field) == ("cases", "ended_on")
    assert caught.value.code == "E-DATA-RECORD"


def test_the_country_example_runs(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[3] / "examples" / "spark_country.py"
    done = subprocess.run(
        [sys.executable, str(example), str(tmp_path / "lake"), "2"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "SPARK_LOCAL_IP": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1")},
    )
    assert done.returncode == 0, done.stderr
    assert "records in 2 regions" in done.stdout
    assert "RU, 2026-Q3:" in done.stdout
    assert "НОК 2026: the country" in done.stdout
    assert sorted(p.name for p in (tmp_path / "lake" / "cases").iterdir()) == [
        "region_id=R01",
        "region_id=R02",
    ]
