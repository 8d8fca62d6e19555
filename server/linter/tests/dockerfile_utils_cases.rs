//! Agreement with rcjsuen's dockerfile-utils validator on its recorded test cases
//! (`corpus/dockerfile-utils-cases/cases.jsonl`).
//!
//! Each dockerfile-utils code that corresponds to a dlint check is mapped to the dlint
//! rule(s) and message fragments that report the same problem. Per case and code, the
//! two agree when they report it on the same set of lines. Cases where dlint
//! deliberately differs (BuildKit decides, and dockerfile-utils disagrees with BuildKit)
//! are listed with reasons in `dockerfile_utils_differences.tsv` and counted apart.
//! Every mapped code must agree on at least 95% of the remaining cases where either
//! side reports it.

use dlint_linter::{lint, Diagnostic, Settings};
use dlint_syntax::{Body, Instruction, InstructionKind};
use std::collections::{BTreeMap, BTreeSet};

/// Families of dockerfile-utils codes that name one problem dlint reports one way. Most
/// families are one code; a few group codes that split one BuildKit error by wording.
const FAMILIES: &[(&str, &[&str])] = &[
    ("ARGUMENT_MISSING", &["ARGUMENT_MISSING"]),
    (
        "ARGUMENT_REQUIRES_AT_LEAST_TWO",
        &["ARGUMENT_REQUIRES_AT_LEAST_TWO"],
    ),
    (
        "ARGUMENT_REQUIRES_AT_LEAST_ONE",
        &["ARGUMENT_REQUIRES_AT_LEAST_ONE"],
    ),
    ("ARGUMENT_REQUIRES_TWO", &["ARGUMENT_REQUIRES_TWO"]),
    (
        "FROM_ARITY",
        &["ARGUMENT_REQUIRES_ONE_OR_THREE", "INVALID_AS"],
    ),
    ("ARGUMENT_UNNECESSARY", &["ARGUMENT_UNNECESSARY"]),
    (
        "HEALTHCHECK_CMD_ARGUMENT_MISSING",
        &["HEALTHCHECK_CMD_ARGUMENT_MISSING"],
    ),
    ("UNKNOWN_TYPE", &["UNKNOWN_TYPE"]),
    ("ARGUMENT_EXTRA", &["ARGUMENT_EXTRA"]),
    ("INVALID_SIGNAL", &["INVALID_SIGNAL"]),
    (
        "DUPLICATE_BUILD_STAGE_NAME",
        &["DUPLICATE_BUILD_STAGE_NAME"],
    ),
    ("EMPTY_CONTINUATION_LINE", &["EMPTY_CONTINUATION_LINE"]),
    ("INVALID_BUILD_STAGE_NAME", &["INVALID_BUILD_STAGE_NAME"]),
    ("FLAG_DUPLICATE", &["FLAG_DUPLICATE"]),
    ("FLAG_MISSING_VALUE", &["FLAG_MISSING_VALUE"]),
    (
        "FLAG_EXPECTED_BOOLEAN_VALUE",
        &["FLAG_EXPECTED_BOOLEAN_VALUE"],
    ),
    (
        "FLAG_DURATION",
        &[
            "FLAG_INVALID_DURATION",
            "FLAG_MISSING_DURATION",
            "FLAG_UNKNOWN_UNIT",
        ],
    ),
    ("FLAG_LESS_THAN_1MS", &["FLAG_LESS_THAN_1MS"]),
    ("FLAG_RETRIES", &["FLAG_AT_LEAST_ONE", "INVALID_SYNTAX"]),
    (
        "UNKNOWN_FLAG",
        &[
            "UNKNOWN_ADD_FLAG",
            "UNKNOWN_COPY_FLAG",
            "UNKNOWN_FROM_FLAG",
            "UNKNOWN_HEALTHCHECK_FLAG",
        ],
    ),
    ("NO_SOURCE_IMAGE", &["NO_SOURCE_IMAGE"]),
    ("INVALID_ESCAPE_DIRECTIVE", &["INVALID_ESCAPE_DIRECTIVE"]),
    (
        "DUPLICATED_ESCAPE_DIRECTIVE",
        &["DUPLICATED_ESCAPE_DIRECTIVE"],
    ),
    ("INVALID_DESTINATION", &["INVALID_DESTINATION"]),
    ("INVALID_PORT", &["INVALID_PORT"]),
    ("INVALID_PROTO", &["INVALID_PROTO"]),
    ("INVALID_REFERENCE_FORMAT", &["INVALID_REFERENCE_FORMAT"]),
    ("FLAG_INVALID_FROM_VALUE", &["FLAG_INVALID_FROM_VALUE"]),
    ("BASE_NAME_EMPTY", &["BASE_NAME_EMPTY"]),
    (
        "ONBUILD_CHAINING_DISALLOWED",
        &["ONBUILD_CHAINING_DISALLOWED"],
    ),
    (
        "ONBUILD_TRIGGER_DISALLOWED",
        &["ONBUILD_TRIGGER_DISALLOWED"],
    ),
    ("SHELL_JSON_FORM", &["SHELL_JSON_FORM"]),
    ("SHELL_REQUIRES_ONE", &["SHELL_REQUIRES_ONE"]),
    ("SYNTAX_MISSING_EQUALS", &["SYNTAX_MISSING_EQUALS"]),
    ("SYNTAX_MISSING_NAMES", &["SYNTAX_MISSING_NAMES"]),
    (
        "SYNTAX_MISSING_SINGLE_QUOTE",
        &["SYNTAX_MISSING_SINGLE_QUOTE"],
    ),
    (
        "SYNTAX_MISSING_DOUBLE_QUOTE",
        &["SYNTAX_MISSING_DOUBLE_QUOTE"],
    ),
    ("UNSUPPORTED_MODIFIER", &["UNSUPPORTED_MODIFIER"]),
    ("UNKNOWN_INSTRUCTION", &["UNKNOWN_INSTRUCTION"]),
    ("MULTIPLE_INSTRUCTIONS", &["MULTIPLE_INSTRUCTIONS"]),
    ("DEPRECATED_MAINTAINER", &["DEPRECATED_MAINTAINER"]),
    ("JSON_IN_SINGLE_QUOTES", &["JSON_IN_SINGLE_QUOTES"]),
    ("WORKDIR_IS_NOT_ABSOLUTE", &["WORKDIR_IS_NOT_ABSOLUTE"]),
    ("CASING_INSTRUCTION", &["CASING_INSTRUCTION"]),
];

