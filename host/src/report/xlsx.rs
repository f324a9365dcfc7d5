//! The report as a spreadsheet for the ministry's Excel workflow: a summary
//! sheet, one sheet per level (every indicator value of every entity, as
//! numbers), a sheet of deviations and one of the reference values.
//!
//! Numbers are written as numbers (with the indicator's decimals as the cell
//! format), never as text; each table has a frozen header row, an
//! autofilter and column widths.

use chrono::Datelike;
use etalon_core::methodology::{Band, Source};
use etalon_core::{Action, Level};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

use super::ReportError;
use super::i18n::{Lang, Word};
use super::journal::{owner_text, stage_text};
use super::model::{Node, Report};

fn num(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

fn number_format(decimals: u32) -> Format {
    match decimals {
        0 => Format::new().set_num_format("0"),
        d => Format::new().set_num_format(format!("0.{}", "0".repeat(d as usize))),
    }
}

/// The sheet names of the levels.
pub fn sheet_name(lang: Lang, level: Level) -> &'static str {
    lang.levels(level)
        .split(' ')
        .next()
        .unwrap_or(lang.levels(level))
}

struct Styles {
    header: Format,
    bold: Format,
    ok: Format,
    warn: Format,
    crit: Format,
    muted: Format,
}

impl Styles {
    fn new() -> Self {
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xE8EDF2))
                .set_text_wrap(),
            bold: Format::new().set_bold(),
            ok: Format::new().set_background_color(Color::RGB(0xE3F2E4)),
            warn: Format::new().set_background_color(Color::RGB(0xFFF0CC)),
            crit: Format::new().set_background_color(Color::RGB(0xFBE0E0)),
            muted: Format::new().set_font_color(Color::RGB(0x5B6573)),
        }
    }
}

/// A table being written: a header row, then rows; numbers stay numbers.
struct Table<'w> {
    sheet: &'w mut Worksheet,
    first: u32,
    row: u32,
    columns: u16,
}

impl<'w> Table<'w> {
    fn new(
        sheet: &'w mut Worksheet,
        first: u32,
        header: &[(&str, f64)],
        styles: &Styles,
    ) -> Result<Self, XlsxError> {
        for (c, (title, width)) in header.iter().enumerate() {
            sheet.write_string_with_format(first, c as u16, *title, &styles.header)?;
            sheet.set_column_width(c as u16, *width)?;
        }
        Ok(Table {
            sheet,
            first,
            row: first,
            columns: header.len() as u16,
        })
    }

    fn next(&mut self) {
        self.row += 1;
    }

    fn text(&mut self, col: u16, text: &str) -> Result<(), XlsxError> {
        if !text.is_empty() {
            self.sheet.write_string(self.row, col, text)?;
        }
        Ok(())
    }

    fn text_with(&mut self, col: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
        self.sheet
            .write_string_with_format(self.row, col, text, format)?;
        Ok(())
    }

    fn number(&mut self, col: u16, v: Option<Decimal>, format: &Format) -> Result<(), XlsxError> {
        if let Some(v) = v {
            self.sheet
                .write_number_with_format(self.row, col, num(v), format)?;
        }
        Ok(())
    }

    fn float(&mut self, col: u16, v: f64) -> Result<(), XlsxError> {
        self.sheet.write_number(self.row, col, v)?;
        Ok(())
    }

    fn int(&mut self, col: u16, v: Option<i64>) -> Result<(), XlsxError> {
        if let Some(v) = v {
            self.sheet.write_number(self.row, col, v as f64)?;
        }
        Ok(())
    }

    fn band(&mut self, col: u16, band: Option<&Band>, format: &Format) -> Result<(), XlsxError> {
        self.number(col, band.and_then(|b| b.min), format)?;
        self.number(col + 1, band.and_then(|b| b.max), format)
    }

    /// Freezes the header and sets an autofilter over the rows written.
    fn finish(self) -> Result<(), XlsxError> {
        self.sheet.set_freeze_panes(self.first + 1, 0)?;
        if self.columns > 0 {
            self.sheet
                .autofilter(self.first, 0, self.row.max(self.first), self.columns - 1)?;
        }
        Ok(())
    }
}

