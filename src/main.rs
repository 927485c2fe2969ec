//! The `archkb` binary: parse the command line, run, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = archkb::cli::Cli::parse();
    match archkb::cli::run(cli) {
        Ok(archkb::cli::RunResult::Ok) => ExitCode::SUCCESS,
        Ok(archkb::cli::RunResult::ContentErrors) => ExitCode::from(1),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
