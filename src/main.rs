//! The `archkb` binary: parse the command line, run, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

// A build allocates and frees millions of strings from every core at once. glibc's
// allocator hands the freed pages back to the kernel and faults them in again, which was
// a fifth of a build's CPU; jemalloc keeps them for reuse: `archkb check` at 10,000
// articles took about a fifth less time with it (bench/build/RESULTS.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = archkb::cli::Cli::parse();
    match archkb::cli::run(cli) {
        Ok(archkb::cli::RunResult::Ok) => ExitCode::SUCCESS,
        Ok(archkb::cli::RunResult::ContentErrors) => ExitCode::from(1),
        // A reader that stopped reading (`archkb export resnet | head`) is not a failure:
        // like `cat`, end quietly with success.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
