//! BuildKit-exact lowering of Dockerfile text into [`crate::ast::Dockerfile`].
//!
//! This is a hand-written re-implementation of the line-oriented parser of BuildKit's
//! `frontend/dockerfile/parser` (see `buildkit-parsing.md`). It reads physical lines
//! (split at `\n` only), handles parser directives, comments and line continuations,
//! joins each instruction into one logical line, lowers that line (keyword, flags,
//! per-instruction body) and reads heredoc bodies. It never fails: BuildKit's
//! parse-time errors are collected in [`Dockerfile::errors`] and parsing goes on.
//!
//! Entry points: [`parse_text`] for a whole file, [`lower_instruction`] to re-lower one
//! instruction from its source range (for incremental documents), and
//! [`split_instructions`] for instruction boundaries only.
//!
//! Known, deliberate differences from upstream (all on inputs nobody writes):
//! * BuildKit reads flags and the HEALTHCHECK type byte by byte, so a non-ASCII flag
//!   value is mangled (each byte becomes a Latin-1 char) and the UTF-8 continuation
//!   bytes `0x85`/`0xA0` count as spaces there. We read characters.
//! * ONBUILD triggers nest at most 100 deep (BuildKit: unbounded).
//! * Heredoc detection keeps `$…` raw instead of running BuildKit's variable lexer; only
//!   an unterminated quote or `${` disables detection, as upstream.
//! * BuildKit stops at its first error; we record it and go on, so later instructions
//!   are still lowered.

mod directives;
mod heredoc;
mod instruction;
mod json;
mod logical;
mod text;
mod words;

pub use incremental::relower;
mod incremental;

use crate::ast::*;
use logical::LogicalBuilder;
use text::{continuation_end, line_at, skip_space, PhysLine};

/// BuildKit's scanner refuses longer physical lines (`bufio.MaxScanTokenSize - 1`).
pub const MAX_LINE_LEN: usize = 65_535;

const NO_INSTRUCTIONS: &str = "file with no instructions";
const LINE_TOO_LONG: &str = "dockerfile line greater than max allowed size of 65535";
const UNTERMINATED_HEREDOC: &str = "unterminated heredoc";

/// Parses a whole Dockerfile. Never fails: errors are in [`Dockerfile::errors`].
pub fn parse_text(src: &str) -> Dockerfile {
    let mut d = Driver::new(src, src.len());
    d.run();
    let mut file = Dockerfile {
        bom: d.bom,
        directives: d.directives,
        escape: d.escape,
        comments: d.comments,
        instructions: d.instructions,
        errors: d.errors,
        frontend_directives: directives::scan_frontend_directives(src),
    };
    if file.instructions.is_empty() {
        file.errors.push(SyntaxError {
            message: NO_INSTRUCTIONS.to_owned(),
            span: Span::empty(src.len()),
        });
    }
    file
}

/// Where one instruction is, as the text splitter sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstructionRange {
    /// From the keyword to the end of its last line (continuations and heredoc bodies
    /// included, final line ending excluded), as [`Instruction::span`].
    pub span: Span,
    /// From the start of the first physical line to just past the last line ending:
    /// the range to hand back to [`lower_instruction`].
    pub lines: Span,
    pub start_line: usize,
    pub end_line: usize,
    pub doc_comments: Vec<String>,
}

/// The text-level structure of a file: directives, comments and instruction ranges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SplitFile {
    pub bom: bool,
    pub escape: char,
    pub directives: Vec<Directive>,
    pub comments: Vec<Comment>,
    pub instructions: Vec<InstructionRange>,
}

/// Splits a file into instructions without keeping their lowered bodies. Instruction
/// boundaries depend on heredocs, so this runs the same reader as [`parse_text`].
pub fn split_instructions(src: &str) -> SplitFile {
    let mut d = Driver::new(src, src.len());
    d.run();
    SplitFile {
        bom: d.bom,
        escape: d.escape,
        directives: d.directives,
        comments: d.comments,
        instructions: d
            .instructions
            .iter()
            .zip(d.line_ranges)
            .map(|(i, lines)| InstructionRange {
                span: i.span,
                lines,
                start_line: i.start_line,
                end_line: i.end_line,
                doc_comments: i.doc_comments.clone(),
            })
            .collect(),
    }
}

