//! Compiling a package: read every file, check every reference between
//! them, compile every script, and report all problems at once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use toml::Spanned;

use super::calendar::CalendarFiles;
use super::model::*;
use super::reading::*;
use super::references::{ReferenceIndex, reference_id};
use super::{CompileOptions, Compiled};
use crate::data::{ColumnType, Level, TableKind};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::filter::{Checker, Fields, ParamValue, parse_condition, parse_value};
use crate::package::manifest::{DateRules, RawData, RawEvaluation, RawManifest, RawPackage};
use crate::package::source::TomlDoc;
use crate::package::{Contents, Manifest, PackageFiles, PackageInfo};
use crate::script::{Runtime, ScriptLimits};
use crate::time::WorkCalendar;

/// Accumulates diagnostics while the package is read.
struct Ctx<'a> {
    files: &'a PackageFiles,
    diags: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    fn error(&mut self, code: &str, at: Location, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(code, at, message));
        self.diags.last_mut().expect("just pushed")
    }

    fn warn(&mut self, code: &str, at: Location, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::warning(code, at, message));
        self.diags.last_mut().expect("just pushed")
    }

    /// The text of a file the manifest lists, or an error at the listing.
    fn listed(&mut self, manifest: &TomlDoc, path: &Spanned<String>) -> Option<(&'a str, &'a str)> {
        match self.files.files_entry(path.get_ref()) {
            Some(entry) => Some(entry),
            None => {
                self.error(
                    "missing-file",
                    manifest.at(path.span()),
                    format!(
                        "the manifest lists `{}`, but the package has no such file",
                        path.get_ref()
                    ),
                )
                .set_text("missing-file", &[("file", path.get_ref())]);
                None
            }
        }
    }
}

impl PackageFiles {
    fn files_entry(&self, path: &str) -> Option<(&str, &str)> {
        self.iter().find(|(p, _)| *p == path)
    }
}

/// The place of byte `offset` of the text inside a quoted TOML string.
fn in_string(doc: &TomlDoc, s: &Spanned<String>, offset: usize) -> Location {
    let chars = s.get_ref().get(..offset).map_or(0, |t| t.chars().count());
    doc.at(s.span()).within(1, chars as u32 + 1)
}

pub(super) fn compile(
    files: &PackageFiles,
    options: &CompileOptions,
) -> Result<Compiled, Diagnostics> {
    let mut cx = Ctx {
        files,
        diags: Vec::new(),
    };
    if let Some(max) = options.max_package_bytes {
        if files.total_bytes() > max {
            cx.error(
                "package-too-large",
                Location::file(PackageFiles::MANIFEST),
                format!(
                    "the package has {} bytes of text; this host accepts at most {max}",
                    files.total_bytes()
                ),
            )
            .set_text(
                "package-too-large",
                &[
                    ("bytes", files.total_bytes().to_string()),
                    ("max", max.to_string()),
                ],
            );
            return Err(cx.diags.into());
        }
    }
    let Some(manifest_text) = files.get(PackageFiles::MANIFEST) else {
        cx.error(
            "missing-manifest",
            Location::file(PackageFiles::MANIFEST),
            "a package needs an `etalon.toml` manifest at its root",
        )
        .set_text::<&str>("missing-manifest", &[]);
        return Err(cx.diags.into());
    };
    let Some(doc) = TomlDoc::parse(PackageFiles::MANIFEST, manifest_text, &mut cx.diags) else {
        return Err(cx.diags.into());
    };
    let raw = read_manifest(&doc, &mut cx);
    let limits = capped_limits(&raw.limits, options, &doc, &mut cx);

    let mut runtime = Runtime::new(&limits);
    for path in &raw.contents.scripts {
        let Some((file, text)) = cx.listed(&doc, path) else {
            continue;
        };
        for e in runtime.add_library(file, text).err().unwrap_or_default() {
            let at = Location {
                file: file.to_string(),
                line: e.line,
                column: e.column,
            };
            let code = if e.shadows {
                "shadows-built-in"
            } else if e.limit.is_some() {
                "script-limit"
            } else {
                "script-syntax"
            };
            let d = cx.error(code, at, e.message);
            if let Some((id, args)) = &e.text {
                d.set_text(id, args);
            }
        }
    }

    let params = read_params(&raw.params, &doc, &mut cx);
    let mut calendar_files = CalendarFiles::default();
    for path in &raw.contents.calendar {
        if let Some((file, text)) = cx.listed(&doc, path) {
            calendar_files.read(file, text, &mut cx.diags);
        }
    }
    let calendar = WorkCalendar::of_years(calendar_files.years, calendar_files.regions);
    let questions = raw
        .contents
        .questionnaire
        .as_ref()
        .and_then(|p| cx.listed(&doc, p))
        .map(|(file, text)| read_questionnaire(file, text, &mut cx))
        .unwrap_or_default();
    let fields = table_fields(&questions);

    let mut rules = Rules::default();
    let mut process_docs = Vec::new();
    for path in &raw.contents.processes {
        if let Some((file, text)) = cx.listed(&doc, path) {
            if let Some(d) = TomlDoc::parse(file, text, &mut cx.diags) {
                d.reject_unknown_keys(&["process", "measure", "indicator"], &mut cx.diags);
                process_docs.push(d);
            }
        }
    }
    // Processes and measures of every file first: indicators may use any.
    let mut file_process = Vec::new();
    for d in &process_docs {
        file_process.push(rules.read_process(d, &mut cx));
    }
    for (d, process) in process_docs.iter().zip(&file_process) {
        rules.read_measures(d, *process, &fields, &params, &mut cx);
    }
    for (d, process) in process_docs.iter().zip(&file_process) {
        rules.read_indicators(d, *process, &params, &runtime, &mut cx);
    }

    let mut reference_rows = Vec::new();
    for path in &raw.contents.references {
        if let Some((file, text)) = cx.listed(&doc, path) {
            if let Some(d) = TomlDoc::parse(file, text, &mut cx.diags) {
                d.reject_unknown_keys(&["reference"], &mut cx.diags);
                reference_rows.extend(rules.read_references(&d, &mut cx));
            }
        }
    }
    let indicator_ids: HashMap<String, usize> = rules
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.id.clone(), i))
        .collect();
    let (references, overlaps) = ReferenceIndex::new(
        reference_rows,
        |id| indicator_ids.get(id).copied(),
        rules.indicators.len(),
    );
    cx.diags.extend(overlaps);

    let trends = raw
        .contents
        .trends
        .as_ref()
        .and_then(|p| cx.listed(&doc, p))
        .map(|(file, text)| rules.read_trends(file, text, &mut cx))
        .unwrap_or_default();

    let scoring = crate::scoring::compile(
        &crate::scoring::Inputs {
            files,
            manifest: &doc,
            contents: &raw.contents,
            runtime: &runtime,
            questions: &questions,
            survey_fields: &fields[TableKind::Surveys.index()],
            params: &params,
            indicators: &rules.indicators,
        },
        &mut cx.diags,
    );
    let responsibility = raw
        .contents
        .responsibility
        .as_ref()
        .and_then(|p| cx.listed(&doc, p))
        .and_then(|(file, text)| {
            crate::responsibility::read(
                file,
                text,
                &rules.processes,
                &rules.indicators,
                &mut cx.diags,
            )
        });

    let sources = super::sources::read(files, &doc, &raw.contents, &mut cx.diags);
    check_coverage(&rules, &references, &mut cx);
    check_unlisted_files(files, &raw.contents, &mut cx);
    if syntax_first(&mut cx.diags) {
        super::probe::probe(&runtime, &rules.indicators, &scoring, &mut cx.diags);
    }

    let diags: Diagnostics = cx.diags.into();
    if diags.has_errors() {
        return Err(diags);
    }
    let Some(package) = raw.package else {
        // A missing [package] is always reported as an error above.
        return Err(diags);
    };
    Ok(Compiled {
        manifest: Manifest {
            package: PackageInfo {
                id: package.id.into_inner(),
                name: package.name,
                name_en: package.name_en,
                version: package.version,
                edition: package.edition,
                in_force_from: package.in_force_from.0,
                in_force_to: package.in_force_to.map(|d| d.0),
                description: package.description,
            },
            history: raw.evaluation.history,
            default_period: raw.evaluation.period,
            limits,
            dates: DateRules {
                from: raw.data.dates_from.0,
                after_period_days: raw.data.dates_after_period_days,
                breach: raw.data.implausible_dates,
            },
        },
        processes: rules.processes,
        measures: rules.measures,
        indicators: rules.indicators,
        references,
        trends,
        questions,
        params,
        calendar,
        responsibility,
        sources,
        codes: rules.codes,
        fields,
        runtime,
        scoring,
        warnings: diags,
    })
}

