"""НОК and KPI scores from Python equal the `etalon score` command's on the
same input: byte for byte as JSON, and field by field as objects and
tables; bad scoring input raises typed exceptions."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.csv as pacsv
import pytest

import etalon

from conftest import ROOT, SAMPLE, Cli

NOK_CASES = ROOT / "rules" / "tests" / "nok"
REGION_COUNTS = NOK_CASES / "region.csv"


def cli_json(cli: Cli, *args: str) -> Any:
    done = cli.run("score", *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return done.stdout


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def test_nok_from_a_counts_file_gives_the_cli_json(
    cli: Cli, standard: etalon.Methodology
) -> None:
    expected = cli_json(cli, "nok", "--data", str(REGION_COUNTS))
    assert standard.score_nok(REGION_COUNTS).to_json() + "\n" == expected
    assert standard.score_nok(str(REGION_COUNTS)).to_json() + "\n" == expected


@pytest.mark.parametrize(
    "read",
    [
        pytest.param(lambda p: pacsv.read_csv(p), id="pyarrow"),
        pytest.param(lambda p: pd.read_csv(p), id="pandas"),
        pytest.param(
            lambda p: pd.read_csv(p, dtype=str, keep_default_na=False).to_dict("records"),
            id="dicts",
        ),
    ],
)
def test_nok_from_tables_gives_the_cli_json(
    cli: Cli, standard: etalon.Methodology, read: Any
) -> None:
    expected = cli_json(cli, "nok", "--data", str(REGION_COUNTS))
    assert standard.score_nok(read(REGION_COUNTS)).to_json() + "\n" == expected


def test_nok_objects_and_tables_hold_what_the_json_holds(
    cli: Cli, standard: etalon.Methodology
) -> None:
    expected = json.loads(cli_json(cli, "nok", "--data", str(REGION_COUNTS)))
    scores = standard.score_nok(REGION_COUNTS)
    assert scores.period == expected["period"] == "2026"
    assert scores.scheme == expected["scheme"]["scheme"]
    assert [p.id for p in scores.policies] == [p["id"] for p in expected["policies"]]
    assert scores.region.total == _dec(expected["region"]["total"])
    assert scores.region.organisations == expected["region"]["organisations"] == 3
    assert len(scores.organisations) == len(expected["organisations"]) == 3
    for got, x in zip(scores.organisations, expected["organisations"]):
        assert (got.org, got.group, got.sector) == (x["org"], x["group"], x["sector"])
        assert got.total == _dec(x["total"])
        assert (got.rank, got.rank_in_group, got.rank_in_sector) == (
            x["rank"],
            x["rank_in_group"],
            x["rank_in_sector"],
        )
        for c in x["criteria"]:
            assert got.criterion(c["id"]) == _dec(c["value"])
        for i in x["indicators"]:
            indicator = got.indicator(i["id"])
            assert indicator is not None and indicator.value == _dec(i["value"])
    table = scores.organisations_table().to_pyarrow().to_pylist()
    assert [r["org"] for r in table] == [o["org"] for o in expected["organisations"]]
    by_org = {o["org"]: o for o in expected["organisations"]}
    for row in table:
        assert Decimal(str(row["total"])) == pytest.approx(_dec(by_org[row["org"]]["total"]))
        assert row["rank"] == by_org[row["org"]]["rank"]


def test_nok_policies_as_the_cli_sets_them(cli: Cli, standard: etalon.Methodology) -> None:
    counts = NOK_CASES / "zero_base.csv"
    for setting in ("zero", "undefined", "reweight"):
        expected = cli_json(
            cli, "nok", "--data", str(counts), "--policy", f"zero_base={setting}"
        )
        got = standard.score_nok(counts, policies={"zero_base": setting}).to_json()
        assert got + "\n" == expected


def test_nok_from_questionnaires_gives_the_cli_json(
    cli: Cli, standard: etalon.Methodology
) -> None:
    expected = cli_json(cli, "nok", "--data", str(SAMPLE), "--period", "2026")
    data = etalon.Dataset.from_dir(SAMPLE)
    scores = standard.score_nok_surveys(data, "2026", SAMPLE / "nok_facts.csv")
    assert scores.to_json() + "\n" == expected
    facts = pd.read_csv(SAMPLE / "nok_facts.csv")
    assert standard.score_nok_surveys(data, "2026", facts).to_json() + "\n" == expected
    counts = standard.nok_survey_counts(data, "2026").to_pyarrow()
    assert sorted(counts.column("org_id").to_pylist()) == sorted(
        o["org"] for o in json.loads(expected)["organisations"]
    )


def test_kpi_gives_the_cli_json(cli: Cli, standard: etalon.Methodology) -> None:
    expected = cli_json(cli, "kpi", "--data", str(SAMPLE), "--period", "2026-Q3")
    data = etalon.Dataset.from_dir(SAMPLE)
    nok = standard.score_nok_surveys(data, "2026", SAMPLE / "nok_facts.csv")
    kpi = standard.score_kpi(data, "2026-Q3", nok=nok)
    assert kpi.to_json() + "\n" == expected
    evaluation = standard.evaluate(data, "2026-Q3")
    again = standard.score_kpi(data, evaluation=evaluation, nok=nok)
    assert again.to_json() == kpi.to_json()


def test_kpi_objects_and_tables_hold_what_the_json_holds(
    cli: Cli, standard: etalon.Methodology
) -> None:
    expected = json.loads(cli_json(cli, "kpi", "--data", str(SAMPLE), "--period", "2026-Q3"))
    data = etalon.Dataset.from_dir(SAMPLE)
    nok = standard.score_nok_surveys(data, "2026", SAMPLE / "nok_facts.csv")
    kpi = standard.score_kpi(data, "2026-Q3", nok=nok)
    assert kpi.scheme == expected["scheme"]
    assert kpi.period == expected["period"]
    assert len(kpi.directors) == len(expected["directors"]) > 0
    for got, x in zip(kpi.directors, expected["directors"]):
        assert (got.id, got.group, got.rank) == (x["id"], x["group"], x["rank"])
        assert (got.points, got.max_points) == (Decimal(x["points"]), Decimal(x["max_points"]))
        assert got.percent == _dec(x["percent"])
        assert [i.item for i in got.items] == [i["item"] for i in x["items"]]
        for i, xi in zip(got.items, x["items"]):
            assert (i.points, i.applicable) == (Decimal(xi["points"]), xi["applicable"])
    assert [h.id for h in kpi.heads] == [h["id"] for h in expected["heads"]]
    rows = kpi.directors_table().to_pyarrow().to_pylist()
    assert [r["id"] for r in rows] == [d["id"] for d in expected["directors"]]


def test_kpi_takes_the_journal_share_as_the_cli(
    cli: Cli, standard: etalon.Methodology, tmp_path: Path
) -> None:
    journal_file = tmp_path / "journal.jsonl"
    done = cli.run(
        "journal", "apply", "--journal", str(journal_file), "--data", str(SAMPLE),
        "--period", "2026-Q3", "--at", "2026-10-05T09:00:00Z",
    )
    assert done.returncode == 0, done.stderr
    expected = cli_json(
        cli, "kpi", "--data", str(SAMPLE), "--period", "2026-Q3", "--journal", str(journal_file)
    )
    data = etalon.Dataset.from_dir(SAMPLE)
    nok = standard.score_nok_surveys(data, "2026", SAMPLE / "nok_facts.csv")
    from_file = standard.score_kpi(data, "2026-Q3", nok=nok, journal=journal_file)
    assert from_file.to_json() + "\n" == expected
    journal = etalon.Journal.read(journal_file)
    from_journal = standard.score_kpi(data, "2026-Q3", nok=nok, journal=journal)
    assert from_journal.to_json() + "\n" == expected


def test_a_bad_count_is_a_data_error_with_its_row_and_field(
    standard: etalon.Methodology,
) -> None:
    rows = pd.read_csv(REGION_COUNTS, dtype=str, keep_default_na=False).to_dict("records")
    rows[1]["timely_served"] = "много"
    with pytest.raises(etalon.DataError) as caught:
        standard.score_nok(rows)
    assert (caught.value.table, caught.value.row, caught.value.field) == (
        "nok",
        2,
        "timely_served",
    )
    assert caught.value.path is None


def test_a_bad_count_in_a_file_is_a_data_error_with_its_line(
    standard: etalon.Methodology, tmp_path: Path
) -> None:
    lines = REGION_COUNTS.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("timely_served")] = "много"
    lines[2] = ",".join(cells)
    bad = tmp_path / "counts.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(etalon.DataError) as caught:
        standard.score_nok(bad)
    e = caught.value
    assert (e.table, e.field, e.line, e.path) == ("nok", "timely_served", 3, str(bad))


def test_a_duplicate_or_an_empty_group_in_counts_names_its_place(
    standard: etalon.Methodology, tmp_path: Path
) -> None:
    lines = REGION_COUNTS.read_text(encoding="utf-8").splitlines()
    twice = tmp_path / "counts.csv"
    twice.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(etalon.DataError) as caught:
        standard.score_nok(twice)
    e = caught.value
    assert (e.code, e.table, e.field, e.line, e.organisation, e.file) == (
        "E-DATA-NOK-INPUT", "nok", "org_id", 5, "R1", str(twice)
    )
    assert str(e) == (
        f"{twice}: НОК input, line 5, organisation `R1`, column `org_id`: "
        "the organisation has two rows for 2026; the first is on line 2"
    )
    rows = pd.read_csv(REGION_COUNTS, dtype=str, keep_default_na=False).to_dict("records")
    rows[1]["group_id"] = ""
    with pytest.raises(etalon.DataError) as caught:
        standard.score_nok(rows)
    e = caught.value
    assert (e.table, e.row, e.field, e.organisation) == ("nok", 2, "group_id", "R2")
    assert str(e).endswith("empty: the file gives `group_id`, so every row fills it")


def test_kpi_without_a_period_is_a_value_error(standard: etalon.Methodology) -> None:
    with pytest.raises(ValueError, match="period"):
        standard.score_kpi(etalon.Dataset.from_dir(SAMPLE))


PLANS = ROOT / "examples" / "plans"
PLAN = PLANS / "seed003_moscow_2017.toml"
EXECUTIONS = PLANS / "seed003_executions.csv"


def test_plan_status_is_the_cli_status(cli: Cli) -> None:
    done = cli.run(
        "plan", "status", "--plan", str(PLAN), "--executions", str(EXECUTIONS),
        "--data", str(SAMPLE), "--on", "2018-10-15", "--format", "json",
    )
    assert done.returncode == 0, done.stderr
    expected = json.loads(done.stdout)["status"]
    plan = etalon.Plan.from_file(PLAN)
    data = etalon.Dataset.from_dir(SAMPLE)
    status = plan.status(data, "2018-10-15", EXECUTIONS)
    assert json.loads(status.to_json()) == expected
    assert (status.due, status.on_time) == (expected["due"], expected["on_time"])
    rows = pd.read_csv(EXECUTIONS, dtype=str, keep_default_na=False)
    assert plan.status(data, "2018-10-15", rows).to_json() == status.to_json()


def test_kpi_takes_the_plan_share_as_the_cli(cli: Cli, standard: etalon.Methodology) -> None:
    expected = cli_json(
        cli, "kpi", "--data", str(SAMPLE), "--period", "2026-Q3",
        "--plan", str(PLAN), "--executions", str(EXECUTIONS),
    )
    data = etalon.Dataset.from_dir(SAMPLE)
    nok = standard.score_nok_surveys(data, "2026", SAMPLE / "nok_facts.csv")
    status = etalon.Plan.from_file(PLAN).status(data, "2026-09-30", EXECUTIONS)
    kpi = standard.score_kpi(data, "2026-Q3", nok=nok, plans=status)
    assert kpi.to_json() + "\n" == expected


def test_a_bad_execution_row_is_a_data_error(tmp_path: Path) -> None:
    lines = EXECUTIONS.read_text(encoding="utf-8").splitlines()
    lines[3] = "1,O001,вчера,,"
    bad = tmp_path / "executions.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = etalon.Plan.from_file(PLAN)
    with pytest.raises(etalon.DataError) as caught:
        plan.status(etalon.Dataset.from_dir(SAMPLE), "2018-10-15", bad)
    assert (caught.value.table, caught.value.line, caught.value.path) == (
        "executions", 4, str(bad)
    )
