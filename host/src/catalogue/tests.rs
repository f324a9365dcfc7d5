use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;

/// Every variable a pattern uses, select expressions included; a message
/// it refers to is noted as `@id`.
fn variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            InlineExpression::Placeable { expression } => expression_vars(expression, out),
            InlineExpression::MessageReference { id, .. } => {
                out.insert(format!("@{}", id.name));
            }
            InlineExpression::FunctionReference { arguments, .. }
            | InlineExpression::TermReference {
                arguments: Some(arguments),
                ..
            } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
                for a in &arguments.named {
                    inline(&a.value, out);
                }
            }
            _ => {}
        }
    }
    fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            Expression::Inline(i) => inline(i, out),
            Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    variables(&v.value, out);
                }
            }
        }
    }
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

/// Message id → its variables, for one file of one language.
fn messages(name: &str, text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match FluentResource::try_new(text.to_string()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{name} does not parse: {errors:?}"),
    };
    let mut out = BTreeMap::new();
    for entry in resource.entries() {
        match entry {
            Entry::Message(m) => {
                let value = m
                    .value
                    .as_ref()
                    .unwrap_or_else(|| panic!("{name}: `{}` has no text", m.id.name));
                let text: String = value
                    .elements
                    .iter()
                    .map(|e| match e {
                        PatternElement::TextElement { value } => *value,
                        PatternElement::Placeable { .. } => "{}",
                    })
                    .collect();
                assert!(!text.trim().is_empty(), "{name}: `{}` is empty", m.id.name);
                let mut vars = BTreeSet::new();
                variables(value, &mut vars);
                let before = out.insert(m.id.name.to_string(), vars);
                assert!(before.is_none(), "{name}: `{}` defined twice", m.id.name);
            }
            Entry::Junk { content } => panic!("{name}: cannot read {content:?}"),
            _ => {}
        }
    }
    // A referred message's variables are the referring one's too.
    let direct = out.clone();
    for vars in out.values_mut() {
        let refs: Vec<String> = vars
            .iter()
            .filter_map(|v| v.strip_prefix('@'))
            .map(String::from)
            .collect();
        for r in refs {
            vars.remove(&format!("@{r}"));
            let theirs = direct
                .get(&r)
                .unwrap_or_else(|| panic!("{name}: no message `{r}`"));
            vars.extend(theirs.iter().filter(|v| !v.starts_with('@')).cloned());
        }
    }
    out
}

#[test]
fn both_languages_hold_the_same_messages_with_the_same_variables() {
    for (name, ru, en) in FILES {
        let (ru, en) = (messages(name, ru), messages(name, en));
        let ids = |m: &BTreeMap<String, BTreeSet<String>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(ids(&ru), ids(&en), "{name}: message ids differ");
        for (id, vars) in &ru {
            assert_eq!(Some(vars), en.get(id), "{name}: variables of `{id}` differ");
        }
    }
}

#[test]
fn every_code_has_its_meaning_in_both_languages() {
    for code in etalon_core::CODES {
        for lang in [Lang::Ru, Lang::En] {
            let meaning = message::<&str>(lang, &format!("code-{code}"), &[]);
            assert!(
                meaning.is_some_and(|m| !m.trim().is_empty()),
                "no meaning of `{code}` in {lang:?}"
            );
        }
    }
    // ... and no meaning of a code the core does not have.
    let (_, _, en) = FILES[1];
    for id in messages("codes.ftl", en).keys() {
        let code = id.strip_prefix("code-").unwrap_or(id);
        assert!(etalon_core::CODES.contains(&code), "`{id}` names no code");
    }
}

#[test]
fn every_message_renders_with_its_variables_in_both_languages() {
    for (name, ru, _) in FILES {
        for (id, vars) in messages(name, ru) {
            let args: Vec<(&str, &str)> = vars.iter().map(|v| (v.as_str(), "7")).collect();
            for lang in [Lang::Ru, Lang::En] {
                let text = message(lang, &id, &args);
                assert!(text.is_some(), "{name}: `{id}` fails to render in {lang:?}");
            }
            if !vars.is_empty() {
                assert_eq!(
                    message::<&str>(Lang::Ru, &id, &[]),
                    None,
                    "`{id}` without its values"
                );
            }
        }
    }
}

