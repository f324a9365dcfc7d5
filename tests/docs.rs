//! The documents stay true: every table and column the engine reads is
//! documented for methodologists.

use etalon::TableKind;

#[test]
fn rules_readme_documents_every_table_and_column() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/README.md")).unwrap();
    for table in TableKind::ALL {
        assert!(
            readme.contains(&format!(
                "**{}** (`{}`)",
                table.name(),
                table.default_date()
            )),
            "table {table}"
        );
        for column in table.columns() {
            assert!(
                readme.contains(&format!("`{}`", column.name)),
                "{table}.{}",
                column.name
            );
        }
    }
    for column in etalon::io::TREE_COLUMNS {
        assert!(
            readme.contains(&format!("`{column}`")),
            "units.csv {column}"
        );
    }
}
