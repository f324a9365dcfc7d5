//! CSV folders loaded by the column route (tables parsed in parallel,
//! written by the column writer) against the row writer's route: the same
//! dataset, the same problems in the same order, the same cut-offs.

use std::path::Path;

use etalon_core::Dataset;
use proptest::prelude::*;

use super::*;

const UNITS: &str = "region_id,group_id,org_id,org_type,unit_id,processes\n\
                     R,G,O,non_residential,U1,home_care\n\
                     R,G,O,non_residential,U2,home_care\n";

/// A table written by the tests: its header and, per column, the texts
/// its cells are drawn from (good ones, bad ones, multi-line ones).
struct Spec {
    table: TableKind,
    header: &'static [&'static str],
    pools: &'static [&'static [&'static str]],
}

// The first two are the row's own (see `csv`).
const IDS: &[&str] = &["", "", "A1", "A2", "", "A\n6", "B\r\n7", "C,\"8\""];
const UNIT: &[&str] = &["U1", "U2", " U1 ", "U9", ""];
// Staff's months: one record per unit and month.
// The first is the row's own month (see `csv`).
const MONTH: &[&str] = &["", "2026-08-01", "2026-09-15", "2026-13-01", ""];
const DATE: &[&str] = &["2026-07-01", "2026-08-15", "2026-13-01", "", "01.07.2026"];
// Dates after those of DATE's first two (unless missing).
const LATER: &[&str] = &["2026-09-30", "", "2026-07-01", "31.02.2026"];
const COUNT: &[&str] = &["3", "5", "0", "-1", "1.5", "x", ""];
// Counts no greater than those of COUNT's first two (unless missing).
const PART: &[&str] = &["0", "", "9", "2.0"];
const FLAG: &[&str] = &["true", "false", "1", "0", "maybe", ""];
const CODE: &[&str] = &["home_care", "", "nonsense"];
const RECIPIENT: &[&str] = &["R1", "R2", "", "R\n3"];

const SPECS: [Spec; 3] = [
    Spec {
        table: TableKind::Complaints,
        header: &[
            "complaint_id",
            "unit_id",
            "process",
            "recipient_id",
            "received_on",
            "answered_on",
            "justified",
        ],
        pools: &[IDS, UNIT, CODE, RECIPIENT, DATE, LATER, FLAG],
    },
    Spec {
        table: TableKind::Audits,
        header: &[
            "audit_id",
            "unit_id",
            "planned_on",
            "held_on",
            "findings",
            "major_findings",
        ],
        pools: &[IDS, UNIT, DATE, LATER, COUNT, PART],
    },
    Spec {
        table: TableKind::Staff,
        header: &["unit_id", "month", "positions", "filled", "trained"],
        pools: &[UNIT, MONTH, COUNT, PART, PART],
    },
];

/// How a generated row is written.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Plain,
    /// Every field quoted.
    Quoted,
    /// One field too few.
    Short,
    /// One field too many.
    Long,
    /// The first field not UTF-8.
    NotUtf8,
    /// A blank line before the row.
    AfterBlank,
}

type Row = (Vec<usize>, Shape);

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        12 => Just(Shape::Plain),
        2 => Just(Shape::Quoted),
        1 => Just(Shape::Short),
        1 => Just(Shape::Long),
        1 => Just(Shape::NotUtf8),
        1 => Just(Shape::AfterBlank),
    ]
}

/// Rows of `width` fields; `clean`: good texts only (the first two of each
/// pool) in well-formed rows, else mostly those.
fn rows(width: usize, clean: bool) -> impl Strategy<Value = Vec<Row>> {
    let pick = if clean {
        (0usize..2).boxed()
    } else {
        prop_oneof![8 => 0usize..2, 1 => 0usize..16].boxed()
    };
    let shape = if clean {
        prop_oneof![
            Just(Shape::Plain),
            Just(Shape::Quoted),
            Just(Shape::AfterBlank)
        ]
        .boxed()
    } else {
        shape().boxed()
    };
    proptest::collection::vec((proptest::collection::vec(pick, width), shape), 0..30)
}

