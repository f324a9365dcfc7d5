//! Improvement plans: the term kinds «по индивидуальным планам» and «в
//! течение N дней после утверждения приказа», and results already at their
//! target, on the standard package.

use chrono::NaiveDate;
use etalon::scoring::{Plan, PlanOrg, ResultValues, Term};
use etalon::{Audit, Case, DatasetBuilder, OrgTree};

use crate::support::standard;

const PLAN: &str = r#"
[plan]
id = "p"
name = "План"
approved_on = 2026-01-15
from = 2026-01-15
to = 2026-12-31
basis = "итоги оценки"
responsible = "директор"

[[group]]
id = "g"
name = "Группа"

[[measure]]
number = 1
group = "g"
name = "Повышение квалификации"
term = "individual"
expected = "обучены"

[[measure]]
number = 2
group = "g"
name = "Приказ об ответственных"
term = { days_after_approval = 30 }
expected = "назначены"
indicator = "indicator:gen_recognition_in_term"
target = { change = "increase" }

[[measure]]
number = 3
group = "g"
name = "Аудиты"
term = "quarterly"
expected = "без значительных несоответствий"
indicator = "indicator:gen_major_findings_share"
target = { change = "decrease" }
"#;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

#[test]
fn the_new_term_kinds_become_due_dates() {
    let plan = Plan::from_toml("plan.toml", PLAN).unwrap();
    assert_eq!(plan.measures[0].term, Term::Individual);
    assert!(plan.due_dates(&plan.measures[0]).is_empty());
    assert_eq!(
        plan.measures[0].term.to_string(),
        "according to individual plans"
    );
    // 15 January + 30 days.
    assert_eq!(plan.measures[1].term, Term::By(d(2, 14)));
    let without = PLAN.replace("approved_on = 2026-01-15\n", "");
    let err = Plan::from_toml("plan.toml", &without).unwrap_err();
    let first = err.iter().next().unwrap();
    assert_eq!(
        first.message,
        "a term counted after the order's approval needs `approved_on` in [plan]"
    );
    assert_eq!(
        etalon::catalogue::diagnostic(first, etalon::report::Lang::Ru),
        "срок, отсчитываемый от утверждения приказа, требует `approved_on` в [plan]"
    );
    assert_eq!(
        etalon::catalogue::diagnostic(first, etalon::report::Lang::En),
        first.message
    );
}

/// A term that is none, in both languages, word for word.
#[test]
fn a_term_that_is_none_is_named_in_both_languages() {
    let broken = PLAN.replacen("term = \"quarterly\"", "term = \"monthly\"", 1);
    let err = Plan::from_toml("plan.toml", &broken).unwrap_err();
    let d = err.iter().next().unwrap();
    let en = "`monthly` is not a term; write \"permanent\", \"quarterly\", \"yearly\", \"individual\", { by = 2018-12-31 } or { days_after_approval = 30 }";
    assert_eq!(d.message, en);
    assert_eq!(
        etalon::catalogue::diagnostic(d, etalon::report::Lang::En),
        en
    );
    assert_eq!(
        etalon::catalogue::diagnostic(d, etalon::report::Lang::Ru),
        "`monthly` — не срок; пишите \"permanent\", \"quarterly\", \"yearly\", \"individual\", { by = 2018-12-31 } или { days_after_approval = 30 }"
    );
}

#[test]
fn a_result_already_at_its_target_is_reached() {
    let m = standard();
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g").unwrap();
    tree.org("O", "o", "G", "non_residential").unwrap();
    tree.unit("U", "u", "O", ["home_care"]).unwrap();
    let tree = tree.build().unwrap();
    let mut b = DatasetBuilder::new(tree.clone());
    // Five recognitions in term every quarter (100 %), one audit a quarter
    // without major findings (0 %).
    for (q, month) in [(1, 2), (2, 5)] {
        for i in 0..5 {
            let mut c = Case::new(
                format!("C{q}{i}"),
                "home_care",
                "U",
                format!("P{i}"),
                d(month, 3),
            );
            c.recognised_on = Some(d(month, 4));
            b.add(&c).unwrap();
        }
        let mut a = Audit::new(format!("A{q}"), "U", d(month, 10));
        a.held_on = Some(d(month, 10));
        a.findings = Some(2);
        a.major_findings = Some(0);
        b.add(&a).unwrap();
    }
    let data = b.finish().unwrap();
    let before = m.evaluate(&data, "2026-Q1".parse().unwrap()).unwrap();
    let after = m.evaluate(&data, "2026-Q2".parse().unwrap()).unwrap();
    let plan = Plan::from_toml("plan.toml", PLAN).unwrap();
    let orgs = PlanOrg::from_tree(&tree);
    let later = ResultValues {
        evaluation: Some(&after),
        nok: None,
    };
    let base = ResultValues {
        evaluation: Some(&before),
        nok: None,
    };
    let checks = plan.results(&orgs, &later, Some(&base));
    let seen: Vec<String> = checks
        .iter()
        .map(|c| {
            format!(
                "{}: {:?} → {:?} {:?}",
                c.measure,
                c.baseline.map(|v| v.normalize().to_string()),
                c.value.map(|v| v.normalize().to_string()),
                c.reached
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            "2: Some(\"100\") → Some(\"100\") Some(true)",
            "3: Some(\"0\") → Some(\"0\") Some(true)",
        ]
    );
}
