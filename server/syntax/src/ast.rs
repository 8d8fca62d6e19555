//! The typed model of one Dockerfile, as BuildKit's parser sees it, with source spans.
//!
//! Every span is a byte range into the document text exactly as the user wrote it (BOM,
//! CRLF and all), so that every later feature can point at the user's real text.
//! Strings hold BuildKit's view (continuations joined, quotes kept unless said otherwise).

use std::fmt;

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    /// Like [`Span::contains`] but also true at `end` (a cursor just after the text).
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn shifted(self, delta: isize) -> Span {
        Span::new(
            (self.start as isize + delta) as usize,
            (self.end as isize + delta) as usize,
        )
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A whole parsed Dockerfile.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dockerfile {
    /// True when the text starts with a UTF-8 byte order mark (3 bytes, skipped).
    pub bom: bool,
    /// Parser directives from the top of the file, in order.
    pub directives: Vec<Directive>,
    /// The escape character in force: `\` or `` ` ``.
    pub escape: char,
    /// Every comment line in the file (including those inside continued instructions),
    /// in source order. Directive lines are not comments.
    pub comments: Vec<Comment>,
    /// Top-level instructions in source order.
    pub instructions: Vec<Instruction>,
    /// Syntax errors (BuildKit's parse-time errors, with BuildKit's messages).
    pub errors: Vec<SyntaxError>,
    /// The directives as BuildKit's separate scanner for `syntax` and `check` reads them
    /// (`ParseDirective`): column-1 `#` only (an indented directive is ignored and ends
    /// its scan), after an optional BOM and `#!` line, values cut at the first space
    /// (`# check=skip=X // note` gives `skip=X`); `// syntax=` is accepted when there is
    /// no `# syntax=`. Use this, not [`Dockerfile::directives`], for `syntax` and `check`.
    pub frontend_directives: Vec<Directive>,
}

impl Dockerfile {
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }
    /// A directive as BuildKit's `syntax`/`check` scanner sees it (see
    /// [`Dockerfile::frontend_directives`]).
    pub fn frontend_directive(&self, name: &str) -> Option<&Directive> {
        self.frontend_directives.iter().find(|d| d.name == name)
    }
    /// The instruction whose span contains `offset` (or ends at it).
    pub fn instruction_at(&self, offset: usize) -> Option<&Instruction> {
        self.instructions.iter().find(|i| i.span.touches(offset))
    }
}

/// `# name=value` at the top of the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Directive {
    /// Lower-cased key: `syntax`, `escape` or `check`.
    pub name: String,
    /// The value with trailing whitespace trimmed (case kept).
    pub value: String,
    /// The whole line, without its line ending.
    pub span: Span,
    pub name_span: Span,
    pub value_span: Span,
}

/// A comment line. `text` is what follows `#`, trimmed.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub text: String,
    /// From the `#` to the end of the line (line ending excluded).
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// The instruction keywords BuildKit knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstructionKind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Any other keyword. It parses (BuildKit drops its arguments) and fails later with
    /// `unknown instruction: X`.
    Unknown,
}

impl InstructionKind {
    pub const ALL: [InstructionKind; 18] = [
        InstructionKind::Add,
        InstructionKind::Arg,
        InstructionKind::Cmd,
        InstructionKind::Copy,
        InstructionKind::Entrypoint,
        InstructionKind::Env,
        InstructionKind::Expose,
        InstructionKind::From,
        InstructionKind::Healthcheck,
        InstructionKind::Label,
        InstructionKind::Maintainer,
        InstructionKind::Onbuild,
        InstructionKind::Run,
        InstructionKind::Shell,
        InstructionKind::Stopsignal,
        InstructionKind::User,
        InstructionKind::Volume,
        InstructionKind::Workdir,
    ];

