//! The command line: parse, call the engine, render, choose the exit code.

mod args;
mod config;
mod crawl;
mod eval;
mod extract;
mod merge;
mod output;
mod redact;
mod review;
mod rules;
mod scan;
mod serve;
mod units;

use clap::Parser;

pub use args::{Cli, Command};

/// Exit codes of OUTPUT.md.
pub mod exit {
    pub const CLEAN: i32 = 0;
    pub const BLOCKED: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const INCOMPLETE: i32 = 3;
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    quiet_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::CLEAN
            };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Review(args) => review::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Crawl(args) => crawl::run(args),
        Command::Redact(args) => redact::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("baomi: {e:#}");
            exit::USAGE
        }
    }
}

/// A panic inside a reader library is caught and reported as that file's error record, but
/// the default hook would also print its message, and library messages quote the data they
/// choked on (a string sliced mid-character is printed whole): say where, never what.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!("baomi: internal error{at}; a file being read is reported as not scanned");
    }));
}
