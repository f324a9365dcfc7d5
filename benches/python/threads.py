"""The GIL is released while the engine evaluates: two evaluations in two
Python threads finish faster than the same two one after the other.

    python benches/python/threads.py [--scale region] [--runs 5]

Each evaluation is given one worker thread (`threads=1`), so the serial run
uses one core and the threaded run can use two. Prints the median times of
`--runs` runs and their ratio (serial / threaded); with the GIL held the
ratio would stay at about 1.0, on a machine with two free cores it comes
near 2.
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time

import etalon


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


if __name__ == "__main__":
    main()
