//! The organisation tree: region -> group (territorial administration) ->
//! organisation (institution) -> structural unit. The country, above the
//! regions, is a [`Level`] but not part of a region's tree: it is evaluated
//! from the regions' totals (`Methodology::roll_up`).

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::DataError;

/// A level of the hierarchy, from the smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A structural unit (department) of an organisation.
    Unit,
    /// An organisation (institution).
    Org,
    /// A group of organisations (territorial administration).
    Group,
    /// The region as a whole.
    Region,
    /// The country: every region together. It is not in a region's tree;
    /// its figures are rolled up from the regions' measures.
    Country,
}

impl Level {
    /// Every level of a region's tree, smallest first.
    pub const ALL: [Level; 4] = [Level::Unit, Level::Org, Level::Group, Level::Region];

    /// Every level of a region's tree and the country above it, smallest first.
    pub const WITH_COUNTRY: [Level; 5] = [
        Level::Unit,
        Level::Org,
        Level::Group,
        Level::Region,
        Level::Country,
    ];

    /// The level's name in files and output.
    pub fn name(self) -> &'static str {
        match self {
            Level::Unit => "unit",
            Level::Org => "org",
            Level::Group => "group",
            Level::Region => "region",
            Level::Country => "country",
        }
    }

    /// Position in [`Level::WITH_COUNTRY`] (and in [`Level::ALL`] for the
    /// levels of a region's tree).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "unit" => Ok(Level::Unit),
            "org" | "organisation" | "organization" => Ok(Level::Org),
            "group" => Ok(Level::Group),
            "region" => Ok(Level::Region),
            "country" => Ok(Level::Country),
            _ => Err(format!(
                "unknown level `{s}`; the levels are unit, org, group, region, country"
            )),
        }
    }
}

/// An entity of the tree by level and id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntityRef {
    /// Its level.
    pub level: Level,
    /// Its id.
    pub id: String,
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.level, self.id)
    }
}

/// The region at the top of the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// A group of organisations (territorial administration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// An organisation (institution).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Index of its group in [`OrgTree::groups`].
    pub group: usize,
    /// Its type (`residential`, `non_residential`, `family_children`...),
    /// which selects reference values scoped by type.
    pub org_type: String,
}

/// A structural unit (department).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Index of its organisation in [`OrgTree::orgs`].
    pub org: usize,
    /// The processes it runs (process ids of the rule package).
    pub processes: BTreeSet<String>,
}

/// The whole hierarchy of a region, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TreeParts", into = "TreeParts")]
pub struct OrgTree {
    region: Region,
    groups: Vec<Group>,
    orgs: Vec<Organisation>,
    units: Vec<Unit>,
    index: [HashMap<String, usize>; 3],
}

impl OrgTree {
    /// Starts a tree for the region `id`.
    pub fn builder(region_id: impl Into<String>, region_name: impl Into<String>) -> OrgTreeBuilder {
        OrgTreeBuilder {
            tree: OrgTree {
                region: Region {
                    id: region_id.into(),
                    name: region_name.into(),
                },
                groups: Vec::new(),
                orgs: Vec::new(),
                units: Vec::new(),
                index: Default::default(),
            },
        }
    }

    /// The region.
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// Groups in the order added.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Organisations in the order added.
    pub fn orgs(&self) -> &[Organisation] {
        &self.orgs
    }

    /// Units in the order added.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Number of entities at `level` (none at the country, which is not
    /// part of a region's tree).
    pub fn count(&self, level: Level) -> usize {
        match level {
            Level::Unit => self.units.len(),
            Level::Org => self.orgs.len(),
            Level::Group => self.groups.len(),
            Level::Region => 1,
            Level::Country => 0,
        }
    }

    /// The index of entity `id` at `level`.
    pub fn find(&self, level: Level, id: &str) -> Option<usize> {
        match level {
            Level::Region => (self.region.id == id).then_some(0),
            Level::Country => None,
            _ => self.index[level.index()].get(id).copied(),
        }
    }

    /// The id of entity `index` at `level` (`index` below
    /// [`OrgTree::count`]; empty at the country, which has no entity here).
    pub fn id(&self, level: Level, index: usize) -> &str {
        match level {
            Level::Unit => &self.units[index].id,
            Level::Org => &self.orgs[index].id,
            Level::Group => &self.groups[index].id,
            Level::Region => &self.region.id,
            Level::Country => "",
        }
    }

