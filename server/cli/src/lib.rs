//! dlint's command line.
use std::process::ExitCode;

pub fn main() -> ExitCode {
    eprintln!("dlint: not built yet");
    ExitCode::from(2)
}
