//! `rules check` on a responsibility matrix with planted gaps and
//! ambiguities: each is reported with its file and line.

use std::path::Path;

use etalon::Methodology;

fn check() -> etalon::Diagnostics {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/matrix_gaps");
    Methodology::check(&etalon::io::load_package(&dir).unwrap())
}

#[test]
fn every_planted_gap_and_ambiguity_is_reported_with_its_place() {
    let diagnostics = check();
    let text: String = diagnostics.iter().map(|d| format!("{d}\n")).collect();
    insta::assert_snapshot!("matrix_gaps", text);
    assert!(diagnostics.iter().all(|d| d.line > 0), "{text}");
    let has = |code: &str, file: &str, line: u32, words: &[&str]| {
        diagnostics.iter().any(|d| {
            d.code == code
                && d.file == file
                && d.line == line
                && words.iter().all(|w| d.message.contains(w))
        })
    };
    // Gaps: process (or cross-cutting) × severity × level that no row covers.
    for (severity, level) in [
        ("warning", "unit"),
        ("warning", "org"),
        ("warning", "group"),
        ("critical", "group"),
    ] {
        assert!(
            has(
                "matrix-gap",
                "general.toml",
                13,
                &[
                    "cross-cutting",
                    &format!("severity {severity}, level {level}")
                ]
            ),
            "{severity} {level}:\n{text}"
        );
    }
    assert!(
        has(
            "matrix-gap",
            "home_care.toml",
            40,
            &["`delivery`", "warning, level group"]
        ),
        "{text}"
    );
    for severity in ["warning", "critical"] {
        assert!(
            has(
                "matrix-gap",
                "home_care.toml",
                31,
                &[&format!("{severity} deviations at region level")]
            ),
            "{text}"
        );
    }
    // Two equally specific rows that both cover a deviation.
    assert!(
        has(
            "matrix-ambiguous",
            "responsibility.toml",
            45,
            &["line 30", "critical, unit"]
        ),
        "{text}"
    );
    assert!(
        has(
            "matrix-ambiguous",
            "responsibility.toml",
            45,
            &["line 37", "critical, org"]
        ),
        "{text}"
    );
    assert!(
        has(
            "escalation-order",
            "responsibility.toml",
            60,
            &["goes down"]
        ),
        "{text}"
    );
    assert!(
        has(
            "role-level",
            "responsibility.toml",
            69,
            &["unit_head", "group"]
        ),
        "{text}"
    );
    assert!(
        has(
            "verify-gap",
            "home_care.toml",
            48,
            &["`blended`", "`complaints_per_100`"]
        ),
        "{text}"
    );
    assert!(
        has(
            "verify-ambiguous",
            "responsibility.toml",
            80,
            &["line 76", "`in_term`"]
        ),
        "{text}"
    );
    assert_eq!(diagnostics.error_count(), 13, "{text}");
}

#[test]
fn covering_the_gaps_leaves_only_the_other_mistakes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/matrix_gaps");
    let mut files = etalon::io::load_package(&dir).unwrap();
    let matrix = files.get("responsibility.toml").unwrap().to_string()
        + "\n[[row]]\nlevel = [\"group\", \"region\"]\nrole = \"administration\"\nterm_days = 5\n\
           \n[[row]]\nprocess = \"*\"\nseverity = \"warning\"\nlevel = [\"unit\", \"org\"]\nrole = \"director\"\nterm_days = 5\n";
    files.insert("responsibility.toml", matrix);
    let diagnostics = Methodology::check(&files);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(!codes.contains(&"matrix-gap"), "{diagnostics}");
    assert!(codes.contains(&"matrix-ambiguous"), "{diagnostics}");
}

/// Text that looks like a responsibility file.
fn matrixish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("[[role]]\n".to_string()),
        Just("[[row]]\n".to_string()),
        Just("[[verify]]\n".to_string()),
        Just("id = \"unit_head\"\n".to_string()),
        Just("level = \"unit\"\n".to_string()),
        Just("level = [\"unit\", \"*\"]\n".to_string()),
        Just("level = []\n".to_string()),
        Just("severity = [\"warning\", \"critical\"]\n".to_string()),
        Just("process = \"home_care\"\n".to_string()),
        Just("indicator = [\"hc_completeness\", 7]\n".to_string()),
        Just("indicator = \"*\"\n".to_string()),
        Just("role = \"director\"\n".to_string()),
        Just("term_days = -3\n".to_string()),
        Just("term_days = 99999999999\n".to_string()),
        Just("periods = 0\n".to_string()),
        Just(
            "escalate = { to = [\"ministry\", \"unit_head\"], recurrence = 1, at_once = true }\n"
                .to_string()
        ),
        Just("escalate = { to = [] , overdue = true }\n".to_string()),
        "[a-z_]{1,8} = [0-9]{1,20}\n",
        "[a-z_]{1,8} = \"[^\"\\\\]{0,12}\"\n",
        "[\\PC]{0,16}",
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(128))]

    /// No responsibility file makes compiling panic, and the same file
    /// always gives the same diagnostics.
    #[test]
    fn no_responsibility_text_makes_compile_panic(text in matrixish(), keep in proptest::bool::ANY) {
        let mut files = etalon::standard_files();
        let edited = if keep {
            files.get("responsibility.toml").unwrap_or_default().to_string() + text.as_str()
        } else {
            text
        };
        files.insert("responsibility.toml", edited);
        let first = Methodology::check(&files);
        proptest::prop_assert_eq!(first, Methodology::check(&files));
    }
}
