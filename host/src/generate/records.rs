//! The records of each unit, quarter by quarter.
//!
//! Every count that an indicator reads is fixed by construction (a rate
//! times the unit's volume, the same every quarter), and every date offset
//! that could change a classification stays well inside its term, so a
//! clean unit has the same values in every quarter. Randomness only moves
//! dates where it changes nothing that is measured.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, NaiveDate};
use etalon_core::{
    Assignment, Audit, Case, Complaint, Delivery, Diagnosis, Incident, Occupancy, Period, Staff,
    SurveyResponse,
};

use super::rng::Rng;
use super::{Plant, Region, RegionSpec, UnitRow};

/// Clean rates (failure shares) of the generator's knobs.
fn clean(knob: &str) -> f64 {
    match knob {
        "ma_refused" => 0.10,
        "us_late" => 0.01,
        "us_refused" => 0.02,
        "hc_missed" => 0.02,
        "hc_late" => 0.01,
        "co_late" => 0.02,
        "co_repeat" => 0.05,
        "co_written" => 0.10,
        "ts_occupancy" => 0.92,
        "ts_not_stable" => 0.40,
        "ts_minor" => 0.30,
        "dc_missed" => 0.01,
        "dc_not_improved" => 0.15,
        "dr_dropped" => 0.05,
        "dr_not_positive" => 0.20,
        "st_late" => 0.01,
        "st_refused" => 0.02,
        "al_no_stock" => 0.02,
        "al_return_late" => 0.05,
        "rc_occupancy" => 0.95,
        "hc_palliative" => 0.10,
        "gz_shortfall" => 0.02,
        "staff_vacant" => 0.03,
        "staff_untrained" => 0.05,
        _ => 0.0,
    }
}

/// How many of `n` items fail at `rate`.
fn count(n: usize, rate: f64) -> usize {
    ((n as f64 * rate + 1e-9).floor() as usize).min(n)
}

fn add(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new((-days) as u64)).unwrap_or(d)
    }
}

fn months(q: Period) -> Vec<NaiveDate> {
    (0..3).map(|m| add_months(q.start(), m)).collect()
}

fn add_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(m)).unwrap_or(d)
}

fn days_in_month(d: NaiveDate) -> i64 {
    (add_months(d, 1) - d).num_days()
}

/// A date long before the generated quarters, for cohorts already served.
fn long_ago(first: Period, i: usize) -> NaiveDate {
    add(first.previous(6).start(), (i % 60) as i64)
}

struct Ctx<'a> {
    region: &'a mut Region,
    quarters: Vec<Period>,
    next_recipient: usize,
    /// Home-care cohorts by organisation: social taxi riders come from them.
    cohorts: HashMap<String, Vec<String>>,
}

impl Ctx<'_> {
    fn recipients(&mut self, n: usize) -> Vec<String> {
        let out = (0..n)
            .map(|i| format!("R{:07}", self.next_recipient + i + 1))
            .collect();
        self.next_recipient += n;
        out
    }
}

/// One unit's knobs and volume.
struct UnitPlan<'a> {
    row: &'a UnitRow,
    plant: Option<&'a Plant>,
    factor: f64,
    scale: f64,
}

impl UnitPlan<'_> {
    fn volume(&self, base: usize) -> usize {
        self.plant
            .and_then(|p| p.volume)
            .unwrap_or_else(|| ((base as f64 * self.scale * self.factor).round() as usize).max(1))
    }

    fn cohort(&self, base: usize) -> usize {
        ((base as f64 * self.scale * self.factor).round() as usize).max(4)
    }

    fn rate(&self, knob: &'static str, q: Period) -> f64 {
        self.plant
            .and_then(|p| p.rates.get(&(knob, q)).copied())
            .unwrap_or_else(|| clean(knob))
    }

    fn id(&self) -> &str {
        &self.row.unit.0
    }

    fn case(&self, q: Period, i: usize, recipient: &str, applied: NaiveDate) -> Case {
        Case::new(
            format!("{}-{}-{i:04}", self.id(), q),
            self.row.process,
            self.id(),
            recipient,
            applied,
        )
    }
}

