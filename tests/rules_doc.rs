//! `etalon rules doc`: the standard package as a document. Every
//! indicator, measure, reference row, trend rule, matrix row and source
//! appears; every source a reference cites is given in full.

use etalon::methodology::Source;
use etalon::report::Lang;

fn parse(page: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(page, options).expect("well-formed")
}

#[test]
fn the_html_document_holds_every_part_of_the_standard_package() {
    let m = super::support::standard();
    for lang in [Lang::Ru, Lang::En] {
        let page = etalon::doc::html(&m, lang);
        let doc = parse(&page);
        let ids: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        for ind in m.indicators() {
            assert!(
                ids.contains(&format!("i-{}", ind.id).as_str()),
                "{}",
                ind.id
            );
            assert!(
                page.contains(&format!("<code>{}</code>", esc(&ind.formula))),
                "{}",
                ind.id
            );
        }
        for p in m.processes() {
            assert!(ids.contains(&format!("p-{}", p.id).as_str()), "{}", p.id);
        }
        for measure in m.measures() {
            assert!(
                page.contains(&format!("<code>{}</code>", measure.id)),
                "{}",
                measure.id
            );
        }
        for source in m.sources() {
            assert!(
                ids.contains(&format!("src-{}", source.key).as_str()),
                "{}",
                source.key
            );
            assert!(page.contains(&esc(&source.text())), "{}", source.key);
        }
        let rows = doc
            .descendants()
            .filter(|n| n.has_tag_name("table") && n.attribute("class") == Some("refs"))
            .flat_map(|t| t.descendants().filter(|n| n.has_tag_name("tr")))
            .count();
        let tables = doc
            .descendants()
            .filter(|n| n.has_tag_name("table") && n.attribute("class") == Some("refs"))
            .count();
        // A header row per table, and a row per reference of the package.
        assert_eq!(rows - tables, m.references().len(), "{lang}");
        for t in m.trends() {
            assert!(
                page.contains(&format!("<span class=\"id\">{}</span>", t.id)),
                "{}",
                t.id
            );
        }
        let matrix = m
            .responsibility()
            .expect("the standard package has a matrix");
        for role in matrix.roles() {
            assert!(page.contains(&format!("<span class=\"id\">{}</span>", role.id)));
        }
    }
}

#[test]
fn every_cited_source_is_printed_in_full_beside_its_reference() {
    let m = super::support::standard();
    let page = etalon::doc::html(&m, Lang::Ru);
    let mut cited = 0;
    for r in m.references() {
        let (Source::Act(text) | Source::Proposal(text)) = &r.source;
        for c in m.cited(text) {
            let line = match &c.link {
                Some(link) => format!(
                    "{}: <a href=\"{}\">{}</a>",
                    c.key,
                    esc(link),
                    esc(&c.text())
                ),
                None => format!("{}: {}", c.key, esc(&c.text())),
            };
            assert!(page.contains(&line), "{line}");
            cited += 1;
        }
    }
    assert!(cited > 60, "{cited}");
}

#[test]
fn the_markdown_document_names_every_indicator_and_source() {
    let m = super::support::standard();
    let md = etalon::doc::markdown(&m, Lang::En);
    assert!(md.starts_with("# Standard methodology of social-service quality\n"));
    for ind in m.indicators() {
        assert!(
            md.contains(&format!("(`{}`): `{}`", ind.id, ind.formula)),
            "{}",
            ind.id
        );
    }
    for source in m.sources() {
        assert!(
            md.contains(&format!("- **{}**: {}", source.key, source.text())),
            "{}",
            source.key
        );
    }
    assert!(md.contains("## Responsibility matrix\n"));
    assert!(md.contains("## The НОК scheme\n"));
    assert!(md.contains("## The KPI scheme of managers\n"));
}

fn esc(text: &str) -> String {
    etalon::report::escape::esc(text)
}