#[test]
fn plural_forms_and_numbers() {
    let skipped = |n: &str, lang| {
        message(
            lang,
            "diag-checks-skipped",
            &[("findings", n), ("files", "a.toml"), ("count", "1")],
        )
        .unwrap()
    };
    assert!(skipped("1", Lang::Ru).contains("(1 замечание)"));
    assert!(skipped("3", Lang::Ru).contains("(3 замечания)"));
    assert!(skipped("11", Lang::Ru).contains("(11 замечаний)"));
    assert!(skipped("3", Lang::En).contains("(3 finding(s))"));
    // A value that is not written as a plain whole number stays as written.
    let capped = |v: &str| {
        message(
            Lang::En,
            "diag-limit-capped",
            &[
                ("key", "operations"),
                ("asked", v),
                ("allowed", "9007199254740993"),
            ],
        )
        .unwrap()
    };
    assert_eq!(
        capped("0012"),
        "the package asks `operations = 0012`, above this host's ceiling of 9007199254740993; 9007199254740993 is used"
    );
}

#[test]
fn a_diagnostic_in_each_language() {
    let d = etalon_core::Diagnostic::error(
        "script-limit",
        etalon_core::Location {
            file: "scripts/f.rhai".into(),
            line: 7,
            column: 0,
        },
        "with every argument 1, the script exceeded its call depth and was stopped",
    )
    .with_text(
        "script-limit",
        &[
            ("probe", "arguments"),
            ("probe_name", ""),
            ("probe_value", "1"),
            ("limit", "call_depth"),
        ],
    )
    .with_rule("missed_per_100");
    assert_eq!(
        line(&d, Lang::Ru),
        "scripts/f.rhai:7: ошибка[script-limit] (missed_per_100): при пробном запуске (все аргументы 1) скрипт превысил предел (глубина вызовов) и был остановлен"
    );
    assert_eq!(line(&d, Lang::En), format!("{d}"));
    let json = diagnostic_json(&d);
    assert_eq!(json["message"], d.message.as_str());
    assert_eq!(
        json["message_ru"],
        "при пробном запуске (все аргументы 1) скрипт превысил предел (глубина вызовов) и был остановлен"
    );
    // Without a catalogue message: the core's words, after the code's
    // meaning in Russian.
    let plain = etalon_core::Diagnostic::warning(
        "unused-measure",
        etalon_core::Location::file("processes/a.toml"),
        "measure `x` is not used",
    );
    assert_eq!(
        diagnostic(&plain, Lang::Ru),
        "мера не используется ни одним показателем: measure `x` is not used"
    );
    assert_eq!(diagnostic(&plain, Lang::En), "measure `x` is not used");
}

#[test]
fn counted_bytes_and_indicators_take_their_plural_forms() {
    let too_large = |bytes: &str| {
        message(
            Lang::Ru,
            "diag-package-too-large",
            &[("bytes", bytes), ("max", "1000")],
        )
        .unwrap()
    };
    assert_eq!(
        too_large("1001"),
        "в пакете 1001 байт текста; эта система принимает не больше 1000"
    );
    assert!(too_large("1002").starts_with("в пакете 1002 байта текста"));
    assert!(too_large("1005").starts_with("в пакете 1005 байт текста"));
    let gap = |more: &str, lang| {
        message(
            lang,
            "diag-verify-gap",
            &[("indicators", "`a`, `b`"), ("more", more)],
        )
        .unwrap()
    };
    assert_eq!(
        gap("0", Lang::En),
        "no [[verify]] rule of the responsibility file says how a correction of `a`, `b` is verified; add one (`indicator = \"*\"` covers every indicator)"
    );
    assert!(gap("3", Lang::En).contains("of `a`, `b` and 3 more is verified"));
    assert!(gap("3", Lang::Ru).contains("исправление по `a`, `b` и ещё 3; добавьте"));
    assert!(gap("0", Lang::Ru).contains("исправление по `a`, `b`; добавьте"));
}

/// The string literal that opens `text` (after blanks), if one does.
fn literal(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix('"')?;
    rest.find('"').map(|end| &rest[..end])
}

/// Every id the sources `files` (relative to the workspace) give right
/// after one of `calls`, with `prefix` put before it.
fn ids_used(files: &[&str], calls: &[&str], prefix: &str) -> BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = BTreeSet::new();
    for file in files {
        let text =
            std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        for call in calls {
            for (at, _) in text.match_indices(call) {
                if let Some(id) = literal(&text[at + call.len()..]) {
                    out.insert(format!("{prefix}{id}"));
                }
            }
        }
    }
    out
}