fn field(out: &mut Vec<u8>, text: &str, quoted: bool) {
    if quoted || text.contains(['\n', '\r', ',', '"']) {
        out.push(b'"');
        out.extend(text.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend(text.as_bytes());
    }
}

fn csv(spec: &Spec, rows: &[Row], crlf: bool) -> Vec<u8> {
    let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut out = spec.header.join(",").into_bytes();
    out.extend(end);
    for (n, (picks, shape)) in rows.iter().enumerate() {
        // A record id's and a month's first texts are the row's own, so
        // that records of good texts are kept.
        let own = [format!("A{n}"), format!("B\n{n}")];
        let month = format!("{}-{:02}-01", 2000 + n / 12, 1 + n % 12);
        let mut fields: Vec<&str> = (spec.header.iter().zip(spec.pools))
            .zip(picks)
            .map(|((&name, pool), &p)| match p % pool.len() {
                p @ (0 | 1) if name == spec.header[0] && name != "unit_id" => own[p].as_str(),
                0 if name == "month" => month.as_str(),
                p => pool[p],
            })
            .collect();
        match shape {
            Shape::Short => {
                fields.pop();
            }
            Shape::Long => fields.push("extra"),
            Shape::AfterBlank => out.extend(end),
            _ => {}
        }
        for (i, text) in fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if i == 0 && matches!(shape, Shape::NotUtf8) {
                out.extend(b"\xff\xfeA");
            } else {
                field(&mut out, text, matches!(shape, Shape::Quoted));
            }
        }
        out.extend(end);
    }
    out
}

/// A folder of the two-unit tree and `tables` (by their place in [`SPECS`]).
fn folder(tables: &[Option<Vec<Row>>], crlf: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("units.csv"), UNITS).unwrap();
    for (spec, rows) in SPECS.iter().zip(tables) {
        if let Some(rows) = rows {
            let path = dir.path().join(format!("{}.csv", spec.table.name()));
            std::fs::write(path, csv(spec, rows, crlf)).unwrap();
        }
    }
    dir
}

/// Everything loading gives: every table's columns, values and source
/// (the line of each record), or the problems with their files, lines,
/// texts and order.
fn shown(result: Result<Dataset, LoadError>) -> String {
    let data = match result {
        Ok(data) => data,
        Err(e) => return format!("{e:?}"),
    };
    let mut out = String::new();
    for table in TableKind::ALL {
        let columns = data.columns(table);
        let values: Vec<Vec<_>> = (0..columns.len())
            .map(|i| data.values(table, i).unwrap().collect())
            .collect();
        out += &format!(
            "{table:?} {} {:?} {values:?} {:?}\n",
            data.has_table(table),
            data.given_columns(table),
            data.sources().get(table.name()),
        );
    }
    out
}

