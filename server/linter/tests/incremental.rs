//! Incremental linting must equal a fresh full lint: the stage-locality of every rule in
//! `STAGE_LOCAL` is checked on the whole corpus, and random edits on real files (and on a
//! big generated file) compare `LintCache::lint` with `lint_parsed_full` after each edit.

use dlint_linter::incremental::{is_stage_local, stage_parts, sub_file, LintCache};
use dlint_linter::{all_rules, lint_parsed_full, Context, Diagnostic, Settings};
use dlint_syntax::document::Document;
use dlint_syntax::{parse_text, Span};

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

fn corpus_texts() -> Vec<(String, String)> {
    let files = dlint_test_support::real_dockerfiles();
    assert!(files.len() > 100, "the real corpus is missing");
    files
        .iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(p).ok()?)))
        .collect()
}

/// Findings of `rule` (raw, before pragmas) that start in one of `parts`.
fn raw_in(
    ctx: &Context,
    rule: &dlint_linter::Rule,
    parts: &[std::ops::Range<usize>],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    (rule.check)(ctx, &mut out);
    out.retain(|d| parts.iter().any(|r| r.contains(&d.span.start)));
    out.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.message).cmp(&(b.span.start, b.span.end, &b.message))
    });
    out
}

/// Settings that switch on what is off by default, so that every rule runs.
fn every_rule() -> Settings {
    let mut settings = Settings::default();
    settings.apply(&dlint_linter::SettingsLayer {
        select: Some(vec!["Hadolint".into(), "BuildKit".into(), "Dlint".into()]),
        trusted_registries: vec!["docker.io".into()],
        ..Default::default()
    });
    // ShellCheck's findings depend on a process and its cache, not only on the text.
    settings.shellcheck = false;
    settings
}