    /// The name of entity `index` at `level` (`index` below
    /// [`OrgTree::count`]; empty at the country, which has no entity here).
    pub fn name(&self, level: Level, index: usize) -> &str {
        match level {
            Level::Unit => &self.units[index].name,
            Level::Org => &self.orgs[index].name,
            Level::Group => &self.groups[index].name,
            Level::Region => &self.region.name,
            Level::Country => "",
        }
    }

    /// The index of the parent of entity `index` at `level` (at the next level up).
    pub fn parent(&self, level: Level, index: usize) -> usize {
        match level {
            Level::Unit => self.units[index].org,
            Level::Org => self.orgs[index].group,
            Level::Group | Level::Region | Level::Country => 0,
        }
    }

    /// The ancestor at `upper` of unit `unit` (0 for the region and the
    /// country).
    pub fn unit_ancestor(&self, unit: usize, upper: Level) -> usize {
        match upper {
            Level::Unit => unit,
            Level::Org => self.units[unit].org,
            Level::Group => self.orgs[self.units[unit].org].group,
            Level::Region | Level::Country => 0,
        }
    }

    /// The organisation type of the organisation that entity `index` at
    /// `level` belongs to (units and organisations only).
    pub fn org_type(&self, level: Level, index: usize) -> Option<&str> {
        match level {
            Level::Unit => Some(&self.orgs[self.units[index].org].org_type),
            Level::Org => Some(&self.orgs[index].org_type),
            _ => None,
        }
    }

    fn rebuild_index(&mut self) {
        self.index = [
            self.units
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.clone(), i))
                .collect(),
            self.orgs
                .iter()
                .enumerate()
                .map(|(i, o)| (o.id.clone(), i))
                .collect(),
            self.groups
                .iter()
                .enumerate()
                .map(|(i, g)| (g.id.clone(), i))
                .collect(),
        ];
    }
}

/// Builds an [`OrgTree`], refusing duplicate ids and unknown parents.
#[derive(Debug, Clone)]
pub struct OrgTreeBuilder {
    tree: OrgTree,
}

const TREE: &str = "org_tree";

impl OrgTreeBuilder {
    /// Adds a group.
    pub fn group(&mut self, id: &str, name: &str) -> Result<&mut Self, DataError> {
        check_id(id, "group_id")?;
        if self.tree.index[Level::Group.index()].contains_key(id) {
            return Err(DataError::column(
                TREE,
                "group_id",
                format!("group `{id}` is listed twice"),
            )
            .with_text("group-twice", &[("id", id)]));
        }
        self.tree.index[Level::Group.index()].insert(id.to_string(), self.tree.groups.len());
        self.tree.groups.push(Group {
            id: id.to_string(),
            name: name.to_string(),
        });
        Ok(self)
    }

    /// Adds an organisation of `group`.
    pub fn org(
        &mut self,
        id: &str,
        name: &str,
        group: &str,
        org_type: &str,
    ) -> Result<&mut Self, DataError> {
        check_id(id, "org_id")?;
        let group = self.tree.find(Level::Group, group).ok_or_else(|| {
            DataError::column(
                TREE,
                "group_id",
                format!("organisation `{id}` names group `{group}`, which is not in the tree"),
            )
            .with_text("org-group-unknown", &[("id", id), ("group", group)])
        })?;
        if self.tree.index[Level::Org.index()].contains_key(id) {
            return Err(DataError::column(
                TREE,
                "org_id",
                format!("organisation `{id}` is listed twice"),
            )
            .with_text("org-twice", &[("id", id)]));
        }
        self.tree.index[Level::Org.index()].insert(id.to_string(), self.tree.orgs.len());
        self.tree.orgs.push(Organisation {
            id: id.to_string(),
            name: name.to_string(),
            group,
            org_type: org_type.to_string(),
        });
        Ok(self)
    }

