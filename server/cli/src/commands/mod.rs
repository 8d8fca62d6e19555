//! One module per subcommand.

pub mod check;
pub mod config;
pub mod debug;
pub mod explain;
pub mod lsp;
pub mod rules;

use crate::args::{Command, DebugCommand};
use std::process::ExitCode;

pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Check(args) => check::run(&args),
        Command::Lsp { .. } => lsp::run(),
        Command::Rules(args) => rules::run(args.format),
        Command::Explain { code } => explain::run(&code),
        Command::Config(args) => config::run(&args),
        Command::Debug(DebugCommand::BuildkitDump { file }) => debug::buildkit_dump(&file),
    }
}

/// Prints `dlint: <message>` to stderr and returns exit status 2.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("dlint: {message}");
    ExitCode::from(crate::exit::ERROR)
}

/// Writes `text` to stdout for commands whose whole output is one text.
pub fn print_stdout(text: &str) -> ExitCode {
    match write_stdout(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// Writes to stdout; a reader that went away (`dlint rules | head`) is not an error.
pub fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to stdout: {e}")),
    }
}
