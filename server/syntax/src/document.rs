//! An open Dockerfile: text (a rope), version, tree-sitter tree and lowered model.
//!
//! The tree-sitter tree is built on first use ([`Document::tree`]): the lowered model
//! does not need it, and on a 5,000-line file a full tree-sitter parse costs about as
//! much time as everything else done before the first diagnostics, and megabytes of
//! memory that a language server answering from the model never reads.
//!
//! An edit is a byte range plus new text. It is applied to the rope and, through
//! `Tree::edit`, to the tree (once built), which is then reparsed incrementally. The
//! typed model is relowered from the first instruction the edit can change to where the
//! reader rejoins the old model (`lower::relower`). An edit that touches the directive
//! block (where the `escape` directive lives) reparses the whole file from scratch, since
//! the escape character changes how every later line is read.

use std::cell::{OnceCell, RefCell};
use std::sync::Arc;

use ropey::Rope;
use tree_sitter::{InputEdit, Parser, Point, Tree};

use crate::ast::{Dockerfile, Span};

/// Why an edit was refused. The document is left unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The range is reversed or ends past the end of the text.
    OutOfRange {
        start: usize,
        end: usize,
        len: usize,
    },
    /// An end of the range falls inside a multi-byte character.
    NotCharBoundary { offset: usize },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::OutOfRange { start, end, len } => write!(
                f,
                "edit range {start}..{end} is outside the document (length {len})"
            ),
            EditError::NotCharBoundary { offset } => {
                write!(f, "edit offset {offset} is inside a multi-byte character")
            }
        }
    }
}

impl std::error::Error for EditError {}

thread_local! {
    // A parser per thread: `Parser` is not `Sync`, and creating one per edit would
    // repeat the language setup on every keystroke.
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_dockerfile_dlint::LANGUAGE.into())
        .expect("the grammar's ABI matches the linked tree-sitter runtime");
    parser
}

/// Parses `text` with dlint's grammar, reusing `old` (already edited) when given.
pub fn parse_tree(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with(|p| {
        let mut parser = p.borrow_mut();
        parser
            .parse(text, old)
            // Without a timeout or cancellation flag tree-sitter always returns a tree;
            // a fresh parser is the fallback should that ever change.
            .unwrap_or_else(|| new_parser().parse(text, None).expect("tree-sitter parses"))
    })
}

pub struct Document {
    rope: Rope,
    /// The same text as `rope`, contiguous, for the lowering and the parser.
    text: String,
    version: i32,
    /// Built on the first call to [`Document::tree`], then kept up to date by edits.
    tree: OnceCell<Tree>,
    syntax: Arc<Dockerfile>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            text: text.to_owned(),
            version,
            tree: OnceCell::new(),
            syntax: Arc::new(crate::lower::parse_text(text)),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text as a rope. Lines break at `\n`, `\r\n` and a lone `\r`, as in LSP.
    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn set_version(&mut self, version: i32) {
        self.version = version;
    }

    /// The concrete syntax tree (dlint's tree-sitter grammar), parsed on first use.
    pub fn tree(&self) -> &Tree {
        self.tree.get_or_init(|| parse_tree(&self.text, None))
    }

    /// The lowered model of the current text (cheap to clone and hand to another thread).
    pub fn syntax(&self) -> &Arc<Dockerfile> {
        &self.syntax
    }

    /// Replaces the whole text.
    pub fn replace_all(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
        self.text = text.to_owned();
        self.tree = OnceCell::new();
        self.syntax = Arc::new(crate::lower::parse_text(text));
    }

