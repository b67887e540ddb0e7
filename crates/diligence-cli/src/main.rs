//! The `diligence` command line: assess a situation against every reading of
//! due diligence, browse the profiles and authorities, and check the data.
//!
//! Exit status: 0 on success; 1 on an internal error (a bug, to report);
//! 2 on bad input (a file, a profile id, a command-line argument) or invalid
//! data found by `diligence check`.

mod analyse;
mod argue;
mod ask;
mod assess;
mod authority;
mod browse;
mod cli;
mod draft;
mod failure;
mod ledger;
mod ledger_verify;
mod output;
mod schema;
mod serve;
mod shell;

use clap::Parser;
use failure::Failure;
use std::io::Write;
use std::process::ExitCode;

/// mimalloc: the engine's traces and the server's responses allocate many
/// small strings, which it serves about three times faster than the system
/// allocator (`cargo bench -p diligence-server --bench request`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = run(cli);
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`diligence profiles | head`) is not an error.
            let _ = stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush());
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}

/// Runs a command and returns everything it prints on standard output, so
/// that nothing is printed when it fails.
fn run(cli: cli::Cli) -> Result<String, Failure> {
    use cli::Command::*;
    let style = cli.citations;
    match cli.command {
        Assess(args) => assess::run(&args, style),
        Ask(args) => ask::run(&args),
        Profiles(args) => browse::profiles(&args),
        Profile(args) => browse::profile(&args, style),
        Authorities(args) => browse::authorities(&args, style),
        Authority(args) => authority::run(&args, style),
        Examples(args) => browse::examples(&args),
        Check(args) => browse::check(&args),
        Divergence(args) => analyse::divergence(&args),
        Distinguish(args) => analyse::distinguish(&args),
        Implications(args) => analyse::implications(&args, style),
        Draft(args) => draft::run(&args),
        Argue(args) => argue::argue(&args),
        Debate(args) => argue::debate(&args, style),
        Serve(args) => serve::run(&args),
        Ledger(args) => ledger::run(&args),
        Export(args) => browse::export(&args),
        Schema(args) => schema::run(&args),
        Completions(args) => shell::completions(&args),
        Man(args) => shell::man(&args),
    }
}
