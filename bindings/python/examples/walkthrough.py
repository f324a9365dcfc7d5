# %% [markdown]
# # A walk-through for analysts
#
# The cells below (`# %%`) run one by one in Jupyter, VS Code or Spyder, or
# all at once with `python examples/walkthrough.py [OUT_FOLDER]`. They use
# the sample region in `examples/data` (what `etalon generate --scale
# sample` writes) and save two charts as PNG files in OUT_FOLDER
# (`examples/out` by default).

# %%
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files, no window; drop this line in a notebook
import matplotlib.pyplot as plt
import pandas as pd
import polars as pl

import etalon

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "examples" / "data"
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "out"
OUT.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## 1. The methodology
#
# The standard package is built in. Its catalogue comes as objects and as
# tables; a regional copy of the rules loads with
# `etalon.Methodology.from_dir("my_rules/")`.

# %%
methodology = etalon.standard()
indicators = methodology.indicators_table().to_pandas()
print(indicators[["id", "process", "unit", "direction", "formula"]].head(10))

# %% [markdown]
# ## 2. The data, from the tables an analyst already has
#
# Here the CSV files are read with pandas, as an export from the regional
# system would be; polars and pyarrow tables work the same way. The tables
# cross into the engine through the Arrow PyCapsule interface, without a
# Python object per row.

# %%
frames = {name: pd.read_csv(DATA / f"{name}.csv") for name in ["units", *etalon.TABLES]}
units = frames.pop("units")
data = etalon.Dataset.from_tables(units, **frames)
print(data, data.counts)

# %% [markdown]
# ## 3. Evaluate a quarter
#
# The GIL is released while the engine runs; the result holds every value
# of every entity with its judgement, and the deviations.

# %%
evaluation = methodology.evaluate(data, "2026-Q3")
values = evaluation.values_table().to_pandas()
deviations = evaluation.deviations_table().to_pandas()
print(evaluation)
print(values.groupby(["level", "judgement"]).size().unstack(fill_value=0))

# %% [markdown]
# ## 4. The deviations
#
# Critical ones first; `reason` says why, in words.

# %%
rank = {"critical": 0, "warning": 1, "region": 0, "group": 1, "org": 2, "unit": 3}
shown = deviations.sort_values(["severity", "level"], key=lambda column: column.map(rank))
print(shown[["severity", "level", "entity", "indicator", "rule", "reason"]].head(15).to_string())

# Polars reads the same table as well.
by_indicator = (
    pl.DataFrame(evaluation.deviations_table())
    .group_by("indicator")
    .agg(pl.len().alias("deviations"), (pl.col("severity") == "critical").sum().alias("critical"))
    .sort("deviations", descending=True)
)
print(by_indicator.head(5))

# %% [markdown]
# ## 5. Why is a number what it is?
#
# Every value explains itself: the measures it was computed from (with the
# table and filter that counted them), the formula, the reference value
# that judged it and the act it comes from.

# %%
INDICATOR = "ma_decided_in_term"
explanation = evaluation.explain(evaluation.region, INDICATOR, level="region")
print(explanation)

# %% [markdown]
# ## 6. An indicator against its band, over the quarters
#
# `series_table()` holds every value over the window of periods; the
# reference gives the normal and warning bands.

# %%
series = evaluation.series_table().to_pandas()
region = series[(series["level"] == "region") & (series["indicator"] == INDICATOR)]
reference = explanation.reference
assert reference is not None
indicator = methodology.indicator(INDICATOR)

# This indicator is "higher is better": its bands have lower bounds only.
low = float(reference.warning.min) if reference.warning and reference.warning.min is not None else 0.0
normal_min = float(reference.normal.min) if reference.normal.min is not None else 0.0
bottom = min(low, region["value"].min()) - 5
top = max(100.0, region["value"].max()) + 3
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.axhspan(normal_min, top, color="tab:green", alpha=0.15, label=f"normal (≥ {normal_min:g} %)")
ax.axhspan(low, normal_min, color="tab:orange", alpha=0.2, label=f"warning (≥ {low:g} %)")
ax.axhspan(bottom, low, color="tab:red", alpha=0.12, label="critical")
ax.plot(region["period"], region["value"], marker="o", color="black", label=evaluation.region)
ax.set_ylim(bottom, top)
ax.set_ylabel("%")
ax.set_title(indicator.name_en or indicator.name)
ax.legend(loc="lower left")
fig.tight_layout()
trend_png = OUT / f"{INDICATOR}_region.png"
fig.savefig(trend_png, dpi=120)
print("saved", trend_png)

# %% [markdown]
# ## 7. A cross-cutting indicator for every unit of the quarter
#
# Justified and unjustified complaints per 100 recipients ("lower is
# better"): one bar per unit, coloured by its judgement; units whose base is
# too small to judge are drawn hollow. The lines are the upper bounds of the
# normal and warning bands of the region's reference.

# %%
CROSS = "gen_complaints_per_100"
per_unit = values[(values["level"] == "unit") & (values["indicator"] == CROSS)]
cross_reference = evaluation.explain(evaluation.region, CROSS, level="region").reference
assert cross_reference is not None
colours = {"normal": "tab:green", "warning": "tab:orange", "critical": "tab:red"}
fig, ax = plt.subplots(figsize=(10, 4.5))
for i, row in enumerate(per_unit.itertuples()):
    ax.bar(
        i,
        row.value if pd.notna(row.value) else 0,
        color=colours.get(row.judgement, "white"),
        edgecolor="black",
        hatch="" if row.judgement in colours else "//",
    )
for name, band, colour in (
    ("normal", cross_reference.normal, "tab:green"),
    ("warning", cross_reference.warning, "tab:orange"),
):
    if band is not None and band.max is not None:
        ax.axhline(float(band.max), color=colour, linestyle="--", label=f"{name} band ends ({band.max})")
ax.set_xticks(range(len(per_unit)), per_unit["entity"], rotation=90)
ax.set_ylabel("per 100 recipients")
ax.set_title(f"{methodology.indicator(CROSS).name_en}, {evaluation.period}")
ax.legend(loc="upper left")
fig.tight_layout()
units_png = OUT / f"{CROSS}_units.png"
fig.savefig(units_png, dpi=120)
print("saved", units_png)

# %% [markdown]
# ## 8. When the data is wrong
#
# Errors are typed and say where: table, row and field for data; file, line
# and rule for a rule package.

# %%
broken = frames["cases"].copy()
broken.loc[3, "unit_id"] = "U9999"
try:
    etalon.Dataset.from_tables(units, cases=broken)
except etalon.DataError as e:
    print("DataError:", e)
    print("table:", e.table, "| row:", e.row, "| field:", e.field)