/// Messages of scoring.ftl that only other messages say (the missing
/// value a НОК note begins with).
const PARTS: [&str; 2] = ["nok-note-no-value", "nok-note-figure-no-value"];

#[test]
fn every_message_id_the_code_uses_is_in_both_languages() {
    let data = ids_used(
        &[
            "core/src/data/dataset.rs",
            "core/src/data/tree.rs",
            "core/src/data/whole.rs",
            "core/src/evaluate/bind.rs",
            "core/src/evaluate/contract.rs",
            "host/src/io/arrow.rs",
            "host/src/io/tables.rs",
            "host/src/io/tree.rs",
            "bindings/python/src/dataset.rs",
        ],
        &[
            "with_text(",
            "with_text::<&str>(",
            "wrong(",
            "fault(",
            "plain(",
            "id: ",
        ],
        "data-",
    );
    let nok = ids_used(
        &[
            "core/src/scoring/nok/input.rs",
            "core/src/scoring/nok/score.rs",
        ],
        &["NokInputError::new("],
        "nok-",
    );
    let mut whole = ids_used(
        &["host/src/error/convert.rs"],
        &[
            "with_text(",
            "with_text::<&str>(",
            "framed(",
            "framed::<&str>(",
            "Text::new(",
        ],
        "",
    );
    // Errors whose variants carry their words as a core `Message`, and
    // the roll-ups' refusals (`refuse("id", ...)`).
    let said = ids_used(
        &[
            "core/src/evaluate/mod.rs",
            "core/src/evaluate/rollup.rs",
            "core/src/scoring/kpi.rs",
            "core/src/scoring/plans.rs",
            "core/src/scoring/table.rs",
            "core/src/scoring/fixtures.rs",
            "core/src/scoring/nok/score.rs",
            "core/src/scoring/nok/row.rs",
            "core/src/scoring/nok/rollup.rs",
            "core/src/script/mod.rs",
            "host/src/io/csv_problems.rs",
            "host/src/kpi.rs",
        ],
        &[
            "Message::new(",
            "Message::new::<&str>(",
            "refuse(",
            "Text::new(",
            // A НОК note that lists the zero bases behind a missing value.
            "z.said(",
            // What a НОК policy of the engine decides (nok/score.rs).
            "about(",
        ],
        "",
    );
    // A script failure's message is chosen in a `match`, a package's in
    // the envelope's rendering (`"eval-…"`).
    for file in ["src/error/convert.rs", "src/error/mod.rs"] {
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
                .unwrap();
        for (at, _) in text.match_indices("\"eval-") {
            whole.extend(literal(&text[at..]).map(String::from));
        }
    }
    // The Kotlin binding's own argument checks: every `"arg-…"` literal
    // (`refused("arg-…", ...)`, the nulls of `Guards.kt`).
    for file in [
        "bindings/kotlin/src/error.rs",
        "bindings/kotlin/src/evaluation.rs",
    ] {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for (at, _) in text.match_indices("\"arg-") {
            whole.extend(literal(&text[at..]).map(String::from));
        }
    }
    assert!(said.len() > 40, "{said:?}");
    // ... and each message of the evaluation's and the inputs' files is
    // used (but for the limit's name, which a message refers to).
    for (name, _, en) in FILES {
        if name == "evaluation.ftl" || name == "inputs.ftl" {
            for id in messages(name, en).keys() {
                assert!(
                    said.contains(id) || whole.contains(id) || id == "eval-limit-name",
                    "`{id}` of {name} is used nowhere"
                );
            }
        }
    }
    // ... and so is each word of scores in scoring.ftl (but for the parts
    // its messages refer to: the missing value, the change of a target).
    let (_, _, en) = FILES.iter().find(|f| f.0 == "scoring.ftl").unwrap();
    let scores = [
        "nok-note-",
        "nok-setting-",
        "nok-about-",
        "kpi-rule-",
        "kpi-note-",
        "plan-target-",
    ];
    let mut words = 0;
    for id in messages("scoring.ftl", en).keys() {
        if scores.iter().any(|p| id.starts_with(p)) {
            words += 1;
            assert!(
                said.contains(id) || PARTS.contains(&id.as_str()),
                "`{id}` of scoring.ftl is used nowhere"
            );
        }
    }
    assert!(words > 30, "{words}");
    whole.extend(said);
    // What a loader finds missing (`LoadError::Missing`).
    whole.extend(ids_used(
        &[
            "host/src/io/package.rs",
            "host/src/io/package_tables.rs",
            "host/src/io/tables.rs",
            "host/src/io/tree.rs",
        ],
        &["Text::new(", "Text::new::<&str>("],
        "load-missing-",
    ));
    // The limits' ids are chosen in a `match` (`=> "limits-…"`).
    let limits = ids_used(&["host/src/limits.rs"], &["=> "], "");
    whole.extend(limits.into_iter().filter(|id| id.starts_with("limits-")));
    // The tables of shares name their messages in a closure's arguments.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["src/io/scoring.rs", "src/given.rs"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for (at, _) in text.match_indices("\"shares-") {
            whole.extend(literal(&text[at..]).map(String::from));
        }
    }
    // The journal: why an event is refused (core), the database's
    // failures (without their `journal-` prefix) and the rest, each named
    // where its error becomes an envelope.
    let why = ids_used(
        &[
            "core/src/journal/state.rs",
            "core/src/journal/apply.rs",
            "core/src/journal/merge.rs",
        ],
        &[
            "refuse(",
            "refuse_with(",
            "Text::new(",
            "Text::new::<&str>(",
        ],
        "journal-why-",
    );
    let mut journal = ids_used(
        &["host/src/io/postgres.rs"],
        &["Text::new(", "Text::new::<&str>("],
        "journal-",
    );
    journal.extend(ids_used(
        &["host/src/error/journal.rs"],
        &["Text::new(", "Text::new::<&str>(", "one("],
        "",
    ));
    // The command's own texts: every `"cli-…"` literal of src/cli names one.
    let mut cli = BTreeSet::new();
    let folder = root.join("../src/cli");
    for entry in std::fs::read_dir(&folder).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (at, _) in text.match_indices("\"cli-") {
            cli.extend(literal(&text[at..]).map(String::from));
        }
    }
    // Enough found to know the scan reads the sources as written.
    assert!(cli.len() > 40, "{cli:?}");
    // Why a deviation is one and the explanation of a value: every
    // `"reason-…"` and `"explain-…"` literal of host/src/explain names one,
    // and each message of explain.ftl is named there.
    let mut explained = BTreeSet::new();
    for file in ["src/explain/reason.rs", "src/explain/render.rs"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for quote in ["\"reason-", "\"explain-"] {
            for (at, _) in text.match_indices(quote) {
                explained.extend(literal(&text[at..]).map(String::from));
            }
        }
    }
    let (_, _, en) = FILES.iter().find(|f| f.0 == "explain.ftl").unwrap();
    let defined: BTreeSet<String> = messages("explain.ftl", en).into_keys().collect();
    assert_eq!(explained, defined);
    assert!(
        data.len() > 40 && nok.len() > 15 && whole.len() > 13,
        "{whole:?}"
    );
    assert!(why.len() > 25 && journal.len() > 30, "{why:?} {journal:?}");
    let known: BTreeMap<String, BTreeSet<String>> = FILES
        .iter()
        .flat_map(|(name, ru, _)| messages(name, ru))
        .collect();
    let english: BTreeSet<String> = FILES
        .iter()
        .flat_map(|(name, _, en)| messages(name, en).into_keys())
        .collect();
    let all = data.iter().chain(&nok).chain(&whole).chain(&why);
    for id in all.chain(&journal).chain(&cli) {
        assert!(
            known.contains_key(id),
            "`{id}` is not in the Russian catalogue"
        );
        assert!(
            english.contains(id),
            "`{id}` is not in the English catalogue"
        );
    }
    // ... and each data, НОК and journal message of the catalogue is used
    // (the journal's words for a status or level are parts of others).
    for id in known.keys() {
        if id.starts_with("cli-") {
            assert!(cli.contains(id), "`{id}` is used nowhere");
        }
        let part = id.ends_with("-word");
        if id.starts_with("journal-") && !part {
            assert!(
                why.contains(id) || journal.contains(id),
                "`{id}` is used nowhere"
            );
        }
        let place = id.starts_with("data-place") || id.starts_with("nok-place");
        let used = data.contains(id) || nok.contains(id) || whole.contains(id);
        if (id.starts_with("data-") || id.starts_with("nok-")) && !place {
            assert!(
                used || PARTS.contains(&id.as_str()) || id == "data-problems" || id == "nok-input",
                "`{id}` is used nowhere"
            );
        }
    }
}