/// The report as an `.xlsx` file.
pub fn render(report: &Report<'_>) -> Result<Vec<u8>, ReportError> {
    let mut book = Workbook::new();
    let styles = Styles::new();
    summary_sheet(report, book.add_worksheet(), &styles)?;
    for level in report.levels() {
        level_sheet(report, level, book.add_worksheet(), &styles)?;
    }
    deviation_sheet(report, book.add_worksheet(), &styles)?;
    if report.journal.is_some() {
        journal_sheet(report, book.add_worksheet(), &styles)?;
    }
    if report.nok.is_some() {
        nok_sheet(report, book.add_worksheet(), &styles)?;
    }
    if report.kpi.is_some() {
        kpi_sheet(report, book.add_worksheet(), &styles)?;
    }
    reference_sheet(report, book.add_worksheet(), &styles)?;
    Ok(book.save_to_buffer()?)
}

fn summary_sheet(
    report: &Report<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let l = report.lang;
    let e = report.evaluation;
    let info = &report.methodology.manifest().package;
    sheet.set_name(l.t(Word::Summary))?;
    sheet.set_column_width(0, 44)?;
    for c in 1..6 {
        sheet.set_column_width(c, 14)?;
    }
    sheet.write_string_with_format(0, 0, l.t(Word::Title), &styles.bold)?;
    let facts = [
        (l.t(Word::Region), report.tree.region().name.clone()),
        (l.t(Word::Period), e.period.to_string()),
        (
            l.t(Word::Methodology),
            format!(
                "{} ({} {}, {} {})",
                l.pick(&info.name, info.name_en.as_deref()),
                l.t(Word::Version),
                info.version,
                l.t(Word::Edition),
                info.edition
            ),
        ),
    ];
    let mut row = 2;
    for (k, v) in facts {
        sheet.write_string_with_format(row, 0, k, &styles.bold)?;
        sheet.write_string(row, 1, v)?;
        row += 1;
    }
    row += 1;
    for level in report.levels() {
        sheet.write_string(row, 0, l.levels(level))?;
        sheet.write_number(
            row,
            1,
            report.summary.entities.get(&level).copied().unwrap_or(0) as f64,
        )?;
        row += 1;
    }
    for (word, n) in [
        (Word::Values, report.summary.values),
        (Word::Judged, report.summary.judged),
        (Word::NotJudged, report.summary.insufficient_base),
    ] {
        sheet.write_string(row, 0, l.t(word))?;
        sheet.write_number(row, 1, n as f64)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, l.t(Word::DeviationsByLevel), &styles.bold)?;
    row += 1;
    for (c, w) in [Word::Level, Word::Warnings, Word::Criticals, Word::Total]
        .into_iter()
        .enumerate()
    {
        sheet.write_string_with_format(row, c as u16, l.t(w), &styles.header)?;
    }
    row += 1;
    let mut total = (0, 0);
    for level in report.levels() {
        let c = report
            .summary
            .deviations
            .get(&level)
            .copied()
            .unwrap_or_default();
        total = (total.0 + c.warning, total.1 + c.critical);
        sheet.write_string(row, 0, l.levels(level))?;
        sheet.write_number(row, 1, c.warning as f64)?;
        sheet.write_number(row, 2, c.critical as f64)?;
        sheet.write_number(row, 3, (c.warning + c.critical) as f64)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, l.t(Word::Total), &styles.bold)?;
    sheet.write_number(row, 1, total.0 as f64)?;
    sheet.write_number(row, 2, total.1 as f64)?;
    sheet.write_number(row, 3, (total.0 + total.1) as f64)?;
    row += 2;
    if !report.worst.is_empty() {
        sheet.write_string_with_format(row, 0, l.t(Word::WorstIndicators), &styles.bold)?;
        row += 1;
        for (c, w) in [
            Word::Indicator,
            Word::Id,
            Word::Deviations,
            Word::Criticals,
            Word::Entities,
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_string_with_format(row, c as u16, l.t(w), &styles.header)?;
        }
        row += 1;
        for w in &report.worst {
            sheet.write_string(row, 0, report.indicator_name(w.indicator))?;
            sheet.write_string(row, 1, &w.indicator.id)?;
            sheet.write_number(row, 2, w.deviations as f64)?;
            sheet.write_number(row, 3, w.critical as f64)?;
            sheet.write_number(row, 4, w.entities as f64)?;
            row += 1;
        }
    }
    Ok(())
}