/// The family a dlint finding corresponds to, if any. `ins` is the instruction the
/// finding is in (the ONBUILD trigger for ONBUILD instructions).
fn classify(d: &Diagnostic, ins: Option<&Instruction>) -> Option<&'static str> {
    let m = d.message.as_str();
    let kind = ins.map(|i| i.kind);
    let has = |s: &str| m.contains(s);
    Some(match d.code {
        "DF001" if has("must have two arguments") => "ARGUMENT_REQUIRES_TWO",
        "DF001" if has("invalid escape token") => "INVALID_ESCAPE_DIRECTIVE",
        "DF001" if has("only one escape parser directive") => "DUPLICATED_ESCAPE_DIRECTIVE",
        "DF001" if has("can't find =") => "SYNTAX_MISSING_EQUALS",
        "DF001" | "DF003" if has("no instructions") || has("no build stage") => "NO_SOURCE_IMAGE",
        "DF002" => "UNKNOWN_INSTRUCTION",
        "DF004" if has("invalid name for build stage") => "INVALID_BUILD_STAGE_NAME",
        "DF004" => match ins.map(|i| &i.body) {
            Some(Body::From { words, .. }) if words.is_empty() => "ARGUMENT_MISSING",
            _ => "FROM_ARITY",
        },
        // dockerfile-utils checks the flags of these four instructions only.
        "DF005" if has("unknown flag") => match kind {
            Some(
                InstructionKind::Add
                | InstructionKind::Copy
                | InstructionKind::From
                | InstructionKind::Healthcheck,
            ) => "UNKNOWN_FLAG",
            _ => return None,
        },
        "DF005" if has("duplicate flag") => "FLAG_DUPLICATE",
        "DF005" if has("missing a value") => "FLAG_MISSING_VALUE",
        "DF005" if has("expecting boolean") => "FLAG_EXPECTED_BOOLEAN_VALUE",
        "DF006" if has("time: ") => "FLAG_DURATION",
        "DF006" if has("less than 1ms") => "FLAG_LESS_THAN_1MS",
        "DF006" if has("retries") || has("ParseInt") => "FLAG_RETRIES",
        "DF007" if has("requires at least two arguments") => "ARGUMENT_REQUIRES_AT_LEAST_TWO",
        "DF007" if has("SHELL requires at least one argument") => {
            match ins.and_then(|i| i.command()) {
                None => "ARGUMENT_MISSING",
                Some(_) => "SHELL_REQUIRES_ONE",
            }
        }
        "DF007" if has("JSON form") => "SHELL_JSON_FORM",
        "DF007" if kind == Some(InstructionKind::Healthcheck) && has("requires at least one") => {
            "ARGUMENT_REQUIRES_AT_LEAST_ONE"
        }
        "DF007" if has("requires at least one") || has("requires exactly one") => {
            "ARGUMENT_MISSING"
        }
        "DF007" if has("takes no arguments") => "ARGUMENT_UNNECESSARY",
        "DF007" if has("Missing command after HEALTHCHECK CMD") => {
            "HEALTHCHECK_CMD_ARGUMENT_MISSING"
        }
        "DF007" if has("(try CMD)") => "UNKNOWN_TYPE",
        "DF007" if has("names can not be blank") => "SYNTAX_MISSING_NAMES",
        "DF007" if has("destination must be a directory") => "INVALID_DESTINATION",
        "DF008" if has("invalid proto") => "INVALID_PROTO",
        "DF008" => "INVALID_PORT",
        "DF009" => match ins.map(|i| &i.body) {
            Some(Body::Text(Some(w))) if w.text.trim().contains(char::is_whitespace) => {
                "ARGUMENT_EXTRA"
            }
            _ => "INVALID_SIGNAL",
        },
        "DF010" => "JSON_IN_SINGLE_QUOTES",
        "DF012" if has("Chaining") => "ONBUILD_CHAINING_DISALLOWED",
        "DF012" => "ONBUILD_TRIGGER_DISALLOWED",
        "DF013" if has("single-quote") => "SYNTAX_MISSING_SINGLE_QUOTE",
        "DF013" if has("double-quote") => "SYNTAX_MISSING_DOUBLE_QUOTE",
        "DF013" => "UNSUPPORTED_MODIFIER",
        "DF014" if kind == Some(InstructionKind::Copy) => "FLAG_INVALID_FROM_VALUE",
        "DF014" => "INVALID_REFERENCE_FORMAT",
        // Only an image that is nothing but a variable can expand to nothing.
        "InvalidDefaultArgInFrom" => match ins.map(|i| &i.body) {
            Some(Body::From { image: Some(w), .. }) if w.text.starts_with('$') => "BASE_NAME_EMPTY",
            _ => return None,
        },
        "DuplicateStageName" => "DUPLICATE_BUILD_STAGE_NAME",
        "NoEmptyContinuation" => "EMPTY_CONTINUATION_LINE",
        "MultipleInstructionsDisallowed" => "MULTIPLE_INSTRUCTIONS",
        "MaintainerDeprecated" => "DEPRECATED_MAINTAINER",
        "WorkdirRelativePath" => "WORKDIR_IS_NOT_ABSOLUTE",
        "ConsistentInstructionCasing" => "CASING_INSTRUCTION",
        _ => return None,
    })
}