/// Lowers the one instruction whose lines start at `range.start` (the start of its first
/// line or of its keyword), reading no further than `range.end`: continuation lines and
/// heredoc bodies must lie inside the range. `escape` is the file's escape character and
/// `doc_comments` the comments BuildKit attaches to it (see [`InstructionRange`]).
///
/// Out-of-range or non-char-boundary ranges are clamped to the text.
pub fn lower_instruction(
    src: &str,
    range: Span,
    escape: char,
    doc_comments: Vec<String>,
) -> (Instruction, Vec<SyntaxError>) {
    let mut end = range.end.min(src.len());
    while !src.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = range.start.min(end);
    while !src.is_char_boundary(start) {
        start -= 1;
    }
    if start == 0 && src.starts_with('\u{feff}') {
        start = 3.min(end);
    }
    let mut d = Driver::new(src, end);
    d.escape = if escape == '`' { '`' } else { '\\' };
    d.pos = start;
    d.line_no = src.as_bytes()[..start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    d.pending_doc = doc_comments;
    let first = d.next_line();
    let tok = skip_space(src, first.start, first.content_end);
    let ins = d.read_instruction(first, tok);
    (ins, d.errors)
}

/// The reading state over the source: BuildKit's `Parse` loop.
struct Driver<'a> {
    src: &'a str,
    /// Reading stops here (the end of the text, or of the range being re-lowered).
    limit: usize,
    pos: usize,
    /// 0-based number of the next physical line.
    line_no: usize,
    bom: bool,
    escape: char,
    directives_done: bool,
    directives: Vec<Directive>,
    comments: Vec<Comment>,
    pending_doc: Vec<String>,
    instructions: Vec<Instruction>,
    /// Per instruction: its lines, from the first line start to past the last line end.
    line_ranges: Vec<Span>,
    errors: Vec<SyntaxError>,
}

