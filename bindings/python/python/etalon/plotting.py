"""Funnel plots with matplotlib (``pip install etalon[plot]``).

matplotlib is imported when a plot is drawn, never with ``etalon``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from etalon._etalon import Funnel

__all__ = ["plot_funnel"]

_COLOURS = {
    "inside": "#2e7d32",
    "above_95": "#e69b00",
    "below_95": "#e69b00",
    "above_99_8": "#c62828",
    "below_99_8": "#c62828",
}


def plot_funnel(funnel: "Funnel", ax: Optional[Any] = None, annotate: bool = True) -> Any:
    """Draws ``funnel`` (from :meth:`Evaluation.funnel`) on ``ax`` (a new
    figure's axes when not given) and returns the axes.

    Bases on a log scale; the centre line, the 95 % limits dashed and the
    99.8 % limits solid; points coloured by where they lie, hollow where the
    base is below the indicator's minimum (insufficient data); points
    outside the 99.8 % limits labelled with their entity when ``annotate``.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    curves = funnel.curves
    bases = [c[0] for c in curves]
    for i, style in ((1, "--"), (2, "--"), (3, "-"), (4, "-")):
        ax.plot(bases, [c[i] for c in curves], style, color="#78909c", linewidth=1)
    ax.axhline(funnel.centre, color="#355d87", linewidth=1.2)
    for p in funnel.points:
        colour = _COLOURS[p.position]
        hollow = p.judgement == "insufficient_base"
        ax.scatter(
            [p.base],
            [p.value],
            s=18,
            facecolors="white" if hollow else colour,
            edgecolors=colour,
            zorder=3,
        )
        if annotate and p.position.endswith("99_8"):
            ax.annotate(p.entity, (p.base, p.value), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xscale("log")
    ax.set_xlabel("base")
    ax.set_ylabel(funnel.indicator)
    ax.set_title(f"{funnel.indicator} · {funnel.level}")
    return ax