/// dockerfile-utils codes dlint has no counterpart for, with the reason.
const UNMAPPED: &[(&str, &str)] = &[(
    "CASING_DIRECTIVE",
    "BuildKit reads parser directive names case-insensitively; their case changes nothing",
)];

/// The dockerfile-utils setting that switches a configurable code on or off.
fn setting_keys(family: &str) -> &'static [&'static str] {
    match family {
        "CASING_INSTRUCTION" => &["instructionCasing"],
        "EMPTY_CONTINUATION_LINE" => &["emptyContinuationLine"],
        "MULTIPLE_INSTRUCTIONS" => &[
            "instructionCmdMultiple",
            "instructionEntrypointMultiple",
            "instructionHealthcheckMultiple",
        ],
        "JSON_IN_SINGLE_QUOTES" => &["instructionJSONInSingleQuotes"],
        "WORKDIR_IS_NOT_ABSOLUTE" => &["instructionWorkdirRelative"],
        "DEPRECATED_MAINTAINER" => &["deprecatedMaintainer"],
        _ => &[],
    }
}

struct Difference {
    family: String,
    selector: Selector,
}

/// Which cases a difference covers.
enum Selector {
    /// The mocha test title contains this.
    Test(String),
    /// The Dockerfile contains this (`\\n`, `\\r`, `\\t` unescaped).
    Text(String),
    /// The Dockerfile has a carriage return not followed by a line feed: dockerfile-utils
    /// reads it as a line break, BuildKit (reading lines up to `\\n`) as blank space.
    LoneCr,
}