    /// Case-insensitive keyword lookup.
    pub fn from_keyword(word: &str) -> InstructionKind {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.keyword().eq_ignore_ascii_case(word))
            .unwrap_or(InstructionKind::Unknown)
    }

    /// The upper-case keyword (`""` for [`InstructionKind::Unknown`]).
    pub fn keyword(self) -> &'static str {
        match self {
            InstructionKind::Add => "ADD",
            InstructionKind::Arg => "ARG",
            InstructionKind::Cmd => "CMD",
            InstructionKind::Copy => "COPY",
            InstructionKind::Entrypoint => "ENTRYPOINT",
            InstructionKind::Env => "ENV",
            InstructionKind::Expose => "EXPOSE",
            InstructionKind::From => "FROM",
            InstructionKind::Healthcheck => "HEALTHCHECK",
            InstructionKind::Label => "LABEL",
            InstructionKind::Maintainer => "MAINTAINER",
            InstructionKind::Onbuild => "ONBUILD",
            InstructionKind::Run => "RUN",
            InstructionKind::Shell => "SHELL",
            InstructionKind::Stopsignal => "STOPSIGNAL",
            InstructionKind::User => "USER",
            InstructionKind::Volume => "VOLUME",
            InstructionKind::Workdir => "WORKDIR",
            InstructionKind::Unknown => "",
        }
    }

    /// Instructions that may carry heredocs.
    pub fn allows_heredocs(self) -> bool {
        matches!(
            self,
            InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
        )
    }
}

/// Text after joining continuation lines, with a map back to the source.
///
/// BuildKit removes the escape character (and the blanks after it) at the end of a line,
/// drops comment lines and whitespace-only lines inside a continuation, and appends the
/// next physical line as is. `text` is that joined string; `segments` records, for each
/// maximal run of bytes copied unchanged from the source, where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalText {
    pub text: String,
    /// Sorted by `logical`; consecutive runs are contiguous in `text`.
    pub segments: Vec<Segment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Offset of the run in [`LogicalText::text`].
    pub logical: usize,
    /// Offset of the run in the source.
    pub source: usize,
    pub len: usize,
}

impl LogicalText {
    /// Maps an offset in `text` (0..=len) to a source offset. An offset at the end of
    /// one run and the start of the next maps to the end of the earlier run.
    pub fn to_source(&self, logical: usize) -> usize {
        if self.segments.is_empty() {
            return 0;
        }
        let idx = match self.segments.binary_search_by(|s| s.logical.cmp(&logical)) {
            Ok(i) => {
                // At a run boundary: prefer the end of the previous run when it touches.
                if i > 0 && self.segments[i - 1].logical + self.segments[i - 1].len == logical {
                    i - 1
                } else {
                    i
                }
            }
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let s = self.segments[idx];
        s.source + (logical - s.logical).min(s.len)
    }

    /// Maps a logical range to a source span (start mapped forward, end backward).
    pub fn span_to_source(&self, start: usize, end: usize) -> Span {
        let s = self.to_source_start(start);
        let e = self.to_source(end);
        Span::new(s, e.max(s))
    }

    /// Like [`LogicalText::to_source`] but at a run boundary picks the start of the next run
    /// (the right choice for the first byte of a range).
    pub fn to_source_start(&self, logical: usize) -> usize {
        match self.segments.binary_search_by(|s| s.logical.cmp(&logical)) {
            Ok(i) => self.segments[i].source,
            Err(_) => self.to_source(logical),
        }
    }
}

/// One whitespace-separated word of an instruction, as BuildKit splits it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word as in BuildKit's AST: continuations joined, quotes and escapes kept.
    pub text: String,
    /// Where it is in the source (may cross continuation lines).
    pub span: Span,
}

/// A `--name[=value]` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// Name without the dashes, as written (e.g. `mount`).
    pub name: String,
    /// The value with quotes removed and escapes applied (BuildKit's view); `None` for a
    /// bare `--link`.
    pub value: Option<String>,
    /// The flag as BuildKit's AST dump shows it: `--name=value` after quote removal.
    pub text: String,
    /// The whole flag in the source.
    pub span: Span,
    pub name_span: Span,
    /// The value after `=` in the source (quotes included).
    pub value_span: Option<Span>,
}

/// A JSON array (exec form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecForm {
    /// Elements, JSON-unescaped; each span covers the quoted string in the source.
    pub elements: Vec<Word>,
    /// From `[` to `]`.
    pub span: Span,
}

/// The command of RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK CMD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Exec(ExecForm),
    /// Shell form: the whole joined text after the flags, as one string.
    Shell(LogicalText),
}

