"""Loading a region into the engine: from its CSV folder (the Rust reader)
against from Arrow tables already in memory (read from Parquet; also as
polars frames), through the binding's Arrow PyCapsule path. Medians of
--runs; per record. The memory the Arrow path takes is the growth of the
peak resident set of a fresh process building the dataset, against the
size of the Arrow tables it was given.

    python benches/python/load.py --data target/bench-data --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

import etalon

TABLES = [
    "cases", "deliveries", "surveys", "complaints", "audits", "occupancy", "incidents", "diagnostics",
    "assignments", "staff",
]


def median(runs: int, f: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        f()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def memory(parquet: str) -> None:
    """In a fresh process: the Arrow input's size, and how far the peak
    resident set grows past the resident set before building the dataset."""
    names = [f[: -len(".parquet")] for f in os.listdir(parquet) if f.endswith(".parquet")]
    tables = {n: pq.read_table(os.path.join(parquet, f"{n}.parquet")) for n in names}
    units = tables.pop("units")
    size = sum(t.nbytes for t in tables.values())
    before = rss_kib()
    data = etalon.Dataset.from_tables(units, **tables)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(size, max(0, peak - before) * 1024, len(data))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="a data folder (etalon generate --out ...)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", help="also write the figures as JSON here (for benches/report.py)")
    ap.add_argument("--memory", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.memory:
        memory(args.memory)
        return

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
        measured = subprocess.run(
            [sys.executable, __file__, "--data", args.data, "--memory", tmp],
            check=True, capture_output=True, text=True,
        ).stdout.split()
        arrow_bytes, growth = int(measured[0]), int(measured[1])

    records = len(etalon.Dataset.from_dir(args.data))
    csv = median(args.runs, lambda: etalon.Dataset.from_dir(args.data))
    arrow = median(args.runs, lambda: etalon.Dataset.from_tables(units, **tables))
    assert len(etalon.Dataset.from_tables(units, **tables)) == records
    import polars as pl

    frames = {n: pl.from_arrow(t) for n, t in tables.items()}
    polars = median(args.runs, lambda: etalon.Dataset.from_tables(units, **frames))

    # Text columns other than record ids as dictionaries, as a Parquet
    # reader gives them with read_dictionary, or a categorical column.
    def encoded(t):  # type: ignore[no-untyped-def]
        for i, field in enumerate(t.schema):
            if pa.types.is_string(field.type) and not field.name.endswith("_id") or field.name in ("unit_id",):
                t = t.set_column(i, field.name, t.column(i).dictionary_encode())
        return t

    dictionaries = {n: encoded(t) for n, t in tables.items()}
    dictionary = median(args.runs, lambda: etalon.Dataset.from_tables(units, **dictionaries))

    print(f"{records:,} records ({args.data})")
    print(f"CSV folder -> Dataset (Rust reader):        {csv:6.2f} s  {csv / records * 1e9:5.0f} ns/record")
    print(f"Arrow tables in memory -> Dataset:          {arrow:6.2f} s  {arrow / records * 1e9:5.0f} ns/record")
    print(f"the same, text columns as dictionaries:     {dictionary:6.2f} s  {dictionary / records * 1e9:5.0f} ns/record")
    print(f"polars frames in memory -> Dataset:         {polars:6.2f} s  {polars / records * 1e9:5.0f} ns/record")
    print(f"peak RSS growth building from Arrow: {growth / 2**20:.0f} MiB, {growth / arrow_bytes:.2f}x the Arrow input ({arrow_bytes / 2**20:.0f} MiB)")
    print(f"Parquet files -> Arrow tables (pyarrow):    {parquet_read:6.2f} s  {parquet_read / records * 1e9:5.0f} ns/record")
    print(f"Arrow / CSV: {arrow / csv:.2f}")
    if args.out:
        figures = {
            "records": records,
            "csv_s": csv,
            "arrow_s": arrow,
            "dictionary_s": dictionary,
            "polars_frames_s": polars,
            "parquet_read_s": parquet_read,
            "arrow_bytes": arrow_bytes,
            "arrow_growth_bytes": growth,
        }
        with open(args.out, "w") as f:
            json.dump(figures, f, indent=2)


if __name__ == "__main__":
    main()
