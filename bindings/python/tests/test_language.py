"""The language of messages: ``etalon.set_language`` and ``etalon.language``.

Exceptions and diagnostics speak the language chosen (Russian or English),
the English always at hand in ``message_en``. The texts compared are of
error families whose words are in the message catalogue (faults of data,
package diagnostics, refused limits)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import etalon

from conftest import ROOT, SAMPLE, SMALL


def spoilt_folder(tmp_path: Path) -> Path:
    """The small region's data with an unknown unit on line 4 of cases.csv."""
    folder = tmp_path / "data"
    shutil.copytree(SMALL / "data", folder)
    lines = (folder / "cases.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("unit_id")] = "U99"
    lines[3] = ",".join(cells)
    (folder / "cases.csv").write_text("\n".join(lines) + "\n")
    return folder


def data_fault(folder: Path) -> etalon.DataError:
    with pytest.raises(etalon.DataError) as caught:
        etalon.Dataset.from_dir(folder)
    return caught.value


def typo_files() -> dict[str, str]:
    files = etalon.standard_files()
    path = "processes/material_aid.toml"
    files[path] = files[path].replace(
        'formula = "share(ma_decided_in_term, ma_decided)"',
        'formula = "share(ma_decided_in_trem, ma_decided)"',
    )
    return files


def test_a_data_fault_in_each_language(tmp_path: Path) -> None:
    folder = spoilt_folder(tmp_path)
    place = f"{folder / 'cases.csv'}"
    english = f"{place}, line 4: cases, row 3, field `unit_id`: the unit is not in the organisation tree"
    russian = f"{place}, строка 4: cases, запись 3, поле `unit_id`: подразделения нет в дереве организаций"
    etalon.set_language("ru")
    e = data_fault(folder)
    assert (e.message, str(e), e.message_en) == (russian, russian, english)
    assert e.code == "E-DATA-RECORD" and e.line == 4
    [problem] = e.errors()
    assert (problem["message"], problem["message_en"]) == (russian, english)
    etalon.set_language("en")
    e = data_fault(folder)
    assert (e.message, str(e), e.message_en) == (english, english, english)


def test_switching_back_and_forth(tmp_path: Path) -> None:
    folder = spoilt_folder(tmp_path)
    said = []
    for code in ["ru", "en", "ru", "en"]:
        etalon.set_language(code)
        assert etalon.language() == code
        said.append(data_fault(folder).message)
    assert said[0] == said[2] and said[1] == said[3] and said[0] != said[1]
    assert "строка 4" in said[0] and "line 4" in said[1]


def test_a_package_diagnostic_in_each_language() -> None:
    english = (
        "`ma_decided_in_trem` is not a measure or parameter of this package; "
        "did you mean `ma_decided_in_term`?"
    )
    russian = (
        "`ma_decided_in_trem` — не мера и не параметр этого пакета; "
        "возможно, имелось в виду `ma_decided_in_term`?"
    )
    etalon.set_language("ru")
    with pytest.raises(etalon.RuleError) as caught:
        etalon.Methodology.from_files(typo_files())
    [d] = caught.value.errors
    assert (d.message, d.message_en) == (russian, english)
    where = f"processes/material_aid.toml:{d.line}:{d.column}"
    assert str(d) == f"{where}: ошибка[{d.code}] (ma_decided_in_term): {russian}"
    # A diagnostic speaks the language of the moment it is read.
    etalon.set_language("en")
    assert (d.message, d.message_en) == (english, english)
    assert str(d) == f"{where}: error[{d.code}] (ma_decided_in_term): {english}"
    [checked] = [x for x in etalon.Methodology.check(typo_files()) if x.severity == "error"]
    assert checked.message == english


def test_a_refused_limit_in_each_language() -> None:
    files = etalon.standard_files()
    etalon.set_language("ru")
    with pytest.raises(ValueError) as caught:
        etalon.Methodology.from_files(files, max_operations=0)
    assert str(caught.value) == "max_operations: 0 — не предел: укажите 1 или больше"
    assert caught.value.message_en == "max_operations: 0 is not a limit: give 1 or more"  # type: ignore[attr-defined]
    etalon.set_language("en")
    with pytest.raises(ValueError, match="^timeout: -1 is not a number of seconds$"):
        etalon.Methodology.from_files(files, timeout=-1.0)


def test_a_period_in_each_language(standard: etalon.Methodology) -> None:
    etalon.set_language("ru")
    with pytest.raises(etalon.PeriodError) as caught:
        standard.evaluate_dir(SMALL / "data", "2026-Q5")
    assert caught.value.message == "`2026-Q5` — не период; пишите 2026, 2026-H2, 2026-Q3 или 2026-07"
    assert caught.value.message_en == "`2026-Q5` is not a period; write 2026, 2026-H2, 2026-Q3 or 2026-07"


def test_a_wrong_code_is_refused_naming_the_accepted_ones() -> None:
    etalon.set_language("ru")
    for code in ["de", "RU", "", "ru_RU"]:
        with pytest.raises(ValueError, match=f"^unknown language `{code}`; the languages are ru, en$"):
            etalon.set_language(code)
    assert etalon.language() == "ru"


def test_the_choice_is_one_for_every_thread() -> None:
    etalon.set_language("ru")
    seen: list[str] = []

    def choose() -> None:
        etalon.set_language("en")
        seen.append(etalon.language())

    thread = threading.Thread(target=choose)
    thread.start()
    thread.join()
    assert seen == ["en"] and etalon.language() == "en"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ({}, "ru"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "ru_RU.UTF-8"}, "en"),
        ({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LC_ALL": "C.UTF-8"}, "ru"),
    ],
)
def test_until_chosen_the_locale_decides(locale: dict[str, str], expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(locale)
    said = subprocess.run(
        [sys.executable, "-c", "import etalon; print(etalon.language())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert said.stdout.strip() == expected


def test_a_deviation_and_an_explanation_in_each_language(standard: etalon.Methodology) -> None:
    e = standard.evaluate(etalon.Dataset.from_dir(SAMPLE), "2026-Q3")
    d = e.deviation("us_served_in_term@region:SVR@2026-Q3")
    assert d is not None
    ru = "93,3\u00a0% вне нормы ≥\u00a095, в полосе предупреждения ≥\u00a090"
    en = "93.3\u00a0% is outside the normal band ≥\u00a095, inside the warning band ≥\u00a090"
    x = e.explain("SVR", "ma_decided_in_term", "region")
    etalon.set_language("ru")
    assert (d.reason, d.reason_en) == (ru, en)
    frame = e.deviations_table().to_pandas().set_index("id")
    assert tuple(frame.loc[d.id, ["reason", "reason_en"]]) == (ru, en)
    assert str(x).splitlines()[1] == (
        "регион SVR (Свердловская область (демонстрационные данные)), 2026-Q3: 81,0 % — критическое"
    )
    assert "\nформула: share(ma_decided_in_term, ma_decided)\n" in str(x)
    # The indicator by the package's name in each language (`name_en`).
    assert str(x).splitlines()[0] == (
        "ma_decided_in_term — Доля заявлений, решение по которым принято в установленный срок"
    )
    assert x.text_en.splitlines()[0] == (
        "ma_decided_in_term — Share of applications decided within the regulatory term"
    )
    etalon.set_language("en")
    assert (d.reason, d.reason_en) == (en, en)
    assert str(x) == x.text_en
    assert str(x).splitlines()[1] == (
        "region SVR (Свердловская область (демонстрационные данные)), 2026-Q3: 81.0 % — critical"
    )


def test_scoring_words_in_each_language(standard: etalon.Methodology) -> None:
    data = etalon.Dataset.from_dir(SAMPLE)
    facts = SAMPLE / "nok_facts.csv"
    o001 = standard.score_nok_surveys(data, "2025", facts).org("O001")
    assert o001 is not None
    note = next(n for n in o001.notes if n.figure == "1.2")
    kpi = standard.score_kpi(data, "2026-Q3", nok=standard.score_nok_surveys(data, "2026", facts))
    o004 = kpi.director("O004")
    assert o004 is not None
    item = o004.item("deviations_closed")
    assert item is not None
    en_note = "no value: the item does not count (missing = not_applicable)"
    ru_note = "нет значения: показатель не учитывается (missing = not_applicable)"
    etalon.set_language("ru")
    assert (note.message, note.message_en) == ("120 баллов, ограничено до 100", "120 points capped at 100")
    assert str(note) == "[cap] 1.2: 120 баллов, ограничено до 100"
    assert (item.rule, item.rule_en) == ("нет значения", "no value")
    assert (item.note, item.note_en) == (ru_note, en_note)
    items = kpi.items_table().to_pandas()
    row = items[(items["id"] == "O004") & (items["item"] == "deviations_closed")]
    assert tuple(row.iloc[0][["note", "note_en"]]) == (ru_note, en_note)
    etalon.set_language("en")
    assert (note.message, note.message_en) == ("120 points capped at 100", "120 points capped at 100")
    assert (item.rule, item.note) == ("no value", en_note)


def test_nok_policy_settings_in_each_language(standard: etalon.Methodology) -> None:
    data = etalon.Dataset.from_dir(SAMPLE)
    scores = standard.score_nok_surveys(data, "2025", SAMPLE / "nok_facts.csv")
    policies = {p.id: p for p in scores.policies}
    rounding, bands = policies["rounding"], policies["bands"]
    etalon.set_language("ru")
    assert (rounding.setting, rounding.setting_en) == (
        "2 знака после запятой, half_away_from_zero",
        "2 decimals, half_away_from_zero",
    )
    assert (bands.setting, bands.about) == ("нет", "полосы рейтинга по итогу (региональная практика)")
    assert policies["zero_base"].setting == "reweight"
    etalon.set_language("en")
    assert (bands.setting, bands.about, bands.about_en) == (
        "none",
        "rating bands of the total (regional practice)",
        "rating bands of the total (regional practice)",
    )


def test_a_plan_target_in_each_language() -> None:
    plan = etalon.Plan.from_file(ROOT / "examples" / "plans" / "seed003_moscow_2017.toml")
    targets = {m.number: m for m in plan.measures}
    etalon.set_language("ru")
    assert (targets[11].target, targets[11].target_en) == ("ниже базы", "below the baseline")
    assert (targets[9].target, targets[9].target_en) == ("выше базы", "above the baseline")
    etalon.set_language("en")
    assert targets[11].target == "below the baseline"
