"""Many evaluations at once from Python threads, sharing one methodology and
one dataset (the GIL is released while the engine works): every result is
byte for byte the result of a serial run."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import etalon

from conftest import SAMPLE

THREADS = 8
RUNS_PER_THREAD = 4
PERIODS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026"]


def test_concurrent_evaluations_equal_the_serial_ones(standard: etalon.Methodology) -> None:
    data = etalon.Dataset.from_dir(SAMPLE)
    serial = {p: standard.evaluate(data, p).to_json() for p in PERIODS}

    def work(thread: int) -> list[tuple[str, str]]:
        done = []
        for run in range(RUNS_PER_THREAD):
            period = PERIODS[(thread + run) % len(PERIODS)]
            done.append((period, standard.evaluate(data, period).to_json()))
        return done

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = [r for batch in pool.map(work, range(THREADS)) for r in batch]
    assert len(results) == THREADS * RUNS_PER_THREAD
    for period, got in results:
        assert got == serial[period], period


def test_concurrent_scoring_and_journals_equal_the_serial_ones(
    standard: etalon.Methodology,
) -> None:
    data = etalon.Dataset.from_dir(SAMPLE)
    evaluation = standard.evaluate(data, "2026-Q3")
    facts = SAMPLE / "nok_facts.csv"

    def work(_: int) -> tuple[str, str, list[str]]:
        nok = standard.score_nok_surveys(data, "2026", facts)
        kpi = standard.score_kpi(data, evaluation=evaluation, nok=nok)
        journal = etalon.Journal()
        journal.apply(evaluation, data, at="2026-10-05T09:00:00Z")
        return nok.to_json(), kpi.to_json(), [e.to_json() for e in journal.events]

    serial = work(0)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(work, range(THREADS * 2)))
    assert all(r == serial for r in results)
