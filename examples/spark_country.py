"""A country on Spark: a few generated regions written as a data lake
partitioned by region (Parquet), evaluated region by region on the
executors, and the country above them rolled up from the regions' totals.

    pip install "etalon[spark]"        # or the wheel, plus pyspark
    python examples/spark_country.py [lake folder] [regions]

On a cluster, the same script runs under spark-submit (see
bindings/python/README.md, "Spark").
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings

from pyspark.sql import SparkSession

from etalon import spark as es

NAMES = [
    "Свердловская область",
    "Челябинская область",
    "Тюменская область",
    "Курганская область",
    "Пермский край",
    "Оренбургская область",
]


def main() -> None:
    lake = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="etalon-lake-")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    regions = [(f"R{n + 1:02d}", NAMES[n % len(NAMES)], 100 + n) for n in range(count)]
    written = es.write_demo_lake(lake, regions)
    print(f"Lake {lake}: {sum(written.values())} records in {len(written)} regions")

    # pyspark 4 warns about pandas 3 on import; this script uses Arrow only.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    # Executors run the interpreter that has etalon installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("etalon-country")
    if "PYSPARK_GATEWAY_PORT" not in os.environ:
        # Run as a plain script: Spark in this process. Under spark-submit
        # the gateway is there and the master is spark-submit's.
        builder = builder.master("local[2]").config("spark.ui.enabled", "false")
    spark = builder.config("spark.sql.shuffle.partitions", "4").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        result = es.evaluate("2026-Q3", nok_period="2026", **es.read_lake(spark, lake))
        country = result.country
        print(f"\n{country.region}, {country.period}: {country.summary}")
        print("Deviations of the country (a band, or a trend rule):")
        for d in country.deviations:
            print(f"  {d.indicator:32} {d.value:8.2f}  {d.severity:8} {d.trend_rule or d.rule}")
        print("\nThe same indicators by region (from the Spark DataFrame):")
        (
            result.values.where("level in ('region', 'country') AND period = '2026-Q3'")
            .where("indicator = 'us_served_in_term'")
            .select("region", "level", "entity_name", "value", "judgement")
            .orderBy("level", "region")
            .show(truncate=False)
        )
        nok = result.nok_country
        assert nok is not None
        print(f"НОК {nok.period}: the country {nok.country.total:.2f} over "
              f"{nok.country.organisations} organisations")
        for r in sorted(nok.regions, key=lambda r: r.rank or 0):
            print(f"  {r.rank}. {r.name or r.id}: {r.total:.2f}")
        result.unpersist()
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
