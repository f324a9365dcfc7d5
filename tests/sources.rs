//! Sources travel with the package: every key a `source` or `proposal`
//! text cites is in `rules/sources.toml`, `rules check` refuses one that is
//! not (with its file, line and column), and reports and explanations print
//! the citation in full.

use std::path::Path;

use etalon::methodology::{Source, cited_keys};
use etalon::report::{Lang, Report, ReportOptions, html};
use etalon::{Methodology, PackageFiles};

fn rules() -> PackageFiles {
    etalon::io::load_package(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
}

fn text(source: &Source) -> &str {
    match source {
        Source::Act(t) | Source::Proposal(t) => t,
    }
}

#[test]
fn every_source_key_in_the_standard_package_resolves() {
    let m = super::support::standard();
    let listed: Vec<&str> = m.sources().iter().map(|c| c.key.as_str()).collect();
    let mut cited = 0;
    for r in m.references() {
        for (key, _) in cited_keys(text(&r.source)) {
            assert!(
                listed.contains(&key.as_str()),
                "{}: `{key}` is not listed",
                r.id
            );
            cited += 1;
        }
    }
    // Every reference row cites at least one source, and the rows together
    // cite dozens of times.
    assert!(cited > 60, "{cited}");
    // The keys the rows cite, read straight from the reference files.
    for key in [
        "L1", "L2", "L5", "R1", "R2", "R9", "R17", "R20", "R21", "K1", "K4",
    ] {
        assert!(m.cited(&format!("({key})")).len() == 1, "{key}");
    }
}

#[test]
fn an_unknown_key_is_refused_with_its_place() {
    let files: PackageFiles = rules()
        .iter()
        .map(|(path, text)| {
            let text = if path == "references/2025.toml" {
                text.replacen("(R1); полосы 95 % по R21", "(R1); полосы 95 % по R99", 1)
            } else {
                text.to_string()
            };
            (path.to_string(), text)
        })
        .collect();
    let diags = Methodology::compile(&files).unwrap_err();
    let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        lines,
        [
            "references/2025.toml:29:89: error[unknown-source]: the source key `R99` is not in the package's source list; add it to the source list or correct the key"
        ],
    );
}

#[test]
fn a_package_without_a_source_list_cannot_cite_keys() {
    let files: PackageFiles = rules()
        .iter()
        .filter(|(path, _)| *path != "sources.toml")
        .map(|(path, text)| {
            let text = if path == "etalon.toml" {
                text.lines()
                    .filter(|l| !l.starts_with("sources ="))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                text.to_string()
            };
            (path.to_string(), text)
        })
        .collect();
    let diags = Methodology::compile(&files).unwrap_err();
    let first = diags.iter().next().unwrap().to_string();
    assert_eq!(
        first,
        "references/2025.toml:21:81: error[unknown-source]: the source key `R2` is not in the package's source list; the package has no source list: name one in [contents] as `sources = \"sources.toml\"`"
    );
}

#[test]
fn a_link_that_is_not_a_web_address_is_refused() {
    let files: PackageFiles = rules()
        .iter()
        .map(|(path, text)| {
            let text = if path == "sources.toml" {
                text.replacen(
                    "link = \"https://ivcrb.ru/questions\"",
                    "link = \"javascript:alert(1)\"",
                    1,
                )
            } else {
                text.to_string()
            };
            (path.to_string(), text)
        })
        .collect();
    let lines: Vec<String> = Methodology::compile(&files)
        .unwrap_err()
        .iter()
        .map(|d| d.to_string())
        .filter(|l| l.contains("bad-source"))
        .collect();
    assert_eq!(
        lines,
        [
            "sources.toml:53:7: error[bad-source]: the link of source `L5` must be a web address starting with https:// or http://, not `javascript:alert(1)`"
        ]
    );
}

#[test]
fn reports_and_explanations_print_the_citation_in_full() {
    let m = super::support::standard();
    let data =
        etalon::io::load_dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data"))
            .unwrap();
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    let full = "L5: <a href=\"https://ivcrb.ru/questions\">Федеральный закон от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации», ст. 8 ч. 3, ст. 12</a>";
    for lang in [Lang::Ru, Lang::En] {
        let options = ReportOptions {
            lang,
            ..ReportOptions::default()
        };
        let page = html::render(&Report::build(&m, data.tree(), &e, &options).unwrap());
        assert!(page.contains(full), "{lang}");
    }
    let value = e
        .values
        .iter()
        .find(|v| {
            v.reference
                .as_ref()
                .is_some_and(|r| text(&r.source).contains("(L5)"))
        })
        .unwrap();
    let explained = etalon::explain(&m, &e, value).to_string();
    assert!(
        explained.contains("    L5: Федеральный закон от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации», ст. 8 ч. 3, ст. 12\n"),
        "{explained}"
    );
}
