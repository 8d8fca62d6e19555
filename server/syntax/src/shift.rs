//! Moving a lowered instruction after an edit earlier in the file: every byte span moves
//! by the same byte delta and every line number by the same line delta. Used by the
//! incremental relowering, which keeps the instructions an edit did not touch.

use crate::ast::*;

/// Where text moved: bytes and lines (both may be negative).
#[derive(Clone, Copy, Debug)]
pub struct Shift {
    pub bytes: isize,
    pub lines: isize,
}

impl Shift {
    fn at(self, offset: usize) -> usize {
        (offset as isize + self.bytes) as usize
    }
    fn line(self, line: usize) -> usize {
        (line as isize + self.lines) as usize
    }
    fn span(self, span: &mut Span) {
        span.start = self.at(span.start);
        span.end = self.at(span.end);
    }
    fn word(self, word: &mut Word) {
        self.span(&mut word.span);
    }
    fn command(self, command: &mut Command) {
        match command {
            Command::Exec(exec) => {
                self.span(&mut exec.span);
                exec.elements.iter_mut().for_each(|w| self.word(w));
            }
            Command::Shell(text) => self.logical(text),
        }
    }
    fn logical(self, text: &mut LogicalText) {
        for segment in &mut text.segments {
            segment.source = self.at(segment.source);
        }
    }

    /// Moves every span and line number of `ins` (its trigger included).
    pub fn instruction(self, ins: &mut Instruction) {
        self.span(&mut ins.keyword_span);
        self.span(&mut ins.span);
        ins.start_line = self.line(ins.start_line);
        ins.end_line = self.line(ins.end_line);
        for flag in &mut ins.flags {
            self.span(&mut flag.span);
            self.span(&mut flag.name_span);
            if let Some(v) = &mut flag.value_span {
                self.span(v);
            }
        }
        self.logical(&mut ins.rest);
        for h in &mut ins.heredocs {
            self.span(&mut h.word_span);
            self.span(&mut h.body_span);
            if let Some(t) = &mut h.terminator_span {
                self.span(t);
            }
        }
        ins.empty_continuation_lines
            .iter_mut()
            .for_each(|s| self.span(s));
        match &mut ins.body {
            Body::From {
                image,
                as_keyword,
                stage_name,
                words,
            } => {
                image.iter_mut().for_each(|w| self.word(w));
                as_keyword.iter_mut().for_each(|s| self.span(s));
                stage_name.iter_mut().for_each(|w| self.word(w));
                words.iter_mut().for_each(|w| self.word(w));
            }
            Body::Command(command) => command.iter_mut().for_each(|c| self.command(c)),
            Body::Paths { paths, .. } => paths.iter_mut().for_each(|w| self.word(w)),
            Body::KeyValues { pairs, .. } => {
                for pair in pairs {
                    self.word(&mut pair.key);
                    self.word(&mut pair.value);
                }
            }
            Body::Args(args) => {
                for arg in args {
                    self.word(&mut arg.word);
                    self.word(&mut arg.name);
                    arg.default.iter_mut().for_each(|w| self.word(w));
                }
            }
            Body::Words(words) => words.iter_mut().for_each(|w| self.word(w)),
            Body::Text(text) => text.iter_mut().for_each(|w| self.word(w)),
            Body::Healthcheck { kind, command } => {
                kind.iter_mut().for_each(|w| self.word(w));
                command.iter_mut().for_each(|c| self.command(c));
            }
            Body::Onbuild(Some(trigger)) => self.instruction(trigger),
            Body::Onbuild(None) | Body::Unknown => {}
        }
    }

    pub fn comment(self, comment: &mut Comment) {
        self.span(&mut comment.span);
    }

    pub fn error(self, error: &mut SyntaxError) {
        self.span(&mut error.span);
    }
}