/// The package's limits under the host's ceiling; each limit asked above
/// it is capped, with a warning at its key.
fn capped_limits(
    asked: &ScriptLimits,
    options: &CompileOptions,
    doc: &TomlDoc,
    cx: &mut Ctx,
) -> ScriptLimits {
    let ceiling = options
        .limits_cap
        .unwrap_or(ScriptLimits::CEILING)
        .capped_by(&ScriptLimits::HARD);
    let keys = doc
        .table::<BTreeMap<String, Spanned<toml::Value>>>("limits", &mut Vec::new())
        .map(|(_, keys)| keys)
        .unwrap_or_default();
    for c in asked.above(&ceiling) {
        let at = keys
            .get(c.key)
            .map_or_else(|| Location::file(doc.file()), |v| doc.at(v.span()));
        let (key, asked, allowed) = (c.key, c.asked, c.allowed);
        cx.warn(
            "limit-capped",
            at,
            format!(
                "the package asks `{key} = {asked}`, above this host's ceiling of {allowed}; {allowed} is used"
            ),
        )
        .set_text(
            "limit-capped",
            &[
                ("key", key.to_string()),
                ("asked", asked.to_string()),
                ("allowed", allowed.to_string()),
            ],
        );
    }
    asked.capped_by(&ceiling)
}

/// When a TOML file does not parse, what is found after it mostly follows
/// from it (its rules look missing, references unused...): its syntax
/// errors are reported alone, and one line says what was skipped. A script
/// that does not parse leaves the other checks standing, but its functions
/// cannot run, so the script probes are skipped. Whether the probes may run.
fn syntax_first(diags: &mut Vec<Diagnostic>) -> bool {
    let broken = |code: &str| diags.iter().any(|d| d.code == code);
    let (toml, script) = (broken("toml-syntax"), broken("script-syntax"));
    if !toml && !script {
        return true;
    }
    let (syntax, rest): (Vec<Diagnostic>, Vec<Diagnostic>) = std::mem::take(diags)
        .into_iter()
        .partition(|d| d.code == "toml-syntax" || d.code == "script-syntax");
    let files: BTreeSet<&str> = syntax.iter().map(|d| d.file.as_str()).collect();
    let count = files.len();
    let does = if count == 1 { "does" } else { "do" };
    let list = files.into_iter().collect::<Vec<_>>().join(", ");
    let skipped = if toml {
        Diagnostic::warning(
            "checks-skipped",
            Location::file(PackageFiles::MANIFEST),
            format!(
                "the other checks of the package ({} finding(s)) and the script probes were skipped: they depend on {list}, which {does} not parse; fix it and check again",
                rest.len()
            ),
        )
        .with_text(
            "checks-skipped",
            &[
                ("findings", rest.len().to_string()),
                ("files", list.clone()),
                ("count", count.to_string()),
            ],
        )
    } else {
        Diagnostic::warning(
            "checks-skipped",
            Location::file(PackageFiles::MANIFEST),
            format!(
                "the formulas and package functions were not run on probe inputs: {list} {does} not parse; fix it and check again"
            ),
        )
        .with_text(
            "probes-skipped",
            &[("files", list.clone()), ("count", count.to_string())],
        )
    };
    *diags = syntax;
    if !toml {
        diags.extend(rest);
    }
    diags.push(skipped);
    false
}

