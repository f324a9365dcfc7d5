"""How fast is the Python binding, against the Rust CLI and against pandas?

    python benches/python/evaluate.py [--volume 1.62] [--runs 5] [--data DIR]

On a generated region of about one million case records (`--volume 1.62`
of the region scale: ~1.0 M cases, ~1.75 M records in all tables) it
reports medians of `--runs` runs, as ratios:

1. end to end, the same data folder to the same JSON: `etalon evaluate
   --format json` (the Rust CLI, release build) against the binding's
   `Dataset.from_dir` + `evaluate` + `to_json`;
2. the evaluation step alone: the binding's `evaluate()` against the
   evaluation time the Rust CLI reports for the same generated region
   (`etalon demo --scale region`, which evaluates in memory; volume 1);
3. the binding's `evaluate()` (all 40 indicators of the standard package
   at four levels over five quarters, judged, with trend rules) against an
   equivalent pandas groupby computation of 14 of those indicators over
   the same five quarters and four levels, on data already in memory. The
   pandas numbers are checked against the binding's before timing, so the
   two compute the same thing.

Goals: binding ≤ 1.2 × Rust; binding ≥ 20 × faster than pandas.

The CLI is `ETALON_BIN` or `target/release/etalon` (built if missing).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

import etalon

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2026-Q3"
WINDOW = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]


def cli_path() -> Path:
    given = os.environ.get("ETALON_BIN")
    if given:
        return Path(given)
    path = ROOT / "target" / "release" / "etalon"
    if not path.is_file():
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "etalon"], cwd=ROOT, check=True)
    return path


def median_time(work: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- pandas: the same indicators, written with groupby ------------------------

PARAMS = {"ma_decision_term_wd": 10, "ma_payment_term_wd": 20, "ippsu_term_wd": 10,
          "palliative_term_wd": 2, "urgent_term_days": 1, "rehab_decision_days": 30}


def holidays() -> np.ndarray:
    text = (ROOT / "rules" / "calendar.toml").read_text()
    block = text.split("holidays = [", 1)[1].split("]", 1)[0]
    days = re.findall(r"\d{4}-\d{2}-\d{2}", block)
    return np.array(days, dtype="datetime64[D]")


def load_frames(folder: Path) -> dict[str, pd.DataFrame]:
    dates = {
        "cases": ["applied_on", "decided_on", "started_on", "ended_on", "due_on"],
        "deliveries": ["month"],
        "complaints": ["received_on", "registered_on", "answered_on"],
    }
    frames = {}
    for name in ("units", "cases", "deliveries", "complaints"):
        frames[name] = pd.read_csv(folder / f"{name}.csv", parse_dates=dates.get(name, []), low_memory=False)
    return frames


def pandas_indicators(f: dict[str, pd.DataFrame], holiday_days: np.ndarray) -> pd.DataFrame:
    """Values of 14 indicators at unit, org, group and region level for the
    five quarters of the window: (level, entity, indicator, period, value)."""
    units = f["units"][["unit_id", "org_id", "group_id", "region_id", "processes"]]
    cases, deliveries, complaints = f["cases"], f["deliveries"], f["complaints"]

    def quarter(d: pd.Series) -> pd.Series:
        return d.dt.year.astype("Int64").astype(str) + "-Q" + d.dt.quarter.astype("Int64").astype(str)

    def working_days(a: pd.Series, b: pd.Series) -> pd.Series:
        ok = a.notna() & b.notna()
        out = pd.Series(np.nan, index=a.index)
        start = a[ok].values.astype("datetime64[D]") + np.timedelta64(1, "D")
        end = b[ok].values.astype("datetime64[D]") + np.timedelta64(1, "D")
        out[ok] = np.busday_count(start, end, holidays=holiday_days)
        return out

    def days(a: pd.Series, b: pd.Series) -> pd.Series:
        return (b - a).dt.days

    measures: dict[str, pd.DataFrame] = {}
    distinct: dict[str, pd.DataFrame] = {}

    def count(name: str, table: pd.DataFrame, by: str, mask: pd.Series | None = None,
              value: pd.Series | None = None, recipients: bool = False) -> None:
        rows = table if mask is None else table[mask.fillna(False).astype(bool)]
        period = quarter(rows[by])
        keep = period.isin(WINDOW)
        rows, period = rows[keep], period[keep]
        frame = pd.DataFrame({"unit_id": rows["unit_id"].values, "period": period.values})
        if recipients:
            frame["recipient_id"] = rows["recipient_id"].values
            distinct[name] = frame
        else:
            frame["n"] = 1 if value is None else value[rows.index].fillna(0).values
            measures[name] = frame.groupby(["unit_id", "period"], as_index=False)["n"].sum()

    proc = {p: cases[cases["process"] == p] for p in
            ("material_aid", "urgent_service", "home_care", "counselling", "temporary_shelter",
             "disability_rehab")}
    ma = proc["material_aid"]
    decided = ma["decision"].isin(["granted", "refused"])
    count("ma_decided", ma, "decided_on", decided)
    count("ma_decided_in_term", ma, "decided_on",
          decided & (working_days(ma["applied_on"], ma["decided_on"]) <= PARAMS["ma_decision_term_wd"]))
    count("ma_granted", ma, "decided_on", ma["decision"] == "granted")
    count("ma_paid_in_term", ma, "decided_on", (ma["decision"] == "granted")
          & (working_days(ma["decided_on"], ma["started_on"]) <= PARAMS["ma_payment_term_wd"]))
    count("ma_decision_days", ma, "decided_on", decided, value=days(ma["applied_on"], ma["decided_on"]))
    count("ma_recipients", ma, "decided_on", ma["decision"] == "granted", recipients=True)
    mac = complaints[complaints["process"] == "material_aid"]
    count("ma_justified_complaints", mac, "received_on", mac["justified"] == True)  # noqa: E712
    us = proc["urgent_service"]
    count("us_requests", us, "applied_on")
    count("us_served_in_term", us, "applied_on",
          days(us["applied_on"], us["started_on"]) <= PARAMS["urgent_term_days"])
    count("us_refused", us, "applied_on", us["decision"] == "refused")
    hc = proc["home_care"]
    granted = hc["decision"] == "granted"
    wd = working_days(hc["applied_on"], hc["decided_on"])
    palliative = hc["category"] == "palliative"
    count("hc_ippsu_issued", hc, "decided_on", granted)
    count("hc_ippsu_in_term", hc, "decided_on", granted & (
        (palliative & (wd <= PARAMS["palliative_term_wd"]))
        | (~palliative & (wd <= PARAMS["ippsu_term_wd"]))))
    hd = deliveries[deliveries["process"] == "home_care"]
    count("hc_planned", hd, "month", value=hd["planned"])
    count("hc_delivered_on_time", hd, "month", value=hd["delivered_on_time"])
    co = proc["counselling"]
    count("co_requests", co, "applied_on")
    count("co_same_day", co, "applied_on", days(co["applied_on"], co["started_on"]) == 0)
    count("co_repeat", co, "applied_on", co["repeat"] == True)  # noqa: E712
    ts = proc["temporary_shelter"]
    count("ts_exits", ts, "ended_on")
    count("ts_exits_stable", ts, "ended_on", ts["outcome"].isin(["stable_housing", "family"]))
    count("ts_stay_days", ts, "ended_on", value=days(ts["started_on"], ts["ended_on"]))
    dd = deliveries[deliveries["process"] == "day_care"]
    count("dc_visits_planned", dd, "month", value=dd["planned"])
    count("dc_visits_made", dd, "month", value=dd["delivered"])
    dr = proc["disability_rehab"]
    count("dr_decided", dr, "decided_on")
    count("dr_decided_in_term", dr, "decided_on",
          days(dr["applied_on"], dr["decided_on"]) <= PARAMS["rehab_decision_days"])

    indicators = {
        "ma_decided_in_term": ("material_aid", "share", "ma_decided_in_term", "ma_decided"),
        "ma_paid_in_term": ("material_aid", "share", "ma_paid_in_term", "ma_granted"),
        "ma_mean_decision_days": ("material_aid", "ratio", "ma_decision_days", "ma_decided"),
        "ma_justified_complaints_per_100": ("material_aid", "share", "ma_justified_complaints", "ma_recipients"),
        "us_served_in_term": ("urgent_service", "share", "us_served_in_term", "us_requests"),
        "us_refused_share": ("urgent_service", "share", "us_refused", "us_requests"),
        "hc_ippsu_in_term": ("home_care", "share", "hc_ippsu_in_term", "hc_ippsu_issued"),
        "hc_completeness": ("home_care", "share", "hc_delivered_on_time", "hc_planned"),
        "co_same_day": ("counselling", "share", "co_same_day", "co_requests"),
        "co_repeat_share": ("counselling", "share", "co_repeat", "co_requests"),
        "ts_stable_exit_share": ("temporary_shelter", "share", "ts_exits_stable", "ts_exits"),
        "ts_mean_stay_days": ("temporary_shelter", "ratio", "ts_stay_days", "ts_exits"),
        "dc_attendance": ("day_care", "share", "dc_visits_made", "dc_visits_planned"),
        "dr_decided_in_term": ("disability_rehab", "share", "dr_decided_in_term", "dr_decided"),
    }
    levels = {"unit": "unit_id", "org": "org_id", "group": "group_id", "region": "region_id"}
    out = []
    for level, key in levels.items():
        for indicator, (process, kind, numerator, denominator) in indicators.items():
            # Entities that run the process, in every period of the window.
            running = units[units["processes"].str.split(";").apply(lambda p: process in p)]
            grid = pd.MultiIndex.from_product([running[key].unique(), WINDOW], names=[key, "period"])
            parts = []
            for measure in (numerator, denominator):
                if measure in distinct:
                    frame = distinct[measure].merge(units, on="unit_id")
                    got = frame.groupby([key, "period"])["recipient_id"].nunique()
                else:
                    frame = measures[measure].merge(units, on="unit_id")
                    got = frame.groupby([key, "period"])["n"].sum()
                parts.append(got.reindex(grid, fill_value=0).astype(float))
            num, den = parts
            value = (num / den.where(den != 0)) * (100 if kind == "share" else 1)
            out.append(pd.DataFrame({
                "level": level, "entity": grid.get_level_values(0), "indicator": indicator,
                "period": grid.get_level_values(1), "value": value.values,
            }))
    return pd.concat(out, ignore_index=True)


def check_same(pandas_values: pd.DataFrame, evaluation: etalon.Evaluation) -> int:
    """The pandas values equal the binding's; returns how many were compared."""
    series = evaluation.series_table().to_pandas()
    keys = ["level", "entity", "indicator", "period"]
    joined = pandas_values.merge(series, on=keys, how="inner", suffixes=("_pandas", "_etalon"))
    missing = len(pandas_values) - len(joined)
    if missing:
        raise AssertionError(f"{missing} pandas values have no etalon value")
    a, b = joined["value_pandas"], joined["value_etalon"]
    same = (a.isna() & b.isna()) | np.isclose(a, b, rtol=1e-12, atol=1e-12)
    if not same.all():
        raise AssertionError(f"pandas and etalon differ:\n{joined[~same].head(10)}")
    return len(joined)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volume", type=float, default=1.62)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, help="a data folder to use (generated there if empty)")
    args = parser.parse_args()
    cli = cli_path()
    workdir = Path(tempfile.mkdtemp(prefix="etalon-bench-"))
    folder = args.data or workdir / "region"
    if not (folder / "units.csv").is_file():
        print(f"generating a region (volume {args.volume}) in {folder} ...", flush=True)
        etalon.write_demo(folder, scale="region", volume=args.volume)
    methodology = etalon.standard()
    data = etalon.Dataset.from_dir(folder)
    counts = data.counts
    print(f"{counts['cases']:,} case records, {len(data):,} records in all tables; "
          f"median of {args.runs} runs; {os.cpu_count()} cores\n")

    # 1. End to end: data folder to JSON.
    out = workdir / "evaluation.json"
    rust_e2e = median_time(lambda: subprocess.run(
        [str(cli), "evaluate", "--data", str(folder), "--period", PERIOD, "--format", "json",
         "--out", str(out)], check=True), args.runs)
    rust_json = out.read_text()

    def binding_e2e() -> None:
        e = methodology.evaluate(etalon.Dataset.from_dir(folder), PERIOD)
        (workdir / "binding.json").write_text(e.to_json() + "\n")

    py_e2e = median_time(binding_e2e, args.runs)
    assert (workdir / "binding.json").read_text() == rust_json, "the binding's JSON differs"
    print("1. folder -> JSON (read CSV, evaluate, write JSON)")
    print(f"   Rust CLI {rust_e2e:7.2f} s   binding {py_e2e:7.2f} s   ratio binding/Rust {py_e2e / rust_e2e:.2f}")

    # 2. The evaluation step alone, against the CLI's own timing of it.
    demo_runs = []
    for _ in range(args.runs):
        done = subprocess.run([str(cli), "demo", "--scale", "region"], capture_output=True, text=True, check=True)
        found = re.search(r"evaluated in (\d+) ms", done.stdout)
        assert found, done.stdout[:400]
        demo_runs.append(int(found.group(1)) / 1000)
    rust_eval = statistics.median(demo_runs)
    demo = etalon.Dataset.demo(scale="region")
    py_demo_eval = median_time(lambda: methodology.evaluate(demo, PERIOD), args.runs)
    print(f"2. evaluation step, generated region ({demo.counts['cases']:,} cases, {len(demo):,} records)")
    print(f"   Rust CLI {rust_eval:7.2f} s   binding {py_demo_eval:7.2f} s   ratio binding/Rust {py_demo_eval / rust_eval:.2f}")

    # 3. Against pandas, on data in memory.
    frames = load_frames(folder)
    holiday_days = holidays()
    evaluation = methodology.evaluate(data, PERIOD)
    compared = check_same(pandas_indicators(frames, holiday_days), evaluation)
    py_eval = median_time(lambda: methodology.evaluate(data, PERIOD), args.runs)
    pandas_time = median_time(lambda: pandas_indicators(frames, holiday_days), args.runs)
    print(f"3. evaluation on data in memory ({counts['cases']:,} cases)")
    print(f"   binding (40 indicators, judged, trends) {py_eval:7.2f} s")
    print(f"   pandas  (14 indicators, {compared:,} values checked equal) {pandas_time:7.2f} s")
    print(f"   pandas/binding {pandas_time / py_eval:.1f}x")
    print(f"\n(data in {folder})")


if __name__ == "__main__":
    sys.exit(main())
