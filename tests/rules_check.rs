//! `rules check` on a package with planted mistakes: every one is reported
//! with its file and line, in one run.

use std::path::Path;

use etalon::Methodology;

#[test]
fn every_planted_mistake_is_reported_with_its_place() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken_package");
    let files = etalon::io::load_package(&dir).unwrap();
    let diagnostics = Methodology::check(&files);
    let text: String = diagnostics.iter().map(|d| format!("{d}\n")).collect();
    insta::assert_snapshot!("broken_package", text);
    for file in [
        "etalon.toml",
        "processes/care.toml",
        "processes/general.toml",
        "references.toml",
        "trends.toml",
        "scripts/lib.rhai",
        "stray.toml",
    ] {
        assert!(
            diagnostics.iter().any(|d| d.file == file),
            "nothing reported in {file}:\n{text}"
        );
    }
    assert!(diagnostics.error_count() >= 20, "{text}");
    assert!(
        diagnostics.iter().all(|d| d.line > 0
            || ["unlisted-file", "missing-section", "checks-skipped"].contains(&d.code.as_str())),
        "{text}"
    );
}

#[test]
fn the_same_package_gives_the_same_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken_package");
    let files = etalon::io::load_package(&dir).unwrap();
    assert_eq!(Methodology::check(&files), Methodology::check(&files));
}

/// Where a diagnostic's text is in the message catalogue, its English there
/// is the core's own message, and its Russian differs: checked on every
/// diagnostic of the fixture packages and of broken copies of the
/// standard one.
#[test]
fn catalogue_texts_match_the_core_messages() {
    use etalon::catalogue;
    use etalon::report::Lang;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut rendered = 0;
    for name in ["broken_package", "matrix_gaps"] {
        let files = etalon::io::load_package(&root.join(name)).unwrap();
        for d in &Methodology::check(&files) {
            if d.text().is_some() {
                rendered += 1;
                assert_eq!(catalogue::diagnostic(d, Lang::En), d.message, "{d}");
                assert_ne!(catalogue::diagnostic(d, Lang::Ru), d.message, "{d}");
            }
        }
    }
    assert!(rendered >= 4, "too few catalogue texts: {rendered}");
}

/// The standard package with one text of `file` replaced; the first
/// diagnostic of `code`, in English and in Russian.
fn texts_of(file: &str, from: &str, to: &str, code: &str) -> (String, String) {
    use etalon::catalogue;
    use etalon::report::Lang;
    let mut files = etalon::standard_files();
    let text = files.get(file).unwrap_or_else(|| panic!("no file {file}"));
    assert_eq!(text.matches(from).count(), 1, "{file}: `{from}`");
    let changed = text.replacen(from, to, 1);
    files.insert(file, changed);
    let diagnostics = Methodology::check(&files);
    let d = diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in:\n{diagnostics}"));
    assert!(d.text().is_some(), "not in the catalogue: {d}");
    assert_eq!(catalogue::diagnostic(d, Lang::En), d.message, "{d}");
    (
        catalogue::diagnostic(d, Lang::En),
        catalogue::diagnostic(d, Lang::Ru),
    )
}

/// Filter errors in both languages, word for word: a misspelt field, a
/// code a column never holds, operands of different types, a parse error.
#[test]
fn filter_errors_in_both_languages() {
    let filter = |to: &str| {
        texts_of(
            "processes/home_care.toml",
            "where = \"decision == \\\"granted\\\"\"",
            to,
            "bad-filter",
        )
    };
    assert_eq!(
        filter("where = \"decison == \\\"granted\\\"\""),
        (
            "`decison` is neither a field of this table nor a parameter; did you mean `decision`?".into(),
            "`decison` — не поле этой таблицы и не параметр пакета; возможно, имелось в виду `decision`?".into()
        )
    );
    let (en, ru) = filter("where = \"decision == \\\"grantd\\\"\"");
    assert!(
        en.starts_with("`grantd` is never a value of `decision`; its values are "),
        "{en}"
    );
    assert!(
        ru.starts_with("`grantd` не бывает значением `decision`; допустимые значения: "),
        "{ru}"
    );
    assert_eq!(
        en[en.find("are ").unwrap() + 4..],
        ru[ru.find(": ").unwrap() + 2..]
    );
    assert_eq!(
        filter("where = \"decided_on == 3\""),
        (
            "cannot compare a date with a number".into(),
            "нельзя сравнивать дату с числом".into()
        )
    );
    assert_eq!(
        filter("where = \"decision = \\\"granted\\\"\""),
        (
            "use `==` to compare and `!=` for \"not equal\"".into(),
            "для сравнения пишите `==`, для «не равно» — `!=`".into()
        )
    );
    assert_eq!(
        filter("where = \"working_days(applied_on decided_on) <= 10\""),
        (
            "expected `,` between the two dates here".into(),
            "здесь ожидается `,` между двумя датами".into()
        )
    );
}

