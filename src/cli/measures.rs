//! `etalon measures --data <DIR> --period 2026-Q3`: the counts every
//! indicator is computed from, per entity and period.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use etalon::{EvaluationOptions, Period};

use super::{CliError, Format, emit, methodology};

#[derive(Debug, Args)]
pub struct MeasuresArgs {
    /// Rule package folder; the standard package when not given.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Data folder: units.csv and the table files.
    #[arg(long)]
    data: PathBuf,
    /// The period asked (earlier periods of the window come too).
    #[arg(long)]
    period: Period,
    /// `table` prints CSV (level, entity, measure, period, value); `json` the table.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: &MeasuresArgs) -> Result<ExitCode, CliError> {
    let m = methodology(args.rules.as_ref())?;
    let data = etalon::io::load_dataset(&args.data)?;
    let table = m.measure(&data, &EvaluationOptions::new(args.period))?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&table).unwrap_or_default() + "\n",
        Format::Table => {
            let mut s = String::from("level,entity,measure,period,value\n");
            let periods = table.periods.len();
            for row in &table.rows {
                for (mi, measure) in table.measures.iter().enumerate() {
                    for (pi, period) in table.periods.iter().enumerate() {
                        let value = row.values[mi * periods + pi];
                        let _ = writeln!(
                            s,
                            "{},{},{measure},{period},{value}",
                            row.entity.level, row.entity.id
                        );
                    }
                }
            }
            s
        }
    };
    emit(args.out.as_ref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
