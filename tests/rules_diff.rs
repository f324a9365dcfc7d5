//! `etalon rules diff`: a hand-made change of a copy of rules/ (one band
//! loosened) moves exactly the deviations and values that the two
//! evaluations, compared here independently, say it moves.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use etalon::diff::{Change, Movement, Side, compare};
use etalon::methodology::DeviationSeverity;
use etalon::{Evaluation, Methodology, PackageFiles};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// rules/ with the warning band of `ma_decided_in_term` loosened from 95
/// to 75: the sample's 80 % become warnings instead of criticals.
fn loosened() -> PackageFiles {
    etalon::io::load_package(&root().join("rules"))
        .unwrap()
        .iter()
        .map(|(path, text)| {
            let text = if path == "references/2025.toml" {
                let row = "indicator = \"ma_decided_in_term\"\nfrom = 2025-01-01\ntarget = 100\nnormal = { min = 100 }\nwarning = { min = 95 }";
                assert!(text.contains(row));
                text.replacen(row, &row.replace("min = 95", "min = 75"), 1)
            } else {
                text.to_string()
            };
            (path.to_string(), text)
        })
        .collect()
}

/// Deviations by (entity, indicator, rule) with their severity.
fn severities(e: &Evaluation) -> BTreeMap<(String, String, String), DeviationSeverity> {
    e.deviations
        .iter()
        .map(|d| {
            (
                (
                    d.entity.to_string(),
                    d.indicator.clone(),
                    format!("{:?}", d.rule),
                ),
                d.severity,
            )
        })
        .collect()
}

#[test]
fn a_loosened_band_moves_exactly_the_deviations_the_evaluations_differ_by() {
    let old = super::support::standard();
    let new = Methodology::compile(&loosened()).unwrap();
    let data = etalon::io::load_dataset(&root().join("examples/data")).unwrap();
    let period = "2026-Q3".parse().unwrap();
    let (old_e, new_e) = (
        old.evaluate(&data, period).unwrap(),
        new.evaluate(&data, period).unwrap(),
    );
    // What must move, from the two evaluations themselves.
    let (before, after) = (severities(&old_e), severities(&new_e));
    let mut expected: Vec<(String, Option<DeviationSeverity>, Option<DeviationSeverity>)> =
        Vec::new();
    for (k, s) in &before {
        match after.get(k) {
            Some(n) if n == s => {}
            n => expected.push((format!("{} {}", k.0, k.1), Some(*s), n.copied())),
        }
    }
    for (k, n) in &after {
        if !before.contains_key(k) {
            expected.push((format!("{} {}", k.0, k.1), None, Some(*n)));
        }
    }
    assert_eq!(
        expected.len(),
        4,
        "the sample has four such values: {expected:?}"
    );

    let side = |m, e| Side {
        methodology: m,
        evaluation: e,
        nok: None,
        kpi: None,
    };
    let diff = compare(&side(&old, &old_e), &side(&new, &new_e), data.tree());
    let mut moved: Vec<_> = diff
        .deviations
        .iter()
        .filter(|d| d.old_severity != d.new_severity)
        .map(|d| {
            (
                format!("{} {}", d.entity, d.indicator),
                d.old_severity,
                d.new_severity,
            )
        })
        .collect();
    moved.sort();
    expected.sort();
    assert_eq!(moved, expected);
    assert!(
        diff.deviations
            .iter()
            .all(|d| d.movement == Movement::Changes
                && d.old_severity == Some(DeviationSeverity::Critical)
                && d.new_severity == Some(DeviationSeverity::Warning))
    );
    // The organisation's deviation goes to another owner with its severity.
    let org = diff
        .deviations
        .iter()
        .find(|d| d.entity.to_string() == "org:O001")
        .unwrap();
    assert_eq!(org.old_owner.as_deref(), Some("director@org:O001"));
    assert_eq!(org.new_owner.as_deref(), Some("quality_officer@org:O001"));
    // The values keep their numbers; their judgements change.
    assert_eq!(diff.values.len(), 4);
    assert!(diff.values.iter().all(|v| v.old_value == v.new_value
        && v.indicator == "ma_decided_in_term"
        && v.old_judgement != v.new_judgement));
    // The one change of the package that explains it.
    assert_eq!(diff.structure.len(), 1);
    let s = &diff.structure[0];
    assert_eq!(
        (s.kind, s.change, s.id.as_str()),
        (
            "reference",
            Change::Changed,
            "ma_decided_in_term/region/2025-01-01"
        )
    );
    assert!(
        s.old.starts_with("normal ≥ 100; warning ≥ 95;"),
        "{}",
        s.old
    );
    assert!(
        s.new.starts_with("normal ≥ 100; warning ≥ 75;"),
        "{}",
        s.new
    );

    // The same package against itself changes nothing.
    let same = compare(&side(&old, &old_e), &side(&old, &old_e), data.tree());
    assert!(same.is_empty());
}

#[test]
fn the_command_writes_json_and_a_page_for_a_board() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("rules");
    for (path, text) in loosened().iter() {
        let file = new.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let run = |format: &str, out: &Path| {
        let status = Command::new(env!("CARGO_BIN_EXE_etalon"))
            // The page is in the default language (Russian) whatever the
            // locale of the machine running the tests.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(["rules", "diff"])
            .arg(root().join("rules"))
            .arg(&new)
            .arg("--data")
            .arg(root().join("examples/data"))
            .args(["--period", "2026-Q3", "--format", format, "--out"])
            .arg(out)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read_to_string(out).unwrap()
    };
    let json: serde_json::Value =
        serde_json::from_str(&run("json", &dir.path().join("diff.json"))).unwrap();
    assert_eq!(json["deviations"].as_array().unwrap().len(), 4);
    assert_eq!(json["deviations"][0]["movement"], "changes");
    assert_eq!(json["structure"][0]["kind"], "reference");
    let page = run("html", &dir.path().join("diff.html"));
    assert!(page.contains("<h1>Что меняет новая редакция методики</h1>"));
    assert!(page.contains("<td>изменено</td>"));
    assert!(page.contains("director@org:O001 → quality_officer@org:O001"));
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(&page, options).expect("well-formed");
}