fn read_manifest(doc: &TomlDoc, cx: &mut Ctx) -> RawManifest {
    doc.reject_unknown_keys(
        &[
            "package",
            "contents",
            "evaluation",
            "data",
            "params",
            "limits",
        ],
        &mut cx.diags,
    );
    let package = doc
        .table::<RawPackage>("package", &mut cx.diags)
        .map(|(_, p)| p);
    if package.is_none()
        && !cx
            .diags
            .iter()
            .any(|d| d.file == doc.file() && d.is_error())
    {
        cx.error(
            "missing-section",
            Location::file(doc.file()),
            "the manifest needs a [package] section with id, name, version, edition and in_force_from",
        )
        .set_text::<&str>("missing-package-section", &[]);
    }
    if let Some(p) = &package {
        if !is_id(p.id.get_ref()) {
            cx.error("bad-id", doc.at(p.id.span()), id_message(p.id.get_ref()))
                .set_text("bad-id", &[("id", p.id.get_ref())]);
        }
        if let Some(to) = p.in_force_to {
            if to < p.in_force_from {
                cx.error(
                    "bad-dates",
                    Location::file(doc.file()),
                    "in_force_to is before in_force_from",
                )
                .set_text::<&str>("in-force-to-before-from", &[]);
            }
        }
    }
    let contents = doc
        .table::<Contents>("contents", &mut cx.diags)
        .map(|(_, c)| c)
        .unwrap_or_default();
    let evaluation = doc
        .table::<RawEvaluation>("evaluation", &mut cx.diags)
        .map(|(_, e)| e)
        .unwrap_or_default();
    let data = doc
        .table::<RawData>("data", &mut cx.diags)
        .map(|(_, d)| d)
        .unwrap_or_default();
    let params = doc
        .table::<BTreeMap<String, Spanned<toml::Value>>>("params", &mut cx.diags)
        .map(|(_, p)| p)
        .unwrap_or_default();
    let limits = doc
        .table::<ScriptLimits>("limits", &mut cx.diags)
        .map(|(_, l)| l)
        .unwrap_or_default();
    RawManifest {
        package,
        contents,
        evaluation,
        data,
        params,
        limits,
    }
}

fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn id_message(s: &str) -> String {
    format!(
        "`{s}` is not a valid id: use lower-case latin letters, digits, `_` or `-`, starting with a letter (names in Russian go in `name`)"
    )
}

fn read_params(
    raw: &BTreeMap<String, Spanned<toml::Value>>,
    doc: &TomlDoc,
    cx: &mut Ctx,
) -> BTreeMap<String, ParamValue> {
    let mut out = BTreeMap::new();
    for (name, value) in raw {
        let at = doc.at(value.span());
        let v = match value.get_ref() {
            toml::Value::Integer(i) => ParamValue::Int(*i),
            toml::Value::Float(f) => match f.to_string().parse::<Decimal>() {
                Ok(d) => ParamValue::Decimal(d),
                Err(_) => {
                    cx.error(
                        "bad-param",
                        at,
                        format!("parameter `{name}` is not a usable number"),
                    )
                    .set_text("bad-param-number", &[("name", name)]);
                    continue;
                }
            },
            toml::Value::String(s) => ParamValue::Text(s.clone()),
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => match chrono::NaiveDate::from_ymd_opt(
                    d.year.into(),
                    d.month.into(),
                    d.day.into(),
                ) {
                    Some(date) => ParamValue::Date(date),
                    None => {
                        cx.error(
                            "bad-param",
                            at,
                            format!("parameter `{name}` is not a calendar date"),
                        )
                        .set_text("bad-param-date", &[("name", name)]);
                        continue;
                    }
                },
                _ => {
                    cx.error(
                        "bad-param",
                        at,
                        format!("parameter `{name}` must be a plain date"),
                    )
                    .set_text("bad-param-plain-date", &[("name", name)]);
                    continue;
                }
            },
            other => {
                cx.error(
                    "bad-param",
                    at,
                    format!(
                        "parameter `{name}` is {}; use a number, a text or a date",
                        other.type_str()
                    ),
                )
                .set_text(
                    "bad-param-type",
                    &[("name", name.as_str()), ("type", other.type_str())],
                );
                continue;
            }
        };
        if !is_id(name) {
            cx.error("bad-id", doc.at(value.span()), id_message(name))
                .set_text("bad-id", &[("id", name)]);
        }
        out.insert(name.clone(), v);
    }
    out
}

/// The process card: absent altogether, or every list given in both
/// languages, item for item.
fn read_card(raw: &RawProcess, at: Location, cx: &mut Ctx) -> Option<ProcessCard> {
    let lists = [
        ("inputs", &raw.inputs, &raw.inputs_en),
        ("outputs", &raw.outputs, &raw.outputs_en),
        ("consumers", &raw.consumers, &raw.consumers_en),
        ("acts", &raw.acts, &raw.acts_en),
    ];
    if lists.iter().all(|(_, ru, en)| ru.is_none() && en.is_none()) {
        return None;
    }
    let mut complete = true;
    for (key, ru, en) in lists {
        match (ru, en) {
            (Some(ru), Some(en)) if ru.len() == en.len() && !ru.is_empty() => {}
            (Some(ru), Some(en)) => {
                complete = false;
                cx.error(
                    "process-card",
                    at.clone(),
                    format!(
                        "the process card's `{key}` has {} items and `{key}_en` {}: give each item in both languages",
                        ru.len(),
                        en.len()
                    ),
                )
                .set_text(
                    "process-card-counts",
                    &[
                        ("key", key.to_string()),
                        ("ru", ru.len().to_string()),
                        ("en", en.len().to_string()),
                    ],
                );
            }
            _ => {
                complete = false;
                cx.error(
                    "process-card",
                    at.clone(),
                    format!(
                        "the process card needs `{key}` and `{key}_en` (inputs, outputs, consumers and acts, in Russian and English)"
                    ),
                )
                .set_text("process-card-list", &[("key", key)]);
            }
        }
    }
    if raw.description.is_none()
        || raw.description_en.is_none()
        || raw.owner.is_none()
        || raw.owner_en.is_none()
    {
        complete = false;
        cx.error(
            "process-card",
            at,
            "the process card needs `description`, `description_en`, `owner` and `owner_en`",
        )
        .set_text::<&str>("process-card-texts", &[]);
    }
    let list = |v: &Option<Vec<String>>| v.clone().unwrap_or_default();
    complete.then(|| ProcessCard {
        inputs: list(&raw.inputs),
        inputs_en: list(&raw.inputs_en),
        outputs: list(&raw.outputs),
        outputs_en: list(&raw.outputs_en),
        consumers: list(&raw.consumers),
        consumers_en: list(&raw.consumers_en),
        acts: list(&raw.acts),
        acts_en: list(&raw.acts_en),
    })
}

