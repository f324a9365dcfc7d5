"""Signal or noise from Python: funnel limits, assurance and the action of
each deviation as table columns and objects; an evaluation, an explanation
and a funnel in a notebook; the matplotlib helper."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

import etalon

from conftest import SAMPLE


@pytest.fixture(scope="module")
def evaluation(standard: etalon.Methodology) -> etalon.Evaluation:
    return standard.evaluate(etalon.Dataset.from_dir(SAMPLE), "2026-Q3")


def test_the_values_table_carries_limits_probability_and_assurance(evaluation: etalon.Evaluation) -> None:
    df = evaluation.values_table().to_pandas()
    for column in [
        "funnel_centre",
        "funnel_lower_95",
        "funnel_upper_95",
        "funnel_lower_99_8",
        "funnel_upper_99_8",
        "z",
        "probability",
        "funnel_position",
        "assurance",
        "variation",
    ]:
        assert column in df.columns, column
    row = df[(df.entity == "U0004") & (df.indicator == "gen_complaints_per_100")].iloc[0]
    # 2 complaints among 48 recipients at the accepted 1 per 100: Poisson
    # with mean 0.48, P(X >= 2) = 1 - e^-0.48 (1 + 0.48).
    assert row.funnel_centre == 1.0
    assert row.probability == pytest.approx(0.084201, abs=1e-6)
    # Above the 95 % limit, inside the 99.8 % one the policy tests.
    assert row.funnel_position == "above_95"
    assert row.assurance == "hit_and_miss"
    # Values from the JSON, key for key.
    doc = json.loads(evaluation.to_json())
    by_key = {(v["entity"]["id"], v["indicator"]): v for v in doc["values"]}
    for v in evaluation.values:
        want = by_key[(v.entity, v.indicator)]
        assert v.funnel == want["funnel"], (v.entity, v.indicator)
        assert v.assurance == want["assurance"], (v.entity, v.indicator)


def test_noise_is_watched_and_the_surge_escalates(evaluation: etalon.Evaluation) -> None:
    noise = evaluation.deviation("gen_complaints_per_100@unit:U0004@2026-Q3")
    surge = evaluation.deviation("gen_complaints_per_100@unit:U0011@2026-Q3")
    assert noise is not None and surge is not None
    assert (noise.action, surge.action) == ("watch", "escalate")
    assert noise.probability == pytest.approx(0.084201, abs=1e-6)
    assert noise.reason.endswith("a signal to watch, not escalated beyond its own level")
    df = evaluation.deviations_table().to_pandas()
    assert set(df.action) == {"escalate", "watch"}
    # The two noise units, and the organisation and group above them, whose
    # complaints cross the band on bases well below 500 within chance.
    assert sorted(df.id[df.action == "watch"]) == [
        "gen_complaints_per_100@group:G02@2026-Q3",
        "gen_complaints_per_100@org:O002@2026-Q3",
        "gen_complaints_per_100@unit:U0004@2026-Q3",
        "gen_complaints_per_100@unit:U0012@2026-Q3",
    ]


def test_a_notebook_shows_an_evaluation_an_explanation_and_a_funnel(evaluation: etalon.Evaluation) -> None:
    html = evaluation._repr_html_()
    assert "4 kept to watch" in html
    explained = evaluation.explain("U0004", "gen_complaints_per_100")._repr_html_()
    assert "funnel (Poisson, exact): centre 1" in explained
    assert "by chance 8.42 %" in explained
    funnel = evaluation.funnel("gen_complaints_per_100", "unit")
    assert funnel.centre == 1.0
    svg = ET.fromstring(funnel._repr_svg_())
    circles = [e for e in svg.iter() if e.tag.endswith("circle")]
    assert len(circles) == len(funnel.points) >= 10
    positions = {p.entity: p.position for p in funnel.points}
    for c in circles:
        assert c.get("data-position") == positions[c.get("data-entity", "")]
    assert positions["U0011"] == "above_99_8" and positions["U0004"] == "above_95"
    assert funnel._repr_html_().startswith("<figure><svg")
    bases = [c[0] for c in funnel.curves]
    assert bases == sorted(bases)
    # The 99.8 % limits narrow as the base grows, from one expected
    # complaint (base 100 at 1 per 100) upward; below, a single complaint
    # is already beyond the limit and the interpolated steps wobble.
    uppers = [c[4] for c in funnel.curves if c[0] >= 100]
    assert all(b <= a + 1e-9 for a, b in zip(uppers, uppers[1:]))


def test_a_funnel_is_refused_where_there_is_none(evaluation: etalon.Evaluation) -> None:
    with pytest.raises(ValueError, match=r"^`rc_occupancy` has no funnel limits: only shares and rates of a base judged one way have them$"):
        evaluation.funnel("rc_occupancy")
    with pytest.raises(KeyError, match="there is no indicator `nope`"):
        evaluation.funnel("nope")


def test_plot_funnel_draws_with_matplotlib(evaluation: etalon.Evaluation) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    funnel = evaluation.funnel("gen_complaints_per_100", "unit")
    ax = etalon.plot_funnel(funnel)
    # Four limit curves and the centre line; one scatter per point.
    assert len(ax.get_lines()) == 5
    assert len(ax.collections) == len(funnel.points)
    assert ax.get_xscale() == "log"
    assert "U0011" in [t.get_text() for t in ax.texts]
    import matplotlib.pyplot as plt

    plt.close("all")