impl Selector {
    fn matches(&self, text: &str, tests: &[&str]) -> bool {
        match self {
            Selector::Test(t) => tests.iter().any(|x| x.contains(t.as_str())),
            Selector::Text(t) => text.contains(t.as_str()),
            Selector::LoneCr => text.replace("\r\n", "").contains('\r'),
        }
    }
}

fn differences() -> Vec<Difference> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/dockerfile_utils_differences.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "family<TAB>selector<TAB>reason: {l:?}");
            assert!(
                !cols[2].trim().is_empty(),
                "a difference needs a reason: {l:?}"
            );
            assert!(
                FAMILIES.iter().any(|(f, _)| *f == cols[0]),
                "unknown family {:?}",
                cols[0]
            );
            let selector = if cols[1] == "lone-cr" {
                Selector::LoneCr
            } else if let Some(t) = cols[1].strip_prefix("text:") {
                Selector::Text(
                    t.replace("\\n", "\n")
                        .replace("\\r", "\r")
                        .replace("\\t", "\t"),
                )
            } else if let Some(t) = cols[1].strip_prefix("test:") {
                Selector::Test(t.to_string())
            } else {
                panic!("selector must be lone-cr, text:… or test:…: {l:?}")
            };
            Difference {
                family: cols[0].to_string(),
                selector,
            }
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    agree: usize,
    considered: usize,
    excused: usize,
    examples: Vec<String>,
}

/// 0-based line of an offset, counting `\n`, `\r\n` and lone `\r` as line ends (as the
/// LSP positions in the case file do).
fn line_of(text: &str, offset: usize) -> usize {
    let before = &text[..offset.min(text.len())];
    before.matches('\n').count() + before.matches('\r').count() - before.matches("\r\n").count()
}

/// Where a finding is, for comparison: the instruction containing its line, or the
/// line itself outside instructions. dockerfile-utils and dlint sometimes point at
/// different words (or lines) of one continued instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Instruction(usize),
    Line(usize),
    /// A file without instructions: both tools report on the file as a whole.
    File,
}

fn place(lines: &[(usize, usize)], line: usize) -> Place {
    if lines.is_empty() {
        return Place::File;
    }
    match lines.iter().position(|(s, e)| *s <= line && line <= *e) {
        Some(i) => Place::Instruction(i),
        None => Place::Line(line),
    }
}

