//! Social effectiveness by domain and by client group (seed 004), computed
//! by hand with the standard package, in 2026-Q2, on twelve questionnaires
//! of one unit:
//! - `improved`: elderly respondents 0–9, yes but for 8 and 9 → 8 / 10 = 80 %;
//!   disabled 10 and 11 → a base of 2, shown, not judged;
//! - `improved_emotional`: yes for 0–8, no for 9 and 10, not applicable for
//!   11 → 9 / 11;
//! - `solved_legal`: yes for 0–3, no for 4–6, the rest not applicable → 4 / 7,
//!   under the minimum base of 10.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use etalon::{DatasetBuilder, Judgement, Level, OrgTree, SurveyResponse};
use rust_decimal::Decimal;

use crate::support::standard;

#[test]
fn effectiveness_by_domain_and_client_group() {
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g").unwrap();
    tree.org("O", "o", "G", "non_residential").unwrap();
    tree.unit("U", "u", "O", ["day_care"]).unwrap();
    let mut b = DatasetBuilder::new(tree.build().unwrap());
    for i in 0..12 {
        let mut answers = BTreeMap::new();
        let group = if i < 10 { "elderly" } else { "disabled" };
        answers.insert("client_group".to_string(), group.to_string());
        let improved = if i == 8 || i == 9 { "no" } else { "yes" };
        answers.insert("improved".to_string(), improved.to_string());
        let emotional = match i {
            0..=8 => "yes",
            9 | 10 => "no",
            _ => "not_applicable",
        };
        answers.insert("improved_emotional".to_string(), emotional.to_string());
        let legal = match i {
            0..=3 => "yes",
            4..=6 => "no",
            _ => "not_applicable",
        };
        answers.insert("solved_legal".to_string(), legal.to_string());
        b.add(&SurveyResponse {
            respondent_id: format!("S{i}"),
            unit_id: "U".into(),
            answered_on: NaiveDate::from_ymd_opt(2026, 5, 10).unwrap(),
            respondent_kind: None,
            channel: None,
            answers,
        })
        .unwrap();
    }
    let e = standard()
        .evaluate(&b.finish().unwrap(), "2026-Q2".parse().unwrap())
        .unwrap();
    let ratio = |a: i64, b: i64| (Decimal::from(a * 100) / Decimal::from(b)).normalize();
    use Judgement::*;
    let expected = [
        ("gen_effect_elderly", ratio(8, 10), 10, Normal),
        ("gen_effect_disabled", ratio(2, 2), 2, InsufficientBase),
        ("gen_effect_emotional", ratio(9, 11), 11, Normal),
        ("gen_effect_legal", ratio(4, 7), 7, InsufficientBase),
    ];
    for (indicator, value, base, judgement) in expected {
        let v = e.value(Level::Unit, "U", indicator).unwrap();
        assert_eq!(v.value, Some(value), "{indicator}");
        assert_eq!(v.base, Some(base), "{indicator}");
        assert_eq!(v.judgement, judgement, "{indicator}");
    }
    // Nobody answered on everyday problems: no value, not a zero.
    let everyday = e.value(Level::Unit, "U", "gen_effect_everyday").unwrap();
    assert_eq!(everyday.value, None);
}
