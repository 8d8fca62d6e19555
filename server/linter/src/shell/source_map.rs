//! Maps byte offsets in a script back to the Dockerfile source.

use dlint_syntax::{Heredoc, LogicalText, Segment, Span};

/// Runs of script bytes copied unchanged from the source (the same shape as
/// [`LogicalText`]'s segments, which it reuses for the lookup).
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    runs: LogicalText,
}

impl SourceMap {
    /// A shell-form command: continuation lines were joined by the Dockerfile parser.
    pub fn from_logical(text: &LogicalText) -> SourceMap {
        SourceMap {
            runs: LogicalText {
                text: String::new(),
                segments: text.segments.clone(),
            },
        }
    }

    /// A heredoc body. With `<<-` the leading tabs of each line are not in the body, so
    /// each body line is matched with its source line (tabs skipped); a body that does
    /// not line up with the source maps everything to the start of the body.
    pub fn from_heredoc(heredoc: &Heredoc, source: &str) -> SourceMap {
        let span = heredoc.body_span;
        let src = source.get(span.range()).unwrap_or("");
        let mut segments = Vec::new();
        if !heredoc.chomp && src == heredoc.body {
            segments.push(Segment {
                logical: 0,
                source: span.start,
                len: heredoc.body.len(),
            });
        } else {
            let mut logical = 0;
            let mut source_at = span.start;
            let mut src_lines = src.split_inclusive('\n');
            for body_line in heredoc.body.split_inclusive('\n') {
                let Some(src_line) = src_lines.next() else {
                    break;
                };
                let stripped = src_line.trim_start_matches('\t');
                let skipped = src_line.len() - stripped.len();
                if stripped != body_line {
                    break;
                }
                segments.push(Segment {
                    logical,
                    source: source_at + skipped,
                    len: body_line.len(),
                });
                logical += body_line.len();
                source_at += src_line.len();
            }
            if segments.is_empty() {
                segments.push(Segment {
                    logical: 0,
                    source: span.start,
                    len: 0,
                });
            }
        }
        SourceMap {
            runs: LogicalText {
                text: String::new(),
                segments,
            },
        }
    }

    /// Where the script starts in the source: the source offset of its first byte.
    pub fn base(&self) -> usize {
        self.runs.segments.first().map_or(0, |s| s.source)
    }

    /// Feeds the map's shape, with positions relative to [`SourceMap::base`], to `h`: two
    /// scripts with the same text and layout parse the same wherever they sit.
    pub fn hash_layout(&self, h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        let base = self.base();
        for s in &self.runs.segments {
            (s.logical, s.source - base, s.len).hash(h);
        }
    }

    /// The source span of the script bytes `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        self.runs.span_to_source(start, end)
    }
}
