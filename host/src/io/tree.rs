//! `units.csv` / `units.parquet` / `units.json`: the organisation tree,
//! one row per unit.

use std::collections::HashMap;
use std::path::Path;

use etalon_core::{DataError, OrgTree, Source};

use super::tables::{TableFile, open_table};
use super::{LoadError, LoadOptions};

/// The columns of the tree file.
pub const TREE_COLUMNS: [&str; 10] = [
    "region_id",
    "region_name",
    "group_id",
    "group_name",
    "org_id",
    "org_name",
    "org_type",
    "unit_id",
    "unit_name",
    "processes",
];

/// Reads the tree from `units.csv`, `units.parquet` or `units.json` in `dir`.
pub fn read_tree(dir: &Path) -> Result<OrgTree, LoadError> {
    read_tree_with(dir, &LoadOptions::default()).map(|(tree, _)| tree)
}

/// [`read_tree`] with a host's declared encoding and separator, and the
/// file and line of each unit, for problems an evaluation finds in the
/// tree.
pub(crate) fn read_tree_with(
    dir: &Path,
    options: &LoadOptions,
) -> Result<(OrgTree, Source), LoadError> {
    let mut rows = match open_table(dir, "units", options)? {
        Some(TableFile::Text(rows)) => rows,
        Some(TableFile::Parquet(file)) => {
            // Parquet has no lines: a problem names the unit's record.
            let path = file.path().to_path_buf();
            let (header, cells) = file.into_text()?;
            let tree = build_tree(&header, cells).map_err(|error| data(&path, None, error))?;
            return Ok((tree, Source::records(path.display().to_string())));
        }
        None => {
            return Err(LoadError::Missing {
                path: dir.join("units.csv"),
                message: "a data folder needs units.csv (the organisation tree: region, group, organisation, unit)".into(),
                text: Some(Box::new(etalon_core::Text::new::<&str>("units", &[]))),
            });
        }
    };
    let path = rows.path().to_path_buf();
    let header = rows.header().to_vec();
    let mut lines = Vec::new();
    let mut cells = Vec::new();
    while let Some((line, row)) = rows.next_text()? {
        lines.push(line);
        cells.push(row);
    }
    let tree = build_tree(&header, cells).map_err(|error| {
        let line = error
            .row
            .and_then(|r| lines.get((r as usize).checked_sub(1)?).copied());
        data(&path, line, error)
    })?;
    Ok((tree, rows.source(&lines)))
}

