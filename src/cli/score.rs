//! `etalon score nok` and `etalon score kpi`: the independent assessment
//! (НОК) and the KPI points of managers.

use etalon::report::Lang;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use etalon::kpi::{JournalSource, KpiRequest, PlanSource};
use etalon::nok::{NokSource, NokTableSource};
use etalon::scoring::{KpiScores, NokOptions, NokScores, Rounding, RoundingMode};
use etalon::{Dataset, EvaluationOptions, Methodology, Period, PeriodKind};
use rust_decimal::Decimal;

use super::output::Progress;
use super::{CliError, Format, Words, emit, methodology, say};

#[derive(Debug, Subcommand)]
pub enum ScoreCommand {
    /// The independent assessment (НОК): indicators, criteria, totals of
    /// organisations, figures of groups, sectors and the region, ranking.
    Nok(NokArgs),
    /// KPI points of directors and of heads of territorial administrations.
    Kpi(KpiArgs),
}

#[derive(Debug, Args)]
pub struct NokArgs {
    /// Rule package folder; the standard package when not given.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// A file of counts (CSV or JSON, one row per organisation and period),
    /// or a data folder: counted from its `surveys` with its nok_facts file.
    #[arg(long)]
    data: PathBuf,
    /// The assessment period (a year: 2026); needed for a data folder.
    #[arg(long)]
    period: Option<Period>,
    /// The facts that go with the questionnaires of a data folder (default:
    /// nok_facts.csv in the folder).
    #[arg(long)]
    facts: Option<PathBuf>,
    /// Set a policy otherwise than the package: --policy zero_base=zero
    /// (also grid_2_2, skipped_answers, min_respondents).
    #[arg(long = "policy", value_name = "ID=SETTING")]
    policies: Vec<String>,
    /// Decimals shown (the package's rounding policy by default).
    #[arg(long)]
    decimals: Option<u32>,
    /// Table for people, JSON for tools (every figure with its explanation).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct KpiArgs {
    /// Rule package folder; the standard package when not given.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Data folder: units.csv and the table files.
    #[arg(long)]
    data: PathBuf,
    /// The period scored (a quarter for schemes with quarterly items).
    #[arg(long)]
    period: Period,
    /// НОК counts (a file); by default the data folder's questionnaires
    /// with its nok_facts file, for the year of the period, when present.
    #[arg(long)]
    nok: Option<PathBuf>,
    /// The deviation journal (.jsonl): its share of deviations closed on
    /// time per organisation on the last day of the period; or a table of
    /// shares (org_id,share, CSV or JSON).
    #[arg(long)]
    journal: Option<PathBuf>,
    /// An improvement plan (TOML); its on-time share feeds `plans:on_time`.
    #[arg(long)]
    plan: Option<PathBuf>,
    /// The executions of the plan's measures (measure,org_id,done_on,period,note).
    #[arg(long, requires = "plan")]
    executions: Option<PathBuf>,
    /// Print the item-by-item explanation of this director (org id) or head (group id).
    #[arg(long)]
    explain: Option<String>,
    /// Table for people, JSON for tools.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(command: &ScoreCommand, lang: Lang) -> Result<ExitCode, CliError> {
    match command {
        ScoreCommand::Nok(args) => run_nok(args, lang),
        ScoreCommand::Kpi(args) => run_kpi(args, lang),
    }
}

fn nok_options(period: Option<Period>, policies: &[String]) -> Result<NokOptions, CliError> {
    let mut options = NokOptions {
        period,
        ..NokOptions::default()
    };
    for p in policies {
        let (k, v) = p.split_once('=').ok_or_else(|| {
            CliError::Invalid(Words::new("cli-policy-form", &[("policy", p.clone())]))
        })?;
        options
            .policies
            .insert(k.trim().to_string(), v.trim().to_string());
    }
    Ok(options)
}