fn read_questionnaire(file: &str, text: &str, cx: &mut Ctx) -> Vec<Question> {
    let Some(doc) = TomlDoc::parse(file, text, &mut cx.diags) else {
        return Vec::new();
    };
    doc.reject_unknown_keys(&["question"], &mut cx.diags);
    let mut out: Vec<Question> = Vec::new();
    let fixed: Vec<&str> = TableKind::Surveys
        .columns()
        .iter()
        .map(|c| c.name)
        .collect();
    for (at, q) in doc.array::<RawQuestion>("question", &mut cx.diags) {
        let id = q.id.get_ref();
        let id_at = doc.at(q.id.span());
        if !is_id(id) || id.contains('-') {
            cx.error(
                "bad-id",
                id_at,
                format!(
                    "`{id}` cannot name a survey column: use lower-case latin letters, digits and `_`"
                ),
            )
            .set_text("bad-question-id", &[("id", id)]);
        } else if fixed.contains(&id.as_str()) {
            cx.error(
                "duplicate-id",
                id_at,
                format!("`{id}` is already a fixed column of the survey table"),
            )
            .set_text("survey-fixed-column", &[("id", id)]);
        } else if out.iter().any(|o| &o.id == id) {
            cx.error(
                "duplicate-id",
                id_at,
                format!("question `{id}` is defined twice"),
            )
            .set_text("duplicate-question", &[("id", id)]);
        }
        if q.answers.is_empty() {
            cx.error(
                "empty-list",
                at.clone(),
                format!("question `{id}` lists no answers"),
            )
            .set_text("question-no-answers", &[("id", id)]);
        }
        let answered = q.answered.unwrap_or_else(|| q.answers.clone());
        out.push(Question {
            id: q.id.into_inner(),
            number: q.number,
            text: q.text,
            text_en: q.text_en,
            answers: q.answers,
            satisfied: q.satisfied.unwrap_or_default(),
            answered,
            location: at.clone(),
            asked_if_location: q.asked_if.as_ref().map(|a| doc.at(a.span())),
            asked_if: q.asked_if.map(Spanned::into_inner),
            base: q.base,
        });
    }
    out
}

/// The fields filters may name, per table: the columns, plus the
/// questionnaire items for surveys.
fn table_fields(questions: &[Question]) -> Vec<Fields> {
    TableKind::ALL
        .iter()
        .map(|t| {
            let mut f = Fields {
                names: t.columns().iter().map(|c| c.name.to_string()).collect(),
                types: t.columns().iter().map(|c| c.ty).collect(),
            };
            if *t == TableKind::Surveys {
                for q in questions {
                    f.names.push(q.id.clone());
                    f.types.push(ColumnType::Code);
                }
            }
            f
        })
        .collect()
}

/// Processes, measures and indicators as they are read.
#[derive(Default)]
struct Rules {
    processes: Vec<Process>,
    measures: Vec<Measure>,
    indicators: Vec<Indicator>,
    codes: Vec<String>,
    /// Measure ids used by some indicator.
    used_measures: BTreeSet<String>,
    /// Every indicator read, with its direction, even one whose formula
    /// failed: references to it are still checked, not called unknown.
    declared: Vec<(String, Direction)>,
}

impl Rules {
    fn read_process(&mut self, doc: &TomlDoc, cx: &mut Ctx) -> Option<usize> {
        let (_, raw) = doc.table::<RawProcess>("process", &mut cx.diags)?;
        let id = raw.id.get_ref().clone();
        if !is_id(&id) {
            cx.error("bad-id", doc.at(raw.id.span()), id_message(&id))
                .set_text("bad-id", &[("id", &id)]);
        }
        if self.processes.iter().any(|p| p.id == id) {
            cx.error(
                "duplicate-id",
                doc.at(raw.id.span()),
                format!("process `{id}` is defined in two files"),
            )
            .set_text("duplicate-process", &[("id", &id)]);
            return None;
        }
        let card = read_card(&raw, doc.at(raw.id.span()), cx);
        self.processes.push(Process {
            id,
            name: raw.name,
            name_en: raw.name_en,
            owner: raw.owner,
            owner_en: raw.owner_en,
            description: raw.description,
            description_en: raw.description_en,
            card,
        });
        Some(self.processes.len() - 1)
    }

