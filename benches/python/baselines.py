"""Baselines outside the project, on the same data as the Rust benchmarks.

The eight measures of ``benches/package`` (counts by period, codes, working
days, a sum of days, distinct recipients over service intervals) are computed
per unit and quarter and rolled up to organisations, groups and the region,
with pandas (one core) and with polars (every core). Before any timing, both
results are checked equal to ``etalon measures`` on the same files. Then the
same threshold decision per record ("decided within 10 working days") is
evaluated with the zen-engine rules engine, record by record.

Loading and the whole run are timed beside polars too, each pair
interleaved in one run (the machine is shared: the ratio is the figure):
the binding's ``Dataset.from_dir`` against polars reading every CSV file of
the folder; end to end, from the files of the tables the bench package
reads (``units.csv`` and ``cases.csv``) to the eight measures, the
``etalon measures`` command against polars and pandas loading and
computing; and ``etalon evaluate`` of the standard package, files to JSON,
on the region given by ``--evaluate-data``.

Usage::

    etalon generate --records 3000000 --out DATA
    etalon generate --records 2000000 --out DATA2M
    python baselines.py --data DATA --evaluate-data DATA2M \
        --etalon target/release/etalon --out baselines.json

Loading the CSV is timed apart from computing. Timings are medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

PACKAGE = Path(__file__).resolve().parents[1] / "package"
PERIOD = "2026-Q3"
HISTORY = 4  # the bench package's [evaluation] default
TERM = 10
MEASURES = [
    "applications",
    "decided",
    "decided_in_term",
    "granted",
    "refused",
    "served_next_day",
    "decision_days",
    "recipients",
]


def quarter_index(year: int, quarter: int) -> int:
    return year * 4 + quarter - 1


TARGET = quarter_index(2026, 3)
FIRST = TARGET - HISTORY
EPOCH = np.datetime64("1970-01-01", "D")


def quarter_bounds() -> list[tuple[int, int]]:
    """Day numbers (since 1970-01-01) of the first and last day of each slot."""
    out = []
    for q in range(FIRST, TARGET + 1):
        year, index = divmod(q, 4)
        start = np.datetime64(f"{year:04d}-{3 * index + 1:02d}-01", "D")
        end = (start.astype("datetime64[M]") + 3).astype("datetime64[D]") - 1
        out.append((int((start - EPOCH).astype(int)), int((end - EPOCH).astype(int))))
    return out


BOUNDS = quarter_bounds()


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --------------------------------------------------------------------- pandas


def pandas_load(data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    cases = pd.read_csv(
        data / "cases.csv",
        usecols=["unit_id", "recipient_id", "applied_on", "decided_on", "decision", "started_on", "ended_on"],
        dtype={"unit_id": "category", "recipient_id": "category", "decision": "category"},
    )
    for column in ["applied_on", "decided_on", "started_on", "ended_on"]:
        days = pd.to_datetime(cases[column]).to_numpy().astype("datetime64[D]")
        cases[column] = np.where(np.isnat(days), np.iinfo(np.int64).min, (days - EPOCH).astype(np.int64))
    units = pd.read_csv(data / "units.csv", usecols=["unit_id", "org_id", "group_id"])
    return cases, units


def slot_of(days: np.ndarray) -> np.ndarray:
    out = np.full(days.shape, -1, dtype=np.int64)
    for s, (a, b) in enumerate(BOUNDS):
        out[(days >= a) & (days <= b)] = s
    return out


def pandas_measures(cases: pd.DataFrame, units: pd.DataFrame) -> dict:
    """Measure -> {(level, entity, slot): value}."""
    nul = np.iinfo(np.int64).min
    applied = cases["applied_on"].to_numpy()
    decided = cases["decided_on"].to_numpy()
    started = cases["started_on"].to_numpy()
    ended = cases["ended_on"].to_numpy()
    decision = cases["decision"].astype(str).to_numpy()
    frame = pd.DataFrame({"unit_id": cases["unit_id"].astype(str)})
    frame["slot_applied"] = slot_of(applied)
    frame["slot_decided"] = np.where(decided == nul, -1, slot_of(decided))
    closed = np.isin(decision, ["granted", "refused"])
    safe_decided = np.where(decided == nul, applied, decided)
    working = np.busday_count(
        (applied + 1).astype("datetime64[D]"), (safe_decided + 1).astype("datetime64[D]")
    )
    frame["decided"] = closed
    frame["in_term"] = closed & (working <= TERM)
    frame["granted"] = decision == "granted"
    frame["refused"] = decision == "refused"
    frame["next_day"] = (started != nul) & (started - applied <= 1)
    frame["days"] = np.where(closed, safe_decided - applied, 0)
    frame = frame.merge(units, on="unit_id", how="left")

    results: dict[str, dict] = {m: {} for m in MEASURES}

    def add_sums(name: str, part: pd.DataFrame, slot: str, value: str | None) -> None:
        for level, key in [("unit", "unit_id"), ("org", "org_id"), ("group", "group_id"), ("region", None)]:
            keys = [slot] if key is None else [key, slot]
            grouped = part.groupby(keys, observed=True)
            series = grouped.size() if value is None else grouped[value].sum()
            for index, v in series.items():
                if key is None:
                    entity, s = "region", index
                else:
                    entity, s = index
                results[name][(level, entity, int(s))] = int(v)

    by_applied = frame[frame["slot_applied"] >= 0]
    add_sums("applications", by_applied, "slot_applied", None)
    add_sums("served_next_day", by_applied[by_applied["next_day"]], "slot_applied", None)
    by_decided = frame[frame["slot_decided"] >= 0]
    add_sums("decided", by_decided[by_decided["decided"]], "slot_decided", None)
    add_sums("decided_in_term", by_decided[by_decided["in_term"]], "slot_decided", None)
    add_sums("granted", by_decided[by_decided["granted"]], "slot_decided", None)
    add_sums("refused", by_decided[by_decided["refused"]], "slot_decided", None)
    add_sums("decision_days", by_decided[by_decided["decided"]], "slot_decided", "days")

    # Distinct recipients served in each quarter their interval overlaps.
    active = pd.DataFrame(
        {
            "unit_id": frame["unit_id"],
            "org_id": frame["org_id"],
            "group_id": frame["group_id"],
            "recipient": cases["recipient_id"].astype(str),
            "start": started,
            "end": np.where(ended == nul, np.iinfo(np.int64).max, ended),
        }
    )
    active = active[started != nul]
    pieces = []
    for s, (a, b) in enumerate(BOUNDS):
        part = active[(active["start"] <= b) & (active["end"] >= a)].copy()
        part["slot"] = s
        pieces.append(part)
    served = pd.concat(pieces)
    for level, key in [("unit", "unit_id"), ("org", "org_id"), ("group", "group_id"), ("region", None)]:
        keys = ["slot"] if key is None else [key, "slot"]
        for index, v in served.groupby(keys, observed=True)["recipient"].nunique().items():
            entity, s = ("region", index) if key is None else index
            results["recipients"][(level, entity, int(s))] = int(v)
    return results


# --------------------------------------------------------------------- polars


def polars_load(data: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    cases = pl.read_csv(
        data / "cases.csv",
        columns=["unit_id", "recipient_id", "applied_on", "decided_on", "decision", "started_on", "ended_on"],
        schema_overrides={c: pl.Date for c in ["applied_on", "decided_on", "started_on", "ended_on"]},
    )
    units = pl.read_csv(data / "units.csv", columns=["unit_id", "org_id", "group_id"])
    return cases, units


def polars_measures(cases: pl.DataFrame, units: pl.DataFrame) -> dict:
    def slot(column: str) -> pl.Expr:
        expr = pl.lit(-1)
        days = pl.col(column).cast(pl.Int64)
        for s, (a, b) in enumerate(BOUNDS):
            expr = pl.when(days.is_between(a, b)).then(pl.lit(s)).otherwise(expr)
        return expr

    closed = pl.col("decision").is_in(["granted", "refused"])
    frame = (
        cases.lazy()
        .join(units.lazy(), on="unit_id", how="left")
        .with_columns(
            slot("applied_on").alias("slot_applied"),
            slot("decided_on").fill_null(-1).alias("slot_decided"),
            closed.fill_null(False).alias("decided"),
            (
                closed
                & (
                    pl.business_day_count(pl.col("applied_on").dt.offset_by("1d"), pl.col("decided_on").dt.offset_by("1d"))
                    <= TERM
                )
            )
            .fill_null(False)
            .alias("in_term"),
            (pl.col("decision") == "granted").fill_null(False).alias("granted"),
            (pl.col("decision") == "refused").fill_null(False).alias("refused"),
            ((pl.col("started_on") - pl.col("applied_on")).dt.total_days() <= 1).fill_null(False).alias("next_day"),
            pl.when(closed).then((pl.col("decided_on") - pl.col("applied_on")).dt.total_days()).otherwise(0).alias("days"),
        )
    )
    levels = [("unit", "unit_id"), ("org", "org_id"), ("group", "group_id"), ("region", None)]
    queries = []
    specs = [
        ("applications", "slot_applied", None, None),
        ("served_next_day", "slot_applied", "next_day", None),
        ("decided", "slot_decided", "decided", None),
        ("decided_in_term", "slot_decided", "in_term", None),
        ("granted", "slot_decided", "granted", None),
        ("refused", "slot_decided", "refused", None),
        ("decision_days", "slot_decided", "decided", "days"),
    ]
    for name, slot_column, condition, value in specs:
        part = frame.filter(pl.col(slot_column) >= 0)
        if condition:
            part = part.filter(pl.col(condition))
        for level, key in levels:
            keys = [slot_column] if key is None else [key, slot_column]
            agg = pl.len() if value is None else pl.col(value).sum()
            queries.append(((name, level, key, slot_column), part.group_by(keys).agg(agg.alias("v"))))
    active = frame.filter(pl.col("started_on").is_not_null()).with_columns(
        pl.col("started_on").cast(pl.Int64).alias("start"),
        pl.col("ended_on").cast(pl.Int64).fill_null(np.iinfo(np.int64).max).alias("end"),
    )
    served = pl.concat(
        [
            active.filter((pl.col("start") <= b) & (pl.col("end") >= a)).with_columns(pl.lit(s).alias("slot"))
            for s, (a, b) in enumerate(BOUNDS)
        ]
    )
    for level, key in levels:
        keys = ["slot"] if key is None else [key, "slot"]
        queries.append(
            (("recipients", level, key, "slot"), served.group_by(keys).agg(pl.col("recipient_id").n_unique().alias("v")))
        )
    collected = pl.collect_all([q for _, q in queries])
    results: dict[str, dict] = {m: {} for m in MEASURES}
    for ((name, level, key, slot_column), _), table in zip(queries, collected):
        for row in table.iter_rows(named=True):
            entity = "region" if key is None else row[key]
            results[name][(level, entity, int(row[slot_column]))] = int(row["v"])
    return results


# --------------------------------------------------------------- the reference


def etalon_measures(etalon: str, data: Path) -> dict:
    out = subprocess.run(
        [etalon, "measures", "--rules", str(PACKAGE), "--data", str(data), "--period", PERIOD],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    periods = [f"{q // 4}-Q{q % 4 + 1}" for q in range(FIRST, TARGET + 1)]
    results: dict[str, dict] = {m: {} for m in MEASURES}
    for line in out.splitlines()[1:]:
        level, entity, measure, period, value = line.split(",")
        if int(value) != 0:
            entity = "region" if level == "region" else entity
            results[measure][(level, entity, periods.index(period))] = int(value)
    return results


def same(a: dict, b: dict) -> list[str]:
    problems = []
    for m in MEASURES:
        left = {k: v for k, v in a[m].items() if v != 0}
        right = {k: v for k, v in b[m].items() if v != 0}
        if left != right:
            diff = set(left.items()) ^ set(right.items())
            problems.append(f"{m}: {len(diff)} differing cells, e.g. {sorted(diff)[:3]}")
    return problems


# ------------------------------------------------ loading and the whole run


def interleaved(repeat: int, **runs) -> dict[str, float]:
    """Medians of each run, the runs taken in turn (A B A B ...) so that a
    change in the machine's load falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def load_side_by_side(data: Path, repeat: int) -> dict:
    """The binding reading the folder (every table, validated) against
    polars reading every CSV file of it (all columns, types inferred)."""
    import etalon

    files = sorted(data.glob("*.csv"))
    records = len(etalon.Dataset.from_dir(str(data)))
    medians = interleaved(
        repeat,
        etalon=lambda: etalon.Dataset.from_dir(str(data)),
        polars=lambda: [pl.read_csv(f, infer_schema_length=10_000) for f in files],
    )
    return {"records": records, "etalon_s": medians["etalon"], "polars_s": medians["polars"]}


