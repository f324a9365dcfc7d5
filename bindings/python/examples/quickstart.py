"""Evaluate a quarter of the sample region and print what to look at first.

    python examples/quickstart.py [DATA_FOLDER] [PERIOD]
"""

import sys
from pathlib import Path

import etalon

ROOT = Path(__file__).resolve().parents[3]
folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "data"
period = sys.argv[2] if len(sys.argv) > 2 else "2026-Q3"

methodology = etalon.standard()
data = etalon.Dataset.from_dir(folder)
evaluation = methodology.evaluate(data, period)
print(methodology)
print(data)
print(evaluation)

summary = evaluation.summary
print(f"{summary.values} values, {summary.judged} judged against reference values")
for level in ("region", "group", "org", "unit"):
    counts = summary.deviations.get(level, {})
    print(f"  {level:<7} {counts.get('warning', 0):>3} warning  {counts.get('critical', 0):>3} critical")

print("\nCritical deviations of units:")
for d in evaluation.deviations:
    if d.severity == "critical" and d.level == "unit":
        print(f"  {d.entity:<6} {d.indicator:<28} {d.reason}")

worst = next((d for d in evaluation.deviations if d.severity == "critical"), None)
if worst is not None:
    print("\nWhy?\n")
    print(worst.explain())