/// НОК scores from a file of counts, or from a data folder's questionnaires
/// and its facts.
pub(crate) fn nok_scores(
    m: &Methodology,
    data: &Path,
    dataset: Option<&Dataset>,
    facts: Option<&Path>,
    options: &NokOptions,
) -> Result<NokScores, CliError> {
    let owned;
    let source = if data.is_dir() {
        let year = options
            .period
            .ok_or_else(|| CliError::Invalid(Words::new("cli-nok-needs-period", &[])))?;
        let facts = match facts {
            Some(f) => f.to_path_buf(),
            None => etalon::io::nok_facts_file(data).ok_or_else(|| {
                CliError::Invalid(Words::new(
                    "cli-nok-no-facts",
                    &[
                        ("path", data.display().to_string()),
                        ("table", etalon::io::NOK_FACTS.to_string()),
                    ],
                ))
            })?,
        };
        let dataset = match dataset {
            Some(d) => d,
            None => {
                owned = etalon::io::load_dataset(data)?;
                &owned
            }
        };
        NokSource::Surveys {
            data: dataset,
            year,
            facts: NokTableSource::File(facts),
        }
    } else {
        NokSource::Counts(NokTableSource::File(data.to_path_buf()))
    };
    Ok(etalon::nok::score_nok(m, source, options)?)
}