def end_to_end(etalon: str, folder: Path, repeat: int) -> dict:
    """From the files to the eight measures: ``etalon measures`` (a fresh
    process: reading, checking, computing, printing) against polars and
    pandas loading the same files and computing the same measures."""
    command = [etalon, "measures", "--rules", str(PACKAGE), "--data", str(folder), "--period", PERIOD]
    medians = interleaved(
        repeat,
        etalon=lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL),
        polars=lambda: polars_measures(*polars_load(folder)),
        pandas=lambda: pandas_measures(*pandas_load(folder)),
    )
    return {f"{name}_s": t for name, t in medians.items()}


def evaluate_files(etalon: str, data: Path, repeat: int) -> dict:
    """``etalon evaluate`` of the standard package on two threads, from the
    folder to its JSON on disk."""
    import etalon as binding

    records = len(binding.Dataset.from_dir(str(data)))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "evaluation.json"
        command = [etalon, "evaluate", "--data", str(data), "--period", PERIOD, "--threads", "2",
                   "--format", "json", "--out", str(out)]
        seconds, _ = timed(lambda: subprocess.run(command, check=True), repeat)
    return {"records": records, "seconds": seconds}


# ----------------------------------------------------------------- zen-engine


def zen_decisions(cases: pd.DataFrame, limit: int) -> tuple[float, int]:
    """Records per second of one threshold decision per record."""
    import zen

    decision = {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "Request", "position": {"x": 0, "y": 0}},
            {
                "id": "table",
                "type": "decisionTableNode",
                "name": "In term",
                "position": {"x": 200, "y": 0},
                "content": {
                    "hitPolicy": "first",
                    "inputs": [{"id": "wd", "name": "Working days", "field": "working_days"}],
                    "outputs": [{"id": "ok", "name": "In term", "field": "in_term"}],
                    "rules": [
                        {"_id": "r1", "wd": f"<= {TERM}", "ok": "true"},
                        {"_id": "r2", "wd": "", "ok": "false"},
                    ],
                },
            },
            {"id": "out", "type": "outputNode", "name": "Response", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "table", "type": "edge"},
            {"id": "e2", "sourceId": "table", "targetId": "out", "type": "edge"},
        ],
    }
    engine = zen.ZenEngine()
    compiled = engine.create_decision(json.dumps(decision))
    nul = np.iinfo(np.int64).min
    applied = cases["applied_on"].to_numpy()[:limit]
    decided = cases["decided_on"].to_numpy()[:limit]
    safe = np.where(decided == nul, applied, decided)
    working = np.busday_count((applied + 1).astype("datetime64[D]"), (safe + 1).astype("datetime64[D]"))
    start = time.perf_counter()
    in_term = 0
    for wd in working.tolist():
        in_term += bool(compiled.evaluate({"working_days": wd})["result"]["in_term"])
    elapsed = time.perf_counter() - start
    return len(working) / elapsed, in_term


