//! Reports people read: the HTML report and the spreadsheet of the small
//! region computed by hand (see `small_region.rs`), parsed back and checked
//! value by value; escaping of names from the data; the page rendered by
//! headless Chromium where it is installed.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{Data, Reader, Xlsx};
use etalon::report::{Lang, Report, ReportOptions, html, xlsx};
use etalon::{Dataset, Evaluation, Level, Methodology};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small_region")
}

fn load(data: &Path) -> (Methodology, Dataset, Evaluation) {
    let files = etalon::io::load_package(&fixture().join("package")).unwrap();
    let m = Methodology::compile(&files).unwrap_or_else(|d| panic!("{d}"));
    let data = etalon::io::load_dataset(data).unwrap_or_else(|e| panic!("{e}"));
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    (m, data, e)
}

fn render(lang: Lang, level: Level, entity: Option<&str>) -> String {
    let (m, data, e) = load(&fixture().join("data"));
    let options = ReportOptions {
        lang,
        level,
        entity: entity.map(str::to_string),
        ..ReportOptions::default()
    };
    let report = Report::build(&m, data.tree(), &e, &options).unwrap();
    html::render(&report)
}

/// The page parsed as XML (its `<!DOCTYPE html>` allowed).
fn parse(page: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(page, options)
}

fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
}

fn has_class(node: roxmltree::Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split(' ').any(|x| x == class))
}

/// What the page shows for each entity: (entity id) → indicator name →
/// (value as written, judgement as written).
fn values_shown(
    doc: &roxmltree::Document<'_>,
) -> BTreeMap<String, BTreeMap<String, (String, String)>> {
    let mut out = BTreeMap::new();
    for section in doc
        .descendants()
        .filter(|n| n.has_tag_name("section") && has_class(*n, "ent"))
    {
        let h2 = section
            .descendants()
            .find(|n| n.has_tag_name("h2"))
            .expect("every entity has a heading");
        let id = h2
            .descendants()
            .find(|n| n.has_tag_name("span") && has_class(*n, "id"))
            .map(text_of)
            .expect("the heading shows the entity's id");
        let mut rows = BTreeMap::new();
        for table in section
            .descendants()
            .filter(|n| n.has_tag_name("table") && has_class(*n, "ind"))
        {
            for tr in table
                .descendants()
                .filter(|n| n.has_tag_name("tr") && n.attribute("class").is_some())
            {
                let cells: Vec<_> = tr.children().filter(|n| n.has_tag_name("td")).collect();
                assert_eq!(
                    cells.len(),
                    6,
                    "indicator, value, base, band, judgement, chart"
                );
                let name = text_of(cells[0]);
                let value = cells[1]
                    .descendants()
                    .find(|n| n.has_tag_name("summary"))
                    .map(text_of)
                    .expect("the value opens its explanation");
                let judgement = cells[4]
                    .descendants()
                    .find(|n| n.has_tag_name("span"))
                    .map(text_of)
                    .unwrap_or_default();
                assert!(
                    cells[5].descendants().any(|n| n.has_tag_name("svg")),
                    "every value has its chart"
                );
                rows.insert(name, (value, judgement));
            }
        }
        assert!(out.insert(id, rows).is_none(), "one section per entity");
    }
    out
}

