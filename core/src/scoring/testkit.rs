//! The standard package's scoring files, compiled for unit tests.

use crate::{Methodology, PackageFiles};

/// A package of the standard questionnaire, НОК file and script.
pub(crate) fn standard_nok() -> Methodology {
    let files: PackageFiles = [
        (
            "etalon.toml",
            r#"
            [package]
            id = "standard_scoring"
            name = "scoring"
            version = "1.0.0"
            edition = "2026"
            in_force_from = 2018-01-01
            [contents]
            scripts = ["scoring/nok.rhai"]
            questionnaire = "questionnaire.toml"
            nok = "scoring/nok.toml"
            "#,
        ),
        (
            "questionnaire.toml",
            include_str!("../../../rules/questionnaire.toml"),
        ),
        (
            "scoring/nok.toml",
            include_str!("../../../rules/scoring/nok.toml"),
        ),
        (
            "scoring/nok.rhai",
            include_str!("../../../rules/scoring/nok.rhai"),
        ),
    ]
    .into_iter()
    .collect();
    Methodology::compile(&files).unwrap_or_else(|d| panic!("{d}"))
}