/// Who an entity belongs to: its group and organisation (ids and names).
fn owners(report: &Report<'_>, node: Node) -> [(String, String); 2] {
    let tree = report.tree;
    let mut group = (String::new(), String::new());
    let mut org = (String::new(), String::new());
    let (g, o) = match node.level {
        Level::Unit => {
            let o = tree.parent(Level::Unit, node.index);
            (Some(tree.parent(Level::Org, o)), Some(o))
        }
        Level::Org => (Some(tree.parent(Level::Org, node.index)), None),
        _ => (None, None),
    };
    if let Some(g) = g {
        group = (
            tree.id(Level::Group, g).to_string(),
            tree.name(Level::Group, g).to_string(),
        );
    }
    if let Some(o) = o {
        org = (
            tree.id(Level::Org, o).to_string(),
            tree.name(Level::Org, o).to_string(),
        );
    }
    [group, org]
}

fn level_sheet(
    report: &Report<'_>,
    level: Level,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let l = report.lang;
    sheet.set_name(sheet_name(l, level))?;
    let with_group = matches!(level, Level::Org | Level::Unit);
    let with_org = level == Level::Unit;
    let mut header: Vec<(String, f64)> = Vec::new();
    if with_group {
        header.push((l.t(Word::Group).to_string(), 26.0));
    }
    if with_org {
        header.push((l.t(Word::Org).to_string(), 30.0));
    }
    let periods = report.periods();
    let earlier = periods.len().saturating_sub(1);
    header.extend(
        [
            (l.t(Word::Id), 10.0),
            (l.t(Word::Name), 34.0),
            (l.t(Word::Process), 24.0),
            (l.t(Word::Id), 22.0),
            (l.t(Word::Indicator), 48.0),
            ("", 8.0),
            (l.t(Word::Value), 10.0),
            (l.t(Word::Base), 9.0),
            (l.t(Word::Judgement), 14.0),
            (l.t(Word::Target), 9.0),
        ]
        .into_iter()
        .map(|(t, w)| (t.to_string(), w)),
    );
    for (word, bound) in [
        (Word::NormalBand, "min"),
        (Word::NormalBand, "max"),
        (Word::WarningBand, "min"),
        (Word::WarningBand, "max"),
    ] {
        header.push((format!("{} {bound}", l.t(word)), 11.0));
    }
    for p in &periods[..earlier] {
        header.push((p.to_string(), 10.0));
    }
    header.extend(
        [
            (l.t(Word::Deviations), 40.0),
            (l.t(Word::ReferenceRow), 30.0),
            (l.t(Word::Formula), 36.0),
            (l.t(Word::Inputs), 40.0),
            (l.t(Word::FunnelLower), 12.0),
            (l.t(Word::FunnelUpper), 12.0),
            ("z", 8.0),
            (l.t(Word::Probability), 12.0),
            (l.t(Word::Assurance), 22.0),
            (l.t(Word::Variation), 22.0),
        ]
        .into_iter()
        .map(|(t, w)| (t.to_string(), w)),
    );
    let refs: Vec<(&str, f64)> = header.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    let mut t = Table::new(sheet, 0, &refs, styles)?;
    for entity in report.entities.iter().filter(|e| e.node.level == level) {
        let [group, org] = owners(report, entity.node);
        for section in &entity.sections {
            for row in &section.rows {
                let v = row.value;
                let ind = row.indicator;
                let fmt = number_format(ind.decimals);
                t.next();
                let mut c = 0u16;
                if with_group {
                    t.text(c, &group.1)?;
                    c += 1;
                }
                if with_org {
                    t.text(c, &org.1)?;
                    c += 1;
                }
                t.text(c, entity.id)?;
                t.text(c + 1, entity.name)?;
                t.text(c + 2, report.process_name(section.process))?;
                t.text(c + 3, &ind.id)?;
                t.text(c + 4, report.indicator_name(ind))?;
                t.text(c + 5, l.unit(ind.unit))?;
                t.number(c + 6, v.value, &fmt)?;
                t.int(c + 7, v.base)?;
                let jf = match v.judgement {
                    etalon_core::Judgement::Normal => &styles.ok,
                    etalon_core::Judgement::Warning => &styles.warn,
                    etalon_core::Judgement::Critical => &styles.crit,
                    _ => &styles.muted,
                };
                t.text_with(c + 8, l.judgement(v.judgement), jf)?;
                let r = v.reference.as_ref();
                t.number(c + 9, r.and_then(|r| r.target), &fmt)?;
                t.band(c + 10, r.map(|r| &r.normal), &fmt)?;
                t.band(c + 12, r.and_then(|r| r.warning.as_ref()), &fmt)?;
                c += 14;
                for h in &v.history {
                    t.number(c, *h, &fmt)?;
                    c += 1;
                }
                c += (earlier - v.history.len().min(earlier)) as u16;
                let reasons: Vec<String> =
                    row.deviations.iter().map(|d| report.reason(d)).collect();
                t.text(c, &reasons.join("; "))?;
                t.text(c + 1, r.map_or("", |r| r.id.as_str()))?;
                t.text(c + 2, &v.formula)?;
                let inputs: Vec<String> =
                    v.inputs.iter().map(|(k, n)| format!("{k} = {n}")).collect();
                t.text(c + 3, &inputs.join("; "))?;
                if let Some(f) = &v.funnel {
                    t.float(c + 4, f.lower_99_8)?;
                    t.float(c + 5, f.upper_99_8)?;
                    if let Some(z) = f.z {
                        t.float(c + 6, z)?;
                    }
                    t.float(c + 7, f.probability)?;
                }
                if let Some(a) = &v.assurance {
                    t.text(c + 8, l.assurance(a.class))?;
                    t.text(c + 9, l.variation(a.variation))?;
                }
            }
        }
    }
    t.finish()
}