def package_tables(data: Path, into: Path) -> Path:
    """A folder of the files the bench package reads (``units.csv`` and
    ``cases.csv``), linked from ``data``: the package has no survey
    questions, so it refuses a folder whose surveys have answers."""
    for name in ("units.csv", "cases.csv"):
        os.symlink((data / name).resolve(), into / name)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--etalon", required=True, help="path to the etalon binary")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--zen-records", type=int, default=200_000)
    parser.add_argument("--evaluate-data", type=Path, help="a region of about 2 M records for `etalon evaluate`")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(args, package_tables(args.data, Path(tmp)))


def run(args: argparse.Namespace, data: Path) -> None:
    """Every baseline on ``data``, the bench package's files of the region."""
    reference = etalon_measures(args.etalon, data)
    load_pandas, (cases_pd, units_pd) = timed(lambda: pandas_load(data), 1)
    problems = same(pandas_measures(cases_pd, units_pd), reference)
    if problems:
        raise SystemExit("pandas differs from etalon:\n" + "\n".join(problems))
    load_polars, (cases_pl, units_pl) = timed(lambda: polars_load(data), 1)
    problems = same(polars_measures(cases_pl, units_pl), reference)
    if problems:
        raise SystemExit("polars differs from etalon:\n" + "\n".join(problems))

    pandas_time, _ = timed(lambda: pandas_measures(cases_pd, units_pd), args.repeat)
    polars_time, _ = timed(lambda: polars_measures(cases_pl, units_pl), args.repeat)
    zen_rate, _ = zen_decisions(cases_pd, args.zen_records)
    records = len(cases_pd)
    # The frames go before the runs below, which load their own.
    del cases_pd, units_pd, cases_pl, units_pl
    loading = load_side_by_side(args.data, args.repeat)
    whole = end_to_end(args.etalon, data, args.repeat)
    evaluate = evaluate_files(args.etalon, args.evaluate_data, args.repeat) if args.evaluate_data else None
    report = {
        "records": records,
        "pandas_load_s": load_pandas,
        "polars_load_s": load_polars,
        "pandas_s": pandas_time,
        "polars_s": polars_time,
        "polars_threads": pl.thread_pool_size(),
        "zen_records_per_s": zen_rate,
        "zen_records": min(args.zen_records, records),
        "load": loading,
        "end_to_end": whole,
        "evaluate": evaluate,
    }
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
