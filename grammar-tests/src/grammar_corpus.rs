//! The grammar's own corpus tests, in tree-sitter's test format, run with the Rust
//! binding (no tree-sitter CLI needed). `UPDATE_CORPUS=1` rewrites the expected trees.

use std::path::{Path, PathBuf};

use crate::corpus_format::{parse_corpus_file, pretty_tree, render_corpus_file, same_tree};

pub struct TestResult {
    pub file: String,
    pub name: String,
    pub passed: bool,
    pub got: String,
    pub expected: String,
}

pub fn corpus_dir() -> PathBuf {
    dlint_test_support::repo_root().join("server/grammar/test/corpus")
}

pub fn run(dir: &Path, update: bool) -> Vec<TestResult> {
    let mut parser = crate::dlint_parser();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("grammar corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut results = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("corpus file");
        let mut tests = parse_corpus_file(&name, &text);
        for t in &mut tests {
            let tree = crate::parse(&mut parser, &t.input);
            let root = tree.root_node();
            let got = pretty_tree(root);
            let passed = if t.expects_error {
                root.has_error()
            } else {
                !root.has_error() && same_tree(&got, &t.expected)
            };
            if update && !t.expects_error {
                t.expected = got.clone();
            }
            results.push(TestResult {
                file: name.clone(),
                name: t.name.clone(),
                passed: passed || update,
                got,
                expected: t.expected.clone(),
            });
        }
        if update {
            std::fs::write(&path, render_corpus_file(&tests)).expect("rewrite corpus file");
        }
    }
    results
}
