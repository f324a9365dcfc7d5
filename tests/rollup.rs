//! The country above the regions: regions' totals rolled up equal the
//! figures of the pooled records; country references judge the country and
//! nothing else; totals that do not fit together are refused by name.

use std::collections::BTreeMap;

use etalon::generate::{Region, RegionSpec, generate};
use etalon::report::Lang;
use etalon::scoring::{NokOptions, NokScores};
use etalon::{
    EntityRef, Evaluation, EvaluationError, EvaluationOptions, Judgement, Level, Methodology,
    PackageFiles, Period, Totals,
};

use super::support::standard;

fn period() -> Period {
    "2026-Q3".parse().unwrap()
}

fn the_country() -> EntityRef {
    EntityRef {
        level: Level::Country,
        id: "RU".into(),
    }
}

/// A small generated region with every id prefixed, so that regions put
/// together never share an entity, a record or a recipient.
fn region(seed: u64, id: &str) -> Region {
    generate(&RegionSpec {
        scale: 0.2,
        ..RegionSpec::sample(seed)
    })
    .renamed(id, &format!("Регион {id}"))
}

fn regions() -> Vec<Region> {
    [(11, "RA"), (12, "RB"), (13, "RC")]
        .into_iter()
        .map(|(seed, id)| region(seed, id))
        .collect()
}

/// Every region's records in one region: its groups are the regions' groups.
fn pooled(regions: &[Region]) -> Region {
    let mut all = Region {
        id: "RU".into(),
        name: "Все регионы".into(),
        ..Region::default()
    };
    for r in regions {
        all.units.extend(r.units.iter().cloned());
        all.cases.extend(r.cases.iter().cloned());
        all.deliveries.extend(r.deliveries.iter().cloned());
        all.surveys.extend(r.surveys.iter().cloned());
        all.complaints.extend(r.complaints.iter().cloned());
        all.audits.extend(r.audits.iter().cloned());
        all.occupancy.extend(r.occupancy.iter().cloned());
        all.incidents.extend(r.incidents.iter().cloned());
        all.diagnostics.extend(r.diagnostics.iter().cloned());
        all.assignments.extend(r.assignments.iter().cloned());
        all.staff.extend(r.staff.iter().cloned());
        all.nok_facts.extend(r.nok_facts.iter().cloned());
    }
    all
}

fn evaluate(m: &Methodology, r: &Region) -> (Evaluation, Totals) {
    let data = r.dataset().unwrap();
    let (e, mut totals) = m
        .evaluate_with_totals(&data, &EvaluationOptions::new(period()), Level::Region)
        .unwrap();
    assert_eq!(totals.len(), 1);
    (e, totals.remove(0))
}

fn roll_up(m: &Methodology, parts: &[Totals]) -> Result<(Evaluation, Totals), EvaluationError> {
    m.roll_up(&the_country(), "Российская Федерация", parts)
}

#[test]
fn the_country_equals_the_pooled_records() {
    let m = standard();
    let regions = regions();
    let parts: Vec<Totals> = regions.iter().map(|r| evaluate(&m, r).1).collect();
    let (country, totals) = roll_up(&m, &parts).unwrap();
    let (all, all_totals) = evaluate(&m, &pooled(&regions));

    // The measures are the pooled region's, in every period of the window.
    assert_eq!(totals.values, all_totals.values);
    assert_eq!(totals.processes, all_totals.processes);
    assert_eq!(totals.entity, the_country());

    // Every indicator of the pooled region has the same value, base,
    // inputs and history at the country, and no other is computed there.
    let at_region: BTreeMap<&str, _> = all
        .values
        .iter()
        .filter(|v| v.entity.level == Level::Region)
        .map(|v| (&*v.indicator, v))
        .collect();
    assert_eq!(country.values.len(), at_region.len());
    assert!(!at_region.is_empty());
    for v in &country.values {
        assert_eq!(v.entity, the_country());
        assert_eq!(&*v.entity_name, "Российская Федерация");
        let r = at_region[&*v.indicator];
        assert_eq!(
            (&v.value, &v.base, &v.inputs, &v.history),
            (&r.value, &r.base, &r.inputs, &r.history),
            "{}",
            v.indicator
        );
    }
    assert_eq!(country.region, "RU");
    assert_eq!(country.summary.entities[&Level::Country], 1);
    assert_eq!(country.summary.entities[&Level::Region], 3);

    // The totals travel as JSON and roll up again to the same result.
    let again: Vec<Totals> = parts
        .iter()
        .map(|t| Totals::from_json(&t.to_json()).unwrap())
        .collect();
    assert_eq!(roll_up(&m, &again).unwrap().0, country);
}

