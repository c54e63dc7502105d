//! Thin binary: parse arguments, run, map errors to documented exit codes.

use clap::Parser;

use alkres::cli::Cli;
use alkres::commands::run;

/// mimalloc: small allocations (the per-record annotation's strings and vectors) cost about
/// a third of what glibc's malloc/free did (issue 15).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let command_line = std::env::args().collect::<Vec<_>>().join(" ");
    let cli = Cli::parse();
    alkres::io::atomic::clean_up_on_signal();
    if let Err(error) = run(cli, command_line) {
        eprintln!("alkres: error: {error}");
        std::process::exit(error.exit_code());
    }
}
