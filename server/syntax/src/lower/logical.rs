//! Building and slicing [`LogicalText`]: joined continuation lines with a map back to the
//! source.

use crate::ast::{LogicalText, Segment, Span};

/// Appends source runs to a logical text, merging runs that are contiguous in the source.
#[derive(Default)]
pub(crate) struct LogicalBuilder {
    text: String,
    segments: Vec<Segment>,
}

impl LogicalBuilder {
    pub fn push(&mut self, src: &str, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let logical = self.text.len();
        self.text.push_str(&src[start..end]);
        if let Some(last) = self.segments.last_mut() {
            if last.source + last.len == start {
                last.len += end - start;
                return;
            }
        }
        self.segments.push(Segment {
            logical,
            source: start,
            len: end - start,
        });
    }

    pub fn finish(self) -> LogicalText {
        LogicalText {
            text: self.text,
            segments: self.segments,
        }
    }
}

/// The part `start..end` of a logical text, with its own segments rebased to 0.
pub(crate) fn slice(lt: &LogicalText, start: usize, end: usize) -> LogicalText {
    let mut segments = Vec::new();
    for s in &lt.segments {
        let s_end = s.logical + s.len;
        if s_end <= start || s.logical >= end {
            continue;
        }
        let from = s.logical.max(start);
        let to = s_end.min(end);
        segments.push(Segment {
            logical: from - start,
            source: s.source + (from - s.logical),
            len: to - from,
        });
    }
    LogicalText {
        text: lt.text[start..end].to_owned(),
        segments,
    }
}

/// Source span of the logical range `start..end` (an empty range maps to an empty span).
pub(crate) fn source_span(lt: &LogicalText, start: usize, end: usize) -> Span {
    if start >= end {
        let at = lt.to_source(start);
        return Span::empty(at);
    }
    lt.span_to_source(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_rebases_segments() {
        let src = "RUN a \\\n  b";
        let mut b = LogicalBuilder::default();
        b.push(src, 0, 6);
        b.push(src, 8, 11);
        let lt = b.finish();
        assert_eq!(lt.text, "RUN a   b");
        let rest = slice(&lt, 4, 9);
        assert_eq!(rest.text, "a   b");
        assert_eq!(rest.to_source(0), 4);
        assert_eq!(rest.to_source_start(2), 8);
        assert_eq!(&src[source_span(&rest, 0, 5).range()], "a \\\n  b");
    }
}