    /// Replaces the bytes `range` with `new_text`. Errors leave the document unchanged.
    pub fn apply_edit(&mut self, range: Span, new_text: &str) -> Result<(), EditError> {
        let len = self.text.len();
        if range.start > range.end || range.end > len {
            return Err(EditError::OutOfRange {
                start: range.start,
                end: range.end,
                len,
            });
        }
        for offset in [range.start, range.end] {
            if !self.text.is_char_boundary(offset) {
                return Err(EditError::NotCharBoundary { offset });
            }
        }
        let touches_directives = self.in_directive_block(range.start);
        let start_position = self.point(range.start);
        let old_end_position = self.point(range.end);

        let start_char = self.rope.byte_to_char(range.start);
        let end_char = self.rope.byte_to_char(range.end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        self.text.replace_range(range.range(), new_text);

        let new_end_byte = range.start + new_text.len();
        if touches_directives {
            // Rebuilt from scratch when next asked for.
            self.tree = OnceCell::new();
        } else if let Some(mut tree) = self.tree.take() {
            tree.edit(&InputEdit {
                start_byte: range.start,
                old_end_byte: range.end,
                new_end_byte,
                start_position,
                old_end_position,
                new_end_position: self.point(new_end_byte),
            });
            let _ = self.tree.set(parse_tree(&self.text, Some(&tree)));
        }
        if touches_directives {
            self.syntax = Arc::new(crate::lower::parse_text(&self.text));
        } else {
            // Relower in place when no snapshot holds the old model, else on a copy.
            let syntax = Arc::make_mut(&mut self.syntax);
            crate::lower::relower(syntax, &self.text, range, new_text.len());
        }
        Ok(())
    }

    /// True when `offset` is at or before the end of the directive block (or there is no
    /// instruction yet), where an edit may change the escape character.
    fn in_directive_block(&self, offset: usize) -> bool {
        let first_instruction = self
            .syntax
            .instructions
            .first()
            .map(|i| i.span.start)
            .unwrap_or(usize::MAX);
        let first_comment = self
            .syntax
            .comments
            .first()
            .map(|c| c.span.start)
            .unwrap_or(usize::MAX);
        offset <= first_instruction.min(first_comment)
    }

    /// A tree-sitter point (row, byte column) for a byte offset of the current text.
    fn point(&self, offset: usize) -> Point {
        let line = self.rope.byte_to_line(offset);
        Point::new(line, offset - self.rope.line_to_byte(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sexp(doc: &Document) -> String {
        doc.tree().root_node().to_sexp()
    }

    /// Top-level instructions, whether before the first stage or inside one.
    fn instruction_count(doc: &Document) -> usize {
        let root = doc.tree().root_node();
        let mut cursor = root.walk();
        root.named_children(&mut cursor)
            .map(|n| match n.kind() {
                "instruction" => 1,
                "stage" => {
                    let mut c = n.walk();
                    n.named_children(&mut c)
                        .filter(|i| i.kind() == "instruction")
                        .count()
                }
                _ => 0,
            })
            .sum()
    }

    #[test]
    fn incremental_edits_match_a_fresh_parse() {
        let mut doc = Document::new(
            "FROM alpine\nRUN echo a \\\n  b\nCOPY <<EOF /x\nhi\nEOF\n",
            1,
        );
        let edits: &[(usize, usize, &str)] = &[
            (12, 12, "LABEL a=b\n"),
            (0, 4, "from"),
            (20, 20, " \\\n # c\n c"),
            (5, 11, "debian:bookworm"),
        ];
        for &(start, end, text) in edits {
            doc.apply_edit(Span::new(start, end), text).unwrap();
            let fresh = Document::new(doc.text(), 0);
            assert_eq!(
                sexp(&doc),
                sexp(&fresh),
                "after edit {start}..{end} {text:?}"
            );
            assert_eq!(doc.syntax(), fresh.syntax());
            assert_eq!(doc.rope().to_string(), doc.text());
        }
    }

    #[test]
    fn editing_the_escape_directive_reparses_everything() {
        let text = "# escape=\\\nFROM w\nRUN dir c:\\\nRUN x\n";
        let mut doc = Document::new(text, 1);
        assert_eq!(instruction_count(&doc), 2);
        // Switch to the backtick escape: `c:\` no longer continues onto the next line.
        doc.apply_edit(Span::new(9, 10), "`").unwrap();
        assert_eq!(instruction_count(&doc), 3);
        let fresh = Document::new(doc.text(), 0);
        assert_eq!(sexp(&doc), sexp(&fresh));
    }

    #[test]
    fn bad_edits_are_refused_and_change_nothing() {
        let mut doc = Document::new("FROM é\n", 1);
        assert_eq!(
            doc.apply_edit(Span::new(3, 100), "x"),
            Err(EditError::OutOfRange {
                start: 3,
                end: 100,
                len: 8
            })
        );
        assert_eq!(
            doc.apply_edit(Span::new(6, 6), "x"),
            Err(EditError::NotCharBoundary { offset: 6 })
        );
        assert_eq!(doc.text(), "FROM é\n");
    }
}
