//! BuildKit's parser corpus: `dlint debug buildkit-dump` must reproduce every `result`
//! file byte for byte and reject every negative case.

use std::path::Path;

use dlint_syntax::dump::buildkit_dump;

#[derive(Debug)]
pub struct CaseResult {
    pub case: String,
    pub kind: String,
    pub passed: bool,
    /// What went wrong, for the report.
    pub detail: String,
}

/// Expected instruction lines (1-based, inclusive) of the `testfile-line` case.
const LINE_INFO: [(usize, usize); 3] = [(5, 5), (11, 12), (17, 31)];

pub fn run(corpus: &Path) -> Vec<CaseResult> {
    let dir = corpus.join("buildkit-parser");
    let table = std::fs::read_to_string(dir.join("cases.tsv")).expect("cases.tsv is readable");
    let mut results = Vec::new();
    for line in table.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(case), Some(kind)) = (cols.next(), cols.next()) else {
            continue;
        };
        let bytes = std::fs::read(dir.join(case).join("Dockerfile")).expect("case Dockerfile");
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                results.push(CaseResult {
                    case: case.into(),
                    kind: kind.into(),
                    passed: false,
                    detail: format!("not UTF-8: {e}"),
                });
                continue;
            }
        };
        let file = dlint_syntax::parse_text(&text);
        let (passed, detail) = match kind {
            "positive" => {
                let expected = std::fs::read(dir.join(case).join("result")).expect("result");
                let expected = String::from_utf8_lossy(&expected).into_owned();
                match buildkit_dump(&file) {
                    Ok(dump) if dump == expected => (true, String::new()),
                    Ok(dump) => (false, first_difference(&expected, &dump)),
                    Err(errors) => (false, format!("rejected: {}", messages(&errors))),
                }
            }
            "negative" => match buildkit_dump(&file) {
                Ok(_) => (false, "accepted, but BuildKit rejects it".into()),
                Err(errors) => (true, messages(&errors)),
            },
            "line-info" => {
                let got: Vec<(usize, usize)> = file
                    .instructions
                    .iter()
                    .map(|i| (i.start_line + 1, i.end_line + 1))
                    .collect();
                (got == LINE_INFO, format!("instruction lines {got:?}"))
            }
            other => (false, format!("unknown case kind {other}")),
        };
        results.push(CaseResult {
            case: case.into(),
            kind: kind.into(),
            passed,
            detail,
        });
    }
    results
}

fn messages(errors: &[dlint_syntax::SyntaxError]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The first line where two dumps differ, for a readable failure.
fn first_difference(expected: &str, got: &str) -> String {
    for (n, (e, g)) in expected.lines().zip(got.lines()).enumerate() {
        if e != g {
            return format!("line {}: expected {e:?}, got {g:?}", n + 1);
        }
    }
    format!(
        "expected {} lines, got {}",
        expected.lines().count(),
        got.lines().count()
    )
}