fn run_nok(args: &NokArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let progress = Progress::new(lang);
    progress.say("cli-progress-compiling", &[]);
    let m = methodology(args.rules.as_ref())?;
    let mut options = nok_options(args.period, &args.policies)?;
    if let Some(d) = args.decimals {
        options.policies.insert("decimals".into(), d.to_string());
    }
    progress.say(
        "cli-progress-reading",
        &[("path", args.data.display().to_string())],
    );
    let scores = nok_scores(&m, &args.data, None, args.facts.as_deref(), &options)?;
    progress.done();
    let text = match args.format {
        Format::Json => scores.to_json() + "\n",
        Format::Table => render_nok(&m, &scores, usize::MAX, lang),
    };
    emit(args.out.as_ref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// The НОК table for people, in `lang`: policies, organisations ranked,
/// groups, sectors, the region, and every policy note.
pub(crate) fn render_nok(m: &Methodology, s: &NokScores, limit: usize, lang: Lang) -> String {
    let r = &s.rounding;
    let word = |id: &str| say(lang, id, &[]);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        say(
            lang,
            "cli-nok-heading",
            &[
                ("period", s.period.to_string()),
                ("scheme", s.scheme.scheme.to_string()),
                ("edition", s.scheme.edition.to_string()),
                ("package", s.scheme.package.to_string()),
                ("version", s.scheme.version.to_string()),
            ],
        )
    );
    let _ = writeln!(out, "{}", word("cli-nok-policies"));
    for p in &s.policies {
        let setting = etalon::catalogue::policy_setting(lang, p);
        let mut lines = setting.split("; ");
        let _ = writeln!(out, "  {:<16} {}", p.id, lines.next().unwrap_or_default());
        for more in lines {
            let _ = writeln!(out, "  {:<16} {more}", "");
        }
    }
    let criteria: Vec<&str> = m
        .nok()
        .map(|n| n.criteria.iter().map(|c| c.id.as_str()).collect())
        .unwrap_or_default();
    let (rank, org, total, name) = (
        word("cli-column-rank"),
        word("cli-column-org"),
        word("cli-column-total"),
        word("cli-column-name"),
    );
    // Columns as wide as their words in the language, never narrower than
    // the English ones.
    let width = (r.decimals as usize + 4).max(total.chars().count());
    let rank_w = rank.chars().count().max(4);
    let org_w = org.chars().count().max(10);
    let header: String = criteria
        .iter()
        .map(|c| format!(" {:>width$}", c.to_uppercase()))
        .collect();
    let _ = writeln!(
        out,
        "\n{}\n {rank:>rank_w$}  {org:<org_w$} {header} {total:>width$}  {name}",
        say(
            lang,
            "cli-nok-assessed",
            &[("count", s.organisations.len().to_string())]
        ),
    );
    let mut order: Vec<&etalon::scoring::OrgNok> = s.organisations.iter().collect();
    order.sort_by_key(|o| (o.rank.unwrap_or(u32::MAX), o.org.clone()));
    for o in order.iter().take(limit) {
        let cells: String = o
            .criteria
            .iter()
            .map(|c| format!(" {:>width$}", r.show(c.value)))
            .collect();
        let _ = writeln!(
            out,
            " {:>rank_w$}  {:<org_w$} {cells} {:>width$}  {}{}",
            o.rank.map_or("—".to_string(), |r| r.to_string()),
            o.org,
            r.show(o.total),
            o.name.as_deref().unwrap_or(""),
            o.band
                .as_ref()
                .map(|b| format!(" [{b}]"))
                .unwrap_or_default()
        );
    }
    if order.len() > limit {
        let _ = writeln!(out, "  {}", more(lang, order.len() - limit));
    }
    let figure = |f: &etalon::scoring::NokFigure| -> String {
        let cells: String = f
            .criteria
            .iter()
            .map(|c| format!(" {:>width$}", r.show(c.value)))
            .collect();
        format!("{cells} {:>width$}", r.show(f.total))
    };
    let orgs = |count: u64| say(lang, "cli-nok-orgs", &[("count", count.to_string())]);
    let _ = writeln!(out, "\n{}", word("cli-nok-groups"));
    let mut groups: Vec<&etalon::scoring::NokFigure> = s.groups.iter().collect();
    groups.sort_by_key(|g| (g.rank.unwrap_or(u32::MAX), g.id.clone()));
    for g in groups.iter().take(limit) {
        let _ = writeln!(
            out,
            " {:>rank_w$}  {:<org_w$} {}  {} ({})",
            g.rank.map_or("—".to_string(), |r| r.to_string()),
            g.id,
            figure(g),
            g.name.as_deref().unwrap_or(""),
            orgs(g.organisations as u64)
        );
    }
    let _ = writeln!(out, "\n{}", word("cli-nok-sectors"));
    for g in &s.sectors {
        let _ = writeln!(
            out,
            " {:rank_w$}  {:<org_w$} {}  {} ({})",
            "",
            "",
            figure(g),
            g.id,
            orgs(g.organisations as u64)
        );
    }
    let _ = writeln!(
        out,
        "\n{:<lead$}{:<org_w$} {}  ({})",
        word("cli-nok-region"),
        s.region.id,
        figure(&s.region),
        say(
            lang,
            "cli-nok-region-orgs",
            &[
                ("count", s.region.organisations.to_string()),
                ("total", s.region.with_total.to_string()),
            ],
        ),
        lead = rank_w + 3
    );
    let notes: Vec<(&str, &etalon::scoring::PolicyNote)> = s
        .organisations
        .iter()
        .flat_map(|o| o.notes.iter().map(move |n| (o.org.as_str(), n)))
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "\n{}", word("cli-nok-policy-notes"));
        for (org, n) in &notes {
            let _ = writeln!(
                out,
                "  {org:<10} {}",
                etalon::catalogue::policy_note_line(lang, n)
            );
        }
    }
    if !s.not_assessed.is_empty() {
        let _ = writeln!(out, "\n{}", word("cli-nok-not-assessed"));
        for n in &s.not_assessed {
            let reason = match lang {
                Lang::En => n.reason.message(),
                Lang::Ru => n.reason.message_ru(),
            };
            let _ = writeln!(out, "  {:<10} {reason}", n.org);
        }
    }
    out
}

/// "… and N more" of a table cut short, in `lang`.
fn more(lang: Lang, count: usize) -> String {
    say(lang, "cli-score-more", &[("count", count.to_string())])
}