#[test]
fn the_small_region_report_shows_every_entity_and_value() {
    let page = render(Lang::En, Level::Region, None);
    let doc = parse(&page).expect("the HTML is well-formed XML");
    // Self-contained: nothing loaded from elsewhere, no script.
    for n in doc.descendants().filter(|n| n.is_element()) {
        let tag = n.tag_name().name();
        assert!(
            !["script", "link", "img", "iframe", "object"].contains(&tag),
            "<{tag}>"
        );
        for a in n.attributes() {
            assert!(
                !(a.value().contains("://") || a.name() == "src"),
                "<{tag} {}=\"{}\">",
                a.name(),
                a.value()
            );
        }
    }
    assert!(!page.contains("url("), "no resource in the style sheet");
    let shown = values_shown(&doc);
    assert_eq!(
        shown.keys().map(String::as_str).collect::<Vec<_>>(),
        ["G1", "G2", "O1", "O2", "O3", "R", "U1", "U2", "U3", "U4"],
        "every entity of the region has its section"
    );
    // The values of tests/small_region.rs, as a person reads them (one
    // decimal, rounded half away from zero).
    #[rustfmt::skip]
    let expected: &[(&str, &str, &str, &str)] = &[
        ("U1", "Decided in term", "50.0\u{a0}%", "critical"),
        ("U2", "Decided in term", "66.7\u{a0}%", "critical"),
        ("U4", "Decided in term", "50.0\u{a0}%", "normal"),
        ("O1", "Decided in term", "60.0\u{a0}%", "critical"),
        ("O3", "Decided in term", "50.0\u{a0}%", "normal"),
        ("G1", "Decided in term", "60.0\u{a0}%", "critical"),
        ("G2", "Decided in term", "50.0\u{a0}%", "critical"),
        ("R", "Decided in term", "57.1\u{a0}%", "critical"),
        ("U1", "Delivered of planned", "90.0\u{a0}%", "normal"),
        ("U2", "Delivered of planned", "75.0\u{a0}%", "critical"),
        ("U4", "Delivered of planned", "100.0\u{a0}%", "normal"),
        ("O1", "Delivered of planned", "82.5\u{a0}%", "warning"),
        ("O3", "Delivered of planned", "100.0\u{a0}%", "normal"),
        ("G1", "Delivered of planned", "82.5\u{a0}%", "warning"),
        ("G2", "Delivered of planned", "100.0\u{a0}%", "normal"),
        ("R", "Delivered of planned", "86.5\u{a0}%", "warning"),
        ("O1", "Mean of the two shares", "71.3\u{a0}%", "critical"),
        ("O3", "Mean of the two shares", "75.0\u{a0}%", "critical"),
        ("G1", "Mean of the two shares", "71.3\u{a0}%", "critical"),
        ("G2", "Mean of the two shares", "75.0\u{a0}%", "critical"),
        ("R", "Mean of the two shares", "71.8\u{a0}%", "critical"),
        ("U1", "Complaints per 100 recipients", "33.3\u{a0}per 100", "warning"),
        ("U2", "Complaints per 100 recipients", "33.3\u{a0}per 100", "warning"),
        ("U3", "Complaints per 100 recipients", "—", "no value"),
        ("U4", "Complaints per 100 recipients", "50.0\u{a0}per 100", "warning"),
        ("O1", "Complaints per 100 recipients", "40.0\u{a0}per 100", "warning"),
        ("O2", "Complaints per 100 recipients", "—", "no value"),
        ("O3", "Complaints per 100 recipients", "50.0\u{a0}per 100", "warning"),
        ("G1", "Complaints per 100 recipients", "40.0\u{a0}per 100", "warning"),
        ("G2", "Complaints per 100 recipients", "50.0\u{a0}per 100", "warning"),
        ("R", "Complaints per 100 recipients", "42.9\u{a0}per 100", "warning"),
    ];
    for (entity, indicator, value, judgement) in expected {
        let row = shown[*entity]
            .get(*indicator)
            .unwrap_or_else(|| panic!("{entity} has no row {indicator}"));
        assert_eq!(
            (row.0.as_str(), row.1.as_str()),
            (*value, *judgement),
            "{entity} {indicator}"
        );
    }
    let rows: usize = shown.values().map(BTreeMap::len).sum();
    assert_eq!(rows, expected.len(), "nothing else is shown");

    // Every drill-down link lands on something in the page.
    let ids: BTreeSet<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut links = 0;
    for href in doc.descendants().filter_map(|n| n.attribute("href")) {
        let target = href.strip_prefix('#').expect("only links within the page");
        assert!(ids.contains(target), "a link to #{target} leads nowhere");
        links += 1;
    }
    assert!(links > 40, "{links} links");
    // The region's section links down to its groups, a group to its
    // organisations, an organisation to its units.
    for (from, to) in [("R", "G1"), ("G1", "O1"), ("O1", "U2")] {
        let section = doc
            .descendants()
            .find(|n| {
                n.has_tag_name("section")
                    && n.descendants().any(|h| {
                        h.has_tag_name("h2")
                            && h.descendants()
                                .any(|s| has_class(s, "id") && text_of(s) == from)
                    })
            })
            .unwrap();
        let kids = section
            .descendants()
            .find(|n| n.has_tag_name("table") && has_class(*n, "kids"))
            .unwrap_or_else(|| panic!("{from} lists its parts"));
        assert!(text_of(kids).contains(to), "{from} links to {to}");
    }
    // The summary counts every deviation once.
    let (_, _, e) = load(&fixture().join("data"));
    let total = doc
        .descendants()
        .find(|n| n.has_tag_name("table") && has_class(*n, "lv"))
        .and_then(|t| t.descendants().rfind(|n| n.has_tag_name("th")))
        .map(text_of)
        .unwrap();
    assert_eq!(total, e.deviations.len().to_string());
}