    /// Adds a unit of organisation `org` running `processes`.
    pub fn unit<'a>(
        &mut self,
        id: &str,
        name: &str,
        org: &str,
        processes: impl IntoIterator<Item = &'a str>,
    ) -> Result<&mut Self, DataError> {
        check_id(id, "unit_id")?;
        let org = self.tree.find(Level::Org, org).ok_or_else(|| {
            DataError::column(
                TREE,
                "org_id",
                format!("unit `{id}` names organisation `{org}`, which is not in the tree"),
            )
            .with_text("unit-org-unknown", &[("id", id), ("org", org)])
        })?;
        if self.tree.index[Level::Unit.index()].contains_key(id) {
            return Err(
                DataError::column(TREE, "unit_id", format!("unit `{id}` is listed twice"))
                    .with_text("unit-twice", &[("id", id)]),
            );
        }
        self.tree.index[Level::Unit.index()].insert(id.to_string(), self.tree.units.len());
        self.tree.units.push(Unit {
            id: id.to_string(),
            name: name.to_string(),
            org,
            processes: processes.into_iter().map(str::to_string).collect(),
        });
        Ok(self)
    }

    /// The finished tree.
    pub fn build(&mut self) -> Result<OrgTree, DataError> {
        if self.tree.units.is_empty() {
            return Err(DataError::table(TREE, "the organisation tree has no units")
                .with_text::<&str>("tree-no-units", &[]));
        }
        let mut tree = self.tree.clone();
        tree.rebuild_index();
        Ok(tree)
    }
}

fn check_id(id: &str, field: &str) -> Result<(), DataError> {
    if id.trim().is_empty() {
        return Err(
            DataError::column(TREE, field, "an id is empty").with_text::<&str>("id-empty", &[])
        );
    }
    Ok(())
}

/// The serialised form of an [`OrgTree`]; indices are checked on the way in.
#[derive(Serialize, Deserialize)]
struct TreeParts {
    region: Region,
    groups: Vec<Group>,
    orgs: Vec<Organisation>,
    units: Vec<Unit>,
}

impl TryFrom<TreeParts> for OrgTree {
    type Error = String;
    fn try_from(p: TreeParts) -> Result<Self, String> {
        if p.orgs.iter().any(|o| o.group >= p.groups.len())
            || p.units.iter().any(|u| u.org >= p.orgs.len())
        {
            return Err("an organisation or unit points outside the tree".into());
        }
        let mut tree = OrgTree {
            region: p.region,
            groups: p.groups,
            orgs: p.orgs,
            units: p.units,
            index: Default::default(),
        };
        tree.rebuild_index();
        Ok(tree)
    }
}

impl From<OrgTree> for TreeParts {
    fn from(t: OrgTree) -> Self {
        TreeParts {
            region: t.region,
            groups: t.groups,
            orgs: t.orgs,
            units: t.units,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_tree() -> OrgTree {
        let mut b = OrgTree::builder("R", "Region");
        b.group("G1", "Group 1").unwrap();
        b.org("O1", "Org 1", "G1", "non_residential").unwrap();
        b.unit("U1", "Unit 1", "O1", ["home_care"]).unwrap();
        b.unit("U2", "Unit 2", "O1", ["day_care", "home_care"])
            .unwrap();
        b.build().unwrap()
    }

    #[test]
    fn finds_entities_and_ancestors() {
        let t = small_tree();
        assert_eq!(t.find(Level::Unit, "U2"), Some(1));
        assert_eq!(t.unit_ancestor(1, Level::Group), 0);
        assert_eq!(t.org_type(Level::Unit, 1), Some("non_residential"));
        assert_eq!(t.count(Level::Region), 1);
        assert_eq!(t.find(Level::Region, "R"), Some(0));
        assert_eq!(t.count(Level::Country), 0);
        assert_eq!(t.find(Level::Country, "R"), None);
    }

    #[test]
    fn levels_read_and_order() {
        for l in Level::WITH_COUNTRY {
            assert_eq!(l.name().parse::<Level>(), Ok(l));
            assert_eq!(Level::WITH_COUNTRY[l.index()], l);
        }
        assert!(Level::Region < Level::Country);
        assert_eq!(&Level::WITH_COUNTRY[..4], &Level::ALL);
    }

    #[test]
    fn refuses_bad_trees() {
        let mut b = OrgTree::builder("R", "Region");
        b.group("G1", "g").unwrap();
        assert!(b.group("G1", "again").is_err());
        assert!(b.org("O1", "o", "G9", "x").is_err());
        b.org("O1", "o", "G1", "x").unwrap();
        assert!(b.unit("U1", "u", "O9", []).is_err());
        assert!(b.unit("", "u", "O1", []).is_err());
        assert!(OrgTree::builder("R", "r").build().is_err());
    }
}
