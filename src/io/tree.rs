//! `units.csv` / `units.json`: the organisation tree, one row per unit.

use std::collections::HashMap;
use std::path::Path;

use etalon_core::{DataError, OrgTree};

use super::LoadError;
use super::tables::open_rows;

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

/// Reads the tree from `units.csv` or `units.json` in `dir`.
pub fn read_tree(dir: &Path) -> Result<OrgTree, LoadError> {
    let Some(mut rows) = open_rows(dir, "units")? else {
        return Err(LoadError::Missing {
            path: dir.join("units.csv"),
            message: "a data folder needs units.csv (the organisation tree: region, group, organisation, unit)".into(),
        });
    };
    let path = rows.path().to_path_buf();
    let position = |name: &str| rows.header().iter().position(|h| h == name);
    let mut index = [0usize; 10];
    for (i, name) in TREE_COLUMNS.iter().enumerate() {
        index[i] = match position(name) {
            Some(p) => p,
            None if *name == "processes" || name.ends_with("_name") => usize::MAX,
            None => {
                return Err(data(
                    &path,
                    None,
                    DataError::column("org_tree", name, "a required column is missing"),
                ));
            }
        };
    }
    let mut region: Option<(String, String)> = None;
    let mut groups: Vec<(String, String)> = Vec::new();
    let mut orgs: Vec<(String, String, String, String)> = Vec::new();
    let mut units: Vec<(String, String, String, String)> = Vec::new();
    let mut group_seen: HashMap<String, String> = HashMap::new();
    let mut org_seen: HashMap<String, (String, String, String)> = HashMap::new();
    let mut row = 0u64;
    while let Some((line, cells)) = rows.next_text()? {
        row += 1;
        let get = |k: usize| -> String {
            match index[k] {
                usize::MAX => String::new(),
                i => cells
                    .get(i)
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default(),
            }
        };
        let at = |field: &str, message: String| {
            data(
                &path,
                Some(line),
                DataError::at("org_tree", row, field, message),
            )
        };
        let (region_id, region_name) = (get(0), get(1));
        match &region {
            None => region = Some((region_id, region_name)),
            Some((id, _)) if *id != region_id => {
                return Err(at(
                    "region_id",
                    format!("one data folder holds one region; `{region_id}` differs from `{id}`"),
                ));
            }
            _ => {}
        }
        let (group_id, group_name) = (get(2), get(3));
        match group_seen.get(&group_id) {
            Some(name) if *name != group_name => {
                return Err(at(
                    "group_name",
                    format!("group `{group_id}` has two names"),
                ));
            }
            Some(_) => {}
            None => {
                group_seen.insert(group_id.clone(), group_name.clone());
                groups.push((group_id.clone(), group_name));
            }
        }
        let org = (get(5), group_id.clone(), get(6));
        let org_id = get(4);
        match org_seen.get(&org_id) {
            Some(seen) if *seen != org => {
                return Err(at(
                    "org_id",
                    format!("organisation `{org_id}` has two different name, group or type"),
                ));
            }
            Some(_) => {}
            None => {
                org_seen.insert(org_id.clone(), org.clone());
                orgs.push((org_id.clone(), org.0, org.1, org.2));
            }
        }
        units.push((get(7), get(8), org_id, get(9)));
    }
    let Some((region_id, region_name)) = region else {
        return Err(data(
            &path,
            None,
            DataError::table("org_tree", "the tree has no units"),
        ));
    };
    let mut b = OrgTree::builder(region_id, region_name);
    let fail = |e: DataError| data(&path, None, e);
    for (id, name) in &groups {
        b.group(id, name).map_err(fail)?;
    }
    for (id, name, group, kind) in &orgs {
        b.org(id, name, group, kind).map_err(fail)?;
    }
    for (id, name, org, processes) in &units {
        let list = processes.split([';', ',', ' ']).filter(|s| !s.is_empty());
        b.unit(id, name, org, list).map_err(fail)?;
    }
    b.build().map_err(fail)
}

fn data(path: &Path, line: Option<u64>, error: DataError) -> LoadError {
    LoadError::Data {
        path: path.to_path_buf(),
        line,
        error: Box::new(error),
    }
}