/// A case of each person in quarter `q`: applied a drawn number of days
/// into the quarter (fewer than `days(i)` for the `i`-th), then shaped by
/// `shape` and kept.
fn quarter_cases<'p>(
    ctx: &mut Ctx,
    p: &UnitPlan,
    q: Period,
    people: impl IntoIterator<Item = &'p str>,
    rng: &mut Rng,
    days: impl Fn(usize) -> i64,
    mut shape: impl FnMut(usize, NaiveDate, &mut Case),
) {
    for (i, person) in people.into_iter().enumerate() {
        let applied = add(q.start(), rng.range(0, days(i)));
        let mut c = p.case(q, i, person, applied);
        shape(i, applied, &mut c);
        ctx.region.cases.push(c);
    }
}

/// The same number of days for every person.
fn within(days: i64) -> impl Fn(usize) -> i64 {
    move |_| days
}

/// The cases of a unit's standing cohort (`ids`), granted long before the
/// generated quarters: decided `decided` days after applying, started
/// `started` days after. `label` names them in their ids.
fn cohort_cases(
    ctx: &mut Ctx,
    p: &UnitPlan,
    ids: &[String],
    label: &str,
    decided: i64,
    started: i64,
) {
    let first = ctx.quarters[0];
    for (i, r) in ids.iter().enumerate() {
        let applied = long_ago(first, i);
        let mut c = Case::new(
            format!("{}-{label}-{i:04}", p.id()),
            p.row.process,
            p.id(),
            r.as_str(),
            applied,
        );
        c.decision = Some("granted".into());
        c.decided_on = Some(add(applied, decided));
        c.started_on = Some(add(applied, started));
        ctx.region.cases.push(c);
    }
}

/// The monthly deliveries of quarter `q` to a cohort (`ids`): twelve
/// services planned each a month, the `missed` knob's share not delivered
/// and the `late` knob's share (if any) delivered late, spread over the
/// cohort.
fn cohort_deliveries(
    ctx: &mut Ctx,
    p: &UnitPlan,
    q: Period,
    ids: &[String],
    missed_knob: &'static str,
    late_knob: Option<&'static str>,
) {
    let planned_each = 12;
    let cohort = ids.len();
    let planned = planned_each * cohort;
    for month in months(q) {
        let missed = count(planned, p.rate(missed_knob, q));
        let late = late_knob.map_or(0, |knob| count(planned, p.rate(knob, q)));
        for (i, r) in ids.iter().enumerate() {
            let delivered = planned_each as i64 - share_of(missed, cohort, i) as i64;
            let mut d = Delivery::new(
                format!("{}-{}-{:02}-{i:04}", p.id(), month.year(), month.month()),
                p.row.process,
                p.id(),
                r.as_str(),
                month,
                planned_each as i64,
                delivered,
            );
            d.delivered_on_time = Some((delivered - share_of(late, cohort, i) as i64).max(0));
            ctx.region.deliveries.push(d);
        }
    }
}

/// The monthly occupancy of quarter `q`: `places` a day, used at the
/// `knob`'s rate; `residents` recorded where the unit keeps them.
fn monthly_occupancy(
    ctx: &mut Ctx,
    p: &UnitPlan,
    q: Period,
    places: i64,
    knob: &'static str,
    residents: Option<i64>,
) {
    for month in months(q) {
        let available = places * days_in_month(month);
        let used = (available as f64 * p.rate(knob, q)).round() as i64;
        let mut o = Occupancy::new(p.id(), p.row.process, month, available, used);
        o.places = Some(places);
        o.residents = residents;
        ctx.region.occupancy.push(o);
    }
}

pub fn fill(region: &mut Region, spec: &RegionSpec, rng: &Rng) {
    let units = region.units.clone();
    let plants = region.plants.clone();
    let mut ctx = Ctx {
        region,
        quarters: spec.periods(),
        next_recipient: 0,
        cohorts: HashMap::new(),
    };
    // Home care first, so that taxi riders can be drawn from its cohorts.
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&i| (units[i].process != "home_care", i));
    for i in order {
        let row = &units[i];
        let mut urng = rng.fork(i as u64 + 1);
        let plan = UnitPlan {
            row,
            plant: plants.iter().find(|p| p.unit == row.unit.0),
            factor: 0.7 + 0.6 * urng.range(0, 1000) as f64 / 1000.0,
            scale: spec.scale,
        };
        let served = match row.process {
            "material_aid" => material_aid(&mut ctx, &plan, &mut urng),
            "urgent_service" => urgent_service(&mut ctx, &plan, &mut urng),
            "home_care" => home_care(&mut ctx, &plan, &mut urng),
            "counselling" => counselling(&mut ctx, &plan, &mut urng),
            "temporary_shelter" => temporary_shelter(&mut ctx, &plan, &mut urng),
            "day_care" => day_care(&mut ctx, &plan, &mut urng),
            "disability_rehab" => disability_rehab(&mut ctx, &plan, &mut urng),
            "social_taxi" => social_taxi(&mut ctx, &plan, &mut urng),
            "aids_loan" => aids_loan(&mut ctx, &plan, &mut urng),
            _ => residential_care(&mut ctx, &plan, &mut urng),
        };
        common(&mut ctx, &plan, served, &mut urng);
    }
}

