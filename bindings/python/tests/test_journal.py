"""The deviation journal from Python writes the very file `etalon journal`
writes on the same input, shows the same management view and verifies the
same way; refusals and damage raise `JournalError` with their fields."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import etalon

from conftest import ROOT, SAMPLE, Cli

FIXTURES = ROOT / "tests" / "fixtures" / "journal"
APPLIED_AT = "2026-10-05T09:00:00Z"
DEVIATION = "rc_occupancy@unit:U0017@2026-Q3"


def run(cli: Cli, *args: str) -> str:
    done = cli.run("journal", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def evaluation(standard: etalon.Methodology) -> etalon.Evaluation:
    return standard.evaluate(etalon.Dataset.from_dir(SAMPLE), "2026-Q3")


def cli_journal(cli: Cli, path: Path) -> Path:
    run(cli, "apply", "--journal", str(path), "--data", str(SAMPLE), "--period", "2026-Q3",
        "--at", APPLIED_AT)
    return path


def test_apply_writes_the_file_the_cli_writes(
    cli: Cli, evaluation: etalon.Evaluation, tmp_path: Path
) -> None:
    expected = cli_journal(cli, tmp_path / "cli.jsonl").read_bytes()
    journal = etalon.Journal.open(tmp_path / "py.jsonl")
    written = journal.apply(evaluation, etalon.Dataset.from_dir(SAMPLE), at=APPLIED_AT)
    assert (tmp_path / "py.jsonl").read_bytes() == expected
    assert len(written) == len(journal) == len(expected.splitlines()) == 206
    assert journal.path == tmp_path / "py.jsonl"
    kinds = [e.kind for e in written]
    assert (kinds.count("detected"), kinds.count("assigned"), kinds.count("escalated")) == (
        94, 94, 18
    )


def test_applying_in_memory_gives_the_same_events(
    cli: Cli, evaluation: etalon.Evaluation, tmp_path: Path
) -> None:
    on_file = etalon.Journal.read(cli_journal(cli, tmp_path / "cli.jsonl"))
    memory = etalon.Journal()
    memory.apply(evaluation, etalon.Dataset.from_dir(SAMPLE),
                 at=datetime.datetime(2026, 10, 5, 9, tzinfo=datetime.timezone.utc))
    assert [e.to_json() for e in memory.events] == [e.to_json() for e in on_file.events]
    assert memory.path is None


def test_recorded_events_are_the_cli_events(cli: Cli, tmp_path: Path) -> None:
    cli_file = cli_journal(cli, tmp_path / "cli.jsonl")
    py_file = tmp_path / "py.jsonl"
    shutil.copy(cli_file, py_file)
    run(cli, "record", "--journal", str(cli_file), "--deviation", DEVIATION, "--actor",
        "ivanova", "--reason", "мало заявлений", "--at", "2026-10-06T10:00:00Z", "cause")
    run(cli, "record", "--journal", str(cli_file), "--deviation", DEVIATION, "--actor",
        "ivanova", "--reason", "информирование", "--until", "2026-12-01",
        "--at", "2026-10-06T11:00:00Z", "action")
    journal = etalon.Journal.open(py_file)
    cause = journal.record("cause", DEVIATION, "ivanova", "мало заявлений",
                           at="2026-10-06T10:00:00Z")
    action = journal.record("action", DEVIATION, "ivanova", "информирование",
                            at="2026-10-06T11:00:00Z", until=datetime.date(2026, 12, 1))
    assert py_file.read_bytes() == cli_file.read_bytes()
    assert (cause.kind, cause.deviation, cause.actor) == ("cause_recorded", DEVIATION, "ivanova")
    assert action.details["until"] == "2026-12-01"
    state = journal.deviation(DEVIATION)
    assert state is not None
    assert (state.cause, state.action) == ("мало заявлений", "информирование")
    assert state.action_until == datetime.date(2026, 12, 1)


def test_the_management_view_is_the_cli_view(cli: Cli, tmp_path: Path) -> None:
    path = cli_journal(cli, tmp_path / "cli.jsonl")
    journal = etalon.Journal.read(path)
    for args, kwargs in [
        ((), {}),
        (("--overdue",), {"overdue_only": True}),
        (("--org", "O001"), {"org": "O001"}),
        (("--level", "group"), {"level": "group"}),
    ]:
        expected = run(cli, "show", "--journal", str(path), "--at", "2026-10-20",
                       "--format", "json", *args)
        got = journal.view_json(datetime.date(2026, 10, 20), **kwargs)  # type: ignore[arg-type]
        assert got + "\n" == expected
    view = json.loads(run(cli, "show", "--journal", str(path), "--at", "2026-10-20",
                          "--format", "json"))
    open_now = journal.open_deviations("2026-10-20")
    assert [d.id for d in open_now] == [d["id"] for d in view["open"]]
    assert [d.overdue_days for d in open_now] == [d["overdue_days"] for d in view["open"]]
    on_time = journal.on_time("2026-10-20")
    assert {k: o.counted for k, o in on_time.by_org.items()} == {
        k: v["counted"] for k, v in view["on_time"]["by_org"].items()
    }
    table = journal.open_deviations_table("2026-10-20").to_pyarrow()
    assert table.column("id").to_pylist() == [d["id"] for d in view["open"]]
    assert journal.events_table().to_pyarrow().num_rows == len(journal)
    assert journal.deviations_table().to_pyarrow().num_rows == view["deviations"] == 94


def test_verify_finds_what_the_cli_finds(cli: Cli, tmp_path: Path) -> None:
    path = cli_journal(cli, tmp_path / "cli.jsonl")
    expected = json.loads(run(cli, "verify", "--journal", str(path), "--format", "json"))
    report = etalon.verify_journal(path)
    assert report.intact
    assert (report.lines, report.head_seq, report.head_hash) == (
        expected["report"]["lines"],
        expected["report"]["head"]["seq"],
        expected["report"]["head"]["hash"],
    )
    assert etalon.verify_journal(path, head=report.head_hash[:12]).head_matches is True
    edited = etalon.verify_journal(FIXTURES / "edited_line.jsonl")
    assert not edited.intact
    assert [p[0] for p in edited.problems] == [9]


def test_a_refused_event_is_a_journal_error_and_writes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    path = cli_journal(cli, tmp_path / "cli.jsonl")
    before = path.read_bytes()
    journal = etalon.Journal.open(path)
    with pytest.raises(etalon.JournalError) as caught:
        journal.record("close", DEVIATION, "ivanova", "готово", at="2026-10-06T11:00:00Z")
    assert (caught.value.deviation, caught.value.event) == (DEVIATION, "closed")
    with pytest.raises(etalon.JournalError) as caught:
        journal.record("cause", "nope@unit:U1@2026-Q3", "a", "r", at="2026-10-06T11:00:00Z")
    assert caught.value.deviation == "nope@unit:U1@2026-Q3"
    assert path.read_bytes() == before


def test_a_damaged_file_is_a_journal_error_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(etalon.JournalError) as caught:
        etalon.Journal.read(FIXTURES / "edited_line.jsonl")
    assert caught.value.line == 9
    assert caught.value.path == str(FIXTURES / "edited_line.jsonl")
    torn = tmp_path / "torn.jsonl"
    shutil.copy(FIXTURES / "torn_tail.jsonl", torn)
    journal = etalon.Journal.open(torn)
    assert journal.recovered is not None


def test_merging_offline_journals_writes_what_the_cli_writes(
    cli: Cli, tmp_path: Path
) -> None:
    base = cli_journal(cli, tmp_path / "base.jsonl")
    other = next(d.id for d in etalon.Journal.read(base).deviations if d.id != DEVIATION)
    offline = tmp_path / "offline.jsonl"
    shutil.copy(base, offline)
    run(cli, "record", "--journal", str(offline), "--deviation", other, "--actor",
        "petrov", "--reason", "нет мест", "--at", "2026-10-07T08:00:00Z", "cause")
    by_cli = tmp_path / "by_cli.jsonl"
    shutil.copy(base, by_cli)
    run(cli, "record", "--journal", str(by_cli), "--deviation", DEVIATION, "--actor",
        "ivanova", "--reason", "мало заявлений", "--at", "2026-10-06T11:00:00Z", "cause")
    by_py = tmp_path / "by_py.jsonl"
    shutil.copy(by_cli, by_py)
    run(cli, "merge", "--journal", str(by_cli), str(offline))

    journal = etalon.Journal.open(by_py)
    report = journal.merge(offline)
    assert by_py.read_bytes() == by_cli.read_bytes()
    assert [e.kind for e in report.added] == ["cause_recorded"]
    assert report.duplicates == len(etalon.Journal.read(base))
    assert report.conflicts == []
    again = journal.merge(etalon.Journal.read(offline))
    assert again.added == [] and by_py.read_bytes() == by_cli.read_bytes()


def postgres_database(name: str) -> str:
    """A fresh database on the test server (ETALON_TEST_POSTGRES): its URL."""
    server = os.environ.get("ETALON_TEST_POSTGRES")
    if not server:
        pytest.fail("ETALON_TEST_POSTGRES is not set: start a server with "
                    '`export ETALON_TEST_POSTGRES="$(bash .ci/postgres.sh)"` (or run `make test-python`)')
    db = f"etalon_py_{name}_{os.getpid()}"
    for sql in (f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"):
        subprocess.run(["psql", server, "-qc", sql], check=True)
    return server.rsplit("/", 1)[0] + "/" + db


def test_the_central_journal_opens_by_url(
    cli: Cli, evaluation: etalon.Evaluation, tmp_path: Path
) -> None:
    url = postgres_database("open")
    journal = etalon.Journal.open(url)
    written = journal.apply(evaluation, etalon.Dataset.from_dir(SAMPLE), at=APPLIED_AT)
    assert len(written) == 206
    # The same events, and the same chain, as the file the CLI writes.
    on_file = cli_journal(cli, tmp_path / "cli.jsonl")
    assert [e.to_json() for e in etalon.Journal.read(url).events] == [
        e.to_json() for e in etalon.Journal.read(on_file).events
    ]
    central = run(cli, "verify", "--journal", url)
    local = run(cli, "verify", "--journal", str(on_file))
    assert "206 line(s), every line intact" in central
    assert central.split()[-1] == local.split()[-1]
