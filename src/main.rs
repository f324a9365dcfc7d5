//! The `etalon` command: check rule packages, evaluate a region's period,
//! run the demo.

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    // Past a file-size limit (`ulimit -f`) a write then fails with "File
    // too large", and the atomic output removes its temporary file,
    // instead of the process being killed mid-file by SIGXFSZ.
    #[cfg(unix)]
    // SAFETY: called first in `main`, before any other thread exists;
    // ignoring a signal installs no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let args = cli::Cli::parse();
    let lang = args.lang();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", cli::describe(e, lang));
            ExitCode::from(2)
        }
    }
}
