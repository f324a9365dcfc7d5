//! A deterministic generator of demo regions for the standard package.
//!
//! [`RegionSpec::region`] builds a region on the scale of the Sverdlovsk
//! system the methodology was written for (61 territorial administrations,
//! about 160 institutions of three types, about 1 000 units, tens of
//! thousands of recipients, 8 quarters); [`RegionSpec::sample`] a small one.
//!
//! Clean units produce the same counts every quarter, comfortably inside
//! their reference bands, so nothing is flagged on them. Deviations are
//! planted on purpose ([`Plant`]): a critical and a warning band deviation,
//! a run of three periods, a steady drift, a p-chart signal, overcrowding,
//! under-use, a surge of complaints, a stock shortage, and a deviation that
//! comes and goes over the quarters (for the deviation journal). Tests
//! assert that every plant is found and that nothing else is.

mod nok;
mod parquet;
mod plants;
mod records;
mod rng;
mod tree;

use std::path::Path;

use etalon_core::{
    Assignment, Audit, Case, Complaint, DataError, Dataset, DatasetBuilder, Delivery, Diagnosis,
    Incident, Occupancy, Period, PeriodKind, Record, Staff, SurveyResponse,
};

pub use nok::{NOK_FACT_COLUMNS, NokFacts};
pub use plants::{Expected, Plant};
pub use rng::Rng;

use crate::io::{LoadError, TREE_COLUMNS, write_table};

/// Records in all tables of [`RegionSpec::region`] at scale 1.
const RECORDS_AT_SCALE_1: f64 = 1_150_000.0;

/// What region to generate.
#[derive(Debug, Clone)]
pub struct RegionSpec {
    /// Seed: the same spec and seed give the same region.
    pub seed: u64,
    /// Territorial administrations (groups).
    pub groups: usize,
    /// Non-residential centres (КЦСОН).
    pub non_residential: usize,
    /// Residential institutions for the elderly and disabled.
    pub residential: usize,
    /// Institutions for families and children.
    pub family_children: usize,
    /// Multiplies every unit's volume of records.
    pub scale: f64,
    /// The last quarter generated.
    pub last: Period,
    /// How many quarters, ending with `last`.
    pub quarters: u32,
}

impl RegionSpec {
    /// The scale of the regional system of seed 002: 61 groups, 158
    /// institutions, about 970 units, about 2 million records in 8 quarters.
    pub fn region(seed: u64) -> Self {
        RegionSpec {
            seed,
            groups: 61,
            non_residential: 68,
            residential: 30,
            family_children: 60,
            scale: 1.0,
            last: Period::new(PeriodKind::Quarter, 2026, 3).unwrap_or_else(|| unreachable!()),
            quarters: 8,
        }
    }

    /// The region's tree with volumes scaled to about `records` records in
    /// all tables.
    pub fn with_records(seed: u64, records: usize) -> Self {
        RegionSpec {
            scale: records as f64 / RECORDS_AT_SCALE_1,
            ..RegionSpec::region(seed)
        }
    }

    /// A small region: 2 groups, 4 institutions, a few thousand records.
    pub fn sample(seed: u64) -> Self {
        RegionSpec {
            seed,
            groups: 2,
            non_residential: 2,
            residential: 1,
            family_children: 1,
            scale: 0.1,
            ..RegionSpec::region(seed)
        }
    }

    /// The quarters generated, oldest first.
    pub fn periods(&self) -> Vec<Period> {
        (0..self.quarters)
            .rev()
            .map(|n| self.last.previous(n))
            .collect()
    }
}

/// One unit of the generated tree (a row of `units.csv`).
#[derive(Debug, Clone)]
pub struct UnitRow {
    /// Group id and name.
    pub group: (String, String),
    /// Organisation id, name and type.
    pub org: (String, String, String),
    /// Unit id and name.
    pub unit: (String, String),
    /// The process the unit runs.
    pub process: &'static str,
}

/// A generated region: the tree, every table, and what was planted.
#[derive(Debug, Clone, Default)]
pub struct Region {
    /// Region id.
    pub id: String,
    /// Region name.
    pub name: String,
    /// Units with their ancestors.
    pub units: Vec<UnitRow>,
    /// Table `cases`.
    pub cases: Vec<Case>,
    /// Table `deliveries`.
    pub deliveries: Vec<Delivery>,
    /// Table `surveys`.
    pub surveys: Vec<SurveyResponse>,
    /// Table `complaints`.
    pub complaints: Vec<Complaint>,
    /// Table `audits`.
    pub audits: Vec<Audit>,
    /// Table `occupancy`.
    pub occupancy: Vec<Occupancy>,
    /// Table `incidents`.
    pub incidents: Vec<Incident>,
    /// Table `diagnostics`.
    pub diagnostics: Vec<Diagnosis>,
    /// Table `assignments` (the state assignment).
    pub assignments: Vec<Assignment>,
    /// Table `staff`.
    pub staff: Vec<Staff>,
    /// The facts of the independent assessment, per organisation and year.
    pub nok_facts: Vec<NokFacts>,
    /// The deviations planted on purpose.
    pub plants: Vec<Plant>,
}