#[test]
fn a_region_from_its_groups_equals_the_region() {
    // A region evaluated group by group and rolled up gives the figures of
    // the whole region when no recipient is served in two groups (ids are
    // prefixed per region here, and the generator serves a recipient in
    // one unit).
    let m = standard();
    let r = region(21, "RG");
    let data = r.dataset().unwrap();
    let options = EvaluationOptions::new(period());
    let (whole, _) = m
        .evaluate_with_totals(&data, &options, Level::Region)
        .unwrap();
    let (_, groups) = m
        .evaluate_with_totals(&data, &options, Level::Group)
        .unwrap();
    assert_eq!(groups.len(), data.tree().count(Level::Group));
    let entity = EntityRef {
        level: Level::Region,
        id: "RG".into(),
    };
    let (rolled, _) = m.roll_up(&entity, &r.name, &groups).unwrap();
    let region_values: Vec<_> = whole
        .values
        .iter()
        .filter(|v| v.entity.level == Level::Region)
        .cloned()
        .collect();
    assert_eq!(rolled.values, region_values);
    let region_deviations: Vec<_> = whole
        .deviations
        .iter()
        .filter(|d| d.entity.level == Level::Region)
        .cloned()
        .collect();
    assert_eq!(rolled.deviations, region_deviations);
}

#[test]
fn country_references_judge_the_country_only() {
    let m = standard();
    let regions = regions();
    let evaluated: Vec<(Evaluation, Totals)> = regions.iter().map(|r| evaluate(&m, r)).collect();
    let parts: Vec<Totals> = evaluated.iter().map(|(_, t)| t.clone()).collect();
    let (country, _) = roll_up(&m, &parts).unwrap();
    for v in &country.values {
        match &v.reference {
            Some(r) => assert_eq!(r.scope, etalon::methodology::Scope::Country),
            None => assert!(
                matches!(
                    v.judgement,
                    Judgement::NoReference | Judgement::Undefined | Judgement::InsufficientBase
                ),
                "{} {:?}",
                v.indicator,
                v.judgement
            ),
        }
    }
    let judged: Vec<&str> = country
        .values
        .iter()
        .filter(|v| v.reference.is_some())
        .map(|v| &*v.indicator)
        .collect();
    assert!(judged.contains(&"gen_answered_in_term"), "{judged:?}");
    for (e, _) in &evaluated {
        for v in e.values.iter().filter_map(|v| v.reference.as_ref()) {
            assert_ne!(v.scope, etalon::methodology::Scope::Country);
        }
    }
}

/// The standard package with `text` added to its country references.
fn with_country_rows(text: &str) -> PackageFiles {
    let mut files = etalon::standard_files();
    let path = "references/country.toml";
    let old = files.get(path).unwrap().to_string();
    files.insert(path, format!("{old}\n{text}"));
    files
}

#[test]
fn a_country_row_is_written_country_true() {
    let errors = |text: &str| {
        let d = Methodology::compile(&with_country_rows(text)).unwrap_err();
        d.iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let row = |extra: &str| {
        format!(
            "[[reference]]\nindicator = \"ma_paid_in_term\"\n{extra}\nfrom = 2025-01-01\nnormal = {{ min = 90 }}\nsource = \"x\"\n"
        )
    };
    assert!(errors(&row("levels = [\"country\"]")).contains("country = true"));
    assert!(errors(&row("country = true\nlevels = [\"region\"]")).contains("leave `levels` out"));
    assert!(errors(&row("country = true\norg_type = \"residential\"")).contains("one scope"));
    // A second country row of the same indicator and dates overlaps.
    let twice = row("country = true").repeat(2);
    assert!(errors(&twice).contains("in force on dates"));
    // One country row beside the region-wide row is fine and has its own id.
    let m = Methodology::compile(&with_country_rows(&row("country = true"))).unwrap();
    let ids: Vec<&str> = m
        .references()
        .iter()
        .filter(|r| r.indicator == "ma_paid_in_term")
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "ma_paid_in_term/region/2025-01-01",
            "ma_paid_in_term/country/2025-01-01"
        ]
    );
}

