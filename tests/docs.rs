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

/// The heading levels of a Markdown text in order, fenced code left out
/// (a `#` comment inside a TOML example is not a heading).
fn heading_levels(text: &str) -> Vec<usize> {
    let mut levels = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            levels.push(line.chars().take_while(|c| *c == '#').count());
        }
    }
    levels
}

/// The fenced code blocks of a Markdown text, each without its comment lines
/// (`#`, `//`): comments may be translated, everything else is code.
fn code_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => current = Some(format!("{line}\n")),
            }
        } else if let Some(block) = current.as_mut() {
            let code = line.trim_start();
            if !code.starts_with('#') && !code.starts_with("//") {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    blocks
}

/// Why two manuals have drifted apart, or `None` when they keep the same
/// section structure and every code block of each is in the other.
fn manual_drift(english: &str, russian: &str) -> Option<String> {
    let (en_levels, ru_levels) = (heading_levels(english), heading_levels(russian));
    if en_levels != ru_levels {
        return Some(format!(
            "heading levels differ: English {en_levels:?}, Russian {ru_levels:?}"
        ));
    }
    let (en_blocks, ru_blocks) = (code_blocks(english), code_blocks(russian));
    for (from, blocks, other) in [
        ("English", &en_blocks, &ru_blocks),
        ("Russian", &ru_blocks, &en_blocks),
    ] {
        if let Some(block) = blocks.iter().find(|b| !other.contains(b)) {
            return Some(format!(
                "a code block of the {from} manual is missing from the other:\n{block}"
            ));
        }
    }
    None
}

#[test]
fn rules_readme_russian_keeps_the_structure_and_code_of_the_english() {
    let read = |name: &str| {
        std::fs::read_to_string(format!("{}/rules/{name}", env!("CARGO_MANIFEST_DIR")))
            .unwrap_or_else(|e| panic!("rules/{name}: {e}"))
    };
    let (english, russian) = (read("README.md"), read("README.ru.md"));
    assert!(english.contains("[Русская версия](README.ru.md)"));
    assert!(russian.contains("[English version](README.md)"));
    assert_eq!(heading_levels(&english).len(), 26);
    assert_eq!(code_blocks(&english).len(), 32);
    assert_eq!(manual_drift(&english, &russian), None);
}

#[test]
fn manual_drift_names_a_changed_heading_or_code_block() {
    let english = "# Guide\n\n## Files\n\n```toml\n# a comment\nkey = 1\n```\n";
    // Comments are translated, headings keep their levels: no drift.
    let russian = "# Руководство\n\n## Файлы\n\n```toml\n# комментарий\nkey = 1\n```\n";
    assert_eq!(manual_drift(english, russian), None);
    let lost_section = "# Руководство\n\n```toml\nkey = 1\n```\n";
    assert_eq!(
        manual_drift(english, lost_section).as_deref(),
        Some("heading levels differ: English [1, 2], Russian [1]")
    );
    let changed_code = "# Руководство\n\n## Файлы\n\n```toml\nkey = 2\n```\n";
    assert_eq!(
        manual_drift(english, changed_code).as_deref(),
        Some("a code block of the English manual is missing from the other:\n```toml\nkey = 1\n")
    );
    // A `#` line inside code is a comment, not a heading.
    assert_eq!(
        heading_levels("```toml\n# not a heading\n```\n## Real\n"),
        vec![2]
    );
}
