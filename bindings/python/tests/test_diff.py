"""`Methodology.diff`: a loosened band in a copy of the standard package
moves exactly the deviations the two evaluations differ by, and the JSON is
the one `etalon rules diff --format json` writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import etalon
from conftest import ROOT, SAMPLE

ROW = 'indicator = "ma_decided_in_term"\nfrom = 2025-01-01\ntarget = 100\nnormal = { min = 100 }\nwarning = { min = 95 }'


def loosened(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    refs = rules / "references" / "2025.toml"
    text = refs.read_text(encoding="utf-8")
    assert ROW in text
    refs.write_text(text.replace(ROW, ROW.replace("min = 95", "min = 75"), 1), encoding="utf-8")
    return rules


def test_diff_lists_exactly_the_deviations_that_move(standard, tmp_path, cli):
    new = etalon.Methodology.from_dir(loosened(tmp_path))
    data = etalon.Dataset.from_dir(SAMPLE)
    old_e, new_e = standard.evaluate(data, "2026-Q3"), new.evaluate(data, "2026-Q3")

    def severities(e: etalon.Evaluation) -> dict[tuple[str, str, str], str]:
        t = e.deviations_table().to_pyarrow().to_pylist()
        return {(r["entity"], r["indicator"], r["rule"] + (r["trend_rule"] or "")): r["severity"] for r in t}

    before, after = severities(old_e), severities(new_e)
    expected = sorted(
        (k[0], k[1], before.get(k), after.get(k))
        for k in before.keys() | after.keys()
        if before.get(k) != after.get(k)
    )
    assert len(expected) == 4

    diff = standard.diff(new, data, "2026-Q3")
    rows = diff.deviations_table().to_pyarrow().to_pylist()
    assert sorted((r["entity"], r["indicator"], r["old_severity"], r["new_severity"]) for r in rows) == expected
    assert diff.counts == (0, 0, 4)
    assert [r["movement"] for r in rows] == ["changes"] * 4
    structure = diff.structure_table().to_pyarrow().to_pylist()
    assert [(s["kind"], s["change"], s["id"]) for s in structure] == [
        ("reference", "changed", "ma_decided_in_term/region/2025-01-01")
    ]
    values = diff.values_table().to_pyarrow().to_pylist()
    assert {(v["old_judgement"], v["new_judgement"]) for v in values} == {("critical", "warning")}
    assert standard.diff(standard, data, "2026-Q3").is_empty()

    # The same comparison as the command's JSON (the sample has no НОК facts
    # that change, so the command's НОК part is empty too).
    done = cli.run(
        "rules", "diff", str(ROOT / "rules"), str(tmp_path / "rules"),
        "--data", str(SAMPLE), "--period", "2026-Q3", "--format", "json",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["deviations"] == json.loads(diff.to_json())["deviations"]