#[test]
fn a_value_explains_itself() {
    let page = render(Lang::En, Level::Org, Some("O1"));
    let doc = parse(&page).unwrap();
    let section = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("o0"))
        .expect("O1 is the first organisation");
    let row = section
        .descendants()
        .find(|n| n.has_tag_name("tr") && text_of(*n).starts_with("Decided in term"))
        .unwrap();
    let explanation = text_of(
        row.descendants()
            .find(|n| has_class(*n, "ex"))
            .expect("an explanation"),
    );
    for part in [
        "share(in_term, decided)",
        "in_term = 3",
        "decided = 5",
        "in_term/region/2026-01-01",
        "Regional proposal: test",
        "2026-Q2: 100.0\u{a0}%",
    ] {
        assert!(explanation.contains(part), "{part} in {explanation}");
    }
    // The reference row it links to, with its source, is in the page.
    let link = row
        .descendants()
        .find(|n| n.has_tag_name("a") && text_of(*n) == "in_term/region/2026-01-01")
        .and_then(|a| a.attribute("href"))
        .unwrap();
    let target = doc
        .descendants()
        .find(|n| Some(n.attribute("id").unwrap_or("")) == link.strip_prefix('#'))
        .unwrap();
    assert!(text_of(target).contains("Regional proposal: test"));
    // The reason is written in the report's language.
    assert!(
        text_of(row)
            .contains("60.0\u{a0}% is outside the warning band ≥\u{a0}75 (normal ≥\u{a0}100)"),
        "{}",
        text_of(row)
    );
}

#[test]
fn a_report_of_one_organisation_holds_it_and_its_units() {
    let page = render(Lang::Ru, Level::Org, Some("O1"));
    let doc = parse(&page).unwrap();
    let shown = values_shown(&doc);
    assert_eq!(
        shown.keys().map(String::as_str).collect::<Vec<_>>(),
        ["O1", "U1", "U2"]
    );
    // Russian: the decimal comma, the package's Russian names where it has
    // them (this fixture names its indicators in English only).
    assert_eq!(
        shown["U2"]["Decided in term"],
        ("66,7\u{a0}%".to_string(), "критическое".to_string())
    );
    assert_eq!(doc.root_element().attribute("lang"), Some("ru"));
    assert!(page.contains("Надомное обслуживание"), "process name");
    // Counts cover the organisation and its units only: 2 + 2 + 2 deviations.
    let (m, data, e) = load(&fixture().join("data"));
    let options = ReportOptions {
        level: Level::Org,
        entity: Some("O1".into()),
        ..ReportOptions::default()
    };
    let report = Report::build(&m, data.tree(), &e, &options).unwrap();
    let in_scope = e
        .deviations
        .iter()
        .filter(|d| ["O1", "U1", "U2"].contains(&d.entity.id.as_str()))
        .count();
    assert_eq!(report.deviations.len(), in_scope);
    assert_eq!(report.levels(), [Level::Org, Level::Unit]);

    let unknown = ReportOptions {
        level: Level::Org,
        entity: Some("O9".into()),
        ..ReportOptions::default()
    };
    let err = Report::build(&m, data.tree(), &e, &unknown).unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is no org `O9` in the organisation tree"
    );
    // --depth org stops above the units.
    let shallow = ReportOptions {
        depth: Level::Org,
        ..ReportOptions::default()
    };
    let report = Report::build(&m, data.tree(), &e, &shallow).unwrap();
    assert!(report.entities.iter().all(|x| x.node.level != Level::Unit));
    assert_eq!(report.entities.len(), 6);
    assert_eq!(report.levels(), [Level::Region, Level::Group, Level::Org]);
}