fn deviation_sheet(
    report: &Report<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let l = report.lang;
    sheet.set_name(l.t(Word::Deviations))?;
    let header = [
        (l.t(Word::Judgement), 14.0),
        (l.t(Word::Level), 16.0),
        (l.t(Word::Group), 26.0),
        (l.t(Word::Org), 30.0),
        (l.t(Word::Id), 10.0),
        (l.t(Word::Entity), 34.0),
        (l.t(Word::Process), 24.0),
        (l.t(Word::Id), 22.0),
        (l.t(Word::Indicator), 48.0),
        (l.t(Word::Value), 10.0),
        (l.t(Word::Rule), 30.0),
        (l.t(Word::Reason), 60.0),
        (l.t(Word::ReferenceRow), 30.0),
        ("id", 40.0),
        (l.t(Word::Action), 22.0),
        (l.t(Word::Probability), 12.0),
    ];
    let mut t = Table::new(sheet, 0, &header, styles)?;
    for d in &report.deviations {
        let Some(ind) = report.methodology.indicator(&d.indicator) else {
            continue;
        };
        let [group, org] = match report.node_of(&d.entity) {
            Some(node) => owners(report, node),
            None => Default::default(),
        };
        t.next();
        let sf = match d.severity {
            etalon_core::methodology::DeviationSeverity::Warning => &styles.warn,
            etalon_core::methodology::DeviationSeverity::Critical => &styles.crit,
        };
        t.text_with(0, l.severity(d.severity), sf)?;
        t.text(1, l.level(d.entity.level))?;
        t.text(2, &group.1)?;
        t.text(3, &org.1)?;
        t.text(4, &d.entity.id)?;
        t.text(5, &d.entity_name)?;
        let process = d
            .process
            .as_deref()
            .and_then(|p| report.methodology.process(p));
        t.text(6, report.process_name(process))?;
        t.text(7, &d.indicator)?;
        t.text(8, report.indicator_name(ind))?;
        t.number(9, d.value, &number_format(ind.decimals))?;
        t.text(10, report.rule_name(d))?;
        t.text(11, &report.reason(d))?;
        t.text(12, d.reference.as_ref().map_or("", |r| r.id.as_str()))?;
        t.text(13, &d.id)?;
        t.text(
            14,
            l.t(match d.action {
                Action::Escalate => Word::Escalate,
                Action::Watch => Word::Watch,
            }),
        )?;
        if let Some(p) = d.probability {
            t.float(15, p)?;
        }
    }
    t.finish()
}

