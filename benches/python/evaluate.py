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
3. on data already in memory, an equivalent pandas groupby computation of
   14 indicators (material aid, urgent service, home care, counselling,
   shelter, day care, rehabilitation: counts with filters, working days,
   sums, distinct recipients; four levels; five quarters) against the
   binding evaluating the standard package cut down to the same 14
   indicators, and the whole package (40 indicators). The binding also
   judges every value and runs the trend rules. The pandas values are
   checked equal to the binding's before anything is timed.

Goals: binding ≤ 1.2 × Rust; binding ≥ 20 × faster than pandas.

The CLI is `ETALON_BIN` or `target/release/etalon` (built if missing).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
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


# The 14 indicators computed both ways: (process, kind, numerator, denominator).
INDICATORS = {
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
LEVELS = {"unit": "unit_id", "org": "org_id", "group": "group_id", "region": "region_id"}


def quarter_number(label: str) -> int:
    year, q = label.split("-Q")
    return int(year) * 4 + int(q) - 1


def pandas_indicators(f: dict[str, pd.DataFrame], holiday_days: np.ndarray) -> pd.DataFrame:
    """Values of the 14 indicators at unit, org, group and region level for
    the five quarters of the window: (level, entity, indicator, period, value).
    Written as an analyst would with pandas: boolean masks, numpy working
    days, one groupby per measure and level, sums rolled up through the tree
    (distinct recipients counted at each level)."""
    units = f["units"].set_index("unit_id")[["org_id", "group_id", "region_id", "processes"]]
    cases, deliveries, complaints = f["cases"], f["deliveries"], f["complaints"]
    first, last = quarter_number(WINDOW[0]), quarter_number(WINDOW[-1])

    def quarter(d: pd.Series) -> pd.Series:
        return d.dt.year * 4 + (d.dt.month - 1) // 3

    def working_days(a: pd.Series, b: pd.Series) -> pd.Series:
        ok = (a.notna() & b.notna()).values
        out = np.full(len(a), np.nan)
        start = a.values[ok].astype("datetime64[D]") + np.timedelta64(1, "D")
        end = b.values[ok].astype("datetime64[D]") + np.timedelta64(1, "D")
        out[ok] = np.busday_count(start, end, holidays=holiday_days)
        return pd.Series(out, index=a.index)

    def days(a: pd.Series, b: pd.Series) -> pd.Series:
        return (b - a).dt.days

    # measure -> {level: Series indexed by (entity, quarter number)}
    measures: dict[str, dict[str, pd.Series]] = {}

    def measure(name: str, table: pd.DataFrame, by: str, mask: pd.Series | None = None,
                value: pd.Series | None = None, distinct: bool = False) -> None:
        q = quarter(table[by])
        keep = q.between(first, last)
        if mask is not None:
            keep &= mask.fillna(False).astype(bool)
        rows = pd.DataFrame({"unit_id": table["unit_id"][keep].values, "q": q[keep].values.astype(int)})
        rows = rows.join(units[["org_id", "group_id", "region_id"]], on="unit_id")
        if distinct:
            rows["recipient_id"] = table["recipient_id"][keep].values
            measures[name] = {
                level: rows.groupby([key, "q"])["recipient_id"].nunique()
                for level, key in LEVELS.items()
            }
            return
        rows["n"] = 1 if value is None else value[keep].fillna(0).values
        per_unit = rows.groupby(["unit_id", "q"])["n"].sum()
        frame = per_unit.reset_index().join(units[["org_id", "group_id", "region_id"]], on="unit_id")
        measures[name] = {"unit": per_unit}
        for level in ("org", "group", "region"):
            measures[name][level] = frame.groupby([LEVELS[level], "q"])["n"].sum()

    proc = {p: cases[cases["process"] == p] for p in
            ("material_aid", "urgent_service", "home_care", "counselling", "temporary_shelter",
             "disability_rehab")}
    ma = proc["material_aid"]
    decided = ma["decision"].isin(["granted", "refused"])
    measure("ma_decided", ma, "decided_on", decided)
    measure("ma_decided_in_term", ma, "decided_on",
            decided & (working_days(ma["applied_on"], ma["decided_on"]) <= PARAMS["ma_decision_term_wd"]))
    measure("ma_granted", ma, "decided_on", ma["decision"] == "granted")
    measure("ma_paid_in_term", ma, "decided_on", (ma["decision"] == "granted")
            & (working_days(ma["decided_on"], ma["started_on"]) <= PARAMS["ma_payment_term_wd"]))
    measure("ma_decision_days", ma, "decided_on", decided, value=days(ma["applied_on"], ma["decided_on"]))
    measure("ma_recipients", ma, "decided_on", ma["decision"] == "granted", distinct=True)
    mac = complaints[complaints["process"] == "material_aid"]
    measure("ma_justified_complaints", mac, "received_on", mac["justified"] == True)  # noqa: E712
    us = proc["urgent_service"]
    measure("us_requests", us, "applied_on")
    measure("us_served_in_term", us, "applied_on",
            days(us["applied_on"], us["started_on"]) <= PARAMS["urgent_term_days"])
    measure("us_refused", us, "applied_on", us["decision"] == "refused")
    hc = proc["home_care"]
    granted = hc["decision"] == "granted"
    wd = working_days(hc["applied_on"], hc["decided_on"])
    palliative = hc["category"] == "palliative"
    measure("hc_ippsu_issued", hc, "decided_on", granted)
    measure("hc_ippsu_in_term", hc, "decided_on", granted & (
        (palliative & (wd <= PARAMS["palliative_term_wd"]))
        | (~palliative & (wd <= PARAMS["ippsu_term_wd"]))))
    hd = deliveries[deliveries["process"] == "home_care"]
    measure("hc_planned", hd, "month", value=hd["planned"])
    measure("hc_delivered_on_time", hd, "month", value=hd["delivered_on_time"])
    co = proc["counselling"]
    measure("co_requests", co, "applied_on")
    measure("co_same_day", co, "applied_on", days(co["applied_on"], co["started_on"]) == 0)
    measure("co_repeat", co, "applied_on", co["repeat"] == True)  # noqa: E712
    ts = proc["temporary_shelter"]
    measure("ts_exits", ts, "ended_on")
    measure("ts_exits_stable", ts, "ended_on", ts["outcome"].isin(["stable_housing", "family"]))
    measure("ts_stay_days", ts, "ended_on", value=days(ts["started_on"], ts["ended_on"]))
    dd = deliveries[deliveries["process"] == "day_care"]
    measure("dc_visits_planned", dd, "month", value=dd["planned"])
    measure("dc_visits_made", dd, "month", value=dd["delivered"])
    dr = proc["disability_rehab"]
    measure("dr_decided", dr, "decided_on")
    measure("dr_decided_in_term", dr, "decided_on",
            days(dr["applied_on"], dr["decided_on"]) <= PARAMS["rehab_decision_days"])

    # An indicator applies where its process runs: units that run it, and
    # every organisation, group and region above them.
    runs = units["processes"].str.get_dummies(sep=";")
    quarters = list(range(first, last + 1))
    out = []
    for indicator, (process, kind, numerator, denominator) in INDICATORS.items():
        running = units[runs[process] == 1].reset_index()
        for level, key in LEVELS.items():
            grid = pd.MultiIndex.from_product([running[key].unique(), quarters])
            num = measures[numerator][level].reindex(grid, fill_value=0).astype(float)
            den = measures[denominator][level].reindex(grid, fill_value=0).astype(float)
            value = num / den.where(den != 0) * (100 if kind == "share" else 1)
            out.append(pd.DataFrame({
                "level": level, "entity": grid.get_level_values(0), "indicator": indicator,
                "q": grid.get_level_values(1), "value": value.values,
            }))
    result = pd.concat(out, ignore_index=True)
    result["period"] = (result["q"] // 4).astype(str) + "-Q" + (result["q"] % 4 + 1).astype(str)
    return result.drop(columns="q")


def subset_package(indicators: set[str]) -> dict[str, str]:
    """The standard package cut down to `indicators`, the measures their
    formulas name and their reference rows (everything else as it is)."""
    standard = etalon.standard()
    needed = set()
    for i in standard.indicators:
        if i.id in indicators:
            needed |= set(re.findall(r"[a-z_][a-z0-9_]*", i.formula))

    def blocks(text: str) -> list[str]:
        out: list[str] = []
        current: list[str] = []
        for line in text.splitlines(keepends=True):
            if line.startswith("[") and current:
                out.append("".join(current))
                current = []
            current.append(line)
        out.append("".join(current))
        return out

    def keep(block: str) -> bool:
        head = block.split("\n", 1)[0].strip()
        named = re.search(r'^(?:id|indicator)\s*=\s*"([^"]+)"', block, re.M)
        if head == "[[measure]]":
            return named is not None and named.group(1) in needed
        if head in ("[[indicator]]", "[[reference]]"):
            return named is not None and named.group(1) in indicators
        return True

    return {
        path: "".join(b for b in blocks(text) if keep(b))
        if path.startswith(("processes/", "references/")) else text
        for path, text in etalon.standard_files().items()
    }


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
    subset = etalon.Methodology.from_files(subset_package(set(INDICATORS)))
    assert sorted(i.id for i in subset.indicators) == sorted(INDICATORS)
    compared = check_same(pandas_indicators(frames, holiday_days), subset.evaluate(data, PERIOD))
    pandas_time = median_time(lambda: pandas_indicators(frames, holiday_days), args.runs)
    py_subset = median_time(lambda: subset.evaluate(data, PERIOD), args.runs)
    py_eval = median_time(lambda: methodology.evaluate(data, PERIOD), args.runs)
    print(f"3. evaluation on data in memory ({counts['cases']:,} cases), five quarters, four levels")
    print(f"   pandas groupby, 14 indicators ({compared:,} values, checked equal)  {pandas_time:7.2f} s")
    print(f"   binding, the same 14 indicators (judged, with trends)        {py_subset:7.2f} s"
          f"   pandas/binding {pandas_time / py_subset:5.1f}x")
    print(f"   binding, all 40 indicators of the standard package           {py_eval:7.2f} s"
          f"   pandas/binding {pandas_time / py_eval:5.1f}x")
    print(f"\n(data in {folder})")


if __name__ == "__main__":
    main()