/// One `<<EOF` heredoc of a RUN, COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// `3` in `3<<EOF`.
    pub fd: Option<u32>,
    /// `<<-`: leading tabs are stripped from body lines and from the terminator.
    pub chomp: bool,
    /// The delimiter with quotes removed.
    pub delimiter: String,
    /// Any part of the delimiter was quoted: the builder does not expand the body.
    pub quoted: bool,
    /// The `<<EOF` word in the source.
    pub word_span: Span,
    /// The body as BuildKit hands it on (line endings kept, tabs stripped for `<<-`).
    pub body: String,
    /// The body lines in the source (from the line after the instruction line, or after
    /// the previous heredoc's terminator, up to the start of the terminator line).
    pub body_span: Span,
    /// The terminator line (without line ending); `None` when unterminated.
    pub terminator_span: Option<Span>,
}

/// A `key=value` (or legacy `key value`) pair of ENV or LABEL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    /// Raw key (quotes kept).
    pub key: Word,
    /// Raw value (quotes kept); for the legacy form, the whole rest of the line.
    pub value: Word,
    /// `=` for `k=v`, empty for the legacy form (what BuildKit's dump shows).
    pub separator: &'static str,
}

/// One name of an ARG instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgDecl {
    /// The whole raw word (`abc="123 456"`), as in BuildKit's dump.
    pub word: Word,
    pub name: Word,
    /// Raw default value after `=` (quotes kept), if any.
    pub default: Option<Word>,
}

/// What follows the keyword and flags, decided per instruction as BuildKit does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// FROM: `image [AS name]`. `words` holds every word (for arity errors).
    From {
        image: Option<Word>,
        as_keyword: Option<Span>,
        stage_name: Option<Word>,
        words: Vec<Word>,
    },
    /// RUN, CMD, ENTRYPOINT, SHELL. `None` when nothing follows.
    Command(Option<Command>),
    /// ADD, COPY, VOLUME: JSON array elements (unescaped) or whitespace-separated words.
    Paths { json: bool, paths: Vec<Word> },
    /// ENV, LABEL.
    KeyValues { legacy: bool, pairs: Vec<KeyValue> },
    /// ARG.
    Args(Vec<ArgDecl>),
    /// EXPOSE: whitespace-separated words, quotes kept.
    Words(Vec<Word>),
    /// MAINTAINER, USER, WORKDIR, STOPSIGNAL: the rest of the line as one string.
    Text(Option<Word>),
    /// HEALTHCHECK: the type word (`CMD`, `NONE`, or anything else) and, for `CMD`, the
    /// command.
    Healthcheck {
        kind: Option<Word>,
        command: Option<Command>,
    },
    /// ONBUILD and its trigger.
    Onbuild(Option<Box<Instruction>>),
    /// An unknown keyword: BuildKit drops the arguments.
    Unknown,
}

/// One instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub kind: InstructionKind,
    /// The keyword as written.
    pub keyword: String,
    pub keyword_span: Span,
    /// From the keyword to the end of the last line of the instruction (continuation
    /// lines and heredoc terminators included; the final line ending excluded).
    pub span: Span,
    /// 0-based line of the keyword and of the last line of `span`, counted as BuildKit
    /// does (only `\n` ends a line; a lone `\r` does not). For editor positions convert
    /// `span` with [`crate::line_index::LineIndex`] instead.
    pub start_line: usize,
    pub end_line: usize,
    pub flags: Vec<Flag>,
    /// Everything after the keyword with continuations joined (flags included), as
    /// BuildKit sees the line; heredoc bodies are not part of it.
    pub rest: LogicalText,
    pub body: Body,
    pub heredocs: Vec<Heredoc>,
    /// Comment texts BuildKit attaches to this instruction (the comment lines directly
    /// above it; a bare `#` clears them).
    pub doc_comments: Vec<String>,
    /// Whitespace-only lines inside the continuation (BuildKit's `NoEmptyContinuation`).
    pub empty_continuation_lines: Vec<Span>,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }
    pub fn command(&self) -> Option<&Command> {
        match &self.body {
            Body::Command(c) => c.as_ref(),
            Body::Healthcheck { command, .. } => command.as_ref(),
            _ => None,
        }
    }
    /// The instruction itself, or the trigger of an ONBUILD.
    pub fn effective(&self) -> &Instruction {
        match &self.body {
            Body::Onbuild(Some(inner)) => inner,
            _ => self,
        }
    }
}