fn material_aid(ctx: &mut Ctx, p: &UnitPlan, rng: &mut Rng) -> usize {
    let n = p.volume(150);
    let pool = ctx.recipients(n);
    for q in ctx.quarters.clone() {
        let refused = count(n, p.rate("ma_refused", q));
        let late = count(n, p.rate("ma_late", q));
        let people = pool.iter().map(String::as_str);
        quarter_cases(ctx, p, q, people, rng, within(40), |i, applied, c| {
            // Late decisions take 30 calendar days (over 10 working days even
            // around the New Year holidays); the others 1 to 7.
            let delay = if i < late { 30 } else { 1 + (i % 7) as i64 };
            let decided = add(applied, delay);
            c.decided_on = Some(decided);
            if i >= n - refused {
                c.decision = Some("refused".into());
            } else {
                c.decision = Some("granted".into());
                let paid = add(decided, 3 + (i % 8) as i64);
                c.started_on = Some(paid);
                c.ended_on = Some(paid);
            }
        });
    }
    n
}

fn urgent_service(ctx: &mut Ctx, p: &UnitPlan, rng: &mut Rng) -> usize {
    let n = p.volume(120);
    let pool = ctx.recipients(n);
    for q in ctx.quarters.clone() {
        let refused = count(n, p.rate("us_refused", q));
        let late = count(n, p.rate("us_late", q));
        let people = pool.iter().map(String::as_str);
        quarter_cases(ctx, p, q, people, rng, within(85), |i, applied, c| {
            c.decided_on = Some(applied);
            if i >= n - refused {
                c.decision = Some("refused".into());
            } else {
                c.decision = Some("granted".into());
                let served = add(applied, if i < late { 3 } else { (i % 2) as i64 });
                c.started_on = Some(served);
                c.ended_on = Some(served);
            }
        });
    }
    n
}

fn home_care(ctx: &mut Ctx, p: &UnitPlan, rng: &mut Rng) -> usize {
    let cohort = p.cohort(60);
    let newcomers = p.volume(10);
    let ids = ctx.recipients(cohort);
    ctx.cohorts
        .entry(p.row.org.0.clone())
        .or_default()
        .extend(ids.iter().cloned());
    cohort_cases(ctx, p, &ids, "cohort", 5, 8);
    for q in ctx.quarters.clone() {
        // Newcomers: programme in term, short-term service inside the quarter.
        let pool = ctx.recipients(newcomers);
        let palliative = count(newcomers, p.rate("hc_palliative", q));
        let late_recognition = count(newcomers, p.rate("hc_recognition_late", q));
        let people = pool.iter().map(String::as_str);
        quarter_cases(ctx, p, q, people, rng, within(40), |i, applied, c| {
            c.decision = Some("granted".into());
            let decided = if i < palliative {
                c.category = Some("palliative".into());
                add(applied, 1)
            } else if i >= newcomers - late_recognition {
                // Recognised 9 calendar days on (over 5 working days outside
                // the holidays), the programme the next day: within 10.
                add(applied, 10)
            } else {
                add(applied, 1 + (i % 7) as i64)
            };
            c.recognised_on = Some(if i >= newcomers - late_recognition {
                add(applied, 9)
            } else {
                add(applied, (i % 2) as i64)
            });
            c.decided_on = Some(decided);
            c.started_on = Some(add(decided, 2));
            c.ended_on = Some(add(decided, 32));
        });
        cohort_deliveries(ctx, p, q, &ids, "hc_missed", Some("hc_late"));
    }
    cohort + newcomers
}

/// Item `i`'s part when `total` is spread over `n` items.
fn share_of(total: usize, n: usize, i: usize) -> usize {
    total / n + usize::from(i < total % n)
}