fn journal_sheet(
    report: &Report<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let Some(j) = &report.journal else {
        return Ok(());
    };
    let l = report.lang;
    sheet.set_name(l.t(Word::Journal))?;
    let header = [
        (l.t(Word::Due), 11.0),
        (l.t(Word::OverdueDays), 10.0),
        (l.t(Word::Judgement), 14.0),
        (l.t(Word::Level), 16.0),
        (l.t(Word::Id), 10.0),
        (l.t(Word::Entity), 34.0),
        (l.t(Word::Id), 22.0),
        (l.t(Word::Indicator), 48.0),
        (l.t(Word::Responsible), 40.0),
        (l.t(Word::Entity), 30.0),
        (l.t(Word::Stage), 24.0),
        ("id", 40.0),
    ];
    let mut t = Table::new(sheet, 0, &header, styles)?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for o in &j.open {
        t.next();
        if let Some(due) = o.due {
            let d = rust_xlsxwriter::ExcelDateTime::from_ymd(
                due.year() as u16,
                due.month() as u8,
                due.day() as u8,
            )?;
            t.sheet.write_datetime_with_format(t.row, 0, &d, &date)?;
        }
        t.int(1, o.overdue_days)?;
        let sf = match o.severity {
            etalon_core::methodology::DeviationSeverity::Warning => &styles.warn,
            etalon_core::methodology::DeviationSeverity::Critical => &styles.crit,
        };
        t.text_with(2, l.severity(o.severity), sf)?;
        t.text(3, l.level(o.entity.level))?;
        t.text(4, &o.entity.id)?;
        t.text(5, &o.entity_name)?;
        t.text(6, &o.indicator)?;
        let name = report
            .methodology
            .indicator(&o.indicator)
            .map_or("", |i| report.indicator_name(i));
        t.text(7, name)?;
        let (role, at) = owner_text(report, o.owner.as_ref());
        t.text(8, &role)?;
        t.text(9, &at)?;
        t.text(10, stage_text(l, o.stage))?;
        t.text(11, &o.id)?;
    }
    t.finish()
}

