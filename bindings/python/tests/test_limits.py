"""The host's limits: the script ceiling a package may only lower, and one
timeout covering loading, compiling and evaluating, as the CLI's
`--timeout` and `--max-operations`... set them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable

import pytest

import etalon
from conftest import ROOT, SAMPLE

FORMULAS = "scripts/formulas.rhai"
GENERAL = "processes/general.toml"
COMPLAINTS = 'formula = "per_100(gen_complaints, gen_recipients)"'
# A loop only data meets: the probes of the compile give no count between
# 2 and 10^8, the recipients of a region are in it.
SPIN = "fn spin(n) {\n    if n > 1 && n < 100000000 { loop { } }\n    n\n}\n\nfn missed_per_100("
# The same, bounded: some thousands of operations per call.
COUNT = (
    "fn spin(n) {\n    if n > 1 && n < 100000000 { let i = 0; while i < 2000 { i += 1; } }\n"
    "    n\n}\n\nfn missed_per_100("
)
# A loop every probe meets.
GUARD = "    if planned == 0 { return (); }\n"
PACKAGE_OPS = "max_operations = 200000"
LIFTED = 2**63 - 1

LIMITS = [
    "max_operations",
    "max_call_levels",
    "max_expr_depth",
    "max_string_size",
    "max_array_size",
    "max_map_size",
]


def edited(*edits: tuple[str, str, str]) -> dict[str, str]:
    """The standard package with each `(file, old, new)` edit made once."""
    files = etalon.standard_files()
    for path, old, new in edits:
        assert files[path].count(old) == 1, (path, old)
        files[path] = files[path].replace(old, new)
    return files


def looping_on_data(spin: str) -> dict[str, str]:
    return edited(
        (GENERAL, COMPLAINTS, 'formula = "per_100(gen_complaints, spin(gen_recipients))"'),
        (FORMULAS, "fn missed_per_100(", spin),
        ("etalon.toml", PACKAGE_OPS, f"max_operations = {LIFTED}"),
    )


@pytest.fixture(scope="module")
def sample() -> etalon.Dataset:
    return etalon.Dataset.from_dir(SAMPLE)


def test_a_script_looping_forever_stops_at_the_timeout_of_the_evaluation(
    sample: etalon.Dataset,
) -> None:
    m = etalon.Methodology.from_files(looping_on_data(SPIN), max_operations=LIFTED)
    with pytest.raises(etalon.LimitError) as caught:
        m.evaluate(sample, "2026-Q3", timeout=2.0)
    assert caught.value.code == "E-LIMIT-DEADLINE"
    assert caught.value.limit == "deadline"


def test_a_script_looping_forever_stops_at_the_timeout_of_a_folder_s_evaluation() -> None:
    m = etalon.Methodology.from_files(looping_on_data(SPIN), max_operations=LIFTED)
    with pytest.raises(etalon.LimitError) as caught:
        m.evaluate_dir(SAMPLE, "2026-Q3", timeout=2.0)
    assert caught.value.code == "E-LIMIT-DEADLINE"


def test_a_script_looping_forever_stops_at_the_timeout_of_the_compile(tmp_path: Path) -> None:
    files = edited(
        (FORMULAS, GUARD, "    loop { }\n"),
        ("etalon.toml", PACKAGE_OPS, f"max_operations = {LIFTED}"),
    )
    with pytest.raises(etalon.LimitError) as caught:
        etalon.Methodology.from_files(files, max_operations=LIFTED, timeout=2.0)
    assert caught.value.code == "E-LIMIT-DEADLINE"
    assert caught.value.limit == "deadline"
    # From a folder, the loading counts as well.
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    with pytest.raises(etalon.LimitError) as caught:
        etalon.Methodology.from_dir(tmp_path, max_operations=LIFTED, timeout=2.0)
    assert caught.value.code == "E-LIMIT-DEADLINE"
    # The check reports the deadline among its diagnostics.
    found = etalon.Methodology.check(files, max_operations=LIFTED, timeout=2.0)
    assert [d.message for d in found if d.code == "deadline"] == [
        "the check ran past this host's deadline while running the scripts"
    ]


def test_without_a_ceiling_of_its_own_the_host_caps_the_package() -> None:
    # No host option: the default ceiling (1000000) caps the package's ask,
    # and the probes of the endless loop stop at the script limit.
    files = edited(
        (FORMULAS, GUARD, "    loop { }\n"),
        ("etalon.toml", PACKAGE_OPS, f"max_operations = {LIFTED}"),
    )
    with pytest.raises(etalon.RuleError) as caught:
        etalon.Methodology.from_files(files)
    assert caught.value.code == "E-PACKAGE-INVALID"
    assert "script-limit" in {d.code for d in caught.value.diagnostics}


def test_a_host_cap_below_the_package_s_own_makes_the_script_limit_error(
    sample: etalon.Dataset,
) -> None:
    files = looping_on_data(COUNT)
    files["etalon.toml"] = files["etalon.toml"].replace(f"max_operations = {LIFTED}", PACKAGE_OPS)
    # The package's own budget is enough.
    etalon.Methodology.from_files(files).evaluate(sample, "2026-Q3")
    m = etalon.Methodology.from_files(files, max_operations=1000)
    capped = [w.message for w in m.warnings if w.code == "limit-capped"]
    assert capped == [
        "the package asks `max_operations = 200000`, above this host's ceiling of 1000; 1000 is used"
    ]
    with pytest.raises(etalon.ScriptLimitError) as caught:
        m.evaluate(sample, "2026-Q3")
    assert caught.value.code == "E-LIMIT-SCRIPT"
    assert caught.value.limit == "operations"
    # The budget is the formula's, the function it calls included.
    assert caught.value.file == GENERAL


def test_every_limit_is_passed_to_the_compile() -> None:
    files = edited(
        (
            "etalon.toml",
            PACKAGE_OPS,
            "max_operations = 200000\nmax_call_levels = 40\nmax_expr_depth = 60\n"
            "max_string_size = 9000\nmax_array_size = 9000\nmax_map_size = 900",
        )
    )
    m = etalon.Methodology.from_files(
        files,
        max_operations=100000,
        max_call_levels=30,
        max_expr_depth=50,
        max_string_size=8000,
        max_array_size=7000,
        max_map_size=600,
    )
    capped = sorted(w.message.split("`")[1] for w in m.warnings if w.code == "limit-capped")
    assert capped == [
        "max_array_size = 9000",
        "max_call_levels = 40",
        "max_expr_depth = 60",
        "max_map_size = 900",
        "max_operations = 200000",
        "max_string_size = 9000",
    ]


def compile_calls() -> dict[str, Callable[..., Any]]:
    files = etalon.standard_files()
    return {
        "standard": lambda **kw: etalon.standard(**kw),
        "from_files": lambda **kw: etalon.Methodology.from_files(files, **kw),
        "from_dir": lambda **kw: etalon.Methodology.from_dir(ROOT / "rules", **kw),
        "check": lambda **kw: etalon.Methodology.check(files, **kw),
    }


@pytest.mark.parametrize("call", sorted(compile_calls()))
@pytest.mark.parametrize("option", LIMITS)
@pytest.mark.parametrize("value", [0, -1])
def test_a_limit_below_one_is_a_value_error_naming_it(call: str, option: str, value: int) -> None:
    with pytest.raises(ValueError, match=f"^{option}: {value} is not a limit: give 1 or more$"):
        compile_calls()[call](**{option: value})


@pytest.mark.parametrize("call", sorted(compile_calls()))
@pytest.mark.parametrize(("seconds", "shown"), [(math.nan, "NaN"), (-1.0, "-1"), (math.inf, "inf")])
def test_a_timeout_that_is_not_seconds_is_a_value_error(call: str, seconds: float, shown: str) -> None:
    with pytest.raises(ValueError, match=f"^timeout: {shown} is not a number of seconds$"):
        compile_calls()[call](timeout=seconds)


def test_the_timeout_of_evaluate_is_checked_and_counted(
    standard: etalon.Methodology, sample: etalon.Dataset
) -> None:
    with pytest.raises(ValueError, match="^timeout: NaN is not a number of seconds$"):
        standard.evaluate(sample, "2026-Q3", timeout=math.nan)
    with pytest.raises(ValueError, match="^timeout: NaN is not a number of seconds$"):
        standard.evaluate_dir(SAMPLE, "2026-Q3", timeout=math.nan)
    with pytest.raises(etalon.LimitError) as caught:
        standard.evaluate(sample, "2026-Q3", timeout=0.0)
    assert caught.value.code == "E-LIMIT-DEADLINE"