/// Builds the tree from rows shaped like `units.csv`: one row per unit,
/// cells in the order of `header` (the names of [`TREE_COLUMNS`], in any
/// order; the `*_name` columns and `processes` may be left out). Hosts that
/// hold the tree as a table (the bindings) call this; [`read_tree`] reads a
/// file into it.
///
/// An error about one row names it by its 1-based number among `rows`.
///
/// ```
/// let header = ["region_id", "group_id", "org_id", "org_type", "unit_id", "processes"];
/// let rows = vec![
///     ["R", "G1", "O1", "non_residential", "U1", "home_care;day_care"].map(String::from).to_vec(),
///     ["R", "G1", "O1", "non_residential", "U2", "home_care"].map(String::from).to_vec(),
/// ];
/// let tree = etalon::io::build_tree(&header, rows).unwrap();
/// assert_eq!(tree.units().len(), 2);
/// assert_eq!(tree.orgs().len(), 1);
/// ```
pub fn build_tree<S, R>(header: &[S], rows: R) -> Result<OrgTree, DataError>
where
    S: AsRef<str>,
    R: IntoIterator<Item = Vec<String>>,
{
    let position = |name: &str| header.iter().position(|h| h.as_ref().trim() == name);
    let mut index = [0usize; 10];
    for (i, name) in TREE_COLUMNS.iter().enumerate() {
        index[i] = match position(name) {
            Some(p) => p,
            None if *name == "processes" || name.ends_with("_name") => usize::MAX,
            None => {
                return Err(
                    DataError::column("org_tree", name, "a required column is missing")
                        .with_text::<&str>("tree-column-missing", &[]),
                );
            }
        };
    }
    let mut region: Option<(String, String)> = None;
    // Each with the row that first names it, for errors found when the
    // tree is built.
    let mut groups: Vec<(String, String, u64)> = Vec::new();
    let mut orgs: Vec<(String, String, String, String, u64)> = Vec::new();
    let mut units: Vec<(String, String, String, String, u64)> = Vec::new();
    let mut group_seen: HashMap<String, String> = HashMap::new();
    let mut org_seen: HashMap<String, (String, String, String)> = HashMap::new();
    for (n, cells) in rows.into_iter().enumerate() {
        let row = n as u64 + 1;
        let get = |k: usize| -> String {
            match index[k] {
                usize::MAX => String::new(),
                i => cells
                    .get(i)
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default(),
            }
        };
        let at = |field: &str, message: String| DataError::at("org_tree", row, field, message);
        // An empty key is refused at its own row and column before the
        // row is compared with the rows before it: otherwise it passes
        // for a second name, group or type of its organisation.
        for k in [0, 2, 4, 6, 7] {
            if get(k).is_empty() {
                let field = TREE_COLUMNS[k];
                return Err(if k == 6 {
                    at(field, "the type is empty".into()).with_text::<&str>("type-empty", &[])
                } else {
                    at(field, "an id is empty".into()).with_text::<&str>("id-empty", &[])
                });
            }
        }
        let (region_id, region_name) = (get(0), get(1));
        match &region {
            None => region = Some((region_id, region_name)),
            Some((id, _)) if *id != region_id => {
                return Err(at(
                    "region_id",
                    format!("one data folder holds one region; `{region_id}` differs from `{id}`"),
                )
                .with_text("two-regions", &[("region", &region_id), ("first", id)]));
            }
            _ => {}
        }
        let (group_id, group_name) = (get(2), get(3));
        match group_seen.get(&group_id) {
            Some(name) if *name != group_name => {
                return Err(
                    at("group_name", format!("group `{group_id}` has two names"))
                        .with_text("group-two-names", &[("id", &group_id)]),
                );
            }
            Some(_) => {}
            None => {
                group_seen.insert(group_id.clone(), group_name.clone());
                groups.push((group_id.clone(), group_name, row));
            }
        }
        let org = (get(5), group_id.clone(), get(6));
        let org_id = get(4);
        match org_seen.get(&org_id) {
            Some(seen) if *seen != org => {
                return Err(at(
                    "org_id",
                    format!("organisation `{org_id}` has two different name, group or type"),
                )
                .with_text("org-two-entries", &[("id", &org_id)]));
            }
            Some(_) => {}
            None => {
                org_seen.insert(org_id.clone(), org.clone());
                orgs.push((org_id.clone(), org.0, org.1, org.2, row));
            }
        }
        units.push((get(7), get(8), org_id, get(9), row));
    }
    let Some((region_id, region_name)) = region else {
        return Err(DataError::table("org_tree", "the tree has no units")
            .with_text::<&str>("tree-no-units-short", &[]));
    };
    let mut b = OrgTree::builder(region_id, region_name);
    let at = |row: u64| {
        move |mut e: DataError| {
            e.row.get_or_insert(row);
            e
        }
    };
    for (id, name, row) in &groups {
        b.group(id, name).map_err(at(*row))?;
    }
    for (id, name, group, kind, row) in &orgs {
        b.org(id, name, group, kind).map_err(at(*row))?;
    }
    for (id, name, org, processes, row) in &units {
        let list = processes.split([';', ',', ' ']).filter(|s| !s.is_empty());
        b.unit(id, name, org, list).map_err(at(*row))?;
    }
    b.build()
}

fn data(path: &Path, line: Option<u64>, error: DataError) -> LoadError {
    LoadError::Data {
        path: path.to_path_buf(),
        line,
        error: Box::new(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two units of one organisation, the second with `column` left empty.
    fn second_without(column: &str) -> Result<OrgTree, DataError> {
        let first = [
            "R",
            "Region",
            "G1",
            "Group",
            "O1",
            "Centre",
            "home",
            "U1",
            "Unit",
            "home_care",
        ]
        .map(String::from)
        .to_vec();
        let mut second = first.clone();
        second[7] = "U2".into();
        let k = TREE_COLUMNS.iter().position(|c| *c == column).unwrap();
        second[k] = String::new();
        build_tree(&TREE_COLUMNS, vec![first, second])
    }

    #[test]
    fn an_empty_key_is_refused_at_its_row_and_column() {
        for column in ["region_id", "group_id", "org_id", "unit_id"] {
            assert_eq!(
                second_without(column).unwrap_err(),
                DataError::at("org_tree", 2, column, "an id is empty")
                    .with_text::<&str>("id-empty", &[]),
            );
        }
        let e = second_without("org_type").unwrap_err();
        assert_eq!(
            e.to_string(),
            "org_tree, row 2, field `org_type`: the type is empty"
        );
        assert_eq!(
            crate::catalogue::data_error(&e, crate::report::Lang::Ru),
            "org_tree, запись 2, поле `org_type`: тип организации пуст"
        );
        // A unit's name may be left out.
        assert_eq!(second_without("unit_name").unwrap().units().len(), 2);
    }
}