#[test]
fn stage_local_rules_find_the_same_in_a_cut_down_file() {
    let settings = every_rule();
    let rules = all_rules();
    // Every rule is checked: the listed ones must hold, and the others are named when
    // they hold too (candidates for the list).
    let mut failures: Vec<Vec<String>> = vec![Vec::new(); rules.len()];
    let mut checked_stages = 0;
    for (name, text) in corpus_texts() {
        let df = parse_text(&text);
        let full = Context::lazy(&text, &df, None, &settings, None);
        for t in 0..full.stages.len() {
            let (keep, part) = stage_parts(&text, &df, t);
            // Only the global part and stage `t`'s own part are compared: the lineage is
            // context, its findings belong to the other stages.
            let own = [keep[0].clone(), part];
            let cut = sub_file(&df, &keep);
            let sub = Context::lazy(&text, &cut, None, &settings, None);
            checked_stages += 1;
            for (rule, failed) in rules.iter().zip(&mut failures) {
                let want = raw_in(&full, rule, &own);
                let got = raw_in(&sub, rule, &own);
                if want != got {
                    failed.push(format!(
                        "{}: {name} stage {t}: full {:?} / cut {:?}",
                        rule.code,
                        want.iter()
                            .map(|d| (d.span, &d.message))
                            .collect::<Vec<_>>(),
                        got.iter().map(|d| (d.span, &d.message)).collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    assert!(
        checked_stages > 1000,
        "only {checked_stages} stages checked"
    );
    let candidates: Vec<&str> = (rules.iter().zip(&failures))
        .filter(|(r, f)| f.is_empty() && !is_stage_local(r))
        .map(|(r, _)| r.code)
        .collect();
    eprintln!("stage-local on the corpus but not listed: {candidates:?}");
    let wrong: Vec<&String> = (rules.iter().zip(&failures))
        .filter(|(r, _)| is_stage_local(r))
        .flat_map(|(_, f)| f.iter().take(3))
        .collect();
    assert!(
        wrong.is_empty(),
        "listed as stage-local but not, e.g.:\n{}",
        wrong
            .iter()
            .take(20)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Edits that change structure: new stages and lines, renamed stages, SHELL and pragma
/// lines, broken quoting and continuations.
const SNIPPETS: &[&str] = &[
    "x",
    " ",
    "\n",
    "\\\n",
    "# c\n",
    "RUN apt-get install curl\n",
    "FROM b AS c\n",
    "FROM c\n",
    "COPY --from=c /a /b\n",
    "ARG V=1\n",
    "ENV E=$V\n",
    "SHELL [\"pwsh\", \"-c\"]\n",
    "# hadolint ignore=DL3008\n",
    "# hadolint shell=bash\n",
    "USER root\n",
    "WORKDIR rel\n",
    "<<EOF\nEOF\n",
    "\"",
    "$",
    "é",
    "&& ",
    "sudo ",
    " AS ",
];

fn random_edit(rng: &mut Rng, text: &str) -> (Span, String) {
    let mut start = rng.below(text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    // Mostly at line starts, where whole instructions appear and vanish.
    if rng.below(2) == 0 {
        start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    }
    let mut end = start;
    if rng.below(3) == 0 {
        end = (start + rng.below(30)).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
    }
    let insert = if rng.below(5) == 0 && end > start {
        String::new()
    } else {
        SNIPPETS[rng.below(SNIPPETS.len())].to_owned()
    };
    (Span::new(start, end), insert)
}

fn check_edits(name: &str, text: &str, edits: usize, seed: u64, settings: &Settings) {
    let mut rng = Rng(seed);
    let mut doc = Document::new(text, 0);
    let mut cache = LintCache::new();
    for step in 0..edits {
        let got = cache.lint(doc.text(), doc.syntax(), None, settings);
        let want = lint_parsed_full(doc.text(), doc.syntax(), None, settings);
        if got != want {
            let only = |a: &[Diagnostic], b: &[Diagnostic]| -> Vec<String> {
                a.iter()
                    .filter(|d| !b.contains(d))
                    .map(|d| format!("{} {:?} {}", d.code, d.span, d.message))
                    .collect()
            };
            panic!(
                "{name}: incremental lint differs after {step} edits (seed {seed}):\n\
                 only incremental: {:?}\nonly full: {:?}\nfailure: {:?} / {:?}\ntext:\n{}",
                only(&got.diagnostics, &want.diagnostics),
                only(&want.diagnostics, &got.diagnostics),
                got.buildkit_failure,
                want.buildkit_failure,
                doc.text()
            );
        }
        let (span, insert) = random_edit(&mut rng, doc.text());
        doc.apply_edit(span, &insert).unwrap();
    }
}

#[test]
fn random_edits_on_real_files_lint_as_fresh_files() {
    let settings = every_rule();
    let files = corpus_texts();
    // Multi-stage files exercise reuse; every fifth single-stage one keeps the rest honest.
    let mut checked = 0;
    for (i, (name, text)) in files.iter().enumerate() {
        let stages = text
            .lines()
            .filter(|l| {
                l.trim_start().len() > 4 && l.trim_start()[..5].eq_ignore_ascii_case("from ")
            })
            .count();
        if stages < 2 && i % 5 != 0 {
            continue;
        }
        check_edits(name, text, 12, 0x9e37_79b9 + i as u64, &settings);
        checked += 1;
    }
    assert!(checked > 100, "only {checked} files edited");
}

/// A file shaped like the benchmark's (`lspdrive gen`): many stages built on each
/// other, ARG/ENV chains, heredocs and package installs.
fn generated(stages: usize, per_stage: usize) -> String {
    let mut out = String::from(
        "# syntax=docker/dockerfile:1\nARG BASE=debian:bookworm-slim\nARG VERSION=1\n",
    );
    for s in 0..stages {
        match s % 3 {
            0 => out.push_str(&format!("FROM ${{BASE}} AS stage{s}\n")),
            _ => out.push_str(&format!("FROM stage{} AS stage{s}\n", s / 2)),
        }
        out.push_str(&format!(
            "ARG VERSION\nENV STAGE={s} PATH=/opt/s{s}/bin:$PATH\n"
        ));
        for i in 0..per_stage {
            match i % 6 {
                0 => out.push_str(&format!("RUN echo \"step {i}\" && cd /opt/s{s} && ls > /tmp/o{i}\n")),
                1 => out.push_str(&format!("RUN apt-get update && \\\n    apt-get install -y pkg{i} && \\\n    rm -rf /var/lib/apt/lists/*\n")),
                2 => out.push_str(&format!("ENV V{i}=\"$STAGE-{i}\" O{i}=$VERSION\n")),
                3 => out.push_str(&format!("RUN <<EOF\necho heredoc {s}\necho $UNSET{i}\nEOF\n")),
                4 => out.push_str(&format!("COPY --from=stage{} /a /b{i}\n", s / 2)),
                _ => out.push_str(&format!("# step {i}\nWORKDIR opt{i}\n")),
            }
        }
    }
    out
}

#[test]
fn random_edits_on_a_big_generated_file_reuse_most_stages() {
    let settings = Settings {
        shellcheck: false,
        ..Settings::default()
    };
    let text = generated(12, 24);
    check_edits("generated", &text, 60, 7, &settings);

    // An edit inside one stage's RUN keeps the other stages' findings.
    let mut doc = Document::new(&text, 0);
    let mut cache = LintCache::new();
    cache.lint(doc.text(), doc.syntax(), None, &settings);
    // The last stage: nothing is built on it.
    let at = doc.text().rfind("ls > /tmp/o0\n").unwrap() + 2;
    doc.apply_edit(Span::new(at, at), " -la").unwrap();
    let got = cache.lint(doc.text(), doc.syntax(), None, &settings);
    assert_eq!(
        got,
        lint_parsed_full(doc.text(), doc.syntax(), None, &settings)
    );
    let reuse = cache.last_reuse();
    assert_eq!(reuse.stages, 12);
    assert_eq!(reuse.clean, 11, "{reuse:?}");
}

/// A first lint of a file this big parses its RUN scripts on several threads first, and
/// runs its rules on several threads; the findings must be those of a plain lint, and the
/// parses it left in the shared cache those of a fresh parse.
#[test]
fn a_big_first_lint_parsing_scripts_in_parallel_finds_the_same() {
    let settings = Settings {
        shellcheck: false,
        ..Settings::default()
    };
    // Unlike the other tests' files: scripts no other test has put in the parse cache.
    let text = generated(30, 24).replace("echo heredoc", "echo parallel");
    let doc = Document::new(&text, 0);
    assert!(doc.syntax().instructions.len() > 600);
    let first = LintCache::new().lint(doc.text(), doc.syntax(), None, &settings);
    assert_eq!(
        first,
        lint_parsed_full(doc.text(), doc.syntax(), None, &settings)
    );
    assert!(!first.diagnostics.is_empty());
    let mut scripts = 0;
    for instruction in &doc.syntax().instructions {
        for s in dlint_linter::shell::script_sources(instruction, doc.text()) {
            let cached = dlint_linter::shell::script_for(s.text, s.map.clone());
            assert_eq!(*cached, dlint_linter::shell::parse_script(s.text, &s.map));
            scripts += 1;
        }
    }
    assert!(scripts > 300, "{scripts}");
}

/// Rules that read the file system are linted with a path, which the corpus tests above
/// never pass: DF016 reports only the file's first `COPY .`, so a stage edited after
/// another stage's `COPY .` must not get a finding of its own.
#[test]
fn rules_that_read_the_build_context_stay_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    let text = "FROM alpine:3.20 AS a\nCOPY . /a\n\nFROM alpine:3.20\nRUN true\nCOPY . /b\n";
    std::fs::write(&path, text).unwrap();
    let settings = Settings::default();
    let mut doc = Document::new(text, 0);
    let mut cache = LintCache::new();
    let first = cache.lint(doc.text(), doc.syntax(), Some(&path), &settings);
    assert_eq!(
        first
            .diagnostics
            .iter()
            .filter(|d| d.code == "DF016")
            .count(),
        1,
        "{first:?}"
    );
    let at = doc.text().find("RUN true").unwrap() + "RUN true".len();
    doc.apply_edit(Span::new(at, at), " && true").unwrap();
    let got = cache.lint(doc.text(), doc.syntax(), Some(&path), &settings);
    let want = lint_parsed_full(doc.text(), doc.syntax(), Some(&path), &settings);
    assert_eq!(got, want);
}
