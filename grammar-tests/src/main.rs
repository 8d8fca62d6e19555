//! Prints dlint's parser conformance table.

use grammar_tests::{buildkit, grammar_corpus, real};

fn main() {
    let corpus = dlint_test_support::corpus_dir();
    let update = std::env::var_os("UPDATE_CORPUS").is_some();

    let bk = buildkit::run(&corpus);
    let count = |kind: &str| {
        let all: Vec<_> = bk.iter().filter(|r| r.kind == kind).collect();
        (all.iter().filter(|r| r.passed).count(), all.len())
    };
    let (pos_ok, pos) = count("positive");
    let (neg_ok, neg) = count("negative");
    let (line_ok, line) = count("line-info");

    let gc = grammar_corpus::run(&grammar_corpus::corpus_dir(), update);
    let gc_ok = gc.iter().filter(|r| r.passed).count();

    let files = dlint_test_support::real_dockerfiles();
    let started = std::time::Instant::now();
    let rr = real::run(&files);
    let elapsed = started.elapsed();
    let justified = real::justified_invalid();
    let unjustified_tree = rr
        .dlint_tree_errors
        .iter()
        .filter(|f| !justified.contains_key(*f))
        .count();
    let unjustified_lowering = rr
        .lowering_errors
        .iter()
        .filter(|(f, _)| !justified.contains_key(f))
        .count();

    println!("dlint parser conformance");
    println!();
    println!("| check | result |");
    println!("| --- | --- |");
    println!("| BuildKit positive cases dumped byte for byte | {pos_ok}/{pos} |");
    println!("| BuildKit negative cases rejected | {neg_ok}/{neg} |");
    println!("| BuildKit line-info case | {line_ok}/{line} |");
    println!(
        "| grammar corpus tests (server/grammar/test/corpus) | {gc_ok}/{} |",
        gc.len()
    );
    println!(
        "| real corpus files ({} files, {} bytes) with ERROR nodes, upstream grammar | {} |",
        rr.files, rr.bytes, rr.upstream_errors
    );
    println!(
        "| real corpus files with ERROR nodes, dlint grammar | {} ({} not in the justified list) |",
        rr.dlint_tree_errors.len(),
        unjustified_tree
    );
    println!(
        "| real corpus files with BuildKit parse errors (lowering) | {} ({} not in the justified list) |",
        rr.lowering_errors.len(),
        unjustified_lowering
    );
    println!(
        "| real corpus files where tree and lowering disagree on instruction lines | {} |",
        rr.boundary_mismatches.len()
    );
    println!(
        "| real corpus files that are not UTF-8 | {} |",
        rr.not_utf8.len()
    );
    println!();
    println!("(real corpus section took {:.2?} in this build)", elapsed);

    for r in bk.iter().filter(|r| !r.passed) {
        println!("BuildKit case {} ({}): {}", r.case, r.kind, r.detail);
    }
    for r in gc.iter().filter(|r| !r.passed) {
        println!(
            "grammar test {} / {}:\n  expected {}\n  got      {}",
            r.file, r.name, r.expected, r.got
        );
    }
    for f in &rr.dlint_tree_errors {
        println!(
            "ERROR nodes (dlint grammar): {f} {}",
            justified
                .get(f)
                .map(|s| s.as_str())
                .unwrap_or("(not justified)")
        );
    }
    for (f, m) in &rr.lowering_errors {
        println!(
            "parse error: {f}: {m} {}",
            justified
                .get(f)
                .map(|s| s.as_str())
                .unwrap_or("(not justified)")
        );
    }
    for (f, m) in &rr.boundary_mismatches {
        println!("boundary mismatch: {f}: {m}");
    }
    for (f, why) in &justified {
        println!("justified invalid file: {f}: {why}");
    }
}
