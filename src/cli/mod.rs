//! The command line: parse, call the engine, render, choose the exit code.

mod args;
mod extract;
mod scan;

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
        Command::Extract(args) => extract::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("baomi: {e:#}");
            exit::USAGE
        }
    }
}