#[test]
fn a_data_fault_in_each_language() {
    use etalon_core::DataError;
    // A bad cell of a CSV row, as the loader reports it.
    let e = DataError::at("cases", 17, "ended_on", "expected a date")
        .with_text::<&str>("expected-date", &[]);
    assert_eq!(data_error(&e, Lang::En), e.to_string());
    assert_eq!(
        data_error(&e, Lang::Ru),
        "cases, запись 17, поле `ended_on`: ожидалась дата"
    );
    // A missing column, with the columns given.
    let e = DataError::column(
        "complaints",
        "unit_id",
        "a required column is missing; the columns given are: complaint_id, process",
    )
    .with_text("column-missing", &[("given", "complaint_id, process")]);
    assert_eq!(data_error(&e, Lang::En), e.to_string());
    assert_eq!(
        data_error(&e, Lang::Ru),
        "complaints, поле `unit_id`: нет обязательного столбца; переданы столбцы: complaint_id, process"
    );
    // Dates outside the package's range, with a count that takes its form.
    let outside = |others: &str| {
        DataError::at("cases", 2, "applied_on", "x").with_text(
            "date-outside",
            &[
                ("from", "2020-01-01"),
                ("to", "2026-12-30"),
                ("days", "90"),
                ("period", "2026-Q3"),
                ("others", others),
            ],
        )
    };
    assert_eq!(
        data_error(&outside("0"), Lang::En),
        "cases, row 2, field `applied_on`: the date is outside the dates the package accepts, \
         2020-01-01 to 2026-12-30 (90 days after the end of 2026-Q3)"
    );
    assert!(
        data_error(&outside("3"), Lang::Ru)
            .ends_with("2026-Q3) (как и ещё 3 записи этого столбца)")
    );
    assert!(data_error(&outside("5"), Lang::Ru).ends_with("(как и ещё 5 записей этого столбца)"));
    // A text that extends another (a header read with the wrong separator).
    let e = DataError::column("cases", "a;b", "the column is given twice").with_text(
        "separator",
        &[("said", "column-twice"), ("other", ";"), ("declared", ",")],
    );
    assert_eq!(
        data_error(&e, Lang::Ru),
        "cases, поле `a;b`: столбец указан дважды; заголовок прочитан как один столбец, \
         содержащий `;`: похоже, файл разделён знаком `;`, а не `,`, как указано"
    );
    // Without a catalogue message: the English words after the place.
    let e = DataError::table("staff", "the table could not be read");
    assert_eq!(
        data_error(&e, Lang::Ru),
        "staff: the table could not be read"
    );
}

