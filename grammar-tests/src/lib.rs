//! Conformance measurements for dlint's parser. `cargo run -p grammar-tests` prints the
//! table; `cargo test -p grammar-tests` asserts the targets.
//!
//! Sections:
//! - BuildKit's own parser corpus (`../shared/corpus/buildkit-parser`): dumps compared
//!   byte for byte, negative cases rejected, instruction lines of the line-info case;
//! - the grammar's own corpus tests (`server/grammar/test/corpus`, tree-sitter's format);
//! - the real corpus (`../shared/corpus/real`): ERROR nodes with the upstream grammar and
//!   with ours, parse errors from the lowering, and whether the tree's instruction
//!   boundaries agree with the lowering's on every file.

pub mod buildkit;
pub mod corpus_format;
pub mod grammar_corpus;
pub mod real;

use tree_sitter::{Parser, Tree};

/// A parser for dlint's grammar.
pub fn dlint_parser() -> Parser {
    let mut p = Parser::new();
    p.set_language(&tree_sitter_dockerfile_dlint::LANGUAGE.into())
        .expect("dlint grammar loads");
    p
}

/// A parser for the upstream tree-sitter-dockerfile grammar (the baseline).
pub fn upstream_parser() -> Parser {
    let mut p = Parser::new();
    p.set_language(&arborium_dockerfile::language().into())
        .expect("upstream grammar loads");
    p
}

pub fn parse(parser: &mut Parser, text: &str) -> Tree {
    parser
        .parse(text, None)
        .expect("tree-sitter returns a tree without a timeout")
}