#[test]
fn agreement_with_dockerfile_utils() {
    let path = dlint_test_support::corpus("dockerfile-utils-cases").join("cases.jsonl");
    let data = std::fs::read_to_string(&path).unwrap();
    let diffs = differences();
    // The BuildKit checks and dlint's errors are compared here. hadolint's rules that
    // report the same problems (measured by hadolint_cases.rs) are off, so that the
    // engine never keeps theirs in place of the rule under test (`overlap.rs`).
    let settings = Settings {
        ignore: dlint_linter::overlap::OVERLAPS
            .iter()
            .map(|(hadolint, _)| hadolint.to_string())
            .collect(),
        ..Settings::default()
    };
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut cases = 0;
    for line in data.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        cases += 1;
        let text = case["dockerfile"].as_str().unwrap();
        let tests: Vec<&str> = case["tests"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t.as_str())
            .collect();
        let result = lint(text, None, &settings);
        let parsed = dlint_syntax::parse_text(text);
        let instruction_lines: Vec<(usize, usize)> = parsed
            .instructions
            .iter()
            .map(|i| (line_of(text, i.span.start), line_of(text, i.span.end)))
            .collect();
        let found: Vec<(Place, &str)> = result
            .diagnostics
            .iter()
            .filter_map(|d| {
                let at = place(&instruction_lines, line_of(text, d.span.start));
                let ins = match at {
                    Place::Instruction(i) => Some(parsed.instructions[i].effective()),
                    Place::Line(_) | Place::File => None,
                };
                classify(d, ins).map(|f| (at, f))
            })
            .collect();
        for (code, du_codes) in FAMILIES {
            let enabled = setting_keys(code)
                .iter()
                .all(|k| matches!(case["settings"][*k].as_str(), Some("warning" | "error")));
            if !setting_keys(code).is_empty() && !enabled {
                continue;
            }
            let theirs: BTreeSet<Place> = case["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| du_codes.iter().any(|c| d["code"] == *c))
                .map(|d| place(&instruction_lines, d["range"][0].as_u64().unwrap() as usize))
                .collect();
            let ours: BTreeSet<Place> = found
                .iter()
                .filter(|(_, f)| f == code)
                .map(|(p, _)| *p)
                .collect();
            if theirs.is_empty() && ours.is_empty() {
                continue;
            }
            let tally = tallies.entry(code).or_default();
            if theirs == ours {
                tally.agree += 1;
                tally.considered += 1;
            } else if diffs
                .iter()
                .any(|d| d.family == *code && d.selector.matches(text, &tests))
            {
                tally.excused += 1;
            } else {
                tally.considered += 1;
                if tally.examples.len() < 6 {
                    tally.examples.push(format!(
                        "{:?} theirs={theirs:?} ours={ours:?} tests={tests:?}",
                        text
                    ));
                }
            }
        }
    }
    assert!(cases > 5000, "expected the full case file, read {cases}");
    let mut report =
        String::from("family (codes)                    agree/considered  excused  agreement\n");
    let mut failing = Vec::new();
    for (code, t) in &tallies {
        // A family whose every disagreement is a listed difference has nothing left to judge.
        let pct = if t.considered == 0 {
            100.0
        } else {
            100.0 * t.agree as f64 / t.considered as f64
        };
        report.push_str(&format!(
            "{code:<34}{:>6}/{:<10}{:>8}  {pct:>6.1}%\n",
            t.agree, t.considered, t.excused
        ));
        if pct < 95.0 {
            failing.push(format!("{code}: {pct:.1}%\n  {}", t.examples.join("\n  ")));
        }
    }
    for (code, why) in UNMAPPED {
        report.push_str(&format!("{code:<34}unmapped: {why}\n"));
    }
    println!("{report}");
    assert!(
        failing.is_empty(),
        "{report}\nbelow 95%:\n{}",
        failing.join("\n")
    );
}
