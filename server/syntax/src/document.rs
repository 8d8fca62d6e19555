//! An open Dockerfile: text (a rope), version, syntax tree and lowered model.
//!
//! Edits are byte ranges plus new text. They are applied to the rope and, through
//! `Tree::edit`, to the tree-sitter tree, which is then reparsed incrementally; the typed
//! model is rebuilt from the new tree.

use std::sync::Arc;

use ropey::Rope;

use crate::ast::{Dockerfile, Span};

/// Why an edit was refused. The document is left unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The range is reversed or ends past the end of the text.
    OutOfRange { start: usize, end: usize, len: usize },
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

pub struct Document {
    rope: Rope,
    /// The same text as `rope`, contiguous, for the lowering and the line index.
    text: String,
    version: i32,
    syntax: Arc<Dockerfile>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        let mut doc = Document {
            rope: Rope::from_str(text),
            text: text.to_owned(),
            version,
            syntax: Arc::new(Dockerfile::default()),
        };
        doc.reparse();
        doc
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn set_version(&mut self, version: i32) {
        self.version = version;
    }

    /// The lowered model of the current text (cheap to clone and hand to another thread).
    pub fn syntax(&self) -> &Arc<Dockerfile> {
        &self.syntax
    }

    /// Replaces the whole text.
    pub fn replace_all(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
        self.text = text.to_owned();
        self.reparse();
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
        let start_char = self.rope.byte_to_char(range.start);
        let end_char = self.rope.byte_to_char(range.end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        self.text.replace_range(range.range(), new_text);
        self.reparse();
        Ok(())
    }

    fn reparse(&mut self) {
        self.syntax = Arc::new(crate::lower::parse_text(&self.text));
    }
}
