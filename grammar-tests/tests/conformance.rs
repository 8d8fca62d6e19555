//! Parser conformance targets. The same measurements print as a table with
//! `cargo run -p grammar-tests`.

use grammar_tests::{buildkit, grammar_corpus, real};

#[test]
fn buildkit_parser_corpus_matches_byte_for_byte() {
    let results = buildkit::run(&dlint_test_support::corpus_dir());
    let failures: Vec<String> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| format!("{} ({}): {}", r.case, r.kind, r.detail))
        .collect();
    let count = |kind: &str| results.iter().filter(|r| r.kind == kind).count();
    assert_eq!(count("positive"), 33, "the corpus has 33 positive cases");
    assert_eq!(count("negative"), 4, "the corpus has 4 negative cases");
    assert_eq!(count("line-info"), 1);
    assert!(
        failures.is_empty(),
        "BuildKit cases failing:\n{}",
        failures.join("\n")
    );
}

#[test]
fn grammar_corpus_tests_pass() {
    let results = grammar_corpus::run(&grammar_corpus::corpus_dir(), false);
    assert!(
        results.len() >= 40,
        "only {} grammar corpus tests found",
        results.len()
    );
    let failures: Vec<String> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| {
            format!(
                "{} / {}:\n  expected {}\n  got      {}",
                r.file, r.name, r.expected, r.got
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "grammar corpus failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn real_corpus_parses_clean_and_boundaries_agree() {
    let files = dlint_test_support::real_dockerfiles();
    assert!(
        files.len() >= 1700,
        "expected the 1,736-file real corpus, found {}",
        files.len()
    );
    let report = real::run(&files);
    let justified = real::justified_invalid();

    // The upstream grammar is the baseline we measure against: it must still show the
    // failures that made us write our own, or the comparison means nothing.
    assert!(
        report.upstream_errors > 500,
        "upstream grammar errors on only {} files",
        report.upstream_errors
    );

    let unjustified_tree: Vec<&String> = report
        .dlint_tree_errors
        .iter()
        .filter(|f| !justified.contains_key(*f))
        .collect();
    assert!(
        unjustified_tree.is_empty(),
        "ERROR nodes in valid files: {unjustified_tree:?}"
    );

    let unjustified_lowering: Vec<&(String, String)> = report
        .lowering_errors
        .iter()
        .filter(|(f, _)| !justified.contains_key(f))
        .collect();
    assert!(
        unjustified_lowering.is_empty(),
        "BuildKit parse errors in valid files: {unjustified_lowering:?}"
    );

    // Every justified entry must really be invalid, or the list is stale.
    for file in justified.keys() {
        assert!(
            report.dlint_tree_errors.contains(file)
                || report.lowering_errors.iter().any(|(f, _)| f == file),
            "{file} is listed as invalid but parses clean"
        );
    }
    assert!(justified.len() <= 20, "the justified list must stay short");

    assert!(
        report.boundary_mismatches.is_empty(),
        "tree and lowering disagree on instruction lines:\n{}",
        report
            .boundary_mismatches
            .iter()
            .map(|(f, m)| format!("{f}: {m}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
