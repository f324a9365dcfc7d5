"""Writes BENCHMARKS.md from the results of `make bench`.

Reads the criterion estimates under target/criterion, the Python baselines
(target/bench-baselines.json), the binding's loading figures
(target/bench-load.json, from benches/python/load.py), and measures the peak memory of `etalon
evaluate` on the benchmark data itself. Standard library only.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CRITERION = ROOT / "target" / "criterion"
DATA = ROOT / "target" / "bench-data"
BASELINES = ROOT / "target" / "bench-baselines.json"
LOAD = ROOT / "target" / "bench-load.json"
ETALON = ROOT / "target" / "release" / "etalon"


def median_ns(group: str, bench: str) -> float | None:
    path = CRITERION / group / bench.replace("/", "_") / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"]


def throughput(group: str, bench: str) -> int | None:
    path = CRITERION / group / bench.replace("/", "_") / "new" / "benchmark.json"
    if not path.exists():
        return None
    t = json.loads(path.read_text()).get("throughput") or {}
    return t.get("Elements")


def ms(ns: float | None) -> str:
    return "—" if ns is None else f"{ns / 1e6:.2f} ms"


def us(ns: float | None) -> str:
    return "—" if ns is None else f"{ns / 1e3:.2f} µs"


def ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def peak_memory() -> tuple[float, float] | None:
    """(peak RSS of `etalon evaluate` in MB, CSV input in MB)."""
    if not (ETALON.exists() and DATA.exists()):
        return None
    subprocess.run(
        [str(ETALON), "evaluate", "--data", str(DATA), "--period", "2026-Q3", "--format", "json", "--out", os.devnull],
        check=True,
    )
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    size = sum(f.stat().st_size for f in DATA.glob("*.csv"))
    return peak_kb / 1024, size / 1024 / 1024


def main() -> None:
    out = [
        "# Benchmarks",
        "",
        f"Measured on {datetime.date.today().isoformat()} on {machine()}. The machine is shared:",
        "compare the ratios, which each come from one run where both sides ran side by side, more",
        "than the absolute times. Times are criterion medians. Regenerate with `make bench`.",
        "",
    ]

    # Measures pass.
    e1, e2, hand = (median_ns("measures_pass", b) for b in ["etalon/1", "etalon/2", "hand_loop"])
    records = throughput("measures_pass", "etalon/1")
    out += [
        "## The measure pass",
        "",
        f"Eight measures of `benches/package` (counts by date, codes, working days, a sum, distinct",
        f"recipients over intervals, rolled up to four levels) over {records or '?'} case records,",
        "against a hand-written loop computing the same counts (`benches/measures.rs` checks them",
        "equal before timing). Goal: ≤ 1.5× the hand-written loop.",
        "",
        "| | median | per record | ratio to the loop |",
        "|---|---|---|---|",
    ]
    for name, value in [("etalon, 1 thread", e1), ("etalon, 2 threads", e2), ("hand-written loop, 1 thread", hand)]:
        per = "—" if value is None or not records else f"{value / records:.1f} ns"
        out.append(f"| {name} | {ms(value)} | {per} | {ratio(value, hand)} |")
    out.append("")

    # Formulas.
    batch = throughput("formula_batch", "native_decimal") or 1
    per_call = {
        name: (None if v is None else v / batch)
        for name in ["kernel", "expression", "library", "native_decimal"]
        for v in [median_ns("formula_batch", name)]
    }
    native = per_call["native_decimal"]
    out += [
        "## Indicator formulas, per call",
        "",
        "A formula runs once per entity and period (never per record). `kernel` is `share(a, b)`,",
        "run natively; `expression` a Rhai expression; `library` a call of a function from the",
        "package's script. Baseline: the same arithmetic in Rust `Decimal`. Each is timed over a",
        f"batch of {batch} calls (`Methodology::compute_indicator_rows`, one hop to the scripts'",
        "thread per batch); the table gives the median per call.",
        "",
        "| formula | per call | ratio to native |",
        "|---|---|---|",
    ]
    for name in ["kernel", "expression", "library", "native_decimal"]:
        v = per_call[name]
        out.append(f"| {name} | {'—' if v is None else f'{v:.0f} ns'} | {ratio(v, native)} |")
    out.append("")

    # Region quarter.
    r1, r2, loop = (median_ns("region_quarter", b) for b in ["etalon/1", "etalon/2", "counting_loop"])
    region_records = throughput("region_quarter", "etalon/1")
    out += [
        "## The whole region quarter",
        "",
        f"The standard package (10 processes, 70 measures, 40 indicators, 4 levels, references,",
        f"trends, deviations) on the generated region: {region_records or '?'} records already in memory,",
        "2026-Q3 with 4 earlier quarters. Goal: < 50 ms. Beside it, a plain loop counting decisions",
        "per unit and quarter over the same case records (the least any evaluation must do).",
        "",
        "| | median | per record | ratio to the loop |",
        "|---|---|---|---|",
    ]
    for name, value in [("etalon, 1 thread", r1), ("etalon, 2 threads", r2), ("counting loop", loop)]:
        per = "—" if value is None or not region_records else f"{value / region_records:.1f} ns"
        out.append(f"| {name} | {ms(value)} | {per} | {ratio(value, loop)} |")
    out.append("")

    # Scaling.
    out += [
        "## Scaling",
        "",
        "The standard package on 2 threads as the region grows (same tree, volumes scaled).",
        "Goal: time per record flat within 10 %.",
        "",
        "| records | median | per record |",
        "|---|---|---|",
    ]
    scaling = CRITERION / "scaling"
    sizes = sorted((int(p.name) for p in scaling.iterdir() if p.name.isdigit()), key=int) if scaling.exists() else []
    for size in sizes:
        v = median_ns("scaling", str(size))
        n = throughput("scaling", str(size))
        per = "—" if v is None or not n else f"{v / n:.1f} ns"
        out.append(f"| {n or size} | {ms(v)} | {per} |")
    points = [(throughput("scaling", str(x)), median_ns("scaling", str(x))) for x in sizes]
    points = [(n, v) for n, v in points if n and v]
    if len(points) >= 2:
        (n0, v0), (n1, v1) = points[0], points[-1]
        out += [
            "",
            "Part of the cost does not grow with the records: the indicators, references and trends of",
            "every entity in every period of the window. Between the smallest and the largest region each",
            f"further record costs {(v1 - v0) / (n1 - n0):.1f} ns; the smallest region's {ms(v0)} is mostly that fixed part.",
        ]
    out.append("")

    # Loading.
    csv_load, memory_load = median_ns("load", "csv"), median_ns("load", "in_memory_records")
    parquet_load = median_ns("load", "parquet")
    parquet_reader = median_ns("load", "parquet_reader_alone")
    load_records = throughput("load", "csv")
    parquet_ratio = (
        f"{parquet_load / parquet_reader:.2f}×" if parquet_load and parquet_reader else "?"
    )
    out += [
        "## Loading",
        "",
        f"The same region ({load_records or '?'} records) read from CSV files, from Parquet files",
        "(`etalon generate --format parquet`), and built from typed records already in memory",
        "(validation, interning, ordering); beside them the Parquet reader alone, reading the same",
        f"files into Arrow batches and building nothing: loading Parquet costs {parquet_ratio} that.",
        "Arrow input (Parquet read by pyarrow, handed to the binding) is measured by",
        "`benches/python/load.py`: its arrays reach the column writer as they are (dates, whole",
        "numbers, flags and dictionaries without a cell per value), a large batch's columns",
        "converted on two threads (the code columns one share, the recipient column another);",
        "what it costs is mostly interning recipient ids (the longest share), first touching the",
        "columns' memory, and ordering each table by recipient.",
        "Each CSV table is parsed on its own thread into chunks of records (each line copied",
        "once, with where its fields start), prepared by a pool of threads (dates, counts and",
        "flags parsed, the distinct texts of codes and units gathered), and written by the",
        "column writer, which numbers each distinct value once and checks.",
        "",
        "| | median | per record |",
        "|---|---|---|",
    ]
    for name, value in [
        ("CSV files", csv_load),
        ("Parquet files", parquet_load),
        ("typed records in memory", memory_load),
        ("Parquet reader alone (baseline)", parquet_reader),
    ]:
        per = "—" if value is None or not load_records else f"{value / load_records:.0f} ns"
        out.append(f"| {name} | {ms(value)} | {per} |")
    out.append("")
    if LOAD.exists():
        a = json.loads(LOAD.read_text())
        n = a["records"]
        out += [
            f"Through the Python binding (`benches/python/load.py`, {n} records, medians): the CSV",
            f"folder {a['csv_s'] / n * 1e9:.0f} ns per record; Arrow tables read from Parquet by pyarrow",
            f"{a['arrow_s'] / n * 1e9:.0f} ns (goal: 100), the same with text columns as dictionaries",
            f"{a['dictionary_s'] / n * 1e9:.0f} ns, polars frames {a['polars_frames_s'] / n * 1e9:.0f} ns; pyarrow reading the",
            f"Parquet files {a['parquet_read_s'] / n * 1e9:.0f} ns. Building from {a['arrow_bytes'] / 2**20:.0f} MiB of Arrow tables grows",
            f"the peak resident set by {a['arrow_growth_bytes'] / 2**20:.0f} MiB, {a['arrow_growth_bytes'] / a['arrow_bytes']:.2f}× the input (goal: 1.1×).",
            "",
        ]

    # Compile and arithmetic.
    compile_ns, parse_ns = median_ns("compile", "standard_package"), median_ns("compile", "toml_parse_only")
    dec, f64 = median_ns("score_arithmetic", "decimal"), median_ns("score_arithmetic", "f64")
    out += [
        "## Compiling the standard package; exact arithmetic",
        "",
        "| | median | ratio |",
        "|---|---|---|",
        f"| compile the standard package (goal: well under 50 ms) | {ms(compile_ns)} | {ratio(compile_ns, parse_ns)} of parsing its TOML alone |",
        f"| parse its TOML files only | {ms(parse_ns)} | |",
        f"| weighted score of 15 shares in Decimal | {us(dec)} | {ratio(dec, f64)} of f64 |",
        f"| the same in f64 | {us(f64)} | |",
        "",
    ]

    # Scoring.
    counts, loop_counts = median_ns("nok_counts", "etalon"), median_ns("nok_counts", "counting_loop")
    nok, kpi = median_ns("nok_score", "organisations"), median_ns("kpi", "input_and_score")
    out += [
        "## Scoring the region",
        "",
        "The НОК counted from every questionnaire of the generated region (one pass over the",
        "answers, with the questionnaire's skip rules and bases) beside a plain counting loop over",
        "the same answers; the НОК scored from counts (the package's Rhai formulas, exact",
        "`Decimal`); the KPI points of every director and head of administration.",
        "",
        "| | median | ratio |",
        "|---|---|---|",
        f"| НОК counts from questionnaires | {ms(counts)} | {ratio(counts, loop_counts)} of the plain loop |",
        f"| plain counting loop | {ms(loop_counts)} | |",
        f"| НОК scores of every organisation | {ms(nok)} | |",
        f"| KPI points of every manager | {ms(kpi)} | |",
        "",
    ]

    out += journal_section()

    # Memory.
    mem = peak_memory()
    out += ["## Peak memory", ""]
    if mem:
        peak, size = mem
        out += [
            f"`etalon evaluate` on the benchmark data ({size:.0f} MB of CSV): peak resident memory",
            f"{peak:.0f} MB, {peak / size:.2f}× the input (goal: < 2×).",
            "",
        ]
    else:
        out += ["Not measured (no release binary or benchmark data).", ""]

    # Baselines outside the project.
    if BASELINES.exists():
        b = json.loads(BASELINES.read_text())
        e = e2 or e1
        e_s = None if e is None else e / 1e9
        rate = None if e_s is None or not records else records / e_s
        out += [
            "## Baselines outside the project",
            "",
            f"The same eight measures on the same {b['records']} case records (`benches/python/baselines.py`",
            "checks both results equal to `etalon measures` before timing); data already loaded.",
            "",
            "| | median | etalon is faster by | goal |",
            "|---|---|---|---|",
            f"| pandas groupby (1 core) | {b['pandas_s'] * 1000:.0f} ms | "
            + ("—" if e_s is None else f"{b['pandas_s'] / e_s:.1f}×")
            + " | ≥ 20× |",
            f"| polars ({b['polars_threads']} threads) | {b['polars_s'] * 1000:.0f} ms | "
            + ("—" if e_s is None else f"{b['polars_s'] / e_s:.1f}×")
            + " | ≥ 3× |",
            f"| zen-engine, one threshold decision per record | {b['zen_records_per_s']:.0f} records/s | "
            + ("—" if rate is None else f"{rate / b['zen_records_per_s']:.0f}× the records per second")
            + " | ≥ 1000× |",
            "",
            f"Loading the CSV: pandas {b['pandas_load_s']:.2f} s, polars {b['polars_load_s']:.2f} s.",
            "",
        ]
        out += whole_run_section(b)

    # The profile is written by hand (callgrind is run by hand).
    profile = ROOT / "benches" / "profile.md"
    if profile.exists():
        out += [profile.read_text().rstrip(), ""]
    # So is what each cut gave: kept apart so that regenerating keeps it.
    history = ROOT / "benches" / "history.md"
    if history.exists():
        out += [history.read_text().rstrip(), ""]

    out += [
        "## Commands",
        "",
        "```sh",
        "make bench          # everything below, then this file",
        "cargo bench --bench measures   # or: formulas, region, compile, scoring",
        'ETALON_TEST_POSTGRES="$(bash .ci/postgres.sh)" cargo bench --bench journal   # appends per second',
        "ETALON_BENCH_SIZES=10000,100000,1000000 cargo bench --bench region   # smaller scaling run",
        "```",
        "",
    ]
    sys.stdout.write("\n".join(goals(out) + out[6:]))


def journal_section() -> list[str]:
    """Appends per second to the journal, from `benches/journal.rs`."""

    def rate(group: str, bench: str) -> str:
        ns = median_ns(group, bench)
        return "—" if ns is None else f"{1e9 / ns:,.0f}".replace(",", " ")

    out = [
        "## The deviation journal: appends per second",
        "",
        "Events appended and durable per second with 1, 8 and 50 writers at once (threads, each",
        "with its own handle), from criterion's median time per append. The journal file locks,",
        "catches up with the others' lines, appends one chained line and syncs it per event; its",
        "baseline writes the same line with `write_all` + `sync_data` to an O_APPEND file without",
        "lock or chain. The central journal takes a transaction with its advisory lock, reads the",
        "rows after its head, inserts and commits per event; its baseline is an autocommitted",
        "INSERT of the same line into a bare table (PostgreSQL on the loopback, `.ci/postgres.sh`).",
        "",
        "| writers | journal file | write_all + sync_data | PostgreSQL journal | plain INSERT |",
        "|---|---|---|---|---|",
    ]
    for n in (1, 8, 50):
        out.append(
            f"| {n} | {rate('journal_file', f'etalon/{n}')} "
            f"| {rate('journal_file', f'write_all_sync_data/{n}')} "
            f"| {rate('journal_postgres', f'etalon/{n}')} "
            f"| {rate('journal_postgres', f'insert/{n}')} |"
        )
    out.append("")
    return out


def whole_run_section(b: dict) -> list[str]:
    """Loading and the whole run beside polars and pandas (baselines.py
    times each pair interleaved in one run)."""
    out = ["## From the files: loading and the whole run", ""]
    load, whole, evaluate = b.get("load"), b.get("end_to_end"), b.get("evaluate")
    if load:
        out += [
            f"Loading the region's folder ({load['records']} records in all its tables): the binding's",
            "`Dataset.from_dir` (every table read, checked, interned and ordered) beside polars reading",
            f"every CSV file of it ({b['polars_threads']} threads, types inferred), taken in turn.",
            "",
            "| | median | ratio to polars |",
            "|---|---|---|",
            f"| etalon `Dataset.from_dir` | {load['etalon_s']:.2f} s | {load['etalon_s'] / load['polars_s']:.2f}× |",
            f"| polars `read_csv` of every file | {load['polars_s']:.2f} s | 1.00× |",
            "",
        ]
    if whole:
        out += [
            "End to end: from the files the bench package reads (`units.csv`, `cases.csv`) to the eight",
            "measures at four levels: `etalon measures` (a fresh process: reading, checking, computing,",
            "printing the table) beside polars and pandas loading the same files and computing the same",
            "measures, taken in turn.",
            "",
            "| | median | ratio to etalon |",
            "|---|---|---|",
        ]
        for name, key in [("etalon `measures`", "etalon_s"), ("polars", "polars_s"), ("pandas", "pandas_s")]:
            out.append(f"| {name} | {whole[key]:.2f} s | {whole[key] / whole['etalon_s']:.2f}× |")
        out.append("")
    if evaluate:
        out += [
            f"`etalon evaluate` of the standard package on a region of {evaluate['records']} records,",
            f"2 threads, from its folder to the JSON on disk: {evaluate['seconds']:.2f} s (median).",
            "",
        ]
    return out


def goals(out: list[str]) -> list[str]:
    """The header and a table of the goals, met or not, from the numbers above."""
    best = lambda *vs: min((v for v in vs if v is not None), default=None)  # noqa: E731
    e1 = median_ns("measures_pass", "etalon/1")
    e = best(e1, median_ns("measures_pass", "etalon/2"))
    hand = median_ns("measures_pass", "hand_loop")
    region = best(*(median_ns("region_quarter", b) for b in ["etalon/1", "etalon/2"]))
    compile_ns = median_ns("compile", "standard_package")
    scaling = CRITERION / "scaling"
    per = []
    if scaling.exists():
        for p in scaling.iterdir():
            v, n = median_ns("scaling", p.name), throughput("scaling", p.name)
            if p.name.isdigit() and v and n:
                per.append(v / n)
    rows = [
        ("measure pass ≤ 1.5× a hand-written loop (1 thread each)", None if e1 is None or not hand else e1 / hand, 1.5, "×", False),
        ("whole region quarter < 50 ms", None if region is None else region / 1e6, 50, " ms", False),
        ("time per record flat within 10 % (max / min)", max(per) / min(per) if per else None, 1.1, "×", False),
        ("compile the standard package well under 50 ms", None if compile_ns is None else compile_ns / 1e6, 50, " ms", False),
    ]
    if BASELINES.exists() and e:
        b = json.loads(BASELINES.read_text())
        records = throughput("measures_pass", "etalon/1")
        rows += [
            ("≥ 20× faster than pandas", b["pandas_s"] / (e / 1e9), 20, "×", True),
            ("≥ 3× faster than polars", b["polars_s"] / (e / 1e9), 3, "×", True),
        ]
        if records:
            rows.append(("≥ 1000× zen-engine's records per second", records / (e / 1e9) / b["zen_records_per_s"], 1000, "×", True))
    if BASELINES.exists():
        b = json.loads(BASELINES.read_text())
        load, whole, evaluate = b.get("load"), b.get("end_to_end"), b.get("evaluate")
        rows += [
            ("loading a CSV folder ≤ 1.5× polars, same threads",
             load and load["etalon_s"] / load["polars_s"], 1.5, "×", False),
            ("`etalon evaluate`, a 2 M-record region, files to JSON, < 1 s on 2 cores",
             evaluate and evaluate["seconds"], 1.0, " s", False),
            ("end to end (loading + the eight measures) ahead of polars (time ratio < 1)",
             whole and whole["etalon_s"] / whole["polars_s"], 1.0, "×", False),
        ]
    if LOAD.exists():
        a = json.loads(LOAD.read_text())
        rows += [
            ("from Arrow tables ≤ 100 ms per million records",
             a["arrow_s"] / a["records"] * 1e9, 100, " ms", False),
            ("from Arrow tables, memory ≤ 1.1× the input", a["arrow_growth_bytes"] / a["arrow_bytes"], 1.1, "×", False),
        ]
    table = ["## Goals", "", "| goal | measured | met |", "|---|---|---|"]
    for name, value, limit, unit, higher in rows:
        if value is None:
            table.append(f"| {name} | — | not measured |")
            continue
        met = value >= limit if higher else value <= limit
        table.append(f"| {name} | {value:.2f}{unit} | {'yes' if met else 'no'} |")
    return out[:6] + table + [""]


if __name__ == "__main__":
    main()