/// Generates the region of `spec`.
pub fn generate(spec: &RegionSpec) -> Region {
    let rng = Rng::new(spec.seed);
    let mut region = Region {
        id: "SVR".to_string(),
        name: "Свердловская область (демонстрационные данные)".to_string(),
        units: tree::units(spec),
        ..Region::default()
    };
    region.plants = plants::choose(&region.units, spec);
    records::fill(&mut region, spec, &rng.fork(2));
    region.nok_facts = nok::facts(&region.units, spec, &rng.fork(3));
    region
}

impl Region {
    /// The same region under the id `id`: every group, organisation, unit,
    /// record and recipient id prefixed with `id-`, so that regions put
    /// together (a country) never share an entity, a record or a person.
    pub fn renamed(mut self, id: &str, name: &str) -> Region {
        let p = |s: &mut String| *s = format!("{id}-{s}");
        self.id = id.to_string();
        self.name = name.to_string();
        for u in &mut self.units {
            p(&mut u.group.0);
            p(&mut u.org.0);
            p(&mut u.unit.0);
        }
        for c in &mut self.cases {
            p(&mut c.case_id);
            p(&mut c.unit_id);
            p(&mut c.recipient_id);
        }
        for d in &mut self.deliveries {
            p(&mut d.delivery_id);
            p(&mut d.unit_id);
            p(&mut d.recipient_id);
        }
        for s in &mut self.surveys {
            p(&mut s.respondent_id);
            p(&mut s.unit_id);
        }
        for c in &mut self.complaints {
            p(&mut c.complaint_id);
            p(&mut c.unit_id);
            if let Some(x) = c.recipient_id.as_mut() {
                p(x);
            }
        }
        for a in &mut self.audits {
            p(&mut a.audit_id);
            p(&mut a.unit_id);
        }
        for o in &mut self.occupancy {
            p(&mut o.unit_id);
        }
        for i in &mut self.incidents {
            p(&mut i.incident_id);
            p(&mut i.unit_id);
            if let Some(x) = i.recipient_id.as_mut() {
                p(x);
            }
        }
        for d in &mut self.diagnostics {
            p(&mut d.diagnosis_id);
            p(&mut d.unit_id);
            p(&mut d.recipient_id);
        }
        for a in &mut self.assignments {
            p(&mut a.unit_id);
        }
        for s in &mut self.staff {
            p(&mut s.unit_id);
        }
        for f in &mut self.nok_facts {
            p(&mut f.org);
        }
        for plant in &mut self.plants {
            p(&mut plant.unit);
        }
        self
    }

    /// Number of records in all tables.
    pub fn records(&self) -> usize {
        self.cases.len()
            + self.deliveries.len()
            + self.surveys.len()
            + self.complaints.len()
            + self.audits.len()
            + self.occupancy.len()
            + self.incidents.len()
            + self.diagnostics.len()
            + self.assignments.len()
            + self.staff.len()
    }

    /// The organisation tree.
    pub fn tree(&self) -> Result<etalon_core::OrgTree, DataError> {
        let mut b = etalon_core::OrgTree::builder(self.id.clone(), self.name.clone());
        let mut groups = std::collections::HashSet::new();
        let mut orgs = std::collections::HashSet::new();
        for u in &self.units {
            if groups.insert(u.group.0.clone()) {
                b.group(&u.group.0, &u.group.1)?;
            }
            if orgs.insert(u.org.0.clone()) {
                b.org(&u.org.0, &u.org.1, &u.group.0, &u.org.2)?;
            }
            b.unit(&u.unit.0, &u.unit.1, &u.org.0, [u.process])?;
        }
        b.build()
    }

    /// The validated dataset.
    pub fn dataset(&self) -> Result<Dataset, DataError> {
        let mut b = DatasetBuilder::new(self.tree()?);
        b.add_all(&self.cases)?;
        b.add_all(&self.deliveries)?;
        b.add_all(&self.surveys)?;
        b.add_all(&self.complaints)?;
        b.add_all(&self.audits)?;
        b.add_all(&self.occupancy)?;
        b.add_all(&self.incidents)?;
        b.add_all(&self.diagnostics)?;
        b.add_all(&self.assignments)?;
        b.add_all(&self.staff)?;
        b.finish()
    }