fn both(dir: &Path, options: &LoadOptions, chunk: usize, threads: usize) -> (String, String) {
    (
        shown(load_tables(dir, options, Route::Rows)),
        shown(load_tables(dir, options, Route::Columns { chunk, threads })),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Any folder of good and bad rows (wrong lengths, not UTF-8, quoted
    /// fields over several lines, blank lines, CRLF), in chunks of any
    /// size prepared by any number of threads, with any limits: the column
    /// route gives what the row writer gives.
    #[test]
    fn the_column_route_loads_a_csv_folder_as_the_row_writer_does(
        tables in [proptest::bool::weighted(0.7); 3].prop_flat_map(|clean| (
            proptest::option::weighted(0.8, rows(7, clean[0])),
            proptest::option::weighted(0.8, rows(6, clean[1])),
            proptest::option::weighted(0.8, rows(5, clean[2])),
        )),
        crlf in any::<bool>(),
        chunk in 1usize..12,
        threads in 1usize..5,
        max_problems in 1usize..8,
        max_records in proptest::option::of(0usize..50),
        utf8 in any::<bool>(),
    ) {
        let dir = folder(&[tables.0, tables.1, tables.2], crlf);
        let options = LoadOptions {
            max_problems: Some(max_problems),
            max_records,
            // Declared UTF-8, bytes that are not are refused row by row;
            // undeclared, such a file reads as cp1251.
            encoding: utf8.then_some(TextEncoding::Utf8),
            ..LoadOptions::default()
        };
        let (rows, columns) = both(dir.path(), &options, chunk, threads);
        prop_assert_eq!(rows, columns);
    }
}

#[test]
fn problems_of_tables_read_in_parallel_come_in_table_order_and_stop_at_the_limit() {
    // Complaints: a bad date on the third record, a short row; audits: a
    // bad count; staff: an unknown unit. The limit keeps the first found in
    // the order of the tables (complaints, audits, staff), whichever
    // thread finishes first; the list is then sorted by file.
    let complaints = "complaint_id,unit_id,received_on\n\
                      C1,U1,2026-07-01\n\
                      C2,U1,2026-07-02\n\
                      C3,U1,2026-13-01\n\
                      C4,U1\n";
    let audits = "audit_id,unit_id,planned_on,findings\n\
                  A1,U1,2026-07-01,x\n";
    let staff = "unit_id,month,positions,filled\n\
                 U9,2026-07-01,1,1\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("units.csv"), UNITS).unwrap();
    std::fs::write(dir.path().join("staff.csv"), staff).unwrap();
    std::fs::write(dir.path().join("audits.csv"), audits).unwrap();
    std::fs::write(dir.path().join("complaints.csv"), complaints).unwrap();
    let at = |file: &str, rest: &str| format!("{}, {rest}", dir.path().join(file).display());
    let all = [
        at(
            "complaints.csv",
            "line 4: complaints, row 3, field `received_on`: expected a date such as \
             2026-07-01 or 01.07.2026",
        ),
        at(
            "complaints.csv",
            "line 5: this row has 2 fields but the header has 3",
        ),
        at(
            "audits.csv",
            "line 2: audits, row 1, field `findings`: expected a whole number",
        ),
        at(
            "staff.csv",
            "line 2: staff, row 1, field `unit_id`: the unit is not in the organisation tree",
        ),
    ];
    for limit in 1..=5 {
        let options = LoadOptions {
            max_problems: Some(limit),
            ..LoadOptions::default()
        };
        let problems = match load_dataset_with(dir.path(), &options).unwrap_err() {
            LoadError::Problems { problems, stopped } => {
                assert_eq!(stopped, limit <= all.len(), "limit {limit}");
                problems.iter().map(ToString::to_string).collect()
            }
            one => vec![one.to_string()],
        };
        // The first found in table order, then sorted by file and line.
        let mut want = all[..limit.min(all.len())].to_vec();
        want.sort();
        assert_eq!(problems, want, "limit {limit}");
    }
}

#[test]
fn a_refused_csv_row_is_said_in_russian_and_english() {
    use crate::error::Envelope;
    use crate::report::Lang;
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("units.csv");
    std::fs::write(&units, format!("{UNITS}R,G,O\n")).unwrap();
    let env = Envelope::from(load_dataset(dir.path()).unwrap_err());
    let file = units.display();
    assert_eq!(env.code.as_str(), "E-DATA-CSV");
    assert_eq!(
        env.message_in(Lang::En),
        format!("{file}, line 4: this row has 3 fields but the header has 6")
    );
    assert_eq!(
        env.catalogued(Lang::Ru).as_deref(),
        Some(format!("{file}, строка 4: полей в строке 3, а в заголовке 6").as_str())
    );
    // A row that is not UTF-8 where the file was read as UTF-8.
    let env = Envelope::from(LoadError::Csv {
        path: units.clone(),
        line: 7,
        message: csv_problems::not_utf8(),
    });
    assert_eq!(
        env.catalogued(Lang::Ru).as_deref(),
        Some(format!("{file}, строка 7: файл — не текст в UTF-8").as_str())
    );
    assert_eq!(
        env.catalogued(Lang::En).as_deref(),
        Some(format!("{file}, line 7: the file is not UTF-8 text").as_str())
    );
}
