//! The `etalon` command: check rule packages, evaluate a region's period,
//! run the demo.

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("etalon: error: {e}");
            ExitCode::from(2)
        }
    }
}