#[test]
fn totals_that_do_not_fit_are_refused() {
    let m = standard();
    let regions = regions();
    let parts: Vec<Totals> = regions[..2].iter().map(|r| evaluate(&m, r).1).collect();
    // Each refusal is said by the catalogue in both languages, its
    // English being the error's own.
    let refused = |parts: &[Totals]| match roll_up(&m, parts) {
        Err(e @ EvaluationError::RollUp(_)) => {
            let env = etalon::Envelope::from(e);
            assert_eq!(env.catalogued(Lang::En), Some(env.message.clone()));
            assert!(env.catalogued(Lang::Ru).is_some(), "{}", env.message);
            env.message
        }
        other => panic!("not refused: {:?}", other.map(|_| ())),
    };
    assert!(refused(&[]).contains("no totals"));
    let twice = [parts[0].clone(), parts[0].clone()];
    assert!(refused(&twice).contains("given twice"));
    let env = etalon::Envelope::from(roll_up(&m, &twice).map(|_| ()).unwrap_err());
    assert_eq!(
        env.message_in(Lang::Ru),
        format!("{}: итоги переданы дважды", parts[0].entity)
    );
    let mut other = parts[1].clone();
    other.methodology.version = "0.0.1".into();
    assert!(refused(&[parts[0].clone(), other]).contains("0.0.1"));
    let mut other = parts[1].clone();
    other.periods[0] = other.periods[0].previous(1);
    assert!(refused(&[parts[0].clone(), other]).contains("cover"));
    let mut other = parts[1].clone();
    other.values.pop();
    assert!(refused(&[parts[0].clone(), other]).contains("values"));
    let mut other = parts[1].clone();
    other.processes.push("juggling".into());
    assert!(refused(&[parts[0].clone(), other]).contains("juggling"));
    let mut other = parts[1].clone();
    other.entity.level = Level::Group;
    assert!(refused(&[parts[0].clone(), other]).contains("region level"));
    assert!(matches!(
        m.roll_up(
            &EntityRef {
                level: Level::Org,
                id: "O".into()
            },
            "o",
            &parts
        ),
        Err(EvaluationError::RollUp(_))
    ));
    assert!(matches!(
        Totals::from_json("{"),
        Err(EvaluationError::RollUp(_))
    ));
}

fn nok(m: &Methodology, r: &Region) -> NokScores {
    let data = r.dataset().unwrap();
    let year: Period = "2026".parse().unwrap();
    let options = NokOptions {
        period: Some(year),
        ..NokOptions::default()
    };
    let input = m
        .nok_from_surveys(&data, year, r.nok_fact_rows(2026), &options)
        .unwrap();
    m.score_nok(&input, &options).unwrap()
}

#[test]
fn the_country_nok_pools_every_organisation() {
    let m = standard();
    let regions = regions();
    let parts: Vec<NokScores> = regions.iter().map(|r| nok(&m, r)).collect();
    let rolled = m.nok_roll_up("RU", "Российская Федерация", &parts).unwrap();
    let all = nok(&m, &pooled(&regions));
    // The pooled region's figure over the same organisations.
    let mut expected = all.region.clone();
    expected.kind = "country".into();
    expected.name = Some("Российская Федерация".into());
    assert_eq!(rolled.country, expected);
    assert_eq!(rolled.sectors, all.sectors);
    // Regions keep their figures and are ranked by their totals.
    assert_eq!(rolled.regions.len(), 3);
    for (f, p) in rolled.regions.iter().zip(&parts) {
        assert_eq!(
            (f.id.as_str(), f.total),
            (p.region.id.as_str(), p.region.total)
        );
        let better = rolled.regions.iter().filter(|o| o.total > f.total).count() as u32;
        assert_eq!(f.rank, Some(better + 1));
    }
    let refused = m.nok_roll_up("RU", "x", &[parts[0].clone(), parts[0].clone()]);
    assert!(matches!(refused, Err(etalon::NokError::RollUp(_))));
    let env = etalon::Envelope::from(refused.unwrap_err());
    let region = &parts[0].region.id;
    assert_eq!(
        env.message,
        format!("region {region}: the НОК scores are given twice")
    );
    assert_eq!(env.catalogued(Lang::En), Some(env.message.clone()));
    assert_eq!(
        env.catalogued(Lang::Ru),
        Some(format!("регион {region}: оценки НОК переданы дважды"))
    );
    let mut other = parts[1].clone();
    other.period = "2025".parse().unwrap();
    let refused = m.nok_roll_up("RU", "x", &[parts[0].clone(), other]);
    assert!(matches!(refused, Err(etalon::NokError::RollUp(_))));
}

#[test]
fn the_evaluation_beside_the_totals_is_the_plain_evaluation_notes_included() {
    // The sample region gives the incidents table without records: its
    // evaluation carries a note that the table has none in the period, and
    // the one made beside the totals must carry it too.
    let m = standard();
    let data = etalon::io::load_dataset(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/data")
            .as_path(),
    )
    .unwrap();
    let options = EvaluationOptions::new(period());
    let plain = m.evaluate_with(&data, &options).unwrap();
    let codes: Vec<&str> = plain.notes.iter().map(|n| n.code.as_str()).collect();
    assert_eq!(codes, ["table-empty"]);
    assert_eq!(
        plain.notes[0].message,
        "table `incidents` has no records in 2026-Q3: the indicators that read it count \
         nothing in the period (rc_incidents_per_100)"
    );
    let (beside, _) = m
        .evaluate_with_totals(&data, &options, Level::Region)
        .unwrap();
    assert_eq!(
        serde_json::to_string(&beside).unwrap(),
        serde_json::to_string(&plain).unwrap()
    );
}