fn counselling(ctx: &mut Ctx, p: &UnitPlan, rng: &mut Rng) -> usize {
    let n = p.volume(200);
    let pool = ctx.recipients(n);
    for q in ctx.quarters.clone() {
        let late = count(n, p.rate("co_late", q));
        let repeat = count(n, p.rate("co_repeat", q));
        let written = count(n, p.rate("co_written", q));
        let is_written = |i: usize| i >= n - written;
        let days = |i| if is_written(i) { 60 } else { 85 };
        let people = pool.iter().map(String::as_str);
        quarter_cases(ctx, p, q, people, rng, days, |i, applied, c| {
            c.decision = Some("granted".into());
            let started = add(applied, i64::from(i < late));
            c.started_on = Some(started);
            c.ended_on = Some(if is_written(i) {
                add(applied, 14)
            } else {
                started
            });
            if is_written(i) {
                c.category = Some("written".into());
            }
            c.repeat = Some(i >= late && i < late + repeat);
        });
    }
    n
}

fn temporary_shelter(ctx: &mut Ctx, p: &UnitPlan, rng: &mut Rng) -> usize {
    let n = p.volume(20);
    let places = p.cohort(30) as i64;
    let pool = ctx.recipients(n);
    for q in ctx.quarters.clone() {
        let minors = count(n, p.rate("ts_minor", q));
        let unstable = count(n, p.rate("ts_not_stable", q));
        let people = pool.iter().map(String::as_str);
        quarter_cases(ctx, p, q, people, rng, within(25), |i, applied, c| {
            c.decision = Some("granted".into());
            let decided = if i < minors {
                c.category = Some("minor".into());
                applied
            } else {
                add(applied, 1)
            };
            c.decided_on = Some(decided);
            c.started_on = Some(decided);
            c.ended_on = Some(add(decided, 30 + ((i * 7) % 31) as i64));
            c.outcome = Some(
                if i < n - unstable {
                    if i % 2 == 0 {
                        "stable_housing"
                    } else {
                        "family"
                    }
                } else {
                    "other"
                }
                .into(),
            );
        });
        monthly_occupancy(ctx, p, q, places, "ts_occupancy", None);
    }
    n
}

fn day_care(ctx: &mut Ctx, p: &UnitPlan, rng: &mut Rng) -> usize {
    let cohort = p.volume(40);
    let courses = p.cohort(15);
    let ids = ctx.recipients(cohort);
    cohort_cases(ctx, p, &ids, "cohort", 5, 8);
    for q in ctx.quarters.clone() {
        let pool = ctx.recipients(courses);
        let not_improved = count(courses, p.rate("dc_not_improved", q));
        let people = pool.iter().map(String::as_str);
        quarter_cases(ctx, p, q, people, rng, within(20), |i, applied, c| {
            c.decision = Some("granted".into());
            c.decided_on = Some(add(applied, 2));
            c.started_on = Some(add(applied, 5));
            c.ended_on = Some(add(applied, 35 + (i % 25) as i64));
            c.outcome = Some(
                if i < not_improved {
                    "unchanged"
                } else {
                    "improved"
                }
                .into(),
            );
        });
        cohort_deliveries(ctx, p, q, &ids, "dc_missed", None);
    }
    cohort + courses
}

fn disability_rehab(ctx: &mut Ctx, p: &UnitPlan, rng: &mut Rng) -> usize {
    let n = p.cohort(20);
    let diagnoses = p.volume(15);
    let pool = ctx.recipients(n);
    for q in ctx.quarters.clone() {
        let dropped = count(n, p.rate("dr_dropped", q));
        let people = pool.iter().map(String::as_str);
        quarter_cases(ctx, p, q, people, rng, within(5), |i, applied, c| {
            c.decision = Some("granted".into());
            let decided = add(applied, 5 + (i % 6) as i64);
            let started = add(decided, 7);
            c.decided_on = Some(decided);
            c.started_on = Some(started);
            c.ended_on = Some(add(started, 28 + (i % 18) as i64));
            c.outcome = Some(if i < dropped { "dropped" } else { "completed" }.into());
        });
        let not_positive = count(diagnoses, p.rate("dr_not_positive", q));
        for i in 0..diagnoses {
            let repeat = add(q.start(), 10 + (rng.range(0, 70)));
            let before = 40 + (i % 20) as i64;
            ctx.region.diagnostics.push(Diagnosis::new(
                format!("{}-{}-{i:04}", p.id(), q),
                p.id(),
                pool[i % n].as_str(),
                add(repeat, -60),
                repeat,
                before,
                if i < not_positive { before } else { before + 5 },
            ));
        }
    }
    n
}

