"""The country level from Python: regions hand up their totals, the country
is evaluated on their sums (never means of shares), and its НОК pools the
organisations of every region."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import etalon

from conftest import Cli

REGIONS = [("R01", "Первая область", 11), ("R02", "Вторая область", 12)]


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("regions")
    out = {}
    for rid, name, seed in REGIONS:
        etalon.write_demo(root / rid, seed=seed, region=rid, region_name=name)
        out[rid] = root / rid
    return out


def test_a_generated_region_is_the_one_etalon_generate_writes(
    cli: Cli, regions: dict[str, Path], tmp_path: Path
) -> None:
    data = etalon.Dataset.from_dir(regions["R02"])
    assert (data.region, data.region_name) == ("R02", "Вторая область")
    assert etalon.Dataset.demo(seed=12, region="R02").region == "R02"
    assert len(etalon.Dataset.demo(seed=12, region="R02")) == len(data)
    done = cli.run("generate", "--seed", "12", "--region", "R02", "--region-name",
                   "Вторая область", "--out", str(tmp_path / "cli"))
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in regions["R02"].iterdir())
    assert written == sorted(p.name for p in (tmp_path / "cli").iterdir())
    for name in written:
        assert (regions["R02"] / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    # Every id carries the region's, so that regions share nothing.
    units = (regions["R02"] / "units.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert all(",R02-G" in line and ",R02-O" in line and ",R02-U" in line for line in units)
    with pytest.raises(ValueError):
        etalon.Dataset.demo(seed=12, region_name="Без кода")


def test_the_country_is_the_one_etalon_country_makes(
    cli: Cli, standard: etalon.Methodology, regions: dict[str, Path]
) -> None:
    args = ["country", "--period", "2026-Q3", "--nok", "2026", "--format", "json"]
    for folder in regions.values():
        args += ["--data", str(folder)]
    done = cli.run(*args)
    assert done.returncode == 0, done.stderr
    expected = json.loads(done.stdout)
    parts, scores = [], []
    for folder in regions.values():
        data = etalon.Dataset.from_dir(folder)
        parts += standard.evaluate_with_totals(data, "2026-Q3")[1]
        scores.append(standard.score_nok_surveys(data, "2026", folder / "nok_facts.csv"))
    country, _ = standard.roll_up(parts, "RU", "Российская Федерация")
    assert json.loads(country.to_json()) == expected["country"]
    nok = standard.nok_roll_up(scores, "RU", "Российская Федерация")
    assert json.loads(nok.to_json()) == expected["nok"]


def test_the_country_is_evaluated_on_the_sums_of_its_regions(
    standard: etalon.Methodology, regions: dict[str, Path]
) -> None:
    parts = []
    for rid, folder in regions.items():
        evaluation, totals = standard.evaluate_with_totals(
            etalon.Dataset.from_dir(folder), "2026-Q3"
        )
        assert [(t.level, t.entity) for t in totals] == [("region", rid)]
        assert evaluation.to_json() == standard.evaluate(
            etalon.Dataset.from_dir(folder), "2026-Q3"
        ).to_json()
        parts += totals
    country, country_totals = standard.roll_up(parts, "RU", "Российская Федерация")
    assert (country_totals.level, country_totals.entity) == ("country", "RU")
    for measure in country_totals.measures:
        for period in country_totals.periods:
            assert country_totals.get(measure, period) == sum(p.get(measure, period) for p in parts)
    values = [v for v in country.values if v.period == "2026-Q3"]
    assert values and all((v.level, v.entity) == ("country", "RU") for v in values)
    # Every input of a country figure is the sum of the regions' measures,
    # and a share is the sum of numerators over the sum of denominators.
    shares = 0
    for v in values:
        for measure, given in v.inputs.items():
            assert given == sum(p.get(measure, v.period) for p in parts), (v.indicator, measure)
        if v.formula.startswith("share(") and v.value is not None:
            top, bottom = v.formula[len("share("):].rstrip(")").split(", ")
            expected = Decimal(v.inputs[top]) * 100 / Decimal(v.inputs[bottom])
            assert abs(v.value - expected) < Decimal("1e-20"), v.indicator
            shares += 1
    assert shares > 5
    again = etalon.Totals.from_json(country_totals.to_json())
    assert again == country_totals
    table = country_totals.table().to_pyarrow()
    assert table.num_rows == len(country_totals.measures) * len(country_totals.periods)


def test_the_country_nok_pools_every_organisation(
    standard: etalon.Methodology, regions: dict[str, Path]
) -> None:
    scores = [
        standard.score_nok_surveys(
            etalon.Dataset.from_dir(folder), "2026", folder / "nok_facts.csv"
        )
        for folder in regions.values()
    ]
    rolled = standard.nok_roll_up(scores, "RU", "Российская Федерация")
    assert rolled.country.organisations == sum(len(s.organisations) for s in scores)
    totals = [o.total for s in scores for o in s.organisations if o.total is not None]
    assert rolled.country.total == pytest.approx(sum(totals) / len(totals))
    assert sorted(r.rank or 0 for r in rolled.regions) == [1, 2]
    assert etalon.NokScores.from_json(scores[0].to_json()).to_json() == scores[0].to_json()
    with pytest.raises(etalon.ScoringError):
        standard.nok_roll_up([scores[0], scores[0]], "RU", "Российская Федерация")
