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