#[test]
fn names_from_the_data_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(fixture().join("data")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
    }
    let units = std::fs::read_to_string(dir.path().join("units.csv")).unwrap();
    let hostile = "<script>alert('x')</script> & \"Центр\" ]]>";
    // One quoted CSV field, so that its quotes and commas stay in the name.
    let field = format!("\"{}\"", hostile.replace('"', "\"\""));
    let units = units.replace(",Центр 1,", &format!(",{field},"));
    std::fs::write(dir.path().join("units.csv"), units).unwrap();
    let (m, data, e) = load(dir.path());
    assert_eq!(
        data.tree().orgs()[0].name,
        hostile,
        "the name went in as written"
    );
    let report = Report::build(&m, data.tree(), &e, &ReportOptions::default()).unwrap();
    let page = html::render(&report);
    assert!(!page.contains("<script>"), "no markup from the data");
    let doc = parse(&page).expect("still well-formed");
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
    let h2 = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("o0"))
        .and_then(|s| s.descendants().find(|n| n.has_tag_name("h2")))
        .unwrap();
    assert!(text_of(h2).contains(hostile), "{}", text_of(h2));
    // The spreadsheet keeps the name as text.
    let book = xlsx::render(&report).unwrap();
    let mut book = Xlsx::new(Cursor::new(book)).unwrap();
    let orgs = book.worksheet_range("Организации").unwrap();
    assert!(
        orgs.rows()
            .any(|r| r.iter().any(|c| cell_text(c) == hostile))
    );
}

#[test]
fn a_hostile_unit_name_is_escaped_by_the_templates() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(fixture().join("data")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
    }
    let units = std::fs::read_to_string(dir.path().join("units.csv")).unwrap();
    let units = units.replace(",Надомное 1,", ",<script>alert(1)</script>,");
    std::fs::write(dir.path().join("units.csv"), units).unwrap();
    let (m, data, e) = load(dir.path());
    let report = Report::build(&m, data.tree(), &e, &ReportOptions::default()).unwrap();
    let page = html::render(&report);
    assert!(!page.contains("<script"), "no markup from the data");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    // The unit's own heading, and the table of its organisation's units.
    assert!(
        page.contains(&format!(
            "<h2><span class=\"lvl\">Подразделение</span>{escaped}<span class=\"id\">U1</span></h2>"
        )),
        "the unit's heading"
    );
    assert!(
        page.contains(&format!(
            "<a href=\"#u0\">{escaped}</a></td><td class=\"id\">U1</td>"
        )),
        "the row of the organisation's units"
    );
    parse(&page).expect("still well-formed");
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_spreadsheet_holds_the_same_numbers() {
    let (m, data, e) = load(&fixture().join("data"));
    let options = ReportOptions {
        lang: Lang::En,
        ..ReportOptions::default()
    };
    let report = Report::build(&m, data.tree(), &e, &options).unwrap();
    let bytes = xlsx::render(&report).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes)).expect("an xlsx a reader opens");
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Region",
            "Groups",
            "Organisations",
            "Units",
            "Deviations",
            "Reference"
        ]
    );
    // Every value of every entity, as a number, on the sheet of its level.
    for (level, sheet) in [
        (Level::Region, "Region"),
        (Level::Group, "Groups"),
        (Level::Org, "Organisations"),
        (Level::Unit, "Units"),
    ] {
        let range = book.worksheet_range(sheet).unwrap();
        let mut rows = range.rows();
        let header: Vec<String> = rows.next().unwrap().iter().map(cell_text).collect();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("{sheet} has no column {name}: {header:?}"))
        };
        let (id, ind, value, base, judgement) =
            (col("Id"), 0, col("Value"), col("Base"), col("Judgement"));
        // The indicator id is the second `Id` column.
        let ind_col = header
            .iter()
            .enumerate()
            .filter(|(_, h)| *h == "Id")
            .nth(1)
            .map(|(i, _)| i)
            .unwrap_or(ind);
        let mut seen = 0;
        for row in rows {
            let entity = cell_text(&row[id]);
            let indicator = cell_text(&row[ind_col]);
            let v = e
                .value(level, &entity, &indicator)
                .unwrap_or_else(|| panic!("{sheet}: no value {entity} {indicator}"));
            match (v.value, &row[value]) {
                (Some(x), Data::Float(f)) => {
                    let exact: f64 = x.to_string().parse().unwrap();
                    assert!((exact - f).abs() < 1e-9, "{entity} {indicator}: {f} vs {x}");
                }
                (None, Data::Empty) => {}
                (x, cell) => panic!("{entity} {indicator}: {x:?} written as {cell:?}"),
            }
            match (v.base, &row[base]) {
                (Some(b), Data::Float(f)) => assert_eq!(b as f64, *f),
                (None, Data::Empty) => {}
                (b, cell) => panic!("{entity} {indicator}: base {b:?} written as {cell:?}"),
            }
            assert_eq!(
                cell_text(&row[judgement]),
                Lang::En.judgement(v.judgement),
                "{entity} {indicator}"
            );
            seen += 1;
        }
        let expected = e.values.iter().filter(|v| v.entity.level == level).count();
        assert_eq!(seen, expected, "{sheet}: every value, nothing else");
    }
    let deviations = book.worksheet_range("Deviations").unwrap();
    assert_eq!(deviations.height(), e.deviations.len() + 1);
}