/// Measures, references and the manifest in both languages, word for word:
/// an unknown column, an inverted band, an id that cannot be one.
#[test]
fn compile_errors_in_both_languages() {
    assert_eq!(
        texts_of(
            "processes/home_care.toml",
            "period_by = \"decided_on\"\nwhere = \"decision == \\\"granted\\\"\"",
            "period_by = \"decided_at\"\nwhere = \"decision == \\\"granted\\\"\"",
            "unknown-field",
        ),
        (
            "`cases` has no column `decided_at`".into(),
            "в таблице `cases` нет столбца `decided_at`".into()
        )
    );
    assert_eq!(
        texts_of(
            "references/2025.toml",
            "normal = { min = 85, max = 100 }",
            "normal = { min = 85, max = 80 }",
            "bad-band",
        ),
        (
            "the normal band has min 85 above max 80".into(),
            "у нормального коридора min 85 больше max 80".into()
        )
    );
    assert_eq!(
        texts_of(
            "processes/home_care.toml",
            "id = \"hc_ippsu_issued\"",
            "id = \"ИППСУ\"",
            "bad-id",
        ),
        (
            "`ИППСУ` is not a valid id: use lower-case latin letters, digits, `_` or `-`, starting with a letter (names in Russian go in `name`)".into(),
            "`ИППСУ` не годится как идентификатор: используйте строчные латинские буквы, цифры, `_` или `-`, первой — букву (русское название пишется в `name`)".into()
        )
    );
}

/// The НОК scheme in both languages, word for word: a misspelt question,
/// criterion weights that do not add up, a total that is not one.
#[test]
fn nok_errors_in_both_languages() {
    let nok = "scoring/nok.toml";
    assert_eq!(
        texts_of(
            nok,
            "survey = \"stand_satisfied\"\ncount = \"satisfied\"",
            "survey = \"stand_satisfed\"\ncount = \"satisfied\"",
            "unknown-question",
        ),
        (
            "the questionnaire has no question `stand_satisfed`; did you mean `stand_satisfied`?"
                .into(),
            "в анкете нет вопроса `stand_satisfed`; возможно, имелся в виду `stand_satisfied`?"
                .into()
        )
    );
    let (en, ru) = texts_of(
        nok,
        "weights = { i1_1 = 0.3, i1_2 = 0.3, i1_3 = 0.4 }",
        "weights = { i1_1 = 0.3, i1_2 = 0.3, i1_3 = 0.3 }",
        "bad-weight",
    );
    assert!(en.starts_with("the weights of criterion `"), "{en}");
    assert!(en.ends_with("` add up to 0.9, not 1"), "{en}");
    assert!(ru.starts_with("веса критерия `"), "{ru}");
    assert!(ru.ends_with("` в сумме дают 0.9, а не 1"), "{ru}");
    assert_eq!(
        texts_of(nok, "total = \"mean\"", "total = \"median\"", "bad-value"),
        (
            "`total = \"median\"`: write \"mean\" or a table of criterion weights".into(),
            "`total = \"median\"`: напишите \"mean\" или таблицу весов критериев".into()
        )
    );
}

