"""The cost of the Spark path: the same generated regions evaluated, with the
country above them, by `etalon.spark` in Spark's local mode and by the plain
binding on this machine, from the same Parquet lake. Prints records per
second of both and their ratio (median of --runs).

    python benches/python/spark.py --regions 4 --runs 3
    python benches/python/spark.py --regions 2 --scale region --volume 0.25 --runs 3

Needs the binding and pyspark (`pip install "etalon[spark]"`) and Java.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings

import etalon
from etalon import spark as es

PERIOD = "2026-Q3"
COUNTRY = ("RU", "Российская Федерация")


def plain(lake: str, regions: list[str], m: etalon.Methodology) -> tuple[float, int]:
    """Seconds to read every region of the lake into the binding, evaluate
    it with its totals and roll the country up; and the records read."""
    started = time.perf_counter()
    parts, records = [], 0
    for region in regions:
        tables = es.lake_tables(lake, region)
        tables.pop("nok_facts", None)
        data = etalon.Dataset.from_tables(tables.pop("units"), **tables)
        records += len(data)
        _, totals = m.evaluate_with_totals(data, PERIOD)
        parts += totals
    m.roll_up(parts, *COUNTRY)
    return time.perf_counter() - started, records


def on_spark(spark, lake: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Seconds for `etalon.spark` to read the lake, evaluate every region on
    the executors, roll the country up on the driver and collect it."""
    started = time.perf_counter()
    tables = es.read_lake(spark, lake)
    tables.pop("nok_facts", None)  # the plain side evaluates without the НОК too
    result = es.evaluate(PERIOD, country=COUNTRY, **tables)
    result.values.count()
    seconds = time.perf_counter() - started
    records = result.records
    result.unpersist()
    return seconds, records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--regions", type=int, default=4)
    ap.add_argument("--scale", default="sample", help="sample or region, as etalon.write_demo")
    ap.add_argument("--volume", type=float, default=1.0, help="records per unit, as etalon.write_demo")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lake", help="write the lake here (default: a temporary folder)")
    args = ap.parse_args()

    lake = args.lake or tempfile.mkdtemp(prefix="etalon-spark-bench-")
    regions = [(f"R{n + 1:02d}", f"Регион {n + 1}", 300 + n) for n in range(args.regions)]
    written = es.write_demo_lake(lake, regions, scale=args.scale, volume=args.volume)
    ids = [r for r, _, _ in regions]

    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("etalon-spark-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(max(2, args.regions)))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    m = etalon.standard()
    try:
        on_spark(spark, lake)  # warm-up: JVM, Python workers, the package compiled
        spark_runs = [on_spark(spark, lake) for _ in range(args.runs)]
        plain_runs = [plain(lake, ids, m) for _ in range(args.runs)]
    finally:
        spark.stop()

    records = sum(written.values())
    assert all(r == records for _, r in spark_runs + plain_runs), "both read every record"
    s = statistics.median(t for t, _ in spark_runs)
    p = statistics.median(t for t, _ in plain_runs)
    print(f"{args.regions} regions, {records} records (Parquet lake, local[2], 2026-Q3 with its window)")
    print(f"plain binding, one region after another: {p:.2f} s, {records / p:,.0f} records/s")
    print(f"etalon.spark, local mode:                {s:.2f} s, {records / s:,.0f} records/s")
    print(f"Spark / plain: {s / p:.1f}×")


if __name__ == "__main__":
    main()
