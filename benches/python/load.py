"""Loading a region into the engine: from its CSV folder (the Rust reader)
against from Arrow tables already in memory (read from Parquet), through
the binding's Arrow PyCapsule path. Medians of --runs; per record.

    python benches/python/load.py --data target/bench-data --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from typing import Callable

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

import etalon

TABLES = ["cases", "deliveries", "surveys", "complaints", "audits", "occupancy", "incidents", "diagnostics"]


def median(runs: int, f: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        f()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="a data folder (etalon generate --out ...)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    # Columns typed as pyarrow infers them (dates as date32, counts as
    # int64), as a lake's Parquet files hold them.
    def read(name: str):  # type: ignore[no-untyped-def]
        return pacsv.read_csv(os.path.join(args.data, f"{name}.csv"))

    present = [t for t in TABLES if os.path.exists(os.path.join(args.data, f"{t}.csv"))]
    with tempfile.TemporaryDirectory() as tmp:
        for name in ["units", *present]:
            pq.write_table(read(name), os.path.join(tmp, f"{name}.parquet"))
        parquet_read = median(args.runs, lambda: [pq.read_table(os.path.join(tmp, f"{n}.parquet")) for n in present])
        tables = {n: pq.read_table(os.path.join(tmp, f"{n}.parquet")) for n in present}
        units = pq.read_table(os.path.join(tmp, "units.parquet"))

    records = len(etalon.Dataset.from_dir(args.data))
    csv = median(args.runs, lambda: etalon.Dataset.from_dir(args.data))
    arrow = median(args.runs, lambda: etalon.Dataset.from_tables(units, **tables))
    assert len(etalon.Dataset.from_tables(units, **tables)) == records

    print(f"{records:,} records ({args.data})")
    print(f"CSV folder -> Dataset (Rust reader):        {csv:6.2f} s  {csv / records * 1e9:5.0f} ns/record")
    print(f"Arrow tables in memory -> Dataset:          {arrow:6.2f} s  {arrow / records * 1e9:5.0f} ns/record")
    print(f"Parquet files -> Arrow tables (pyarrow):    {parquet_read:6.2f} s  {parquet_read / records * 1e9:5.0f} ns/record")
    print(f"Arrow / CSV: {arrow / csv:.2f}")


if __name__ == "__main__":
    main()
