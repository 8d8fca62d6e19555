//! dlint's tree-sitter grammar for Dockerfiles.
//!
//! The grammar (`grammar.js`) is shallow on purpose; the external scanner
//! (`src/scanner.c`) carries what a context-free grammar cannot: the escape character
//! chosen by the `escape` directive, continuations across comment and blank lines, words
//! joined across continuations, and heredoc bodies. Node kinds: `source_file`,
//! `parser_directive`, `comment`, `stage` (a FROM instruction and what follows it),
//! `instruction` (fields `keyword`, `flag`, `trigger`),
//! `trigger`, `keyword`, `flag`, `word`, `heredoc_marker`, `heredoc` (`heredoc_body`,
//! `heredoc_end`) and the extra `line_continuation`.
//!
//! ```
//! let mut parser = tree_sitter::Parser::new();
//! parser.set_language(&tree_sitter_dockerfile_dlint::LANGUAGE.into()).unwrap();
//! let tree = parser.parse("FROM alpine\nRUN echo hi\n", None).unwrap();
//! assert!(!tree.root_node().has_error());
//! ```

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_dlint_dockerfile() -> *const ();
}

/// The tree-sitter language of this grammar.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_dlint_dockerfile) };

/// The generated node types, for tools that want them.
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// Highlight queries for editors that use tree-sitter directly.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

#[cfg(test)]
mod tests {
    #[test]
    fn language_loads() {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&super::LANGUAGE.into())
            .expect("the grammar's ABI matches the tree-sitter runtime");
    }
}