#[test]
fn a_nok_input_fault_in_each_language() {
    use etalon_core::scoring::NokInputError;
    let mut e = NokInputError::new(
        "two-rows",
        "the organisation has two rows for 2026; the first is on line 2",
    )
    .with("period", "2026")
    .with("first", 2);
    e.line = Some(5);
    e.org = Some("O7".into());
    e.column = Some("org_id".into());
    assert_eq!(
        nok_input(&e, Lang::En).as_deref(),
        Some(e.to_string().as_str())
    );
    assert_eq!(
        nok_input(&e, Lang::Ru).as_deref(),
        Some(
            "данные НОК, строка 5, организация `O7`, столбец `org_id`: у организации две \
             строки за 2026; первая — в строке 2"
        )
    );
}

#[test]
fn a_case_file_that_cannot_run_in_each_language() {
    use etalon_core::Text;
    // Without a near name the offer is left out; the parser's words stay
    // English after the Russian of what and where.
    let unknown = Text::new(
        "case-indicator-unknown",
        &[("indicator", "k99"), ("suggestion", "none")],
    );
    let toml = Text::new(
        "case-toml",
        &[
            ("line", "3"),
            ("column", "8"),
            ("detail", "string values must be quoted"),
        ],
    );
    let said = |t: &Text| [Lang::En, Lang::Ru].map(|lang| text(lang, t, None).unwrap());
    assert_eq!(
        said(&unknown),
        ["there is no indicator `k99`", "индикатора `k99` нет"]
    );
    assert_eq!(
        said(&toml),
        [
            "not valid TOML (line 3, column 8): string values must be quoted",
            "файл случая — не TOML (строка 3, столбец 8): string values must be quoted",
        ]
    );
}