fn social_taxi(ctx: &mut Ctx, p: &UnitPlan, rng: &mut Rng) -> usize {
    let n = p.volume(300);
    // Riders are mostly home-care clients of the same centre.
    let riders = match ctx.cohorts.get(&p.row.org.0) {
        Some(c) if !c.is_empty() => c.clone(),
        _ => ctx.recipients((n / 4).max(1)),
    };
    for q in ctx.quarters.clone() {
        let refused = count(n, p.rate("st_refused", q));
        let late = count(n, p.rate("st_late", q));
        let people = (0..n).map(|i| riders[i % riders.len()].as_str());
        quarter_cases(ctx, p, q, people, rng, within(85), |i, applied, c| {
            let due = add(applied, 1 + (i % 2) as i64);
            c.due_on = Some(due);
            c.decided_on = Some(applied);
            if i >= n - refused {
                c.decision = Some("refused".into());
            } else {
                c.decision = Some("granted".into());
                let ride = add(due, i64::from(i < late));
                c.started_on = Some(ride);
                c.ended_on = Some(ride);
            }
        });
    }
    riders.len().min(n)
}

fn aids_loan(ctx: &mut Ctx, p: &UnitPlan, rng: &mut Rng) -> usize {
    let n = p.volume(60);
    let pool = ctx.recipients(n);
    for q in ctx.quarters.clone() {
        let no_stock = count(n, p.rate("al_no_stock", q));
        let late = count(n, p.rate("al_return_late", q));
        let people = pool.iter().map(String::as_str);
        quarter_cases(ctx, p, q, people, rng, within(20), |i, applied, c| {
            c.decided_on = Some(applied);
            if i >= n - no_stock {
                c.decision = Some("refused".into());
                c.refusal_reason = Some("no_stock".into());
            } else {
                c.decision = Some("granted".into());
                let issued = add(applied, 1 + (i % 3) as i64);
                let due = add(issued, 45);
                c.started_on = Some(issued);
                c.due_on = Some(due);
                c.ended_on = Some(if i < late { add(due, 7) } else { add(due, -2) });
            }
        });
    }
    n
}

fn residential_care(ctx: &mut Ctx, p: &UnitPlan, _rng: &mut Rng) -> usize {
    let residents = p.cohort(80);
    let ids = ctx.recipients(residents);
    cohort_cases(ctx, p, &ids, "resident", 10, 20);
    for q in ctx.quarters.clone() {
        let places = residents as i64;
        monthly_occupancy(ctx, p, q, places, "rc_occupancy", Some(places));
        for (k, person) in ids.iter().enumerate().take(residents / 80) {
            let mut inc = Incident::new(
                format!("{}-{}-{k}", p.id(), q),
                p.id(),
                add(q.start(), 30 + k as i64),
                "fall",
            );
            inc.recipient_id = Some(person.clone());
            ctx.region.incidents.push(inc);
        }
    }
    residents
}