fn run_kpi(args: &KpiArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let progress = Progress::new(lang);
    progress.say("cli-progress-compiling", &[]);
    let m = methodology(args.rules.as_ref())?;
    progress.say(
        "cli-progress-reading",
        &[("path", args.data.display().to_string())],
    );
    let data = etalon::io::load_dataset(&args.data)?;
    progress.say("cli-progress-evaluating", &[]);
    let evaluation = m.evaluate_with(&data, &EvaluationOptions::new(args.period))?;
    let year = Period::new(PeriodKind::Year, args.period.year(), 1).ok_or_else(|| {
        CliError::Invalid(Words::new(
            "cli-no-year",
            &[("period", args.period.to_string())],
        ))
    })?;
    let nok = match (&args.nok, etalon::io::nok_facts_file(&args.data)) {
        (Some(file), _) => Some(nok_scores(
            &m,
            file,
            None,
            None,
            &NokOptions::for_period(year),
        )?),
        (None, Some(facts)) => Some(nok_scores(
            &m,
            &args.data,
            Some(&data),
            Some(&facts),
            &NokOptions::for_period(year),
        )?),
        (None, None) => None,
    };
    let scores = etalon::kpi::score_kpi(
        &m,
        KpiRequest {
            data: &data,
            period: args.period,
            evaluation: Some(&evaluation),
            nok: nok.as_ref(),
            journal: args.journal.clone().map(JournalSource::File),
            plans: args.plan.as_deref().map(|plan| PlanSource::Files {
                plan,
                executions: args.executions.as_deref(),
            }),
        },
    )?;
    progress.done();
    let decimals = m.kpi().map_or(1, |k| k.decimals);
    let text = match args.format {
        Format::Json => scores.to_json() + "\n",
        Format::Table => render_kpi(&scores, decimals, args.explain.as_deref(), usize::MAX, lang),
    };
    emit(args.out.as_ref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

fn show(r: &Rounding, v: Option<Decimal>) -> String {
    r.show(v)
}

/// The KPI tables for people, in `lang`: directors, heads, and one
/// manager's items.
pub(crate) fn render_kpi(
    s: &KpiScores,
    decimals: u32,
    explain: Option<&str>,
    limit: usize,
    lang: Lang,
) -> String {
    let r = Rounding {
        decimals,
        mode: RoundingMode::HalfAwayFromZero,
    };
    let word = |id: &str| say(lang, id, &[]);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        say(
            lang,
            "cli-kpi-heading",
            &[
                (
                    "period",
                    s.period.map(|p| p.to_string()).unwrap_or_default()
                ),
                ("scheme", s.scheme.to_string()),
                ("package", s.package.to_string()),
                (
                    "rank",
                    match s.rank_by {
                        etalon::scoring::RankBy::Points => "points",
                        etalon::scoring::RankBy::Percent => "percent",
                    }
                    .to_string()
                ),
                (
                    "heads",
                    match s.group_score {
                        etalon::scoring::GroupScore::MeanOfDirectors => "mean",
                        etalon::scoring::GroupScore::GroupFigures => "group",
                    }
                    .to_string()
                ),
            ],
        )
    );
    // Columns as wide as their words in the language, never narrower than
    // the English ones.
    let columns = [
        ("cli-column-rank", 4),
        ("cli-column-rank-in-group", 6),
        ("cli-column-id", 10),
        ("cli-column-points", 6),
        ("cli-column-max", 7),
        ("cli-column-percent", 7),
    ]
    .map(|(id, least)| {
        let w = word(id);
        let width = w.chars().count().max(least);
        (w, width)
    });
    let [
        (rank, rw),
        (grp, gw),
        (id, iw),
        (pts, pw),
        (max, mw),
        (pct, cw),
    ] = &columns;
    let (rw, gw, iw, pw, mw, cw) = (*rw, *gw, *iw, *pw, *mw, *cw);
    let name = word("cli-column-name");
    let table = |title: &str, managers: &[etalon::scoring::ManagerScore], out: &mut String| {
        let _ = writeln!(
            out,
            "\n{title}\n {rank:>rw$}  {grp:>gw$}  {id:<iw$} {pts:>pw$} {max:>mw$} {pct:>cw$}  {name}"
        );
        let mut order: Vec<&etalon::scoring::ManagerScore> = managers.iter().collect();
        order.sort_by_key(|d| (d.rank.unwrap_or(u32::MAX), d.id.clone()));
        for d in order.iter().take(limit) {
            let _ = writeln!(
                out,
                " {:>rw$}  {:>gw$}  {:<iw$} {:>pw$} {:>mw$} {:>cw$}  {}",
                d.rank.map_or("—".into(), |x| x.to_string()),
                d.rank_in_group.map_or(String::new(), |x| x.to_string()),
                d.id,
                show(&r, Some(d.points)),
                show(&r, Some(d.max_points)),
                show(&r, d.percent),
                d.name.as_deref().unwrap_or("")
            );
        }
        if order.len() > limit {
            let _ = writeln!(out, "  {}", more(lang, order.len() - limit));
        }
    };
    table(&word("cli-kpi-directors"), &s.directors, &mut out);
    table(&word("cli-kpi-heads"), &s.heads, &mut out);
    if let Some(id) = explain {
        match s.director(id).or_else(|| s.head(id)) {
            Some(d) => {
                let _ = writeln!(
                    out,
                    "\n{}",
                    say(
                        lang,
                        "cli-kpi-explain-heading",
                        &[
                            ("id", d.id.to_string()),
                            ("name", d.name.clone().unwrap_or_default()),
                            ("points", show(&r, Some(d.points))),
                            ("max", show(&r, Some(d.max_points))),
                        ],
                    )
                );
                let of = word("cli-kpi-of");
                for i in &d.items {
                    let _ = writeln!(
                        out,
                        "  {:<24} {:>8}  {:>6} × {} = {:>6} {of} {:>6}  {}{}",
                        i.item,
                        show(&r, i.value),
                        show(&r, Some(i.points)),
                        i.weight,
                        show(&r, Some(i.weighted)),
                        show(&r, Some(i.max)),
                        etalon::catalogue::kpi_rule(lang, i),
                        etalon::catalogue::kpi_note(lang, i)
                            .map(|n| format!(" ({n})"))
                            .unwrap_or_default()
                    );
                    for q in &i.quarters {
                        let _ = writeln!(
                            out,
                            "  {:<24} {:>8}  {:>6}   {}",
                            "",
                            show(&r, q.value),
                            show(&r, Some(q.points)),
                            q.period
                        );
                    }
                }
            }
            None => {
                let _ = writeln!(
                    out,
                    "\n{}",
                    say(lang, "cli-kpi-no-manager", &[("id", id.to_string())])
                );
            }
        }
    }
    out
}

/// What `etalon demo` shows of scoring: the НОК of the year of the period
/// evaluated (from the generated questionnaires and facts) and the KPI
/// points of the period, best and worst first.
pub(crate) fn demo_scores(
    m: &Methodology,
    region: &etalon::generate::Region,
    data: &Dataset,
    evaluation: &etalon::Evaluation,
    lang: Lang,
) -> Result<DemoScores, CliError> {
    let mut out = String::new();
    let Some(year) = Period::new(PeriodKind::Year, evaluation.period.year(), 1) else {
        return Ok(DemoScores::default());
    };
    if m.nok().is_none() || m.kpi().is_none() {
        return Ok(DemoScores::default());
    }
    let options = NokOptions::for_period(year);
    let started = std::time::Instant::now();
    let input = m.nok_from_surveys(data, year, region.nok_fact_rows(year.year()), &options)?;
    let nok = m.score_nok(&input, &options)?;
    let elapsed = started.elapsed();
    let r = &nok.rounding;
    let respondents: i64 = nok.organisations.iter().filter_map(|o| o.respondents).sum();
    let _ = writeln!(
        out,
        "\n{}",
        say(
            lang,
            "cli-demo-nok-heading",
            &[
                ("year", year.to_string()),
                ("scheme", nok.scheme.scheme.to_string()),
                ("orgs", nok.organisations.len().to_string()),
                ("questionnaires", respondents.to_string()),
                ("ms", format!("{:.0}", elapsed.as_secs_f64() * 1000.0)),
            ],
        )
    );
    let _ = writeln!(
        out,
        "  {}",
        say(
            lang,
            "cli-demo-nok-total",
            &[("total", r.show(nok.region.total))]
        )
    );
    let criteria: Vec<String> = nok
        .region
        .criteria
        .iter()
        .map(|c| format!("{} {}", c.id.to_uppercase(), r.show(c.value)))
        .collect();
    let _ = writeln!(
        out,
        "  {}",
        say(
            lang,
            "cli-demo-nok-criteria",
            &[("criteria", criteria.join(", "))]
        )
    );
    let mut ranked: Vec<&etalon::scoring::OrgNok> = nok.organisations.iter().collect();
    ranked.sort_by_key(|o| (o.rank.unwrap_or(u32::MAX), o.org.clone()));
    for (label, o) in [
        (say(lang, "cli-demo-best", &[]), ranked.first()),
        (say(lang, "cli-demo-lowest", &[]), ranked.last()),
    ] {
        if let Some(o) = o {
            let _ = writeln!(
                out,
                "  {label:<7} {} {} — {}",
                o.org,
                r.show(o.total),
                o.name.as_deref().unwrap_or("")
            );
        }
    }
    let mut by_policy: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for n in nok.organisations.iter().flat_map(|o| &o.notes) {
        *by_policy.entry(n.policy.as_str()).or_default() += 1;
    }
    let touched: Vec<String> = by_policy.iter().map(|(p, n)| format!("{p} {n}")).collect();
    let _ = writeln!(
        out,
        "  {}",
        say(
            lang,
            "cli-demo-policy-changed",
            &[(
                "figures",
                if touched.is_empty() {
                    say(lang, "cli-plan-none", &[])
                } else {
                    touched.join(", ")
                }
            )],
        )
    );
    let kpi = etalon::kpi::score_kpi(
        m,
        KpiRequest {
            data,
            period: evaluation.period,
            evaluation: Some(evaluation),
            nok: Some(&nok),
            journal: None,
            plans: None,
        },
    )?;
    let decimals = m.kpi().map_or(1, |k| k.decimals);
    let k = Rounding {
        decimals,
        mode: RoundingMode::HalfAwayFromZero,
    };
    let _ = writeln!(
        out,
        "\n{}",
        say(
            lang,
            "cli-demo-kpi-heading",
            &[
                ("period", evaluation.period.to_string()),
                ("scheme", kpi.scheme.to_string()),
                ("directors", kpi.directors.len().to_string()),
                ("heads", kpi.heads.len().to_string()),
            ],
        )
    );
    let of = say(lang, "cli-kpi-of", &[]);
    for (title, managers) in [
        (say(lang, "cli-demo-directors", &[]), &kpi.directors),
        (say(lang, "cli-demo-heads", &[]), &kpi.heads),
    ] {
        let mut order: Vec<&etalon::scoring::ManagerScore> = managers.iter().collect();
        order.sort_by_key(|d| (d.rank.unwrap_or(u32::MAX), d.id.clone()));
        for d in order.iter().take(3) {
            let _ = writeln!(
                out,
                "  {title:<9} #{:<3} {:<6} {:>5} {of} {:>5} ({} %)  {}",
                d.rank.unwrap_or_default(),
                d.id,
                k.show(Some(d.points)),
                k.show(Some(d.max_points)),
                k.show(d.percent),
                d.name.as_deref().unwrap_or("")
            );
        }
    }
    let _ = writeln!(out, "  {}", say(lang, "cli-demo-score-hint", &[]));
    Ok(DemoScores {
        text: out,
        nok: Some(nok),
        kpi: Some(kpi),
    })
}

/// What the demo's scoring printed, and the scores (for the demo's report).
#[derive(Debug, Default)]
pub(crate) struct DemoScores {
    pub text: String,
    pub nok: Option<NokScores>,
    pub kpi: Option<KpiScores>,
}