/// The KPI scheme in both languages, word for word: a misspelt indicator,
/// a step upside down, a value source that is none.
#[test]
fn kpi_errors_in_both_languages() {
    let kpi = "scoring/kpi.toml";
    assert_eq!(
        texts_of(
            kpi,
            "value = \"indicator:rc_occupancy\"",
            "value = \"indicator:rc_ocupancy\"",
            "unknown-indicator",
        ),
        (
            "there is no indicator `rc_ocupancy`; did you mean `rc_occupancy`?".into(),
            "нет показателя `rc_ocupancy`; возможно, имелся в виду `rc_occupancy`?".into()
        )
    );
    assert_eq!(
        texts_of(
            kpi,
            "steps = [{ min = 95, max = 100, points = 5 }]",
            "steps = [{ min = 100, max = 95, points = 5 }]",
            "bad-step",
        ),
        (
            "a step has min 100 above max 95".into(),
            "у ступени min 100 больше max 95".into()
        )
    );
    let (en, ru) = texts_of(
        kpi,
        "value = \"indicator:rc_occupancy\"",
        "value = \"journal:open\"",
        "bad-source",
    );
    assert!(
        en.starts_with("`journal:open` is not a value source; write "),
        "{en}"
    );
    assert!(
        ru.starts_with("`journal:open` — не источник значения; пишите "),
        "{ru}"
    );
}

/// The production calendar and a file that is not TOML, in both
/// languages, word for word (TOML's own words stay as they are).
#[test]
fn calendar_and_toml_errors_in_both_languages() {
    assert_eq!(
        texts_of(
            "calendar/2026.toml",
            "{ from = 2026-01-03, to = 2026-01-09 }",
            "{ from = 2026-01-05, to = 2026-01-09 }",
            "bad-dates",
        ),
        (
            "a decree moves a day off from a Saturday or Sunday; 2026-01-05 is a Mon".into(),
            "постановление переносит выходной только с субботы или воскресенья, а 2026-01-05 — понедельник".into()
        )
    );
    assert_eq!(
        texts_of(
            "calendar/2026.toml",
            "{ from = 2026-01-04, to = 2026-12-31 }",
            "{ from = 2025-01-04, to = 2026-12-31 }",
            "bad-dates",
        ),
        (
            "moved day 2025-01-04 is not in 2026, the year of this file".into(),
            "перенесённый день 2025-01-04 не относится к 2026 году — году этого файла".into()
        )
    );
    let (en, ru) = texts_of(
        "calendar/2026.toml",
        "year = 2026",
        "year = = 2026",
        "toml-syntax",
    );
    let detail = en
        .strip_prefix("this file is not valid TOML: ")
        .unwrap_or_else(|| panic!("{en}"));
    assert_eq!(ru, format!("файл не является корректным TOML: {detail}"));
}

/// The responsibility matrix in both languages, word for word: a misspelt
/// role, a term out of range.
#[test]
fn responsibility_errors_in_both_languages() {
    let file = "responsibility.toml";
    assert_eq!(
        texts_of(
            file,
            "level = \"org\"\nrole = \"quality_officer\"\nterm_days = 30\nescalate = { to = [\"director\", \"territorial_administration\"], overdue = true, recurrence = 2 }",
            "level = \"org\"\nrole = \"quality_oficer\"\nterm_days = 30\nescalate = { to = [\"director\", \"territorial_administration\"], overdue = true, recurrence = 2 }",
            "unknown-role",
        ),
        (
            "there is no role `quality_oficer` in this file; did you mean `quality_officer`?"
                .into(),
            "в этом файле нет роли `quality_oficer`; возможно, имелась в виду `quality_officer`?"
                .into()
        )
    );
    assert_eq!(
        texts_of(
            file,
            "role = \"unit_head\"\nterm_days = 14",
            "role = \"unit_head\"\nterm_days = 0",
            "bad-value",
        ),
        (
            "`term_days` is a number of calendar days from 1 to 3650".into(),
            "`term_days` — число календарных дней от 1 до 3650".into()
        )
    );
}