/// Surveys, complaints and audits of every unit.
fn common(ctx: &mut Ctx, p: &UnitPlan, served: usize, rng: &mut Rng) {
    let respondents = ((25.0 * p.factor).round() as usize).max(12);
    let residential = p.row.process == "residential_care";
    for q in ctx.quarters.clone() {
        let fails: BTreeMap<&str, usize> = [
            ("overall", 0.04),
            ("improved", 0.12),
            ("meals", 0.05),
            ("belongings", 0.05),
            ("comfort", 0.06),
            ("polite_first", 0.03),
            ("polite_service", 0.02),
            ("recommend", 0.08),
            ("org_conditions", 0.05),
            ("on_time", 0.07),
        ]
        .into_iter()
        .map(|(k, r)| (k, count(respondents, r)))
        .collect();
        for i in 0..respondents {
            let mut s = SurveyResponse {
                respondent_id: format!("{}-{}-S{i:03}", p.id(), q),
                unit_id: p.id().to_string(),
                answered_on: add(q.start(), rng.range(5, 80)),
                respondent_kind: Some(if i % 5 == 4 { "relative" } else { "recipient" }.into()),
                channel: Some(["paper", "interview", "phone", "online"][i % 4].into()),
                answers: BTreeMap::new(),
            };
            let yes_no = |fail: bool| if fail { "no" } else { "yes" }.to_string();
            for (&question, &failing) in &fails {
                if !residential && (question == "meals" || question == "belongings") {
                    continue;
                }
                s.answers.insert(question.to_string(), yes_no(i < failing));
            }
            // Client group and the domains of improvement (seed 004): a
            // domain that does not concern the respondent is not applicable.
            let group = ["elderly", "elderly", "disabled", "family", "other"][i % 5];
            s.answers.insert("client_group".into(), group.into());
            let improved = i >= fails["improved"];
            for (question, applies) in [
                ("improved_emotional", true),
                ("improved_physical", true),
                ("solved_legal", i % 3 == 0),
                ("solved_everyday", i % 2 == 0),
            ] {
                let answer = if !applies {
                    "not_applicable".to_string()
                } else {
                    yes_no(!improved)
                };
                s.answers.insert(question.into(), answer);
            }
            // Filter questions with their follow-ups (skips enforced).
            let used_stand = i % 10 < 7;
            let used_site = i % 10 < 4;
            let disabled = i % 3 == 0;
            let used_remote = i % 2 == 0;
            s.answers.insert("used_stand".into(), yes_no(!used_stand));
            s.answers.insert("used_site".into(), yes_no(!used_site));
            s.answers.insert("disabled".into(), yes_no(!disabled));
            s.answers.insert("used_remote".into(), yes_no(!used_remote));
            if used_stand {
                s.answers
                    .insert("stand_satisfied".into(), yes_no(i % 10 == 6));
            }
            if used_site {
                s.answers
                    .insert("site_satisfied".into(), yes_no(i % 10 == 3));
            }
            if disabled {
                s.answers.insert("accessibility".into(), yes_no(i % 9 == 6));
            }
            if used_remote {
                s.answers
                    .insert("polite_remote".into(), yes_no(i % 20 == 10));
            }
            ctx.region.surveys.push(s);
        }

        let complaints = match p
            .plant
            .and_then(|pl| pl.rates.get(&("complaints_per_recipient", q)))
        {
            Some(rate) => ((served as f64 * rate).ceil() as usize).max(1),
            // One complaint per 150 served keeps clean units under the
            // 1-per-100 band even where a tenth of applicants are refused
            // (refused applicants are not counted as recipients).
            None => served / 150,
        };
        let justified = count(complaints, p.rate("complaints_justified", q));
        let not_acted = count(justified, p.rate("justified_not_acted", q));
        for k in 0..complaints {
            let received = add(q.start(), 10 + (k % 50) as i64);
            let mut c = Complaint::new(format!("{}-{}-K{k:03}", p.id(), q), p.id(), received);
            c.process = Some(p.row.process.to_string());
            let registered = add(received, 1);
            c.registered_on = Some(registered);
            if k % 4 == 3 {
                // The term extended with notice (59-ФЗ ст. 12 ч. 2): answered in 45 days.
                c.extended_on = Some(add(registered, 25));
                c.answered_on = Some(add(registered, 45));
            } else {
                c.answered_on = Some(add(received, 12));
            }
            c.justified = Some(k < justified);
            c.acted_on = Some(k >= not_acted);
            ctx.region.complaints.push(c);
        }

        // The state assignment: a volume per month near the unit's own,
        // provided but for a small shortfall.
        for month in months(q) {
            let assigned = (served as i64 * 4).max(10);
            let short = count(assigned as usize, p.rate("gz_shortfall", q)) as i64;
            ctx.region.assignments.push(Assignment::new(
                p.id(),
                p.row.process,
                month,
                assigned,
                assigned - short,
            ));
        }

        // Staff: a position per ten recipients, a few vacant, most trained.
        for month in months(q) {
            let positions = (served / 10).max(3);
            let filled = positions - count(positions, p.rate("staff_vacant", q));
            let trained = filled - count(filled, p.rate("staff_untrained", q));
            let mut s = Staff::new(p.id(), month, positions as i64, filled as i64);
            s.trained = Some(trained as i64);
            ctx.region.staff.push(s);
        }

        let planned = add(q.start(), 45);
        let mut a = Audit::new(format!("{}-{}-A", p.id(), q), p.id(), planned);
        a.held_on = Some(planned);
        a.findings = Some(2);
        a.major_findings = Some(0);
        ctx.region.audits.push(a);
    }
}
