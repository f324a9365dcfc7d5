//! The report as one self-contained HTML file: inline CSS and SVG, no
//! script, no font or image from outside.
//!
//! The markup is XHTML-compatible (every element closed, every attribute
//! quoted, only the five XML entities), so that an XML parser reads it as
//! well as a browser; every text from the rule package or the data goes
//! through [`esc`].

use std::fmt::Write as _;

use std::collections::HashSet;

use etalon_core::evaluate::Deviation;
use etalon_core::evaluate::Variation;
use etalon_core::methodology::DeviationSeverity;
use etalon_core::{AssuranceClass, Judgement};
use etalon_core::{Level, methodology::Process};

use super::funnel::funnel_plot;
use super::i18n::Word;
use super::journal::{owner_text, stage_text};
use super::model::{EntityView, Node, Report, Row};
use super::svg::chart;

/// `text` escaped for HTML and XML text and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML; none belongs in a report.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root{--ok:#2e7d32;--warn:#b26a00;--crit:#c62828;--nj:#777;--line:#d8dce2;--soft:#f4f6f8;--ink:#1c2430;--muted:#5b6573;--link:#1f5fae}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 "Segoe UI",Roboto,"Helvetica Neue","DejaVu Sans",Arial,sans-serif;color:var(--ink);background:#fff}
header.top{background:#17324d;color:#fff;padding:18px 24px 14px}
header.top h1{margin:0 0 4px;font-size:22px;font-weight:600}
header.top p{margin:2px 0;color:#d6e2ee}
main{max-width:1200px;margin:0 auto;padding:8px 24px 40px}
nav.toc{margin:14px 0;padding:8px 12px;background:var(--soft);border:1px solid var(--line);border-radius:6px}
nav.toc a{margin-right:14px}
a{color:var(--link);text-decoration:none}
a:hover{text-decoration:underline}
h2{font-size:19px;margin:6px 0}
section.ent{content-visibility:auto;contain-intrinsic-size:auto 900px}
section.ent,#summary,#references,#indicators,#nok,#kpi{margin-top:26px;padding-top:4px;border-top:2px solid #17324d}
h3{font-size:15px;margin:18px 0 4px}
h4{font-size:14px;margin:14px 0 4px}
p.note{border-left:3px solid #b26b00;padding:2px 8px;font-size:12px}details.card{font-size:12px;margin:0 0 6px}details.card dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:4px 0}details.card dt{font-weight:600}details.card dd{margin:0}
.lvl{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin-right:6px}
.id{color:var(--muted);font-weight:normal;font-size:12px;margin-left:6px}
.crumbs{font-size:12px;color:var(--muted);margin:2px 0}
.crumbs a{margin:0 3px}
.muted{color:var(--muted)}
.nw{white-space:nowrap}
.kpis{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.kpi{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:140px;background:var(--soft)}
.kpi b{display:block;font-size:20px}
.kpi.crit b{color:var(--crit)}.kpi.warn b{color:var(--warn)}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:var(--soft);font-size:12px;color:var(--muted);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.ind{table-layout:fixed}
table.ind th:nth-child(2){width:112px}table.ind th:nth-child(3){width:72px}table.ind th:nth-child(4){width:132px}table.ind th:nth-child(5){width:200px}table.ind th:nth-child(6){width:262px}
table.ind td.c{padding:2px 4px}
table.kids{table-layout:fixed}
table.kids th:nth-child(1){width:38%}table.kids th:nth-child(2){width:80px}table.kids th:nth-child(3){width:100px}table.kids th:nth-child(4){width:120px}
table.ind td{overflow-wrap:anywhere}
a.in{color:inherit}
table.ind tr.crit td:first-child{border-left:4px solid var(--crit)}
table.ind tr.warn td:first-child{border-left:4px solid var(--warn)}
table.ind tr.ok td:first-child{border-left:4px solid transparent}
table.ind tr.nj td:first-child{border-left:4px solid #cfd3d8}
.j{display:inline-block;padding:0 6px;border-radius:9px;font-size:12px;white-space:nowrap}
.j.ok{background:#e3f2e4;color:var(--ok)}.j.warn{background:#fff0cc;color:#7a4a00}.j.crit{background:#fbe0e0;color:var(--crit)}.j.nj{background:#eceef1;color:var(--nj)}
.why{font-size:12px;color:var(--muted);margin-top:2px}
.desc{font-size:12px;color:var(--muted)}
details summary{cursor:pointer;color:var(--link);white-space:nowrap}
details .ex{font-size:12px;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:6px 8px;margin-top:4px;min-width:280px;white-space:normal}
.ex dl{margin:0}.ex dt{font-weight:600;margin-top:3px}.ex dd{margin:0 0 0 10px}
code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12px}
.ch{display:block;width:250px;height:60px;background:#fafbfc}
.ch .wb{fill:#fcebbd}.ch .nb{fill:#d7eed8}
.ch .tg{stroke:#355d87;stroke-width:1.2;stroke-dasharray:4 3}
.ch polyline{fill:none;stroke:#37474f;stroke-width:1.6}
.ch text{font-size:9px;fill:var(--muted);text-anchor:end}
.ch .e{fill:none;stroke-width:5;stroke-linecap:round}
.ch .e.ok{stroke:#7cb87f}.ch .e.warn{stroke:#efbf55}.ch .e.crit{stroke:#e07b7b}.ch .e.nj{stroke:#aaa}
.ch circle{stroke:#fff;stroke-width:1}
.ch circle.ok{fill:var(--ok)}.ch circle.warn{fill:#e69b00}.ch circle.crit{fill:var(--crit)}.ch circle.nj{fill:var(--nj)}
.ch .tr{fill:none;stroke:var(--crit);stroke-width:1.3}
.fn{width:100%;max-width:520px;height:auto}.fn .fr{fill:#fafafa;stroke:#ddd}
.fn .fc{stroke:#355d87;stroke-width:1.4}.fn polyline{fill:none;stroke:#78909c}
.fn .l95{stroke-dasharray:4 3}.fn .l998{stroke-width:1.4}
.fn text{font-size:10px;fill:var(--muted)}.fn .ax{text-anchor:end}.fn .bx{text-anchor:middle}
.fn circle{stroke:#fff;stroke-width:.8}.fn .in{fill:var(--ok)}.fn .o95{fill:#e69b00}.fn .o998{fill:var(--crit)}
.fn circle.nd{fill:#fff;stroke:var(--nj);stroke-width:1.2}
.fp{display:inline-block;vertical-align:top;margin:0 1em 1em 0;max-width:540px}
.as{display:block;font-size:11px;color:var(--muted)}.as.cm{color:var(--ok)}.as.cf{color:var(--crit)}
.as .dt{color:var(--crit)}.as .im{color:var(--ok)}
.legend{font-size:12px;color:var(--muted)}
footer{max-width:1200px;margin:0 auto;padding:10px 24px 30px;font-size:12px;color:var(--muted)}
@media print{
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  body{font-size:10pt}
  header.top{background:none;color:var(--ink);padding:0 0 6px;border-bottom:2px solid #17324d}
  header.top p{color:var(--muted)}
  nav.toc,.noprint{display:none}
  main{max-width:none;padding:0}
  table.ind th:nth-child(5){width:150px}
  a{color:inherit}
  tr,svg.ch,.kpi{break-inside:avoid}
  h2,h3,h4{break-after:avoid}
  section.lv-region,section.lv-group{break-before:page}
  details .ex{display:none}
  details summary{list-style:none;color:inherit}
  details summary::-webkit-details-marker{display:none}
}
"#;

fn class_of(j: Judgement) -> &'static str {
    match j {
        Judgement::Normal => "ok",
        Judgement::Warning => "warn",
        Judgement::Critical => "crit",
        _ => "nj",
    }
}

fn severity_class(s: DeviationSeverity) -> &'static str {
    match s {
        DeviationSeverity::Warning => "warn",
        DeviationSeverity::Critical => "crit",
    }
}

/// The whole report as an HTML document.
pub fn render(report: &Report<'_>) -> String {
    let l = report.lang;
    let e = report.evaluation;
    let m = report.methodology;
    let info = &m.manifest().package;
    let mut s = String::with_capacity(64 * 1024 + report.summary.values as usize * 1800);
    let scope_name = match report.roots.as_slice() {
        [one] => format!("{} {}", l.level(one.level), report.name(*one)),
        _ => format!(
            "{} — {}",
            report.tree.region().name,
            l.levels(report.roots.first().map_or(Level::Region, |n| n.level))
        ),
    };
    let title = format!("{} — {} — {}", l.t(Word::Title), scope_name, e.period);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{}\" xml:lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"etalon {}\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        l.code(),
        l.code(),
        env!("CARGO_PKG_VERSION"),
        esc(&title)
    );
    let _ = write!(
        s,
        "<header class=\"top\"><h1>{}</h1><p>{} · {}: <b>{}</b> · {}: {}</p><p>{}: {} ({} {}, {} {})</p></header>\n<main>\n",
        esc(l.t(Word::Title)),
        esc(&scope_name),
        esc(l.t(Word::Period)),
        e.period,
        esc(l.t(Word::Periods)),
        esc(&periods_text(report)),
        esc(l.t(Word::Methodology)),
        esc(l.pick(&info.name, info.name_en.as_deref())),
        esc(l.t(Word::Version)),
        esc(&info.version),
        esc(l.t(Word::Edition)),
        esc(&info.edition),
    );
    let _ = write!(
        s,
        "<nav class=\"toc\"><b>{}:</b> <a href=\"#summary\">{}</a><a href=\"#critical\">{}</a>",
        esc(l.t(Word::Contents)),
        esc(l.t(Word::Summary)),
        esc(l.t(Word::TopDeviations)),
    );
    if report.journal.is_some() {
        let _ = write!(s, "<a href=\"#journal\">{}</a>", esc(l.t(Word::Journal)));
    }
    if report.nok.is_some() {
        let _ = write!(s, "<a href=\"#nok\">{}</a>", esc(l.t(Word::NokShort)));
    }
    if report.kpi.is_some() {
        let _ = write!(s, "<a href=\"#kpi\">{}</a>", esc(l.t(Word::KpiShort)));
    }
    for root in report.roots.iter().take(12) {
        let _ = write!(
            s,
            "<a href=\"#{}\">{}</a>",
            root.anchor(),
            esc(report.name(*root))
        );
    }
    if report.roots.len() > 12 {
        let _ = write!(s, "<span class=\"muted\">… </span>");
    }
    let _ = write!(s, "<a href=\"#funnels\">{}</a>", esc(l.t(Word::Funnels)));
    let _ = writeln!(
        s,
        "<a href=\"#indicators\">{}</a><a href=\"#references\">{}</a></nav>",
        esc(l.t(Word::Indicators)),
        esc(l.t(Word::References))
    );
    summary(report, &mut s);
    funnels(report, &mut s);
    nok_section(report, &mut s);
    kpi_section(report, &mut s);
    for entity in &report.entities {
        entity_section(report, entity, &mut s);
    }
    catalogue(report, &mut s);
    references(report, &mut s);
    let _ = write!(
        s,
        "</main>\n<footer>{} etalon {} · {} {} {} ({}) · {} {}</footer>\n</body>\n</html>\n",
        esc(l.t(Word::Generated)),
        env!("CARGO_PKG_VERSION"),
        esc(l.t(Word::Methodology)),
        esc(&e.methodology.id),
        esc(&e.methodology.version),
        esc(&e.methodology.edition),
        esc(l.t(Word::Region)),
        esc(&e.region),
    );
    s
}

fn periods_text(report: &Report<'_>) -> String {
    match (report.periods().first(), report.periods().last()) {
        (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

fn entity_link(report: &Report<'_>, node: Node) -> String {
    let name = esc(report.name(node));
    match report.entity(node) {
        Some(_) => format!("<a href=\"#{}\">{name}</a>", node.anchor()),
        None => name,
    }
}

fn summary(report: &Report<'_>, s: &mut String) {
    let l = report.lang;
    let sum = &report.summary;
    let _ = writeln!(
        s,
        "<section id=\"summary\"><h2>{}</h2>",
        esc(l.t(Word::Summary))
    );
    // What the numbers must be read with: the calendar, tables left out.
    for note in &report.evaluation.notes {
        let text = l.pick(&note.message_ru, Some(&note.message));
        let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(text));
    }
    s.push_str("<div class=\"kpis\">");
    for level in report.levels() {
        let _ = write!(
            s,
            "<div class=\"kpi\"><b>{}</b>{}</div>",
            l.count(sum.entities.get(&level).copied().unwrap_or(0) as i64),
            esc(l.levels(level))
        );
    }
    let (warning, critical) = sum
        .deviations
        .values()
        .fold((0, 0), |(w, c), x| (w + x.warning, c + x.critical));
    let _ = writeln!(
        s,
        "<div class=\"kpi\"><b>{}</b>{}: {} {}, {} {}</div><div class=\"kpi crit\"><b>{}</b>{}</div><div class=\"kpi warn\"><b>{}</b>{}</div></div>",
        l.count(sum.values as i64),
        esc(l.t(Word::Values)),
        l.count(sum.judged as i64),
        esc(l.t(Word::Judged)),
        l.count(sum.insufficient_base as i64),
        esc(l.t(Word::NotJudged)),
        l.count(critical as i64),
        esc(l.t(Word::Criticals)),
        l.count(warning as i64),
        esc(l.t(Word::Warnings)),
    );
    if let Some(nok) = &report.nok
        && let Some(figure) = nok.figure
    {
        let _ = write!(
            s,
            "<div class=\"kpis\"><div class=\"kpi\"><b><a href=\"#nok\">{}</a></b>{} {} · {} {}</div></div>",
            esc(&nok.show(report, figure.total)),
            esc(l.t(Word::NokShort)),
            nok.scores.period,
            l.count(nok.orgs.len() as i64),
            esc(l.t(Word::Assessed)),
        );
    }
    // Deviations by level and severity.
    let _ = write!(
        s,
        "<h3>{}</h3><table class=\"lv\"><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        esc(l.t(Word::DeviationsByLevel)),
        esc(l.t(Word::Level)),
        esc(l.t(Word::Warnings)),
        esc(l.t(Word::Criticals)),
        esc(l.t(Word::Total)),
    );
    for level in report.levels() {
        let c = sum.deviations.get(&level).copied().unwrap_or_default();
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(l.levels(level)),
            l.count(c.warning as i64),
            l.count(c.critical as i64),
            l.count((c.warning + c.critical) as i64)
        );
    }
    let _ = writeln!(
        s,
        "<tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></tbody></table>",
        esc(l.t(Word::Total)),
        l.count(warning as i64),
        l.count(critical as i64),
        l.count((warning + critical) as i64)
    );
    // The worst indicators.
    if !report.worst.is_empty() {
        let _ = write!(
            s,
            "<h3>{}</h3><table class=\"worst\"><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            esc(l.t(Word::WorstIndicators)),
            esc(l.t(Word::Indicator)),
            esc(l.t(Word::Process)),
            esc(l.t(Word::Deviations)),
            esc(l.t(Word::Criticals)),
            esc(l.t(Word::Entities)),
        );
        for w in report.worst.iter().take(10) {
            let process = w
                .indicator
                .process
                .as_deref()
                .and_then(|p| report.methodology.process(p));
            let _ = write!(
                s,
                "<tr><td>{} <span class=\"id\">{}</span></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(report.indicator_name(w.indicator)),
                esc(&w.indicator.id),
                esc(report.process_name(process)),
                l.count(w.deviations as i64),
                l.count(w.critical as i64),
                l.count(w.entities as i64),
            );
        }
        s.push_str("</tbody></table>\n");
    }
    // Critical deviations first, higher levels first.
    let _ = write!(
        s,
        "<h3 id=\"critical\">{}</h3>",
        esc(l.t(Word::TopDeviations))
    );
    let critical: Vec<&Deviation> = report
        .deviations
        .iter()
        .copied()
        .filter(|d| d.severity == DeviationSeverity::Critical)
        .collect();
    if critical.is_empty() {
        let _ = write!(s, "<p class=\"muted\">{}</p>", esc(l.t(Word::NoDeviations)));
    } else {
        deviation_table(report, &critical[..critical.len().min(report.top)], s);
        if critical.len() > report.top {
            let _ = write!(
                s,
                "<p class=\"muted\">… {} {}</p>",
                esc(l.t(Word::AndMore)),
                l.count((critical.len() - report.top) as i64)
            );
        }
    }
    if report.journal.is_some() {
        journal(report, s);
    }
    let _ = writeln!(
        s,
        "<p class=\"legend\">{}</p><p class=\"legend\">{}</p></section>",
        esc(l.t(Word::Legend)),
        esc(l.t(Word::Explain))
    );
}

fn journal(report: &Report<'_>, s: &mut String) {
    let Some(j) = &report.journal else { return };
    let l = report.lang;
    let _ = write!(
        s,
        "<h3 id=\"journal\">{} {} {}</h3><div class=\"kpis\"><div class=\"kpi\"><b>{}</b>{}</div><div class=\"kpi warn\"><b>{}</b>{}</div><div class=\"kpi\"><b>{}</b>{}</div></div>",
        esc(l.t(Word::Journal)),
        esc(l.t(Word::JournalOn)),
        j.as_of,
        l.count(j.open.len() as i64),
        esc(l.t(Word::Open)),
        l.count(j.overdue() as i64),
        esc(l.t(Word::Overdue)),
        l.count(j.followed as i64),
        esc(l.t(Word::Followed)),
    );
    if !j.owners.is_empty() {
        let _ = write!(
            s,
            "<h4>{}</h4><table class=\"own\"><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            esc(l.t(Word::ByOwner)),
            esc(l.t(Word::Responsible)),
            esc(l.t(Word::Entity)),
            esc(l.t(Word::Open)),
            esc(l.t(Word::Overdue)),
            esc(l.t(Word::Criticals)),
        );
        for line in &j.owners {
            let (role, entity) = owner_text(report, line.owner.as_ref());
            let entity = match line.owner.as_ref().and_then(|o| report.node_of(&o.entity)) {
                Some(node) => entity_link(report, node),
                None => esc(&entity),
            };
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{entity}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&role),
                l.count(line.open as i64),
                l.count(line.overdue as i64),
                l.count(line.critical as i64),
            );
        }
        s.push_str("</tbody></table>");
    }
    let overdue: Vec<_> = j.open.iter().filter(|o| o.overdue_days.is_some()).collect();
    let _ = write!(s, "<h4>{}</h4>", esc(l.t(Word::OverdueList)));
    if overdue.is_empty() {
        let _ = write!(s, "<p class=\"muted\">{}</p>", esc(l.t(Word::NoOverdue)));
        return;
    }
    let _ = write!(
        s,
        "<table class=\"late\"><thead><tr><th>{}</th><th class=\"n\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(l.t(Word::Due)),
        esc(l.t(Word::OverdueDays)),
        esc(l.t(Word::Judgement)),
        esc(l.t(Word::Entity)),
        esc(l.t(Word::Indicator)),
        esc(l.t(Word::Responsible)),
        esc(l.t(Word::Stage)),
    );
    for o in overdue.iter().take(report.top) {
        let indicator = report
            .methodology
            .indicator(&o.indicator)
            .map_or(o.indicator.as_str(), |i| report.indicator_name(i));
        let entity = match report.node_of(&o.entity) {
            Some(node) => entity_link(report, node),
            None => esc(&o.entity_name),
        };
        let (role, at) = owner_text(report, o.owner.as_ref());
        let _ = write!(
            s,
            "<tr><td class=\"nw\">{}</td><td class=\"n\">{}</td><td><span class=\"j {}\">{}</span></td><td>{entity}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>",
            o.due.map_or(String::new(), |d| d.to_string()),
            o.overdue_days.map_or(String::new(), |d| l.count(d)),
            severity_class(o.severity),
            esc(l.severity(o.severity)),
            esc(indicator),
            esc(&role),
            if at.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"id\">{}</span>", esc(&at))
            },
            esc(stage_text(l, o.stage)),
        );
    }
    s.push_str("</tbody></table>");
    if overdue.len() > report.top {
        let _ = write!(
            s,
            "<p class=\"muted\">… {} {}</p>",
            esc(l.t(Word::AndMore)),
            l.count((overdue.len() - report.top) as i64)
        );
    }
}

fn nok_section(report: &Report<'_>, s: &mut String) {
    let Some(nok) = &report.nok else { return };
    let l = report.lang;
    let scheme = report.methodology.nok();
    let criteria: Vec<(String, u32, String)> = scheme
        .map(|sc| {
            sc.criteria
                .iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        c.number,
                        l.pick(&c.name, c.name_en.as_deref()).to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let _ = write!(
        s,
        "<section id=\"nok\"><h2>{} {}</h2><p class=\"muted\">{} · {}</p>",
        esc(l.t(Word::Nok)),
        nok.scores.period,
        esc(scheme.map_or(nok.scores.scheme.name.as_str(), |sc| l
            .pick(&sc.name, sc.name_en.as_deref()))),
        esc(&nok.scores.scheme.edition),
    );
    if let Some(figure) = nok.figure {
        let _ = write!(
            s,
            "<table class=\"crit\"><thead><tr><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            esc(l.t(Word::Criterion)),
            esc(match figure.name.as_deref() {
                Some(n) => n,
                None => l.t(Word::Value),
            }),
        );
        for (id, number, name) in &criteria {
            let _ = write!(
                s,
                "<tr><td>{number}. {}</td><td class=\"n\">{}</td></tr>",
                esc(name),
                esc(&nok.show(report, figure.criterion(id)))
            );
        }
        let _ = write!(
            s,
            "<tr><th>{}</th><th class=\"n\">{}</th></tr></tbody></table>",
            esc(l.t(Word::TotalScore)),
            esc(&nok.show(report, figure.total))
        );
    }
    let banded = nok.orgs.iter().any(|o| o.band.is_some());
    let _ = write!(
        s,
        "<h3>{}</h3><table class=\"rank\"><thead><tr><th class=\"n\">{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th>",
        esc(l.t(Word::Ranking)),
        esc(l.t(Word::Rank)),
        esc(l.t(Word::Org)),
        esc(l.t(Word::Group)),
        esc(l.t(Word::TotalScore)),
    );
    if banded {
        let _ = write!(s, "<th>{}</th>", esc(l.t(Word::RatingBand)));
    }
    for (_, number, name) in &criteria {
        let _ = write!(
            s,
            "<th class=\"n\" title=\"{}\">{}{number}</th>",
            esc(name),
            esc(l.t(Word::CriterionShort))
        );
    }
    let _ = write!(
        s,
        "<th class=\"n\">{}</th></tr></thead><tbody>",
        esc(l.t(Word::Respondents))
    );
    for o in &nok.orgs {
        let org = match report.node_of(&etalon_core::EntityRef {
            level: Level::Org,
            id: o.org.clone(),
        }) {
            Some(node) => entity_link(report, node),
            None => esc(o.name.as_deref().unwrap_or(&o.org)),
        };
        let group = o
            .group
            .as_deref()
            .and_then(|g| report.tree.find(Level::Group, g).map(|i| (g, i)))
            .map_or(String::new(), |(_, i)| {
                esc(report.tree.name(Level::Group, i))
            });
        let _ = write!(
            s,
            "<tr><td class=\"n\">{}</td><td>{org} <span class=\"id\">{}</span></td><td>{group}</td><td class=\"n\"><b>{}</b></td>",
            o.rank.map_or(String::new(), |r| r.to_string()),
            esc(&o.org),
            esc(&nok.show(report, o.total)),
        );
        if banded {
            let _ = write!(s, "<td>{}</td>", esc(o.band.as_deref().unwrap_or("")));
        }
        for (id, _, _) in &criteria {
            let _ = write!(
                s,
                "<td class=\"n\">{}</td>",
                esc(&nok.show(report, o.criterion(id)))
            );
        }
        let _ = write!(
            s,
            "<td class=\"n\">{}</td></tr>",
            o.respondents.map_or(String::new(), |n| l.count(n))
        );
    }
    s.push_str("</tbody></table></section>\n");
}

fn kpi_section(report: &Report<'_>, s: &mut String) {
    let Some(kpi) = &report.kpi else { return };
    let l = report.lang;
    let _ = write!(
        s,
        "<section id=\"kpi\"><h2>{} {}</h2><p class=\"muted\">{}</p>",
        esc(l.t(Word::Kpi)),
        kpi.scores.period.map_or(String::new(), |p| p.to_string()),
        esc(&kpi.scores.name),
    );
    for (title, level, managers) in [
        (Word::Directors, Level::Org, &kpi.directors),
        (Word::Heads, Level::Group, &kpi.heads),
    ] {
        if managers.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "<h3>{}</h3><table class=\"rank\"><thead><tr><th class=\"n\">{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            esc(l.t(title)),
            esc(l.t(Word::Rank)),
            esc(l.level(level)),
            esc(l.t(Word::Points)),
            esc(l.t(Word::MaxPoints)),
            esc(l.t(Word::PercentOfMax)),
        );
        for m in managers.iter() {
            let who = match report.node_of(&etalon_core::EntityRef {
                level,
                id: m.id.clone(),
            }) {
                Some(node) => entity_link(report, node),
                None => esc(m.name.as_deref().unwrap_or(&m.id)),
            };
            let _ = write!(
                s,
                "<tr><td class=\"n\">{}</td><td>{who} <span class=\"id\">{}</span></td><td class=\"n\"><b>{}</b></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                m.rank.map_or(String::new(), |r| r.to_string()),
                esc(&m.id),
                l.number(m.points, kpi.decimals),
                l.number(m.max_points, kpi.decimals),
                m.percent
                    .map_or("—".to_string(), |p| l.number(p, kpi.decimals)),
            );
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>\n");
}

/// The НОК and KPI line of an organisation's or a group's section.
fn scores_line(report: &Report<'_>, node: Node, s: &mut String) {
    let l = report.lang;
    let mut parts: Vec<String> = Vec::new();
    if let Some(nok) = &report.nok {
        let id = report.id(node);
        match node.level {
            Level::Org => {
                if let Some(o) = nok.org(id) {
                    let mut t = format!(
                        "{} {}: <b>{}</b>",
                        esc(l.t(Word::NokShort)),
                        nok.scores.period,
                        esc(&nok.show(report, o.total))
                    );
                    if let Some(r) = o.rank {
                        let _ = write!(
                            t,
                            " ({} {r} {} {})",
                            esc(l.t(Word::RankOf)),
                            esc(l.t(Word::Of)),
                            nok.scores.organisations.len()
                        );
                    }
                    parts.push(t);
                }
            }
            Level::Group => {
                if let Some(g) = nok.scores.group(id) {
                    parts.push(format!(
                        "{} {}: <b>{}</b>{}",
                        esc(l.t(Word::NokShort)),
                        nok.scores.period,
                        esc(&nok.show(report, g.total)),
                        g.rank.map_or(String::new(), |r| format!(
                            " ({} {r} {} {})",
                            esc(l.t(Word::RankOf)),
                            esc(l.t(Word::Of)),
                            nok.scores.groups.len()
                        ))
                    ));
                }
            }
            _ => {}
        }
    }
    if let Some(kpi) = &report.kpi
        && let Some(m) = kpi.of(report, node)
    {
        parts.push(format!(
            "{}: <b>{}</b> {} {}{}",
            esc(l.t(Word::KpiShort)),
            l.number(m.points, kpi.decimals),
            esc(l.t(Word::Of)),
            l.number(m.max_points, kpi.decimals),
            m.rank.map_or(String::new(), |r| format!(
                " ({} {r})",
                esc(l.t(Word::RankOf))
            ))
        ));
    }
    if !parts.is_empty() {
        let _ = write!(s, "<p>{}</p>", parts.join(" · "));
    }
}

fn deviation_table(report: &Report<'_>, deviations: &[&Deviation], s: &mut String) {
    let l = report.lang;
    let _ = write!(
        s,
        "<table class=\"dev\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
        esc(l.t(Word::Judgement)),
        esc(l.t(Word::Level)),
        esc(l.t(Word::Entity)),
        esc(l.t(Word::Indicator)),
        esc(l.t(Word::Value)),
        esc(l.t(Word::Reason)),
    );
    for d in deviations {
        let Some(indicator) = report.methodology.indicator(&d.indicator) else {
            continue;
        };
        let entity = match report.node_of(&d.entity) {
            Some(node) => entity_link(report, node),
            None => esc(&d.entity_name),
        };
        let _ = write!(
            s,
            "<tr><td><span class=\"j {}\">{}</span></td><td>{}</td><td>{entity} <span class=\"id\">{}</span></td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            severity_class(d.severity),
            esc(l.severity(d.severity)),
            esc(l.level(d.entity.level)),
            esc(&d.entity.id),
            esc(report.indicator_name(indicator)),
            esc(&report.value_text(indicator, d.value)),
            esc(&report.reason(d)),
        );
    }
    s.push_str("</tbody></table>\n");
}

fn entity_section(report: &Report<'_>, entity: &EntityView<'_>, s: &mut String) {
    let l = report.lang;
    let node = entity.node;
    let _ = write!(
        s,
        "<section class=\"ent lv-{}\" id=\"{}\">",
        node.level.name(),
        node.anchor()
    );
    let crumbs: Vec<String> = entity
        .ancestors
        .iter()
        .map(|a| entity_link(report, *a))
        .collect();
    let _ = write!(
        s,
        "<div class=\"crumbs noprint\"><a href=\"#summary\">{}</a>{}</div>",
        esc(l.t(Word::ToSummary)),
        crumbs.iter().map(|c| format!(" › {c}")).collect::<String>()
    );
    if entity.ancestors.len() > 1 || (entity.ancestors.len() == 1 && node.level != Level::Group) {
        let _ = write!(
            s,
            "<div class=\"crumbs\">{}: {}</div>",
            esc(l.t(Word::Parent)),
            entity
                .ancestors
                .iter()
                .rev()
                .take(2)
                .map(|a| esc(report.name(*a)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = write!(
        s,
        "<h2><span class=\"lvl\">{}</span>{}<span class=\"id\">{}</span></h2>",
        esc(l.level(node.level)),
        esc(entity.name),
        esc(entity.id)
    );
    let values: usize = entity.sections.iter().map(|x| x.rows.len()).sum();
    let _ = write!(
        s,
        "<p>{}: <span class=\"j crit\">{} {}</span> <span class=\"j warn\">{} {}</span> · {} {}",
        esc(l.t(Word::Deviations)),
        l.count(entity.counts.critical as i64),
        esc(l.t(Word::Critical)),
        l.count(entity.counts.warning as i64),
        esc(l.t(Word::Warning)),
        esc(l.t(Word::Indicators)),
        l.count(values as i64),
    );
    if let Some(first) = entity.children.first() {
        let _ = write!(
            s,
            " · <a href=\"#{}k\">{} {} ↓</a>",
            node.anchor(),
            esc(l.levels(first.level)),
            l.count(entity.children.len() as i64)
        );
    }
    s.push_str("</p>");
    scores_line(report, node, s);
    for section in &entity.sections {
        process_section(report, section.process, &section.rows, s);
    }
    if !entity.children.is_empty() {
        children_table(report, entity, s);
    }
    s.push_str("</section>\n");
}

fn children_table(report: &Report<'_>, entity: &EntityView<'_>, s: &mut String) {
    let l = report.lang;
    let level = entity.children[0].level;
    let _ = write!(
        s,
        "<h3 id=\"{}k\">{}</h3><table class=\"kids\"><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
        entity.node.anchor(),
        esc(l.levels(level)),
        esc(l.t(Word::Name)),
        esc(l.t(Word::Id)),
        esc(l.t(Word::Criticals)),
        esc(l.t(Word::Warnings)),
        esc(l.t(Word::Deviations)),
    );
    for child in &entity.children {
        let Some(view) = report.entity(*child) else {
            continue;
        };
        let mut worst: Vec<String> = Vec::new();
        for section in &view.sections {
            for row in &section.rows {
                if let Some(sev) = row.severity() {
                    worst.push(format!(
                        "<span class=\"j {}\">{}</span>",
                        severity_class(sev),
                        esc(report.indicator_name(row.indicator))
                    ));
                }
            }
        }
        let _ = write!(
            s,
            "<tr><td><a href=\"#{}\">{}</a></td><td class=\"id\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            child.anchor(),
            esc(view.name),
            esc(view.id),
            l.count(view.counts.critical as i64),
            l.count(view.counts.warning as i64),
            worst.join(" ")
        );
    }
    s.push_str("</tbody></table>\n");
}

fn process_section(
    report: &Report<'_>,
    process: Option<&Process>,
    rows: &[Row<'_>],
    s: &mut String,
) {
    let l = report.lang;
    let _ = write!(s, "<h4>{}", esc(report.process_name(process)));
    if let Some(p) = process
        && let Some(owner) = p.owner.as_deref()
    {
        let _ = write!(
            s,
            " <span class=\"id\">{}: {}</span>",
            esc(l.t(Word::Owner)),
            esc(l.pick(owner, p.owner_en.as_deref()))
        );
    }
    s.push_str("</h4>");
    if let Some(p) = process {
        card_html(report, p, s);
    }
    let _ = write!(
        s,
        "<table class=\"ind\"><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(l.t(Word::Indicator)),
        esc(l.t(Word::Value)),
        esc(l.t(Word::Base)),
        esc(l.t(Word::Band)),
        esc(l.t(Word::Judgement)),
        esc(&format!("{} {}", l.t(Word::Chart), periods_text(report))),
    );
    for row in rows {
        row_html(report, row, s);
    }
    s.push_str("</tbody></table>\n");
}

/// The process card, folded: description, inputs, outputs, consumers, acts.
fn card_html(report: &Report<'_>, p: &Process, s: &mut String) {
    let Some(card) = &p.card else {
        return;
    };
    let l = report.lang;
    let _ = write!(
        s,
        "<details class=\"card\"><summary>{}</summary>",
        esc(l.t(Word::Card))
    );
    if let Some(d) = p.description.as_deref() {
        let _ = write!(s, "<p>{}</p>", esc(l.pick(d, p.description_en.as_deref())));
    }
    s.push_str("<dl>");
    for (word, ru, en) in [
        (Word::CardInputs, &card.inputs, &card.inputs_en),
        (Word::Outputs, &card.outputs, &card.outputs_en),
        (Word::Consumers, &card.consumers, &card.consumers_en),
        (Word::Acts, &card.acts, &card.acts_en),
    ] {
        let items: Vec<&str> = ru.iter().zip(en).map(|(r, e)| l.pick(r, Some(e))).collect();
        let _ = write!(
            s,
            "<dt>{}</dt><dd>{}</dd>",
            esc(l.t(word)),
            esc(&items.join("; "))
        );
    }
    s.push_str("</dl></details>");
}

fn row_html(report: &Report<'_>, row: &Row<'_>, s: &mut String) {
    let l = report.lang;
    let v = row.value;
    let ind = row.indicator;
    let deviating = !row.deviations.is_empty();
    let class = match row.severity() {
        Some(sev) => severity_class(sev),
        None => class_of(v.judgement),
    };
    let _ = write!(
        s,
        "<tr class=\"{class}\"><td><a class=\"in\" href=\"#i{}\">{}</a></td><td class=\"n\">",
        report.indicator_index(ind),
        esc(report.indicator_name(ind))
    );
    // The value, and behind it everything that explains it: the formula,
    // the measures it was computed from, the reference row (its source in
    // full on a deviation, elsewhere one click away) and the earlier values.
    let _ = write!(
        s,
        "<details><summary>{}</summary><div class=\"ex\"><code>{}</code>",
        esc(&report.value_text(ind, v.value)),
        esc(&v.formula),
    );
    for (measure, n) in &v.inputs {
        s.push_str("<br/>");
        if deviating {
            let _ = write!(s, "{}: ", esc(report.measure_name(measure)));
        }
        let _ = write!(s, "<code>{}</code> = {}", esc(measure), l.count(*n));
    }
    if let Some(r) = &v.reference {
        let _ = write!(
            s,
            "<br/>{}: <a href=\"#ref{}\">{}</a>",
            esc(l.t(Word::ReferenceRow)),
            row.reference.unwrap_or(0),
            esc(&r.id),
        );
        if deviating {
            let (kind, text) = report.source_text(&r.source);
            let _ = write!(s, "<br/>{}: {}", esc(kind), esc(text));
        }
    }
    if !v.history.is_empty() {
        let earlier: Vec<String> = report
            .periods()
            .iter()
            .zip(&v.history)
            .map(|(p, h)| format!("{p}: {}", report.value_text(ind, *h)))
            .collect();
        let _ = write!(
            s,
            "<br/>{}: {}",
            esc(l.t(Word::Earlier)),
            esc(&earlier.join(" · "))
        );
    }
    s.push_str("</div></details></td><td class=\"n\">");
    match v.base {
        Some(b) => s.push_str(&l.count(b)),
        None => s.push('—'),
    }
    s.push_str("</td><td>");
    match &v.reference {
        Some(r) => {
            s.push_str(&esc(&report.band_text(&r.normal, ind.decimals)));
            let mut more = Vec::new();
            if let Some(w) = &r.warning {
                more.push(format!(
                    "{} {}",
                    l.t(Word::WarningShort),
                    report.band_text(w, ind.decimals)
                ));
            }
            if let Some(t) = r.target {
                more.push(format!(
                    "{} {}",
                    l.t(Word::TargetShort),
                    l.number(t, ind.decimals.min(t.scale()))
                ));
            }
            if !more.is_empty() {
                let _ = write!(s, "<div class=\"why\">{}</div>", esc(&more.join(" · ")));
            }
        }
        None => s.push('—'),
    }
    let _ = write!(
        s,
        "</td><td><span class=\"j {}\">{}</span>",
        class_of(v.judgement),
        esc(l.judgement(v.judgement))
    );
    for d in &row.deviations {
        let _ = write!(s, "<div class=\"why\">{}</div>", esc(&report.reason(d)));
    }
    let _ = write!(
        s,
        "</td><td class=\"c\">{}{}</td></tr>",
        chart(report, row),
        assurance_mark(report, row)
    );
}

/// The assurance of a row's series beside its chart: the class in words,
/// and the special cause if there is one.
fn assurance_mark(report: &Report<'_>, row: &Row<'_>) -> String {
    let l = report.lang;
    let Some(a) = &row.value.assurance else {
        return String::new();
    };
    let class = match a.class {
        AssuranceClass::ConsistentlyMeets => "cm",
        AssuranceClass::HitAndMiss => "hm",
        AssuranceClass::ConsistentlyFails => "cf",
        AssuranceClass::InsufficientData => "nd",
    };
    let mut s = format!(
        "<span class=\"as {class}\" data-assurance=\"{}\">{}: {}",
        class,
        esc(l.t(Word::Assurance)),
        esc(l.assurance(a.class))
    );
    let cause = match a.variation {
        Variation::CommonCause => None,
        Variation::Improving => Some("im"),
        _ => Some("dt"),
    };
    if let Some(c) = cause {
        let _ = write!(
            s,
            " · <span class=\"{c}\">{}</span>",
            esc(l.variation(a.variation))
        );
    }
    s.push_str("</span>");
    s
}

/// Funnel plots of every indicator with funnel limits at every level of
/// the report with two values or more.
fn funnels(report: &Report<'_>, s: &mut String) {
    let l = report.lang;
    let in_scope: HashSet<(Level, &str)> = report
        .entities
        .iter()
        .map(|e| (e.node.level, e.id))
        .collect();
    let values: Vec<&etalon_core::IndicatorValue> = report
        .evaluation
        .values
        .iter()
        .filter(|v| in_scope.contains(&(v.entity.level, v.entity.id.as_str())))
        .collect();
    let _ = write!(
        s,
        "<section id=\"funnels\"><h2>{}</h2><p class=\"muted\">{}</p>",
        esc(l.t(Word::Funnels)),
        esc(l.t(Word::FunnelsIntro))
    );
    for ind in report.methodology.indicators() {
        if ind.funnel.is_none() {
            continue;
        }
        let of: Vec<&etalon_core::IndicatorValue> = values
            .iter()
            .copied()
            .filter(|v| v.indicator == ind.id)
            .collect();
        for level in [Level::Group, Level::Org, Level::Unit] {
            let Some(plot) = funnel_plot(ind, level, &of) else {
                continue;
            };
            let mut caption = format!(
                "{} · {}: {} {}, {} {}",
                report.indicator_name(ind),
                l.levels(level),
                plot.shown,
                l.t(Word::FunnelEntities),
                plot.outside,
                l.t(Word::OutsideLimit)
            );
            if plot.insufficient > 0 {
                let _ = write!(
                    caption,
                    ", {} {}",
                    plot.insufficient,
                    l.t(Word::InsufficientData)
                );
            }
            if plot.other_centre > 0 {
                let _ = write!(
                    caption,
                    "; {} {}",
                    plot.other_centre,
                    l.t(Word::OtherCentre)
                );
            }
            let _ = write!(
                s,
                "<figure class=\"fp\">{}<figcaption>{}</figcaption></figure>",
                plot.svg,
                esc(&caption)
            );
        }
    }
    s.push_str("</section>\n");
}

/// The indicators of the package: what each means and how it is computed.
fn catalogue(report: &Report<'_>, s: &mut String) {
    let l = report.lang;
    let _ = write!(
        s,
        "<section id=\"indicators\"><h2>{}</h2><table class=\"cat\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(l.t(Word::Indicators)),
        esc(l.t(Word::Indicator)),
        esc(l.t(Word::Process)),
        esc(l.t(Word::Formula)),
        esc(l.t(Word::Inputs)),
    );
    for (i, ind) in report.methodology.indicators().iter().enumerate() {
        let process = ind
            .process
            .as_deref()
            .and_then(|p| report.methodology.process(p));
        let description = l
            .pick(
                ind.description.as_deref().unwrap_or(""),
                ind.description_en.as_deref(),
            )
            .trim();
        let _ = write!(
            s,
            "<tr id=\"i{i}\"><td>{} <span class=\"id\">{}</span>",
            esc(report.indicator_name(ind)),
            esc(&ind.id)
        );
        if !description.is_empty() {
            let _ = write!(s, "<div class=\"desc\">{}</div>", esc(description));
        }
        let unit = l.unit(ind.unit);
        let _ = write!(
            s,
            "</td><td>{}</td><td><code>{}</code><div class=\"why\">{}{}{}</div></td><td>",
            esc(report.process_name(process)),
            esc(&ind.formula),
            esc(l.t(match ind.direction {
                etalon_core::methodology::Direction::HigherIsBetter => Word::HigherIsBetter,
                etalon_core::methodology::Direction::LowerIsBetter => Word::LowerIsBetter,
                etalon_core::methodology::Direction::WithinBand => Word::WithinBand,
            })),
            if unit.is_empty() {
                String::new()
            } else {
                format!(" · {}", esc(unit))
            },
            match &ind.base {
                Some(b) if ind.min_base > 0 => format!(
                    " · {} <code>{}</code> ≥ {}",
                    esc(l.t(Word::Base)),
                    esc(b),
                    l.count(ind.min_base)
                ),
                _ => String::new(),
            }
        );
        for m in report.indicator_measures(ind) {
            let _ = write!(
                s,
                "<div><code>{}</code> {}</div>",
                esc(&m.id),
                esc(l.pick(&m.name, m.name_en.as_deref()))
            );
        }
        s.push_str("</td></tr>");
    }
    s.push_str("</tbody></table></section>\n");
}

fn references(report: &Report<'_>, s: &mut String) {
    let l = report.lang;
    let _ = write!(
        s,
        "<section id=\"references\"><h2>{}</h2><table class=\"refs\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(l.t(Word::References)),
        esc(l.t(Word::Indicator)),
        esc(l.t(Word::Scope)),
        esc(l.t(Word::InForce)),
        esc(l.t(Word::Target)),
        esc(l.t(Word::NormalBand)),
        esc(l.t(Word::WarningBand)),
        esc(l.t(Word::Source)),
    );
    for (i, r) in report.references.iter().enumerate() {
        let row = report.reference_rows.get(r.id.as_str());
        let indicator = row.and_then(|x| report.methodology.indicator(&x.indicator));
        let decimals = indicator.map_or(2, |i| i.decimals);
        let name = indicator.map_or(String::new(), |i| report.indicator_name(i).to_string());
        let in_force = row.map_or(String::new(), |x| match x.to {
            Some(to) => format!("{} {} {} {to}", l.t(Word::From), x.from, l.t(Word::To)),
            None => format!("{} {}", l.t(Word::From), x.from),
        });
        let (kind, text) = report.source_text(&r.source);
        let note = row
            .and_then(|x| x.note.as_deref())
            .map(|n| format!("<div class=\"why\">{}</div>", esc(n)))
            .unwrap_or_default();
        let _ = write!(
            s,
            "<tr id=\"ref{i}\"><td>{} <div class=\"id\">{}</div></td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td><b>{}</b>: {}{note}</td></tr>",
            esc(&name),
            esc(&r.id),
            esc(&report.scope_text(&r.scope)),
            esc(&in_force),
            r.target
                .map(|t| esc(&l.number(t, decimals.min(t.scale()))))
                .unwrap_or_default(),
            esc(&report.band_text(&r.normal, decimals)),
            r.warning
                .map(|w| esc(&report.band_text(&w, decimals)))
                .unwrap_or_default(),
            esc(kind),
            esc(text),
        );
    }
    s.push_str("</tbody></table></section>\n");
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            esc("<a href=\"x\">Tom & 'Jerry'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt; "
        );
        assert_eq!(esc("Центр № 1\n"), "Центр № 1\n");
    }
}