/// Headless Chromium, where installed (Debian's `chromium`).
fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Opens `page` in headless Chromium; returns the DOM it built and what it
/// logged.
fn open_in_chromium(chromium: &Path, page: &Path, work: &Path) -> (String, String) {
    let profile = tempfile::tempdir_in(work).unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("chromium did not finish in 3 minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (out.join().unwrap(), err.join().unwrap())
}

fn console_lines(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

#[test]
fn chromium_renders_the_report_without_console_errors() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "skipped: no Chromium at /usr/bin/chromium (`apt-get install chromium` to run this test)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, render(Lang::Ru, Level::Region, None)).unwrap();
    let (dom, log) = open_in_chromium(&chromium, &page, dir.path());
    assert!(
        dom.contains("id=\"u3\"") && dom.contains("<svg"),
        "the page was rendered:\n{log}"
    );
    assert_eq!(console_lines(&log), Vec::<&str>::new(), "console messages");

    // The check sees a console error when there is one.
    let control = dir.path().join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><html><body><p>x</p><script>console.error('broken report');</script></body></html>",
    )
    .unwrap();
    let (_, log) = open_in_chromium(&chromium, &control, dir.path());
    assert!(
        console_lines(&log)
            .iter()
            .any(|l| l.contains("broken report")),
        "Chromium's console is not read:\n{log}"
    );
}