    fn read_measures(
        &mut self,
        doc: &TomlDoc,
        file_process: Option<usize>,
        fields: &[Fields],
        params: &BTreeMap<String, ParamValue>,
        cx: &mut Ctx,
    ) {
        for (at, raw) in doc.array::<RawMeasure>("measure", &mut cx.diags) {
            let id = raw.id.get_ref().clone();
            let id_at = doc.at(raw.id.span());
            if !is_id(&id) {
                cx.error("bad-id", id_at.clone(), id_message(&id))
                    .set_text("bad-id", &[("id", &id)]);
            }
            if self.measures.iter().any(|m| m.id == id) {
                cx.error(
                    "duplicate-id",
                    id_at,
                    format!("measure `{id}` is defined twice"),
                )
                .set_text("duplicate-measure", &[("id", &id)])
                .rule = Some(id.clone());
                continue;
            }
            let table = match raw.table.get_ref().parse::<TableKind>() {
                Ok(t) => t,
                Err(message) => {
                    let tables: Vec<_> = TableKind::ALL.iter().map(|t| t.name()).collect();
                    cx.error("unknown-table", doc.at(raw.table.span()), message)
                        .set_text(
                            "unknown-table",
                            &[
                                ("name", raw.table.get_ref().as_str()),
                                ("tables", &tables.join(", ")),
                            ],
                        )
                        .rule = Some(id.clone());
                    continue;
                }
            };
            if let Some(m) = self.compile_measure(
                doc,
                at,
                raw,
                table,
                file_process,
                &fields[table.index()],
                params,
                cx,
            ) {
                self.measures.push(m);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn compile_measure(
        &mut self,
        doc: &TomlDoc,
        at: Location,
        raw: RawMeasure,
        table: TableKind,
        file_process: Option<usize>,
        fields: &Fields,
        params: &BTreeMap<String, ParamValue>,
        cx: &mut Ctx,
    ) -> Option<Measure> {
        let id = raw.id.get_ref().clone();
        let errors_before = cx.diags.iter().filter(|d| d.is_error()).count();
        let field = |name: &str| fields.names.iter().position(|n| n == name);
        let mut compiled = CompiledMeasure::default();

        // Which process's records: the file's, unless the measure says.
        let has_process_column = field("process").is_some();
        let process = match &raw.process {
            Some(p) if p.get_ref() == "any" => None,
            Some(p) => match self.processes.iter().find(|x| &x.id == p.get_ref()) {
                Some(x) if has_process_column => Some(x.id.clone()),
                Some(_) => {
                    cx.error(
                        "no-process-column",
                        doc.at(p.span()),
                        format!("table `{table}` has no process column"),
                    )
                    .set_text("no-process-column", &[("table", table.to_string())])
                    .rule = Some(id.clone());
                    None
                }
                None => {
                    cx.error(
                        "unknown-process",
                        doc.at(p.span()),
                        format!("there is no process `{}` in this package", p.get_ref()),
                    )
                    .set_text("unknown-process", &[("id", p.get_ref())])
                    .rule = Some(id.clone());
                    None
                }
            },
            None if has_process_column => file_process.map(|i| self.processes[i].id.clone()),
            None => None,
        };
        if let Some(p) = &process {
            compiled.process_code = Some(intern(&mut self.codes, p));
        }

        // How records are placed in periods.
        let date_field = |name: &Spanned<String>, cx: &mut Ctx, at: Location| -> Option<usize> {
            match field(name.get_ref()) {
                Some(i) if matches!(fields.types[i], ColumnType::Date | ColumnType::Month) => {
                    Some(i)
                }
                Some(_) => {
                    cx.error(
                        "not-a-date",
                        at,
                        format!("`{}` is not a date column of `{table}`", name.get_ref()),
                    )
                    .set_text(
                        "not-a-date-column",
                        &[
                            ("column", name.get_ref().to_string()),
                            ("table", table.to_string()),
                        ],
                    )
                    .rule = Some(id.clone());
                    None
                }
                None => {
                    cx.error(
                        "unknown-field",
                        at,
                        format!("`{table}` has no column `{}`", name.get_ref()),
                    )
                    .set_text(
                        "unknown-column",
                        &[
                            ("column", name.get_ref().to_string()),
                            ("table", table.to_string()),
                        ],
                    )
                    .rule = Some(id.clone());
                    None
                }
            }
        };
        let period = match (&raw.period_by, &raw.active) {
            (Some(_), Some(a)) => {
                cx.error(
                    "conflict",
                    doc.at(a.span()),
                    "give either `period_by` or `active`, not both",
                )
                .set_text::<&str>("period-by-or-active", &[])
                .rule = Some(id.clone());
                PeriodRule::By(String::new())
            }
            (_, Some(a)) => {
                let names = a.get_ref();
                if names.len() != 2 {
                    cx.error(
                        "bad-active",
                        doc.at(a.span()),
                        "`active` takes two date columns: start and end, e.g. [\"started_on\", \"ended_on\"]",
                    )
                    .set_text::<&str>("bad-active", &[])
                    .rule = Some(id.clone());
                    PeriodRule::By(String::new())
                } else {
                    let span_of = |n: &str| Spanned::new(a.span(), n.to_string());
                    if let Some(s) = date_field(&span_of(&names[0]), cx, doc.at(a.span())) {
                        compiled.date_field = s;
                    }
                    compiled.end_field = date_field(&span_of(&names[1]), cx, doc.at(a.span()));
                    PeriodRule::Active(names[0].clone(), names[1].clone())
                }
            }
            (by, None) => {
                let name = by.clone().unwrap_or_else(|| {
                    Spanned::new(raw.table.span(), table.default_date().to_string())
                });
                if let Some(i) = date_field(&name, cx, doc.at(name.span())) {
                    compiled.date_field = i;
                }
                PeriodRule::By(name.into_inner())
            }
        };

        let closed = |f: usize| -> &'static [&'static str] {
            table
                .columns()
                .iter()
                .find(|c| c.name == fields.names[f])
                .map_or(&[], |c| c.values)
        };
        let mut checker = Checker {
            fields,
            params,
            codes: &mut self.codes,
            closed: &closed,
        };
        if let Some(filter) = &raw.filter {
            let typed = parse_condition(filter.get_ref()).and_then(|e| checker.condition(&e));
            match typed {
                Ok(p) => compiled.filter = Some(p),
                Err(e) => {
                    let at = in_string(doc, filter, e.span.start);
                    cx.diags
                        .push(e.diagnostic("bad-filter", at).with_rule(id.clone()));
                }
            }
        }

        let aggregate_text = raw
            .aggregate
            .clone()
            .unwrap_or_else(|| Spanned::new(0..0, "count".to_string()));
        let text = aggregate_text.get_ref().trim();
        let aggregate = if text == "count" {
            AggregateKind::Count
        } else if let Some(inner) = text.strip_prefix("sum(").and_then(|t| t.strip_suffix(')')) {
            let offset = aggregate_text.get_ref().find('(').map_or(0, |i| i + 1);
            match parse_value(inner).and_then(|v| checker.int(&v)) {
                Ok(expr) => compiled.sum = Some(expr),
                Err(e) => {
                    let at = in_string(doc, &aggregate_text, offset + e.span.start);
                    cx.diags
                        .push(e.diagnostic("bad-aggregate", at).with_rule(id.clone()));
                }
            }
            AggregateKind::Sum(inner.trim().to_string())
        } else if text == "distinct(recipient_id)" {
            if field("recipient_id").is_none() {
                cx.error(
                    "bad-aggregate",
                    doc.at(aggregate_text.span()),
                    format!("table `{table}` has no recipient_id to count"),
                )
                .set_text("no-recipient-id", &[("table", table.to_string())])
                .rule = Some(id.clone());
            }
            compiled.distinct = true;
            AggregateKind::DistinctRecipients
        } else {
            cx.error(
                "bad-aggregate",
                doc.at(aggregate_text.span()),
                "aggregate must be `count`, `sum(<number>)` or `distinct(recipient_id)`",
            )
            .set_text::<&str>("bad-aggregate", &[])
            .rule = Some(id.clone());
            AggregateKind::Count
        };

        let errors_after = cx.diags.iter().filter(|d| d.is_error()).count();
        (errors_after == errors_before).then(|| Measure {
            id,
            name: raw.name,
            name_en: raw.name_en,
            description: raw.description,
            table,
            process,
            period,
            filter_text: raw.filter.map(Spanned::into_inner),
            aggregate,
            location: at,
            compiled,
        })
    }

    fn read_indicators(
        &mut self,
        doc: &TomlDoc,
        file_process: Option<usize>,
        params: &BTreeMap<String, ParamValue>,
        runtime: &Runtime,
        cx: &mut Ctx,
    ) {
        let mut known: Vec<&str> = self.measures.iter().map(|m| m.id.as_str()).collect();
        let numeric_params: Vec<(&str, Decimal)> = params
            .iter()
            .filter_map(|(k, v)| match v {
                ParamValue::Int(i) => Some((k.as_str(), Decimal::from(*i))),
                ParamValue::Decimal(d) => Some((k.as_str(), *d)),
                _ => None,
            })
            .collect();
        known.extend(numeric_params.iter().map(|(k, _)| *k));
        let mut new = Vec::new();
        for (at, raw) in doc.array::<RawIndicator>("indicator", &mut cx.diags) {
            let id = raw.id.get_ref().clone();
            let id_at = doc.at(raw.id.span());
            if !is_id(&id) {
                cx.error("bad-id", id_at.clone(), id_message(&id))
                    .set_text("bad-id", &[("id", &id)]);
            }
            if self
                .indicators
                .iter()
                .chain(&new)
                .any(|i: &Indicator| i.id == id)
            {
                cx.error(
                    "duplicate-id",
                    id_at,
                    format!("indicator `{id}` is defined twice"),
                )
                .set_text("duplicate-indicator", &[("id", &id)])
                .rule = Some(id.clone());
                continue;
            }
            self.declared.push((id.clone(), raw.direction));
            let process_index = match &raw.process {
                Some(p) => match self.processes.iter().position(|x| &x.id == p.get_ref()) {
                    Some(i) => Some(i),
                    None => {
                        cx.error(
                            "unknown-process",
                            doc.at(p.span()),
                            format!("there is no process `{}` in this package", p.get_ref()),
                        )
                        .set_text("unknown-process", &[("id", p.get_ref())])
                        .rule = Some(id.clone());
                        continue;
                    }
                },
                None => file_process,
            };
            let formula = match runtime.compile_formula(raw.formula.get_ref(), &known) {
                Ok(f) => f,
                Err(e) => {
                    let at = doc.at(raw.formula.span()).within(e.line.max(1), e.column);
                    let d = cx.error(
                        if e.limit.is_some() {
                            "script-limit"
                        } else {
                            "bad-formula"
                        },
                        at,
                        e.message,
                    );
                    if let Some((text, args)) = &e.text {
                        d.set_text(text, args);
                    }
                    d.rule = Some(id.clone());
                    continue;
                }
            };
            let inputs: Vec<Input> = formula
                .inputs
                .iter()
                .map(
                    |name| match self.measures.iter().position(|m| &m.id == name) {
                        Some(i) => Input::Measure(i),
                        None => Input::Param(
                            numeric_params
                                .iter()
                                .find(|(k, _)| k == name)
                                .map_or(Decimal::ZERO, |(_, v)| *v),
                        ),
                    },
                )
                .collect();
            for name in &formula.inputs {
                self.used_measures.insert(name.clone());
            }
            let base_measure = match &raw.base {
                Some(b) => match self.measures.iter().position(|m| &m.id == b.get_ref()) {
                    Some(i) => {
                        if !formula.inputs.contains(b.get_ref()) {
                            cx.warn(
                                "base-not-in-formula",
                                doc.at(b.span()),
                                format!("the base `{}` is not used by the formula", b.get_ref()),
                            )
                            .set_text("base-not-in-formula", &[("base", b.get_ref())])
                            .rule = Some(id.clone());
                        }
                        self.used_measures.insert(b.get_ref().clone());
                        Some(i)
                    }
                    None => {
                        cx.error(
                            "unknown-measure",
                            doc.at(b.span()),
                            format!(
                                "the base `{}` is not a measure of this package",
                                b.get_ref()
                            ),
                        )
                        .set_text("unknown-base", &[("base", b.get_ref())])
                        .rule = Some(id.clone());
                        continue;
                    }
                },
                None => None,
            };
            let min_base = raw.min_base.unwrap_or(1);
            if min_base < 0 {
                cx.error("bad-value", at.clone(), "min_base cannot be negative")
                    .set_text::<&str>("negative-min-base", &[])
                    .rule = Some(id.clone());
            }
            let funnel = funnel_rule(&raw, doc, cx, &id);
            let mut levels = raw.levels.unwrap_or_else(|| Level::WITH_COUNTRY.to_vec());
            levels.sort();
            levels.dedup();
            let formula_location = doc.at(raw.formula.span());
            new.push(Indicator {
                id,
                name: raw.name,
                name_en: raw.name_en,
                description: raw.description,
                description_en: raw.description_en,
                process: process_index.map(|i| self.processes[i].id.clone()),
                unit: raw.unit,
                direction: raw.direction,
                formula: raw.formula.into_inner(),
                base: raw.base.map(Spanned::into_inner),
                min_base,
                levels,
                decimals: raw.decimals.unwrap_or(1).min(10),
                funnel,
                location: at,
                formula_location,
                compiled: formula,
                inputs,
                base_measure,
                process_index,
            });
        }
        self.indicators.extend(new);
    }

    fn read_references(&self, doc: &TomlDoc, cx: &mut Ctx) -> Vec<Reference> {
        let mut out = Vec::new();
        for (at, raw) in doc.array::<RawReference>("reference", &mut cx.diags) {
            let ind_id = raw.indicator.get_ref().clone();
            let Some(&(_, direction)) = self.declared.iter().find(|(i, _)| *i == ind_id) else {
                let known: Vec<String> = self.declared.iter().map(|(i, _)| i.clone()).collect();
                let suggestion = crate::filter::suggest(&ind_id, &known);
                let hint = suggestion
                    .as_ref()
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                let d = cx.error(
                    "unknown-indicator",
                    doc.at(raw.indicator.span()),
                    format!("there is no indicator `{ind_id}`{hint}"),
                );
                match &suggestion {
                    Some(s) => d.set_text(
                        "unknown-indicator-suggest",
                        &[("id", ind_id.clone()), ("suggestion", s.to_string())],
                    ),
                    None => d.set_text("unknown-indicator", &[("id", &ind_id)]),
                };
                continue;
            };
            // A row of an indicator that failed to compile is checked, not kept.
            let compiled = self.indicators.iter().any(|i| i.id == ind_id);
            let scopes: Vec<Scope> = [
                raw.org_type.clone().map(Scope::OrgType),
                raw.group.clone().map(Scope::Group),
                raw.org.clone().map(Scope::Org),
                raw.unit.clone().map(Scope::Unit),
                raw.country.filter(|c| *c).map(|_| Scope::Country),
            ]
            .into_iter()
            .flatten()
            .collect();
            if scopes.len() > 1 {
                cx.error(
                    "conflict",
                    at.clone(),
                    "a reference has one scope: give at most one of org_type, group, org, unit, country",
                )
                .set_text::<&str>("reference-scopes", &[])
                .rule = Some(ind_id.clone());
                continue;
            }
            let scope = scopes.into_iter().next().unwrap_or(Scope::Region);
            if let Some((text, message)) = country_levels(&scope, raw.levels.as_deref()) {
                cx.error("conflict", at.clone(), message)
                    .set_text::<&str>(text, &[])
                    .rule = Some(ind_id.clone());
                continue;
            }
            let id = reference_id(&ind_id, &scope, raw.from.0);
            let band = |b: &RawBand| Band {
                min: b.min.map(|n| n.0),
                max: b.max.map(|n| n.0),
            };
            let normal = band(raw.normal.get_ref());
            let warning = raw.warning.as_ref().map(|w| band(w.get_ref()));
            let mut ok = true;
            for (name, b, span) in [("normal", Some(normal), raw.normal.span())]
                .into_iter()
                .chain(warning.map(|w| {
                    (
                        "warning",
                        Some(w),
                        raw.warning.as_ref().map_or(0..0, |w| w.span()),
                    )
                }))
            {
                let Some(b) = b else { continue };
                if b.min.is_none() && b.max.is_none() {
                    cx.error(
                        "bad-band",
                        doc.at(span.clone()),
                        format!("the {name} band needs a min, a max or both"),
                    )
                    .set_text("band-empty", &[("band", name)])
                    .rule = Some(id.clone());
                    ok = false;
                }
                if let (Some(lo), Some(hi)) = (b.min, b.max) {
                    if lo > hi {
                        cx.error(
                            "bad-band",
                            doc.at(span),
                            format!("the {name} band has min {lo} above max {hi}"),
                        )
                        .set_text(
                            "band-inverted",
                            &[
                                ("band", name.to_string()),
                                ("min", lo.to_string()),
                                ("max", hi.to_string()),
                            ],
                        )
                        .rule = Some(id.clone());
                        ok = false;
                    }
                }
            }
            if let Some(w) = &warning {
                if ok && !w.covers(&normal) {
                    cx.error(
                        "bad-band",
                        doc.at(raw.warning.as_ref().map_or(0..0, |w| w.span())),
                        "the warning band must contain the normal band",
                    )
                    .set_text::<&str>("band-warning-contains", &[])
                    .rule = Some(id.clone());
                    ok = false;
                }
            }
            if let Some(t) = raw.target.map(|t| t.0) {
                if ok && !normal.contains(t) {
                    cx.warn(
                        "target-outside-band",
                        at.clone(),
                        format!("the target {t} lies outside the normal band"),
                    )
                    .set_text("target-outside-band", &[("target", t.to_string())])
                    .rule = Some(id.clone());
                }
            }
            let direction_mismatch = match direction {
                Direction::HigherIsBetter => normal.min.is_none(),
                Direction::LowerIsBetter => normal.max.is_none(),
                Direction::WithinBand => normal.min.is_none() || normal.max.is_none(),
            };
            if ok && direction_mismatch {
                let (key, expected) = match direction {
                    Direction::HigherIsBetter => ("higher", "a min (higher is better)"),
                    Direction::LowerIsBetter => ("lower", "a max (lower is better)"),
                    Direction::WithinBand => ("band", "both a min and a max (a band)"),
                };
                cx.warn(
                    "band-direction",
                    doc.at(raw.normal.span()),
                    format!("the indicator's normal band should have {expected}"),
                )
                .set_text("band-direction", &[("direction", key)])
                .rule = Some(id.clone());
            }
            if let Some(to) = raw.to {
                if to.0 < raw.from.0 {
                    cx.error("bad-dates", at.clone(), "`to` is before `from`")
                        .set_text::<&str>("to-before-from", &[])
                        .rule = Some(id.clone());
                    ok = false;
                }
            }
            let source = match (raw.source, raw.proposal) {
                (Some(s), None) if !s.trim().is_empty() => Source::Act(s),
                (None, Some(p)) if !p.trim().is_empty() => Source::Proposal(p),
                (Some(_), Some(_)) => {
                    let d = cx.error("conflict", at.clone(), "give either `source` (the act and clause) or `proposal` (why the region proposes it), not both");
                    d.rule = Some(id.clone());
                    d.set_text::<&str>("source-or-proposal", &[]);
                    continue;
                }
                _ => {
                    let d = cx.error("missing-source", at.clone(), "every reference names its `source` (the act and clause) or says it is a regional `proposal` and why");
                    d.rule = Some(id.clone());
                    d.set_text::<&str>("missing-source", &[]);
                    continue;
                }
            };
            if !ok || !compiled {
                continue;
            }
            let mut levels = raw.levels.unwrap_or_default();
            levels.sort();
            levels.dedup();
            out.push(Reference {
                id,
                indicator: ind_id,
                scope,
                levels,
                from: raw.from.0,
                to: raw.to.map(|d| d.0),
                target: raw.target.map(|t| t.0),
                normal,
                warning,
                source,
                note: raw.note,
                location: at,
            });
        }
        out
    }

    fn read_trends(&self, file: &str, text: &str, cx: &mut Ctx) -> Vec<TrendRule> {
        let Some(doc) = TomlDoc::parse(file, text, &mut cx.diags) else {
            return Vec::new();
        };
        doc.reject_unknown_keys(&["trend"], &mut cx.diags);
        let mut out: Vec<TrendRule> = Vec::new();
        for (at, raw) in doc.array::<RawTrend>("trend", &mut cx.diags) {
            let id = raw.id.get_ref().clone();
            if !is_id(&id) {
                cx.error("bad-id", doc.at(raw.id.span()), id_message(&id))
                    .set_text("bad-id", &[("id", &id)]);
            }
            if out.iter().any(|t| t.id == id) {
                cx.error(
                    "duplicate-id",
                    doc.at(raw.id.span()),
                    format!("trend rule `{id}` is defined twice"),
                )
                .set_text("duplicate-trend", &[("id", &id)]);
                continue;
            }
            let need = |v: Option<u32>, what: &str, cx: &mut Ctx| -> Option<u32> {
                match v {
                    Some(n) if n >= 2 => Some(n),
                    Some(_) => {
                        cx.error(
                            "bad-value",
                            at.clone(),
                            format!("`{what}` must be 2 or more"),
                        )
                        .set_text("trend-at-least-two", &[("field", what)])
                        .rule = Some(id.clone());
                        None
                    }
                    None => {
                        cx.error(
                            "missing-field",
                            at.clone(),
                            format!("this kind of trend rule needs `{what}`"),
                        )
                        .set_text("trend-needs-field", &[("field", what)])
                        .rule = Some(id.clone());
                        None
                    }
                }
            };
            let kind = match raw.kind {
                RawTrendKind::RunOutside => need(raw.periods, "periods", cx)
                    .map(|periods| TrendKind::RunOutside { periods }),
                RawTrendKind::Drift => {
                    need(raw.periods, "periods", cx).map(|periods| TrendKind::Drift { periods })
                }
                RawTrendKind::PChart => {
                    let sigma = raw.sigma.map_or(Decimal::from(3), |s| s.0);
                    if sigma <= Decimal::ZERO {
                        cx.error("bad-value", at.clone(), "`sigma` must be above 0")
                            .set_text::<&str>("sigma-positive", &[])
                            .rule = Some(id.clone());
                    }
                    need(Some(raw.baseline.unwrap_or(4)), "baseline", cx)
                        .map(|baseline| TrendKind::PChart { sigma, baseline })
                }
            };
            let mut indicators = Vec::new();
            for i in raw.indicators.unwrap_or_default() {
                if i.get_ref() == "*" {
                    continue;
                }
                if self.indicators.iter().any(|x| &x.id == i.get_ref()) {
                    indicators.push(i.into_inner());
                } else {
                    cx.error(
                        "unknown-indicator",
                        doc.at(i.span()),
                        format!("there is no indicator `{}`", i.get_ref()),
                    )
                    .set_text("unknown-indicator", &[("id", i.get_ref())])
                    .rule = Some(id.clone());
                }
            }
            let Some(kind) = kind else { continue };
            out.push(TrendRule {
                id,
                name: raw.name,
                name_en: raw.name_en,
                kind,
                severity: raw.severity,
                indicators,
                location: at,
            });
        }
        out
    }
}

fn intern(codes: &mut Vec<String>, code: &str) -> usize {
    match codes.iter().position(|c| c == code) {
        Some(i) => i,
        None => {
            codes.push(code.to_string());
            codes.len() - 1
        }
    }
}

/// Why a reference row's scope and `levels` cannot both hold: the country
/// is judged by rows written `country = true` and by nothing else.
/// The catalogue message id comes first, the English words second.
fn country_levels(scope: &Scope, levels: Option<&[Level]>) -> Option<(&'static str, &'static str)> {
    let levels = levels.unwrap_or_default();
    match scope {
        Scope::Country if levels.iter().any(|l| *l != Level::Country) => Some((
            "country-levels",
            "a reference with `country = true` judges the country only; leave `levels` out",
        )),
        Scope::Country => None,
        _ if levels.contains(&Level::Country) => Some((
            "levels-country",
            "the country is judged only by references written `country = true`; leave `country` out of `levels`",
        )),
        _ => None,
    }
}

/// Warnings about rules that can never matter.
fn check_coverage(rules: &Rules, references: &ReferenceIndex, cx: &mut Ctx) {
    for m in &rules.measures {
        if !rules.used_measures.contains(&m.id) {
            cx.warn(
                "unused-measure",
                m.location.clone(),
                format!("measure `{}` is not used by any indicator", m.id),
            )
            .set_text("unused-measure", &[("id", &m.id)])
            .rule = Some(m.id.clone());
        }
    }
    for (i, ind) in rules.indicators.iter().enumerate() {
        if !references.has_any(i) {
            cx.warn(
                "no-reference",
                ind.location.clone(),
                format!(
                    "indicator `{}` has no reference value, so it is computed but never judged",
                    ind.id
                ),
            )
            .set_text("no-reference", &[("id", &ind.id)])
            .rule = Some(ind.id.clone());
        }
    }
}

/// Package files of rules that the manifest does not list are probably a
/// forgotten line in `[contents]`.
fn check_unlisted_files(files: &PackageFiles, contents: &Contents, cx: &mut Ctx) {
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    listed.insert(PackageFiles::MANIFEST);
    for list in [
        &contents.processes,
        &contents.references,
        &contents.scripts,
        &contents.calendar,
    ] {
        listed.extend(list.iter().map(|s| s.get_ref().as_str()));
    }
    for one in [
        &contents.trends,
        &contents.questionnaire,
        &contents.responsibility,
        &contents.sources,
    ]
    .into_iter()
    .flatten()
    {
        listed.insert(one.get_ref().as_str());
    }
    listed.extend(crate::scoring::listed_files(contents));
    for (path, _) in files.iter() {
        let rule_file = path.ends_with(".toml") || path.ends_with(".rhai");
        let fixture = path.starts_with("tests/") || path.contains("/tests/");
        if rule_file && !fixture && !listed.contains(path) {
            cx.warn(
                "unlisted-file",
                Location::file(path),
                "this file is not listed in the manifest's [contents], so it is ignored",
            )
            .set_text::<&str>("unlisted-file", &[]);
        }
    }
}

/// The funnel rule of an indicator: every share (percent) and rate (per 100,
/// per 1000) of a base judged one way has funnel limits; the
/// `[indicator.funnel]` table adds overdispersion and the deviation policy,
/// and is an error on an indicator that has no funnel.
fn funnel_rule(raw: &RawIndicator, doc: &TomlDoc, cx: &mut Ctx, id: &str) -> Option<FunnelRule> {
    let (model, scale) = match raw.unit {
        ValueUnit::Percent => (FunnelModel::Binomial, 100),
        ValueUnit::Per100 => (FunnelModel::Poisson, 100),
        ValueUnit::Per1000 => (FunnelModel::Poisson, 1000),
        _ => (FunnelModel::Binomial, 0),
    };
    let has_funnel = scale > 0 && raw.base.is_some() && raw.direction != Direction::WithinBand;
    let Some(table) = &raw.funnel else {
        return has_funnel.then_some(FunnelRule {
            model,
            scale,
            overdispersion: Overdispersion::None,
            small_base: None,
            limit: FunnelLimit::P998,
        });
    };
    let at = doc.at(table.span());
    if !has_funnel {
        cx.error(
            "bad-funnel",
            at,
            "funnel limits need a share (percent) or a rate (per100, per1000) with a `base`, judged higher or lower is better",
        )
        .set_text::<&str>("bad-funnel", &[])
        .rule = Some(id.to_string());
        return None;
    }
    let t = table.get_ref();
    let limit = match t.limit {
        None => FunnelLimit::P998,
        Some(l) if (l - 95.0).abs() < 1e-9 => FunnelLimit::P95,
        Some(l) if (l - 99.8).abs() < 1e-9 => FunnelLimit::P998,
        Some(l) => {
            cx.error(
                "bad-value",
                at.clone(),
                format!("funnel `limit` is 95 or 99.8, not {l}"),
            )
            .set_text("funnel-limit", &[("limit", l.to_string())])
            .rule = Some(id.to_string());
            FunnelLimit::P998
        }
    };
    if t.small_base.is_some_and(|b| b < 1) {
        cx.error("bad-value", at, "funnel `small_base` must be at least 1")
            .set_text::<&str>("funnel-small-base", &[])
            .rule = Some(id.to_string());
    }
    Some(FunnelRule {
        model,
        scale,
        overdispersion: t.overdispersion.unwrap_or_default(),
        small_base: t.small_base,
        limit,
    })
}
