//! BuildKit's own parser cases (`corpus/buildkit-parser`): every positive case must dump
//! byte for byte like upstream's `result`, every negative case must fail, and the
//! line-info case must give upstream's line numbers.

use std::path::Path;

use dlint_syntax::dump::buildkit_dump;
use dlint_syntax::parse_text;

struct Case {
    name: String,
    kind: String,
}

fn cases(dir: &Path) -> Vec<Case> {
    let tsv = std::fs::read_to_string(dir.join("cases.tsv")).expect("cases.tsv is readable");
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            Case {
                name: cols.next().unwrap().to_owned(),
                kind: cols.next().expect("a kind column").to_owned(),
            }
        })
        .collect()
}

fn read_dockerfile(dir: &Path, case: &str) -> String {
    let bytes = std::fs::read(dir.join(case).join("Dockerfile")).expect("Dockerfile readable");
    String::from_utf8(bytes).expect("the BuildKit cases are UTF-8")
}

/// A readable line diff: each differing line with its number.
fn line_diff(want: &str, got: &str) -> String {
    let w: Vec<&str> = want.split('\n').collect();
    let g: Vec<&str> = got.split('\n').collect();
    let mut out = String::new();
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i), g.get(i));
        if a != b {
            out.push_str(&format!(
                "line {}:\n  want {:?}\n  got  {:?}\n",
                i + 1,
                a,
                b
            ));
        }
    }
    out
}

#[test]
fn buildkit_parser_cases() {
    let dir = dlint_test_support::corpus("buildkit-parser");
    let cases = cases(&dir);
    let mut failures = Vec::new();
    let (mut positive, mut negative, mut line_info) = (0, 0, 0);
    for case in &cases {
        let src = read_dockerfile(&dir, &case.name);
        let file = parse_text(&src);
        match case.kind.as_str() {
            "positive" => {
                positive += 1;
                let want = std::fs::read_to_string(dir.join(&case.name).join("result")).unwrap();
                match buildkit_dump(&file) {
                    Ok(got) if got == want => {}
                    Ok(got) => failures.push(format!("{}:\n{}", case.name, line_diff(&want, &got))),
                    Err(e) => failures.push(format!("{}: unexpected errors {e:?}", case.name)),
                }
            }
            "negative" => {
                negative += 1;
                if file.errors.is_empty() {
                    failures.push(format!("{}: parsed without error", case.name));
                }
            }
            "line-info" => {
                line_info += 1;
                assert!(file.errors.is_empty(), "{}: {:?}", case.name, file.errors);
                // Upstream lists 1-based inclusive lines; the model is 0-based.
                let got: Vec<(usize, usize)> = file
                    .instructions
                    .iter()
                    .map(|i| (i.start_line + 1, i.end_line + 1))
                    .collect();
                if got != [(5, 5), (11, 12), (17, 31)] {
                    failures.push(format!("{}: lines {got:?}", case.name));
                }
            }
            other => failures.push(format!("{}: unknown kind {other}", case.name)),
        }
    }
    assert_eq!(
        (positive, negative, line_info),
        (33, 4, 1),
        "cases.tsv changed"
    );
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn negative_cases_give_upstream_messages() {
    let dir = dlint_test_support::corpus("buildkit-parser");
    let expected = [
        ("empty_dockerfile", "file with no instructions"),
        ("only_comments", "file with no instructions"),
        ("env_no_value", "ENV must have two arguments"),
        (
            "shykes-nested-json",
            "when using JSON array syntax, arrays must be comprised of strings only",
        ),
    ];
    for (case, message) in expected {
        let file = parse_text(&read_dockerfile(&dir, case));
        let messages: Vec<&str> = file.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages, [message], "{case}");
    }
}

#[test]
fn line_info_case_records_empty_continuation_lines() {
    let dir = dlint_test_support::corpus("buildkit-parser");
    let src = read_dockerfile(&dir, "testfile-line");
    let file = parse_text(&src);
    let run = &file.instructions[2];
    let lines: Vec<usize> = run
        .empty_continuation_lines
        .iter()
        .map(|s| src[..s.start].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [19, 20, 24, 27]);
    assert_eq!(
        file.directive("escape").map(|d| d.value.as_str()),
        Some("\\")
    );
}
