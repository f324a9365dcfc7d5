"""The GIL is released while the engine evaluates: two evaluations in two
Python threads finish faster than the same two one after the other.

    python benches/python/threads.py [--scale region] [--runs 5]

Each evaluation is given one worker thread (`threads=1`), so the serial run
uses one core and the threaded run can use two. Prints the median times of
`--runs` runs and their ratio (serial / threaded); with the GIL held the
ratio would stay at about 1.0, on a machine with two free cores it comes
near 2. The same ratio for two plain CPU-bound processes is printed
beside it: what the machine allows at that moment. Then, whatever the number of free cores, it shows how fast a Python
loop in the main thread runs while the evaluations run in another thread.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import threading
import time

import etalon


def burn() -> None:
    total = 0
    for i in range(10_000_000):
        total += i


def machine_ratio() -> float:
    """What the machine allows right now: two CPU-bound processes against
    the same work one after the other (about 2 with two free cores)."""
    started = time.perf_counter()
    burn()
    burn()
    serial = time.perf_counter() - started
    started = time.perf_counter()
    workers = [multiprocessing.Process(target=burn) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return serial / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="region", choices=["sample", "region"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    methodology = etalon.standard()
    data = etalon.Dataset.demo(scale=args.scale)
    periods = ["2026-Q3", "2026-Q2"]

    def evaluate(period: str) -> None:
        methodology.evaluate(data, period, threads=1)

    def serial() -> None:
        for p in periods:
            evaluate(p)

    def threaded() -> None:
        workers = [threading.Thread(target=evaluate, args=(p,)) for p in periods]
        for w in workers:
            w.start()
        for w in workers:
            w.join()

    evaluate(periods[0])  # warm up
    times: dict[str, list[float]] = {"serial": [], "threads": []}
    for _ in range(args.runs):
        for name, work in (("serial", serial), ("threads", threaded)):
            started = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - started)
    s, t = statistics.median(times["serial"]), statistics.median(times["threads"])
    print(f"{len(data):,} records, 2 evaluations of one worker thread each, {os.cpu_count()} cores, "
          f"median of {args.runs} runs")
    print(f"serial {s:.2f} s   two Python threads {t:.2f} s   speed-up {s / t:.2f}x")
    print(f"(two CPU-bound processes on this machine right now: speed-up {machine_ratio():.2f}x)")

    # Independent of free cores: Python keeps running beside an evaluation.
    finished = threading.Event()

    def in_background() -> None:
        serial()
        finished.set()

    started = time.perf_counter()
    worker = threading.Thread(target=in_background)
    worker.start()
    beside = 0
    while not finished.is_set():
        beside += 1
    elapsed = time.perf_counter() - started
    worker.join()
    alone = 0
    started = time.perf_counter()
    while time.perf_counter() - started < elapsed:
        alone += 1
    print(f"a Python loop in the main thread ran {beside / alone:.0%} of its speed alone "
          f"while the two evaluations ran in another thread (about 0% if the GIL were held)")


if __name__ == "__main__":
    main()