fn nok_sheet(report: &Report<'_>, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
    let Some(nok) = &report.nok else {
        return Ok(());
    };
    let l = report.lang;
    sheet.set_name(l.t(Word::NokShort))?;
    let criteria: Vec<(String, String)> = report
        .methodology
        .nok()
        .map(|sc| {
            sc.criteria
                .iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        format!("{}{}", l.t(Word::CriterionShort), c.number),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut header: Vec<(&str, f64)> = vec![
        (l.t(Word::Rank), 8.0),
        (l.t(Word::Id), 10.0),
        (l.t(Word::Org), 40.0),
        (l.t(Word::Group), 34.0),
        (l.t(Word::TotalScore), 12.0),
        (l.t(Word::RatingBand), 14.0),
    ];
    header.extend(criteria.iter().map(|(_, h)| (h.as_str(), 9.0)));
    header.push((l.t(Word::Respondents), 10.0));
    let mut t = Table::new(sheet, 0, &header, styles)?;
    let fmt = number_format(nok.scores.rounding.decimals);
    let show = |v: Option<Decimal>| v.map(|v| nok.scores.rounding.apply(v));
    for o in &nok.orgs {
        t.next();
        t.int(0, o.rank.map(i64::from))?;
        t.text(1, &o.org)?;
        t.text(2, o.name.as_deref().unwrap_or(""))?;
        let group = o
            .group
            .as_deref()
            .and_then(|g| report.tree.find(Level::Group, g))
            .map_or("", |i| report.tree.name(Level::Group, i));
        t.text(3, group)?;
        t.number(4, show(o.total), &fmt)?;
        t.text(5, o.band.as_deref().unwrap_or(""))?;
        for (i, (id, _)) in criteria.iter().enumerate() {
            t.number(6 + i as u16, show(o.criterion(id)), &fmt)?;
        }
        t.int(6 + criteria.len() as u16, o.respondents)?;
    }
    t.finish()
}

fn kpi_sheet(report: &Report<'_>, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
    let Some(kpi) = &report.kpi else {
        return Ok(());
    };
    let l = report.lang;
    sheet.set_name(l.t(Word::KpiShort))?;
    let header = [
        (l.t(Word::Level), 16.0),
        (l.t(Word::Rank), 8.0),
        (l.t(Word::Id), 10.0),
        (l.t(Word::Entity), 44.0),
        (l.t(Word::Points), 10.0),
        (l.t(Word::MaxPoints), 10.0),
        (l.t(Word::PercentOfMax), 12.0),
    ];
    let mut t = Table::new(sheet, 0, &header, styles)?;
    let fmt = number_format(kpi.decimals);
    for (level, managers) in [(Level::Org, &kpi.directors), (Level::Group, &kpi.heads)] {
        for m in managers.iter() {
            t.next();
            t.text(0, l.level(level))?;
            t.int(1, m.rank.map(i64::from))?;
            t.text(2, &m.id)?;
            t.text(3, m.name.as_deref().unwrap_or(""))?;
            t.number(4, Some(m.points), &fmt)?;
            t.number(5, Some(m.max_points), &fmt)?;
            t.number(6, m.percent, &fmt)?;
        }
    }
    t.finish()
}

fn reference_sheet(
    report: &Report<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let l = report.lang;
    sheet.set_name(l.t(Word::Band))?;
    let bounds = [
        format!("{} min", l.t(Word::NormalBand)),
        format!("{} max", l.t(Word::NormalBand)),
        format!("{} min", l.t(Word::WarningBand)),
        format!("{} max", l.t(Word::WarningBand)),
    ];
    let header = [
        ("id", 34.0),
        (l.t(Word::Indicator), 48.0),
        (l.t(Word::Scope), 22.0),
        (l.t(Word::From), 11.0),
        (l.t(Word::To), 11.0),
        (l.t(Word::Target), 9.0),
        (bounds[0].as_str(), 11.0),
        (bounds[1].as_str(), 11.0),
        (bounds[2].as_str(), 11.0),
        (bounds[3].as_str(), 11.0),
        (l.t(Word::Source), 22.0),
        ("", 80.0),
    ];
    let mut t = Table::new(sheet, 0, &header, styles)?;
    for r in &report.references {
        let row = report.reference_rows.get(r.id.as_str());
        let ind = row.and_then(|x| report.methodology.indicator(&x.indicator));
        let fmt = number_format(ind.map_or(2, |i| i.decimals));
        t.next();
        t.text(0, &r.id)?;
        t.text(1, ind.map_or("", |i| report.indicator_name(i)))?;
        t.text(2, &report.scope_text(&r.scope))?;
        t.text(3, &row.map_or(String::new(), |x| x.from.to_string()))?;
        t.text(
            4,
            &row.and_then(|x| x.to)
                .map_or(String::new(), |d| d.to_string()),
        )?;
        t.number(5, r.target, &fmt)?;
        t.band(6, Some(&r.normal), &fmt)?;
        t.band(8, r.warning.as_ref(), &fmt)?;
        let (kind, text) = match &r.source {
            Source::Act(t) => (l.t(Word::Act), t),
            Source::Proposal(t) => (l.t(Word::Proposal), t),
        };
        t.text(10, kind)?;
        // The text, then every source it cites in full.
        let mut cell = text.to_string();
        for c in report.methodology.cited(text) {
            cell.push_str(&format!("\n{}: {}", c.key, c.text()));
        }
        t.text(11, &cell)?;
    }
    t.finish()
}