/// Formulas in both languages, word for word: a misspelt measure, a
/// formula cut short; the script engine's own words stay as they are.
#[test]
fn formula_errors_in_both_languages() {
    let formula = |to: &str| {
        texts_of(
            "processes/general.toml",
            "formula = \"per_100(gen_complaints, gen_recipients)\"",
            to,
            "bad-formula",
        )
    };
    assert_eq!(
        formula("formula = \"per_100(gen_complaint, gen_recipients)\""),
        (
            "`gen_complaint` is not a measure or parameter of this package; did you mean `gen_complaints`?".into(),
            "`gen_complaint` — не мера и не параметр этого пакета; возможно, имелось в виду `gen_complaints`?".into()
        )
    );
    assert_eq!(
        formula("formula = \"per_100(gen_complaints, \""),
        (
            "the text ends too early: a closing bracket or an argument is missing".into(),
            "текст обрывается раньше времени: не хватает закрывающей скобки или аргумента".into()
        )
    );
}

/// Diagnostics that carry a parser's own English words: in Russian they
/// say what failed, and the parser's words follow as they are.
#[test]
fn parser_details_and_questions_in_both_languages() {
    // A value of the wrong shape (TOML's words).
    let (en, ru) = texts_of(
        "processes/general.toml",
        "formula = \"per_100(gen_complaints, gen_recipients)\"",
        "formula = 7",
        "toml-shape",
    );
    assert_eq!(ru, format!("значение не того вида или лишний ключ: {en}"));
    // A script that does not parse (the script engine's words).
    let (en, ru) = texts_of(
        "scripts/formulas.rhai",
        "    per_100(planned - delivered, planned)\n}",
        "    per_100(planned - delivered, planned)\n}\n}",
        "script-syntax",
    );
    assert_eq!(en, "Unexpected '}'");
    assert_eq!(
        ru,
        "синтаксическая ошибка в формуле или скрипте: Unexpected '}'"
    );
    // A test case's period and entity.
    let case = "tests/evaluations/urgent_service.toml";
    assert_eq!(
        texts_of(
            case,
            "period = \"2026-Q3\"",
            "period = \"2026-Q5\"",
            "bad-value"
        ),
        (
            "`2026-Q5` is not a period; write 2026, 2026-H2, 2026-Q3 or 2026-07".into(),
            "`2026-Q5` — не период; пишите 2026, 2026-H2, 2026-Q3 или 2026-07".into()
        )
    );
    assert_eq!(
        texts_of(
            case,
            "entity = \"unit:U2\"\nindicator = \"us_served_in_term\"\nseverity = \"critical\"",
            "entity = \"U2\"\nindicator = \"us_served_in_term\"\nseverity = \"critical\"",
            "bad-value"
        )
        .1,
        "`entity` = `U2`: пишите уровень:id (unit:U1, org:O1, group:G1, region:R)"
    );
    // A question's answers.
    let q = "questionnaire.toml";
    let stand = "answers = [\"yes\", \"no\"]\nsatisfied = [\"yes\"]\nasked_if = \"used_stand";
    assert_eq!(
        texts_of(
            q,
            stand,
            "answers = [\"yes\", \"no\"]\nsatisfied = [\"da\"]\nasked_if = \"used_stand",
            "bad-question"
        ),
        (
            "`da` in `satisfied` is not an answer of question `stand_satisfied`; it takes yes, no"
                .into(),
            "`da` в `satisfied` — не вариант ответа на вопрос `stand_satisfied`; варианты: yes, no"
                .into()
        )
    );
}

/// A probe that meets an undefined value: the engine's hint in the
/// reader's language.
#[test]
fn an_undefined_value_is_explained_in_both_languages() {
    let (en, ru) = texts_of(
        "processes/general.toml",
        "formula = \"per_100(gen_complaints, gen_recipients)\"",
        "formula = \"sqrt(per_100(gen_complaints, gen_recipients))\"",
        "script-runtime",
    );
    assert!(
        en.contains("the script fails: a value is undefined here (a share over a zero base?) in `"),
        "{en}"
    );
    assert!(
        ru.contains(
            "скрипт завершается ошибкой: здесь значение не определено (доля при нулевой базе?) в `"
        ),
        "{ru}"
    );
    assert_eq!(
        ru,
        "при пробном запуске (все счётчики 0) скрипт завершается ошибкой: здесь значение не \
         определено (доля при нулевой базе?) в `sqrt (())`; проверьте его через defined(x) или \
         замените через or_else(x, 0)"
    );
}