#[test]
fn the_sample_region_report_ranks_its_nok_and_kpi() {
    use etalon::scoring::{KpiSources, Rounding, RoundingMode};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("examples/data");
    let m = etalon::standard().unwrap_or_else(|d| panic!("{d}"));
    let data = etalon::io::load_dataset(&dir).unwrap();
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    let year: etalon::Period = "2026".parse().unwrap();
    let options = etalon::NokOptions::for_period(year);
    let facts = etalon::io::nok_facts_file(&dir).expect("the sample has НОК facts");
    let input = etalon::io::nok_from_surveys(&m, &data, year, &facts, &options).unwrap();
    let nok = m.score_nok(&input, &options).unwrap();
    let kpi_input = m
        .kpi_input(&KpiSources {
            tree: data.tree(),
            evaluation: Some(&e),
            nok: Some(&nok),
            journal: None,
            plans: None,
        })
        .unwrap();
    let kpi = m.score_kpi(&kpi_input).unwrap();
    assert!(!nok.organisations.is_empty() && !kpi.directors.is_empty());

    let options = ReportOptions {
        lang: Lang::En,
        ..ReportOptions::default()
    };
    let report = Report::build(&m, data.tree(), &e, &options)
        .unwrap()
        .with_nok(&nok)
        .with_kpi(&kpi);
    let page = html::render(&report);
    let doc = parse(&page).unwrap();
    let section = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no #{id}"))
    };
    // Every organisation, by rank, with its total as the scheme rounds it.
    let rows: Vec<Vec<String>> = section("nok")
        .descendants()
        .find(|n| n.has_tag_name("table") && has_class(*n, "rank"))
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .skip(1)
        .map(|tr| {
            tr.children()
                .filter(|n| n.has_tag_name("td"))
                .map(text_of)
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), nok.organisations.len());
    let mut ranks = Vec::new();
    for row in &rows {
        let o = nok
            .organisations
            .iter()
            .find(|o| row[1].ends_with(&o.org))
            .unwrap_or_else(|| panic!("{row:?}"));
        assert_eq!(row[0], o.rank.unwrap().to_string());
        assert_eq!(row[3], nok.rounding.show(o.total), "{}", o.org);
        ranks.push(o.rank.unwrap());
    }
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "best first: {ranks:?}"
    );
    // The region's total over its criteria.
    let crit = text_of(
        section("nok")
            .descendants()
            .find(|n| n.has_tag_name("table") && has_class(*n, "crit"))
            .unwrap(),
    );
    assert!(
        crit.contains(&nok.rounding.show(nok.region.total)),
        "{crit}"
    );

    // Directors and heads with their points.
    let points = Rounding {
        decimals: m.kpi().unwrap().decimals,
        mode: RoundingMode::HalfAwayFromZero,
    };
    let kpi_text = text_of(section("kpi"));
    for d in kpi.directors.iter().chain(&kpi.heads) {
        assert!(
            kpi_text.contains(&format!(
                "{}{}{}",
                d.id,
                points.format(d.points),
                points.format(d.max_points)
            )),
            "{} in {kpi_text}",
            d.id
        );
    }
    // Each organisation's section says its НОК total and rank.
    let o = &nok.organisations[0];
    let index = data.tree().find(Level::Org, &o.org).unwrap();
    let line = text_of(section(&format!("o{index}")));
    assert!(
        line.contains(&format!(
            "NOK 2026: {} (rank {} of {})",
            nok.rounding.show(o.total),
            o.rank.unwrap(),
            nok.organisations.len()
        )),
        "{line}"
    );

    // The workbook holds the same totals, as numbers.
    let book = xlsx::render(&report).unwrap();
    let mut book = Xlsx::new(Cursor::new(book)).unwrap();
    let sheet = book.worksheet_range("NOK").unwrap();
    let mut checked = 0;
    for row in sheet.rows().skip(1) {
        let o = nok.org(&cell_text(&row[1])).unwrap();
        let total: f64 = nok.rounding.show(o.total).parse().unwrap();
        assert_eq!(row[4], Data::Float(total), "{}", o.org);
        checked += 1;
    }
    assert_eq!(checked, nok.organisations.len());
    let sheet = book.worksheet_range("KPI").unwrap();
    assert_eq!(sheet.height(), 1 + kpi.directors.len() + kpi.heads.len());
}

