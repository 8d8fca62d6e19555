//! dlint's command line: `dlint check` (also plain `dlint PATHS…`), `lsp`, `rules`,
//! `explain`, `config --show` and `debug buildkit-dump`.
//!
//! Linting goes through `dlint_linter::lint` with `dlint_linter::Settings`, the same
//! entry point and settings model the language server uses; this crate only finds files,
//! turns flags into a settings layer, applies fixes and writes reports. With
//! `--registry` (feature `registry`), `registry_check` adds `dlint_registry`'s findings
//! about FROM images to each file's lint result.

pub mod args;
pub mod commands;
pub mod discover;
pub mod fix;
pub mod output;
#[cfg(feature = "registry")]
pub mod registry_check;
pub mod settings;
pub mod source;

use clap::Parser;
use std::process::ExitCode;

/// Exit statuses (documented in `dlint --help` and docs/cli.md).
pub mod exit {
    /// No finding at or above the failure threshold.
    pub const CLEAN: u8 = 0;
    /// Findings at or above the threshold, or a non-empty `--diff`.
    pub const FINDINGS: u8 = 1;
    /// Usage, configuration or I/O error.
    pub const ERROR: u8 = 2;
}

/// Runs the command line with the process's arguments.
pub fn main() -> ExitCode {
    run(std::env::args_os().collect())
}

/// Runs the command line with explicit arguments (the first is the program name).
pub fn run(argv: Vec<std::ffi::OsString>) -> ExitCode {
    let argv = args::with_default_command(argv);
    let cli = match args::Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are successes; everything else is a usage error (2),
            // never clap's own exit code.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(exit::ERROR)
            } else {
                ExitCode::from(exit::CLEAN)
            };
        }
    };
    commands::run(cli.command)
}
