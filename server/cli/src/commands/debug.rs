//! `dlint debug buildkit-dump FILE`: the parse in BuildKit's parser-test `result` format,
//! for comparing dlint's parser with BuildKit's.

use super::{fail, print_stdout};
use crate::source::read_text;
use dlint_syntax::dump::buildkit_dump as dump;
use dlint_syntax::line_index::{Encoding, LineIndex};
use std::path::Path;
use std::process::ExitCode;

/// Exit 0 with the dump on stdout; 1 with `file:line:column: message` per syntax error
/// on stderr; 2 when the file cannot be read or is not text.
pub fn buildkit_dump(file: &Path) -> ExitCode {
    let stdin = file.as_os_str() == "-";
    let text = match read_text((!stdin).then_some(file)) {
        Ok(t) => t,
        Err(e) => return fail(format!("{}: {e}", file.display())),
    };
    let parsed = dlint_syntax::parse_text(&text);
    match dump(&parsed) {
        Ok(out) => print_stdout(&out),
        Err(errors) => {
            let index = LineIndex::new(&text);
            for e in errors {
                let (line, col) = index.position(&text, e.span.start, Encoding::Utf32);
                eprintln!("{}:{}:{}: {}", file.display(), line + 1, col + 1, e.message);
            }
            ExitCode::from(crate::exit::FINDINGS)
        }
    }
}