    /// Writes `units.csv` and one CSV per table into `dir` (created if
    /// missing; the folder it is in must exist), each file atomically.
    pub fn write_csv(&self, dir: &Path) -> Result<(), LoadError> {
        make_folder(dir)?;
        write_table(&dir.join("units.csv"), &TREE_COLUMNS, self.unit_rows())?;
        write_records(dir, "cases", &self.cases)?;
        write_records(dir, "deliveries", &self.deliveries)?;
        write_records(dir, "surveys", &self.surveys)?;
        write_records(dir, "complaints", &self.complaints)?;
        write_records(dir, "audits", &self.audits)?;
        write_records(dir, "occupancy", &self.occupancy)?;
        write_records(dir, "incidents", &self.incidents)?;
        write_records(dir, "diagnostics", &self.diagnostics)?;
        write_records(dir, "assignments", &self.assignments)?;
        write_records(dir, "staff", &self.staff)?;
        self.write_nok_facts(dir)
    }

    /// Writes `units.parquet` and one Parquet file per table into `dir`
    /// (created if missing; the folder it is in must exist), each file
    /// atomically: what [`Region::write_csv`] writes, each column typed
    /// (dates as dates, counts as integers, flags as booleans). The НОК
    /// facts, which scoring reads as CSV, stay `nok_facts.csv`.
    pub fn write_parquet(&self, dir: &Path) -> Result<(), LoadError> {
        make_folder(dir)?;
        let units: Vec<[String; 10]> = self.unit_rows().collect();
        parquet::write_text_table(&dir.join("units.parquet"), &TREE_COLUMNS, &units)?;
        parquet::write_records(dir, "cases", &self.cases)?;
        parquet::write_records(dir, "deliveries", &self.deliveries)?;
        parquet::write_records(dir, "surveys", &self.surveys)?;
        parquet::write_records(dir, "complaints", &self.complaints)?;
        parquet::write_records(dir, "audits", &self.audits)?;
        parquet::write_records(dir, "occupancy", &self.occupancy)?;
        parquet::write_records(dir, "incidents", &self.incidents)?;
        parquet::write_records(dir, "diagnostics", &self.diagnostics)?;
        parquet::write_records(dir, "assignments", &self.assignments)?;
        parquet::write_records(dir, "staff", &self.staff)?;
        self.write_nok_facts(dir)
    }

    /// The rows of `units.csv`, in the order of [`TREE_COLUMNS`].
    fn unit_rows(&self) -> impl Iterator<Item = [String; 10]> + '_ {
        self.units.iter().map(|u| {
            [
                self.id.clone(),
                self.name.clone(),
                u.group.0.clone(),
                u.group.1.clone(),
                u.org.0.clone(),
                u.org.1.clone(),
                u.org.2.clone(),
                u.unit.0.clone(),
                u.unit.1.clone(),
                u.process.to_string(),
            ]
        })
    }

    /// Writes `nok_facts.csv`: the facts of the НОК besides the questionnaires.
    pub fn write_nok_facts(&self, dir: &Path) -> Result<(), LoadError> {
        let rows = self.nok_facts.iter().map(|f| {
            NOK_FACT_COLUMNS
                .iter()
                .map(|c| match *c {
                    "org_id" => f.org.clone(),
                    "period" => f.year.to_string(),
                    name => f
                        .values
                        .iter()
                        .find(|(k, _)| *k == name)
                        .map_or(String::new(), |(_, v)| v.to_string()),
                })
                .collect::<Vec<_>>()
        });
        write_table(&dir.join("nok_facts.csv"), &NOK_FACT_COLUMNS, rows)
    }
}

/// `dir`, created if missing (the folder it is in must exist).
fn make_folder(dir: &Path) -> Result<(), LoadError> {
    if !dir.is_dir() {
        crate::io::atomic::require_folder(dir)?;
        std::fs::create_dir(dir).map_err(|source| LoadError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    Ok(())
}

/// The columns records are written under: the table's columns and, for
/// surveys, every questionnaire item that appears.
fn record_header<R: Record>(records: &[R]) -> Vec<String> {
    let mut header: Vec<String> = R::TABLE
        .columns()
        .iter()
        .map(|c| c.name.to_string())
        .collect();
    for r in records {
        for n in r.cells().0 {
            if !header.iter().any(|h| h == n) {
                header.push(n.to_string());
            }
        }
    }
    header
}

/// Writes records under [`record_header`] as CSV.
fn write_records<R: Record>(dir: &Path, name: &str, records: &[R]) -> Result<(), LoadError> {
    let header = record_header(records);
    let rows = records.iter().map(|r| {
        let (names, cells) = r.cells();
        header
            .iter()
            .map(|h| {
                names
                    .iter()
                    .position(|n| n == h)
                    .map_or(String::new(), |i| cell_text(&cells[i]))
            })
            .collect::<Vec<_>>()
    });
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    write_table(&dir.join(format!("{name}.csv")), &header, rows)
}

fn cell_text(c: &etalon_core::Cell) -> String {
    match c {
        etalon_core::Cell::Null => String::new(),
        etalon_core::Cell::Text(t) => t.to_string(),
        etalon_core::Cell::Int(i) => i.to_string(),
        etalon_core::Cell::Date(d) => d.to_string(),
        etalon_core::Cell::Bool(b) => b.to_string(),
    }
}
