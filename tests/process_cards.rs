//! The process cards of the standard package, and a card the compiler refuses.

use etalon::Methodology;

use crate::support::standard;

#[test]
fn every_process_has_a_complete_card() {
    let m = standard();
    assert_eq!(m.processes().len(), 10);
    for p in m.processes() {
        let card = p
            .card
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no card", p.id));
        assert!(p.description.is_some() && p.description_en.is_some() && p.owner_en.is_some());
        for (ru, en) in [
            (&card.inputs, &card.inputs_en),
            (&card.outputs, &card.outputs_en),
            (&card.consumers, &card.consumers_en),
            (&card.acts, &card.acts_en),
        ] {
            assert!(!ru.is_empty(), "{}", p.id);
            assert_eq!(ru.len(), en.len(), "{}", p.id);
        }
    }
    let home = m.process("home_care").unwrap();
    assert_eq!(
        home.card.as_ref().unwrap().acts[0],
        "442-ФЗ ст. 15, 16, 17, 19"
    );
}

#[test]
fn a_card_without_its_english_twin_is_refused() {
    let mut files = etalon::standard_files();
    let text = files.get("processes/home_care.toml").unwrap().replace(
        "acts_en = [\"442-FZ art. 15, 16, 17, 19\", \"The region's standard of social services (R16, R17)\"]\n",
        "acts_en = [\"442-FZ art. 15, 16, 17, 19\"]\n",
    );
    files.insert("processes/home_care.toml", text);
    let err = Methodology::compile(&files).unwrap_err();
    let d = err.iter().find(|d| d.code == "process-card").unwrap();
    assert_eq!(
        d.message,
        "the process card's `acts` has 2 items and `acts_en` 1: give each item in both languages"
    );
    assert_eq!((d.file.as_str(), d.line), ("processes/home_care.toml", 7));
}

#[test]
fn the_report_shows_the_card_in_the_process_section() {
    use etalon::report::{Lang, Report, ReportOptions, html};
    let m = standard();
    let (_, data) = crate::support::mid_region();
    let e = crate::support::evaluate_last(&m, &data);
    let unit = data.tree().units()[0].id.clone();
    let options = ReportOptions {
        lang: Lang::En,
        level: etalon::Level::Unit,
        entity: Some(unit),
        ..ReportOptions::default()
    };
    let page = html::render(&Report::build(&m, data.tree(), &e, &options).unwrap());
    let doc = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .expect("well-formed");
    let card = doc
        .descendants()
        .find(|n| n.has_tag_name("details") && n.attribute("class") == Some("card"))
        .expect("a process card");
    let text: String = card
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert!(text.starts_with("Process card"), "{text}");
    assert!(text.contains("Regulating acts"), "{text}");
}