impl<'a> Driver<'a> {
    fn new(src: &'a str, limit: usize) -> Self {
        Driver {
            src,
            limit,
            pos: 0,
            line_no: 0,
            bom: src.starts_with('\u{feff}'),
            escape: '\\',
            directives_done: false,
            directives: Vec::new(),
            comments: Vec::new(),
            pending_doc: Vec::new(),
            instructions: Vec::new(),
            line_ranges: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.limit
    }

    /// Consumes the next physical line (clipped to the limit) and checks its length.
    fn next_line(&mut self) -> PhysLine {
        let mut line = line_at(self.src, self.pos);
        if line.end > self.limit {
            line.end = self.limit;
            line.content_end = line.content_end.min(self.limit);
        }
        // The scanner's limit counts a `\r` before the `\n` too.
        let raw_len = line.end - line.start - usize::from(self.src[..line.end].ends_with('\n'));
        if raw_len > MAX_LINE_LEN {
            self.errors.push(SyntaxError {
                message: LINE_TOO_LONG.to_owned(),
                span: Span::new(line.start, line.content_end),
            });
        }
        self.pos = line.end;
        self.line_no += 1;
        line
    }

    fn run(&mut self) {
        while !self.at_end() {
            self.step();
        }
    }

    /// Reads the next physical line and whatever it starts. Returns true when that
    /// completed an instruction (the reader is then between instructions, with no pending
    /// doc comments).
    fn step(&mut self) -> bool {
        {
            let line_start = self.pos;
            let mut line = self.next_line();
            if line.start == 0 && self.bom {
                line.start = 3;
                line.content_end = line.content_end.max(3);
            }
            let tok = skip_space(self.src, line.start, line.content_end);
            let is_comment = self.src[tok..line.content_end].starts_with('#');
            if is_comment {
                self.collect_doc_comment(line);
            }
            if !self.directives_done && self.directive(tok, line) {
                // A directive is neither a comment nor part of the doc comments.
                if is_comment {
                    self.pending_doc.pop();
                }
                return false;
            }
            self.directives_done = true;
            if is_comment {
                self.push_comment(tok, line.content_end);
                return false;
            }
            if tok == line.content_end {
                return false; // blank line (does not clear doc comments)
            }
            let ins = self.read_instruction(line, tok);
            self.instructions.push(ins);
            self.line_ranges.push(Span::new(line_start, self.pos));
            true
        }
    }

    /// BuildKit's comment text for `PrevComment`: `TrimSpace(line[1:])` of the raw line.
    /// For an indented comment that keeps the `#` (`  # a` gives `# a`), as upstream.
    fn collect_doc_comment(&mut self, line: PhysLine) {
        let mut from = line.start + 1;
        while !self.src.is_char_boundary(from) {
            from += 1;
        }
        let text = self.src[from..line.end].trim();
        if text.is_empty() {
            self.pending_doc.clear();
        } else {
            self.pending_doc.push(text.to_owned());
        }
    }

    fn push_comment(&mut self, hash: usize, end: usize) {
        self.comments.push(Comment {
            text: self.src[hash + 1..end].trim().to_owned(),
            span: Span::new(hash, end),
        });
    }

    /// Handles a possible directive line; false ends the directive block.
    fn directive(&mut self, tok: usize, line: PhysLine) -> bool {
        let Some(mut d) = directives::match_directive(self.src, tok, line.content_end, "#") else {
            return false;
        };
        if !directives::KNOWN.contains(&d.name.as_str()) {
            return false;
        }
        d.span = Span::new(line.start, line.content_end);
        if self.directives.iter().any(|o| o.name == d.name) {
            self.errors.push(SyntaxError {
                message: format!("only one {} parser directive can be used", d.name),
                span: d.span,
            });
            return true;
        }
        if d.name == "escape" {
            match d.value.as_str() {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                other => self.errors.push(SyntaxError {
                    message: format!("invalid escape token '{other}' does not match ` or \\"),
                    span: d.value_span,
                }),
            }
        }
        self.directives.push(d);
        true
    }

    /// Reads one instruction whose first line is `first` (its text starting at `tok`):
    /// continuation lines, then heredoc bodies.
    fn read_instruction(&mut self, first: PhysLine, tok: usize) -> Instruction {
        let start_line = self.line_no - 1;
        let mut joined = LogicalBuilder::default();
        let mut empty_lines = Vec::new();
        let mut last_end = first.content_end;
        let mut open = match continuation_end(self.src, tok, first.content_end, self.escape) {
            Some(e) => {
                joined.push(self.src, tok, e);
                true
            }
            None => {
                joined.push(self.src, tok, first.content_end);
                false
            }
        };
        while open && !self.at_end() {
            let line = self.next_line();
            last_end = line.content_end;
            let t = skip_space(self.src, line.start, line.content_end);
            if self.src[t..line.content_end].starts_with('#') {
                self.push_comment(t, line.content_end);
                continue;
            }
            if t == line.content_end {
                empty_lines.push(Span::new(line.start, line.content_end));
                continue;
            }
            match continuation_end(self.src, line.start, line.content_end, self.escape) {
                Some(e) => joined.push(self.src, line.start, e),
                None => {
                    joined.push(self.src, line.start, line.content_end);
                    open = false;
                }
            }
        }
        let logical = joined.finish();
        let node = instruction::lower_line(&logical, self.escape, &mut self.errors);
        let heredoc_ok = node.heredoc_ok;
        let mut ins = node.into_instruction();
        if logical.segments.is_empty() {
            // Only escape characters and blank lines: BuildKit still makes an (empty,
            // unknown) instruction. Anchor it where it was written.
            ins.keyword_span = Span::empty(tok);
        }
        if heredoc_ok {
            for word in heredoc::heredocs_in_line(&logical.text) {
                let h = self.read_heredoc(&logical, word);
                if let Some(t) = h.terminator_span {
                    last_end = t.end;
                } else {
                    last_end = self.pos.min(self.limit);
                }
                ins.heredocs.push(h);
            }
        }
        let end_line = self.line_no - 1;
        ins.span = Span::new(ins.keyword_span.start, last_end.max(ins.keyword_span.start));
        ins.start_line = start_line;
        ins.end_line = end_line;
        ins.empty_continuation_lines = empty_lines;
        ins.doc_comments = std::mem::take(&mut self.pending_doc);
        if let Body::Onbuild(Some(inner)) = &mut ins.body {
            // BuildKit keeps an ONBUILD's heredocs on the outer node; the trigger gets a
            // copy so that `Instruction::effective` sees them too.
            inner.start_line = start_line;
            inner.end_line = end_line;
            inner.heredocs = ins.heredocs.clone();
        }
        ins
    }

    /// Reads lines until the heredoc's terminator (the line equal to its name, after
    /// removing leading tabs when it chomps).
    fn read_heredoc(&mut self, logical: &LogicalText, word: heredoc::HeredocWord) -> Heredoc {
        let body_start = self.pos;
        let mut raw = String::new();
        let mut terminator_span = None;
        while !self.at_end() {
            let line = self.next_line();
            let mut candidate = &self.src[line.start..line.content_end];
            if word.chomp {
                candidate = candidate.trim_start_matches('\t');
            }
            if candidate == word.name {
                terminator_span = Some(Span::new(line.start, line.content_end));
                break;
            }
            raw.push_str(&self.src[line.start..line.end]);
        }
        let body_end = terminator_span.map_or(self.pos, |t| t.start);
        let word_span = logical::source_span(logical, word.start, word.end);
        if terminator_span.is_none() {
            self.errors.push(SyntaxError {
                message: UNTERMINATED_HEREDOC.to_owned(),
                span: word_span,
            });
        }
        Heredoc {
            fd: word.fd,
            chomp: word.chomp,
            delimiter: word.name,
            quoted: word.quoted,
            word_span,
            body: if word.chomp { chomp_tabs(&raw) } else { raw },
            body_span: Span::new(body_start, body_end.max(body_start)),
            terminator_span,
        }
    }
}

/// BuildKit's `ChompHeredocContent`: `(?m)^\t+` removed.
fn chomp_tabs(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        out.push_str(line.trim_start_matches('\t'));
    }
    out
}
