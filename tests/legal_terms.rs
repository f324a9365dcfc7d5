//! The legal terms of 442-ФЗ and 59-ФЗ and the audit findings, computed by
//! hand on a one-unit region in 2026-Q2 with the standard package (its
//! production calendar: 12 June and the art. 112 carry to 11 May are off).
//!
//! Recognition (442-ФЗ ст. 15, ≤ 5 working days), by `recognised_on`:
//! C1 10.06 → 18.06: 11, 15, 16, 17, 18 = 5 (12 June off) — in term;
//! C2 07.05 → 15.05: 8, 12, 13, 14, 15 = 5 (11 May off) — in term;
//! C3 01.04 → 09.04: 2, 3, 6, 7, 8, 9 = 6 — late; C4 13.04 → 14.04 = 1;
//! C5 30.03 → 03.04 = 4 (applied in Q1, decided in Q2); C6 decided in Q3.
//! 4 of 5 = 80 %.
//!
//! Complaints (59-ФЗ), by `received_on`, the period ending 30.06:
//! K1 received 01.04, registered 03.04 (2 days), answered 30.04 (27 days);
//! K2 06.04, registered 10.04 (4: late), answered 08.05 (28 from registration: in term);
//! K3 10.04, registered 11.04, extension notified 05.05 (24), answered 05.06 (55 ≤ 60);
//! K4 15.04, registered 16.04, answered 25.05 (39, no extension): late;
//! K5 20.04, registered 21.04, notice 25.05 (34: after the 30 days), answered 01.06 (41): late;
//! K6 received 29.06, nothing yet: neither due;
//! K7 01.05, never registered nor answered: both due, neither kept;
//! K8 20.06, registered 22.06, not answered: answer not yet due.
//! Registration: due K1–K5, K7, K8 = 7, in term K1, K3, K4, K5, K8 = 5.
//! Answer: due K1–K5, K7 = 6, in term K1, K2, K3 = 3 → 50 %.
//! Justified: K2 (acted on), K4 (not) → 50 %.
//!
//! Audits: A1 3 findings, 1 major; A2 2 findings, none major → 1 of 5 = 20 %.

use chrono::NaiveDate;
use etalon::{Audit, Case, Complaint, DatasetBuilder, Judgement, Level, OrgTree};
use rust_decimal::Decimal;

use crate::support::standard;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn data() -> etalon::Dataset {
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g").unwrap();
    tree.org("O", "o", "G", "non_residential").unwrap();
    tree.unit("U", "u", "O", ["home_care"]).unwrap();
    let mut b = DatasetBuilder::new(tree.build().unwrap());
    let cases = [
        ("C1", d(6, 10), d(6, 18)),
        ("C2", d(5, 7), d(5, 15)),
        ("C3", d(4, 1), d(4, 9)),
        ("C4", d(4, 13), d(4, 14)),
        ("C5", d(3, 30), d(4, 3)),
        ("C6", d(6, 25), d(7, 2)),
    ];
    for (i, (id, applied, recognised)) in cases.into_iter().enumerate() {
        let mut c = Case::new(id, "home_care", "U", format!("P{i}"), applied);
        c.recognised_on = Some(recognised);
        b.add(&c).unwrap();
    }
    type Row = (
        &'static str,
        NaiveDate,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<(bool, bool)>,
    );
    let complaints: [Row; 8] = [
        ("K1", d(4, 1), Some(d(4, 3)), None, Some(d(4, 30)), None),
        (
            "K2",
            d(4, 6),
            Some(d(4, 10)),
            None,
            Some(d(5, 8)),
            Some((true, true)),
        ),
        (
            "K3",
            d(4, 10),
            Some(d(4, 11)),
            Some(d(5, 5)),
            Some(d(6, 5)),
            None,
        ),
        (
            "K4",
            d(4, 15),
            Some(d(4, 16)),
            None,
            Some(d(5, 25)),
            Some((true, false)),
        ),
        (
            "K5",
            d(4, 20),
            Some(d(4, 21)),
            Some(d(5, 25)),
            Some(d(6, 1)),
            None,
        ),
        ("K6", d(6, 29), None, None, None, None),
        ("K7", d(5, 1), None, None, None, None),
        ("K8", d(6, 20), Some(d(6, 22)), None, None, None),
    ];
    for (id, received, registered, extended, answered, justified) in complaints {
        let mut k = Complaint::new(id, "U", received);
        k.registered_on = registered;
        k.extended_on = extended;
        k.answered_on = answered;
        if let Some((justified, acted)) = justified {
            k.justified = Some(justified);
            k.acted_on = Some(acted);
        }
        b.add(&k).unwrap();
    }
    for (id, on, findings, major) in [("A1", d(5, 15), 3, 1), ("A2", d(6, 10), 2, 0)] {
        let mut a = Audit::new(id, "U", on);
        a.held_on = Some(on);
        a.findings = Some(findings);
        a.major_findings = Some(major);
        b.add(&a).unwrap();
    }
    b.finish().unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn terms_of_442_and_59_fz_computed_by_hand() {
    let m = standard();
    let e = m.evaluate(&data(), "2026-Q2".parse().unwrap()).unwrap();
    use Judgement::*;
    let expected = [
        ("gen_recognition_in_term", dec("80"), 5, Critical),
        ("gen_registered_in_term", dec("500") / dec("7"), 7, Critical),
        ("gen_answered_in_term", dec("50"), 6, Critical),
        ("gen_justified_acted_on", dec("50"), 2, Critical),
        ("gen_major_findings_share", dec("20"), 5, Normal),
    ];
    for (indicator, value, base, judgement) in expected {
        let v = e
            .value(Level::Unit, "U", indicator)
            .unwrap_or_else(|| panic!("no value of {indicator}"));
        assert_eq!(v.value, Some(value.normalize()), "{indicator}");
        assert_eq!(v.base, Some(base), "{indicator}");
        assert_eq!(v.judgement, judgement, "{indicator}");
    }
}

#[test]
fn without_recognition_dates_the_indicator_has_no_base() {
    let m = standard();
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g").unwrap();
    tree.org("O", "o", "G", "non_residential").unwrap();
    tree.unit("U", "u", "O", ["home_care"]).unwrap();
    let mut b = DatasetBuilder::new(tree.build().unwrap());
    b.add(&Case::new("C1", "home_care", "U", "P1", d(4, 1)))
        .unwrap();
    let e = m
        .evaluate(&b.finish().unwrap(), "2026-Q2".parse().unwrap())
        .unwrap();
    let v = e
        .value(Level::Unit, "U", "gen_recognition_in_term")
        .unwrap();
    assert_eq!(v.value, None);
    assert_eq!(v.judgement, Judgement::Undefined);
}
