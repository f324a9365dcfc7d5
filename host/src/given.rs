//! What a host gives in memory rather than in files: tables of text cells
//! and shares in percent. They are read the way the files are read (cells
//! trimmed, shares 0..100), so that a table passed from Python or Kotlin
//! gives what the same table gives from a CSV file.

use etalon_core::scoring::{TextRow, TextTable};
use rust_decimal::Decimal;

use crate::error::{Code, Envelope};

/// A table of text from a header and rows of cells: names and cells
/// trimmed, record `n` numbered as line `n` (so that an error names it).
pub fn text_table<H, R, C>(header: H, rows: R) -> TextTable
where
    H: IntoIterator,
    H::Item: AsRef<str>,
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    TextTable {
        header: header
            .into_iter()
            .map(|h| h.as_ref().trim().to_string())
            .collect(),
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, cells)| TextRow {
                line: i as u64 + 1,
                cells: cells
                    .into_iter()
                    .map(|c| c.as_ref().trim().to_string())
                    .collect(),
            })
            .collect(),
    }
}

/// Why a share is refused (the message names the organisation).
pub fn share_problem(org: &str, share: Decimal) -> Option<String> {
    (share < Decimal::ZERO || share > Decimal::ONE_HUNDRED)
        .then(|| format!("organisation `{org}`: a share is 0..100, not {share}"))
}

/// A share in percent given for `org` in the table `table` (`journal`,
/// `plans`...): 0..100, or `E-DATA-SHARES`.
pub fn share(table: &str, org: &str, share: Decimal) -> Result<Decimal, Envelope> {
    match share_problem(org, share) {
        None => Ok(share),
        Some(problem) => {
            let mut e = Envelope::new(Code::DataShares, format!("{table}: {problem}")).with_text(
                "shares-range-table",
                &[
                    ("table", table),
                    ("org", org),
                    ("share", &share.to_string()),
                ],
            );
            e.fields.table = Some(table.to_string());
            e.fields.organisation = Some(org.to_string());
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_names_are_trimmed_and_records_numbered() {
        let t = text_table(
            [" org_id ", "share"],
            vec![vec![" O1", "12.5 "], vec!["O2", ""]],
        );
        assert_eq!(t.header, ["org_id", "share"]);
        assert_eq!(t.rows[0].cells, ["O1", "12.5"]);
        assert_eq!((t.rows[0].line, t.rows[1].line), (1, 2));
    }

    #[test]
    fn shares_outside_0_to_100_are_refused_with_their_organisation() {
        assert_eq!(
            share("journal", "O1", Decimal::ONE_HUNDRED),
            Ok(Decimal::ONE_HUNDRED)
        );
        assert_eq!(share("journal", "O1", Decimal::ZERO), Ok(Decimal::ZERO));
        let e = share("plans", "O2", Decimal::new(1001, 1)).unwrap_err();
        assert_eq!(e.code.as_str(), "E-DATA-SHARES");
        assert_eq!(
            e.message,
            "plans: organisation `O2`: a share is 0..100, not 100.1"
        );
        assert_eq!(e.fields.table.as_deref(), Some("plans"));
        assert_eq!(e.fields.organisation.as_deref(), Some("O2"));
        assert!(share("journal", "O3", Decimal::new(-1, 0)).is_err());
    }
}