/// The funnel plots of the generated sample region read back: every point
/// lies inside or outside the limit curves drawn right above it as the
/// evaluation's JSON says, and hollow points are the insufficient data.
#[test]
fn funnel_points_lie_where_the_json_says() {
    let m = etalon::standard().unwrap_or_else(|d| panic!("{d}"));
    let region = etalon::generate::generate(&etalon::generate::RegionSpec::sample(2026));
    let data = region.dataset().unwrap();
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    // Read the positions from the JSON, as a consumer of it would.
    let json: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
    let mut position: std::collections::HashMap<(String, String, String), (String, String)> =
        Default::default();
    for v in json["values"].as_array().unwrap() {
        if let Some(p) = v["funnel"]["position"].as_str() {
            position.insert(
                (
                    v["indicator"].as_str().unwrap().to_string(),
                    v["entity"]["level"].as_str().unwrap().to_string(),
                    v["entity"]["id"].as_str().unwrap().to_string(),
                ),
                (p.to_string(), v["judgement"].as_str().unwrap().to_string()),
            );
        }
    }
    let report = Report::build(&m, data.tree(), &e, &ReportOptions::default()).unwrap();
    let page = html::render(&report);
    let doc = parse(&page).unwrap();
    let num =
        |n: roxmltree::Node<'_, '_>, a: &str| -> f64 { n.attribute(a).unwrap().parse().unwrap() };
    let (mut plots, mut points, mut outside, mut hollow) = (0, 0, 0, 0);
    for svg in doc
        .descendants()
        .filter(|n| n.has_tag_name("svg") && has_class(*n, "fn"))
    {
        plots += 1;
        let indicator = svg.attribute("data-indicator").unwrap();
        let level = svg.attribute("data-level").unwrap();
        // Each limit curve as (x → y) at its vertices.
        let curve = |name: &str| -> Vec<(f64, f64)> {
            let line = svg
                .descendants()
                .find(|n| n.attribute("data-limit") == Some(name))
                .unwrap_or_else(|| panic!("{indicator} {level}: no {name}"));
            line.attribute("points")
                .unwrap()
                .split(' ')
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        };
        let at = |c: &[(f64, f64)], x: f64| -> f64 {
            c.iter()
                .find(|(cx, _)| (cx - x).abs() < 1e-9)
                .unwrap_or_else(|| panic!("{indicator}: no vertex at {x}"))
                .1
        };
        let (l95, u95, l998, u998) = (
            curve("lower_95"),
            curve("upper_95"),
            curve("lower_99_8"),
            curve("upper_99_8"),
        );
        for c in svg.descendants().filter(|n| n.has_tag_name("circle")) {
            points += 1;
            let entity = c.attribute("data-entity").unwrap();
            let (x, y) = (num(c, "cx"), num(c, "cy"));
            // SVG y grows downward: above a limit is a smaller y.
            let drawn = if y < at(&u998, x) {
                "above_99_8"
            } else if y < at(&u95, x) {
                "above_95"
            } else if y > at(&l998, x) {
                "below_99_8"
            } else if y > at(&l95, x) {
                "below_95"
            } else {
                "inside"
            };
            let (json_position, judgement) =
                &position[&(indicator.to_string(), level.to_string(), entity.to_string())];
            assert_eq!(drawn, json_position, "{indicator} {level} {entity}");
            outside += (drawn != "inside") as usize;
            assert_eq!(
                has_class(c, "nd"),
                judgement == "insufficient_base",
                "{indicator} {level} {entity}"
            );
            hollow += has_class(c, "nd") as usize;
        }
    }
    assert!(plots >= 10, "{plots} funnel plots");
    assert!(
        points >= 100 && outside >= 3 && hollow >= 1,
        "{points} {outside} {hollow}"
    );
    // Every series chart has its assurance beside it.
    let marks = doc
        .descendants()
        .filter(|n| n.attribute("data-assurance").is_some())
        .count();
    assert!(marks >= 100, "{marks}");
}

/// The standard package names its indicators and processes in both
/// languages: the English report uses `name_en`, the Russian `name`.
#[test]
fn the_sample_report_names_indicators_and_processes_in_its_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let m = etalon::standard().unwrap_or_else(|d| panic!("{d}"));
    let data = etalon::io::load_dataset(&root.join("examples/data")).unwrap();
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    let [ru, en] = [Lang::Ru, Lang::En].map(|lang| {
        let options = ReportOptions {
            lang,
            ..ReportOptions::default()
        };
        html::render(&Report::build(&m, data.tree(), &e, &options).unwrap())
    });
    let indicator = [
        "Доля заявлений, решение по которым принято в установленный срок",
        "Share of applications decided within the regulatory term",
    ];
    assert!(ru.contains(indicator[0]) && !ru.contains(indicator[1]));
    assert!(en.contains(indicator[1]) && !en.contains(indicator[0]));
    assert!(en.contains(">Material aid<"));
    assert!(ru.contains(">Материальная помощь<"));
}
