//! Mapping offsets inside an instruction's text back to the source.
//!
//! Words, flag values and heredoc bodies are strings taken from the joined (logical)
//! instruction line; a reference found at byte `i` of such a string has to be pointed
//! at the user's real text, which may be split over continuation lines.

use dlint_syntax::{Heredoc, LogicalText, Span, Word};
use std::ops::Range;

/// The logical offset in `rest` of the source offset `src`, if some run covers it.
pub fn to_logical(rest: &LogicalText, src: usize) -> Option<usize> {
    let i = rest.segments.partition_point(|s| s.source + s.len < src);
    let s = rest.segments.get(i)?;
    (s.source <= src).then(|| s.logical + (src - s.source))
}

/// Maps ranges inside one string of an instruction to source spans.
#[derive(Clone, Copy, Debug)]
pub enum Mapper<'a> {
    /// The string is `rest.text[start..]`.
    Logical { rest: &'a LogicalText, start: usize },
    /// The string is copied unchanged from the source at this offset.
    Linear(usize),
    /// No byte-exact correspondence (escaped JSON, tab-stripped heredoc): every range maps
    /// to the whole span.
    Whole(Span),
    /// A word of `rest`, resolved to one of the above only when something is mapped (most
    /// words hold no reference, so most never are).
    Word {
        rest: &'a LogicalText,
        word: &'a Word,
    },
}

impl Mapper<'_> {
    pub fn map(&self, r: Range<usize>) -> Span {
        match *self {
            Mapper::Logical { rest, start } => rest.span_to_source(start + r.start, start + r.end),
            Mapper::Linear(base) => Span::new(base + r.start, base + r.end),
            Mapper::Whole(span) => span,
            Mapper::Word { rest, word } => word_mapper(rest, word).map(r),
        }
    }
}

/// A mapper for a word of `rest`, checked against the word's text.
pub fn word_mapper<'a>(rest: &'a LogicalText, word: &Word) -> Mapper<'a> {
    if let Some(start) = to_logical(rest, word.span.start) {
        if rest.text.get(start..start + word.text.len()) == Some(word.text.as_str()) {
            return Mapper::Logical { rest, start };
        }
    }
    fallback(word.span, word.text.len())
}

/// Raw text of a source span that lies in `rest` (e.g. a flag value with its quotes).
pub fn raw_in_rest<'a>(rest: &'a LogicalText, span: Span) -> Option<(&'a str, Mapper<'a>)> {
    let start = to_logical(rest, span.start)?;
    let end = to_logical(rest, span.end)?;
    let raw = rest.text.get(start..end.max(start))?;
    Some((raw, Mapper::Logical { rest, start }))
}

/// A mapper for a heredoc body (exact unless `<<-` stripped tabs).
pub fn heredoc_mapper(h: &Heredoc) -> Mapper<'static> {
    fallback(h.body_span, h.body.len())
}

fn fallback(span: Span, text_len: usize) -> Mapper<'static> {
    if span.len() == text_len {
        Mapper::Linear(span.start)
    } else if span.len() == text_len + 2 {
        // A JSON string without escapes: skip the opening quote.
        Mapper::Linear(span.start + 1)
    } else {
        Mapper::Whole(span)
    }
}
