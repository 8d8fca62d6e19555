//! A hand-written reader for the plain scripts most RUNs are: simple commands with
//! plain or quoted words (`$NAME` expansions inside double quotes or as whole words),
//! joined by `&&`, `||`, `|`, `;`, `&` or newlines, with file redirects.
//!
//! Why: the bash grammar is general, and general is slow. It reads about 3 MiB/s, and
//! parsing the RUN scripts was most of the first lint of a big file, which an editor
//! waits for with nothing shown. This reader handles the common case in a single pass.
//! It gives up (`None`) on anything else: control flow, subshells, command
//! substitution, backslashes, comments, heredocs, brace or test syntax, declarations. The
//! grammar then reads the script as before.
//!
//! Its results must equal the grammar's: `tests::simple_reader_agrees_with_the_grammar`
//! compares the two on every script of the real-Dockerfile corpus.

use super::model::{Connector, Script, ShellCommand, ShellWord};
use super::parse::push_wrapped;
use super::source_map::SourceMap;

/// The commands of `text`, or `None` when the script is not plain enough for this reader.
pub fn parse(text: &str, map: &SourceMap) -> Option<Script> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let mut script = Script::default();
    // The operator since the last command, taken by the next command that has a name
    // (an assignment alone, `A=1`, is not a command and takes nothing).
    let mut pending = Connector::Sequence;
    // Commands read since the last operator other than `|`, with their connectors.
    let mut group: Vec<ShellCommand> = Vec::new();
    let mut group_has_pipe = false;
    // Whether an operator (or the start) came last: a second one, or the end, is an
    // error the grammar should report.
    let mut after_operator = true;
    let mut last_joins = false;
    loop {
        reader.skip_blanks();
        let Some(&b) = reader.bytes.get(reader.at) else {
            break;
        };
        match b {
            b'\n' => {
                reader.at += 1;
                if !after_operator {
                    flush(&mut script, &mut group, &mut group_has_pipe);
                    after_operator = true;
                    last_joins = false;
                }
            }
            b'&' | b'|' | b';' => {
                let op = reader.operator()?;
                if after_operator {
                    return None;
                }
                after_operator = true;
                last_joins = op != Connector::Sequence;
                if op == Connector::Pipe {
                    group_has_pipe = true;
                } else if group_has_pipe && op != Connector::Sequence {
                    // The grammar reads `a | b && c` as `a | (b && c)`, nesting one
                    // pipeline in another; not worth modelling here.
                    return None;
                } else {
                    flush(&mut script, &mut group, &mut group_has_pipe);
                }
                pending = op;
            }
            _ => {
                let (command, redirected) = reader.command(map)?;
                // `a > x | b`: the grammar nests pipelines around the redirect.
                if redirected && reader.next_is(b'|') {
                    return None;
                }
                after_operator = false;
                last_joins = false;
                match command {
                    Some(mut command) => {
                        command.connector = std::mem::replace(&mut pending, Connector::Sequence);
                        group.push(command);
                    }
                    // An assignment alone, joined by a pipe, is rare: leave it to the
                    // grammar rather than model how it numbers such pipelines.
                    None if group_has_pipe || reader.next_is(b'|') => return None,
                    // Ended by a newline, the grammar gives the assignments to the next
                    // line's command.
                    None if reader.next_is(b'\n') => return None,
                    None => {}
                }
            }
        }
    }
    if last_joins || script.commands.is_empty() && group.is_empty() {
        // A trailing `&&`, `|` or `||`; or nothing at all, which the grammar handles
        // as cheaply.
        return None;
    }
    flush(&mut script, &mut group, &mut group_has_pipe);
    Some(script)
}

/// Moves the commands of one pipeline (or lone command) to the script, numbering the
/// pipeline when it has a `|`, and adds the commands that `sudo` and the like wrap.
fn flush(script: &mut Script, group: &mut Vec<ShellCommand>, has_pipe: &mut bool) {
    let pipeline = if *has_pipe && group.len() > 1 {
        script.pipelines += 1;
        Some(script.pipelines - 1)
    } else {
        None
    };
    for mut command in group.drain(..) {
        command.pipeline = pipeline;
        let wrapper = super::parse::WRAPPERS
            .iter()
            .find(|w| **w == command.name.value)
            .copied();
        let args = wrapper.map(|_| command.args.clone());
        script.commands.push(command);
        if let (Some(wrapper), Some(args)) = (wrapper, args) {
            push_wrapped(&mut script.commands, wrapper, &args, pipeline);
        }
    }
    *has_pipe = false;
}

/// Command names the grammar reads as syntax, not as a simple command.
const RESERVED: &[&str] = &[
    "!", "[[", "]]", "case", "coproc", "declare", "do", "done", "elif", "else", "esac", "export",
    "fi", "for", "function", "if", "in", "local", "readonly", "select", "then", "time", "typeset",
    "unset", "unsetenv", "until", "while",
];

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

/// One word as read: where it is, and its value with quotes removed.
struct Word {
    start: usize,
    end: usize,
    value: String,
}

impl Reader<'_> {
    fn skip_blanks(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    fn next_is(&self, b: u8) -> bool {
        let mut at = self.at;
        while matches!(self.bytes.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        self.bytes.get(at) == Some(&b)
    }

    /// `&&`, `||`, `|`, `;` or `&`; `None` for the others (`;;`, `|&`, `&>`, …).
    fn operator(&mut self) -> Option<Connector> {
        let b = self.bytes[self.at];
        let next = self.bytes.get(self.at + 1).copied();
        let (op, len) = match (b, next) {
            (b'&', Some(b'&')) => (Connector::And, 2),
            (b'|', Some(b'|')) => (Connector::Or, 2),
            (b'&', Some(b'>')) | (b'|', Some(b'&')) | (b';', Some(b';' | b'&')) => return None,
            (b'|', _) => (Connector::Pipe, 1),
            _ => (Connector::Sequence, 1),
        };
        self.at += len;
        Some(op)
    }

    /// One simple command up to an operator, a newline or the end, and whether it has a
    /// redirect. The command is `None` for assignments without one.
    fn command(&mut self, map: &SourceMap) -> Option<(Option<ShellCommand>, bool)> {
        let mut env = Vec::new();
        let mut name: Option<Word> = None;
        let mut args = Vec::new();
        let mut redirected = false;
        loop {
            self.skip_blanks();
            match self.bytes.get(self.at) {
                None | Some(b'\n' | b'&' | b'|' | b';') => break,
                Some(b'>' | b'<') => {
                    // A redirect before the name is read differently by the grammar,
                    // and so is one glued to the word before (`a2>x`).
                    name.as_ref()?;
                    self.after_blank()?;
                    self.redirect()?;
                    redirected = true;
                }
                Some(b) if b.is_ascii_digit() && self.is_descriptor() => {
                    name.as_ref()?;
                    self.after_blank()?;
                    // The grammar drops a `-` argument before `2>`.
                    if args
                        .last()
                        .is_some_and(|w: &Word| &self.text[w.start..w.end] == "-")
                    {
                        return None;
                    }
                    self.skip_digits();
                    self.redirect()?;
                    redirected = true;
                }
                // The grammar puts words after a redirect into the redirect, not the
                // arguments (`ls > out -la`); rare enough to leave to it.
                Some(_) if redirected => return None,
                // Words starting with `=` (`==`) are operators to the grammar in places.
                Some(b'=') => return None,
                Some(_) => {
                    let word = self.word()?;
                    if name.is_some() {
                        args.push(word);
                    } else if let Some(eq) = assignment_name(&self.text[word.start..word.end]) {
                        env.push(self.assignment(&word, eq)?);
                    } else {
                        // Names beyond letters, digits and `-_./` (quoted ones, `g++`,
                        // `a+:`, `-x`) are rare, and the grammar reads some of them
                        // differently: leave them to it.
                        let raw = &self.text[word.start..word.end];
                        let tame = |c: u8| c.is_ascii_alphanumeric() || b"-_./".contains(&c);
                        if RESERVED.contains(&raw)
                            || !raw.bytes().all(tame)
                            || !raw
                                .starts_with(|c: char| c.is_ascii_alphabetic() || "_./".contains(c))
                        {
                            return None;
                        }
                        name = Some(word);
                    }
                }
            }
        }
        let Some(name) = name else {
            return Some((None, redirected));
        };
        let end = args.last().map_or(name.end, |w| w.end);
        let word = |w: Word| ShellWord {
            raw: self.text[w.start..w.end].to_string(),
            span: map.span(w.start, w.end),
            value: w.value,
        };
        let start = name.start;
        let command = ShellCommand {
            name: word(name),
            args: args.into_iter().map(word).collect(),
            env,
            span: map.span(start, end),
            pipeline: None,
            connector: Connector::Sequence,
            wrapped_by: None,
        };
        Some((Some(command), redirected))
    }

    /// `NAME=value` before a command: the name and the value without its quotes.
    fn assignment(&self, word: &Word, eq: usize) -> Option<(String, String)> {
        let raw = &self.text[word.start..word.end];
        // `A= cmd` (an empty value) is read in odd ways by the grammar.
        if eq + 1 == raw.len() {
            return None;
        }
        // The value was unquoted with the name: strip the same name from the front.
        let value = word.value.strip_prefix(&raw[..=eq])?;
        Some((raw[..eq].to_string(), value.to_string()))
    }

    /// `Some` when a blank comes just before here.
    fn after_blank(&self) -> Option<()> {
        (self.at > 0 && matches!(self.bytes[self.at - 1], b' ' | b'\t')).then_some(())
    }

    /// Whether digits here are a file descriptor (`2>`), not a word.
    fn is_descriptor(&self) -> bool {
        let mut at = self.at;
        while self.bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        matches!(self.bytes.get(at), Some(b'>' | b'<'))
    }

    fn skip_digits(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
    }

    /// `>`, `>>`, `<`, `>&` with their target word. Heredocs, here-strings, process
    /// substitution and the rarer forms are left to the grammar.
    fn redirect(&mut self) -> Option<()> {
        let rest = &self.bytes[self.at..];
        let len = match rest {
            [b'>', b'>', ..] => 2,
            [b'>', b'&', ..] => 2,
            [b'>', b'|' | b'(', ..] | [b'<', b'<' | b'&' | b'>' | b'(', ..] => return None,
            _ => 1,
        };
        self.at += len;
        self.skip_blanks();
        match self.bytes.get(self.at) {
            None | Some(b'\n' | b'&' | b'|' | b';' | b'>' | b'<') => None,
            // A target with `=` can make the grammar read the command as something else.
            Some(_) => self
                .word()
                .filter(|w| !self.text[w.start..w.end].contains('='))
                .map(|_| ()),
        }
    }

    /// One word: plain characters, `'…'` and `"…"` (with `$NAME`/`${NAME}` inside), run
    /// together.
    fn word(&mut self) -> Option<Word> {
        let start = self.at;
        let mut value = String::new();
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                c if ends_word(c) => break,
                b'\'' => {
                    let close = self.find(b'\'', self.at + 1)?;
                    value.push_str(&self.text[self.at + 1..close]);
                    self.at = close + 1;
                }
                b'"' => {
                    let inner = self.at + 1;
                    let mut at = inner;
                    loop {
                        match *self.bytes.get(at)? {
                            b'"' => break,
                            b'\\' | b'`' => return None,
                            b'$' => at = self.expansion(at)?,
                            _ => at += 1,
                        }
                    }
                    value.push_str(&self.text[inner..at]);
                    self.at = at + 1;
                }
                // A word that is just `$NAME` or `${NAME}`. Outside quotes the grammar
                // splits some longer words at an expansion (`a-$V-b`), so those are
                // left to it.
                b'$' if self.at == start => {
                    let end = self.expansion(self.at)?;
                    if self.bytes.get(end).is_some_and(|&c| !ends_word(c)) {
                        return None;
                    }
                    value.push_str(&self.text[self.at..end]);
                    self.at = end;
                }
                b'$' | b'\\' | b'`' | b'(' | b')' | b'{' | b'}' | b'[' | b']' | b'#' | b'!'
                | b'\r' => return None,
                _ => {
                    let run = self.at;
                    while self.bytes.get(self.at).is_some_and(|&c| plain(c)) {
                        self.at += 1;
                    }
                    if self.at == run {
                        return None;
                    }
                    value.push_str(&self.text[run..self.at]);
                }
            }
        }
        (self.at > start).then_some(Word {
            start,
            end: self.at,
            value,
        })
    }

    /// The end of `$NAME` or `${NAME}` starting at `at`; `None` for any other expansion.
    fn expansion(&self, at: usize) -> Option<usize> {
        let braced = self.bytes.get(at + 1) == Some(&b'{');
        let name_start = at + 1 + usize::from(braced);
        let mut end = name_start;
        while self
            .bytes
            .get(end)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
        {
            end += 1;
        }
        if end == name_start || self.bytes[name_start].is_ascii_digit() {
            return None;
        }
        if braced {
            (self.bytes.get(end) == Some(&b'}')).then_some(end + 1)
        } else {
            Some(end)
        }
    }

    fn find(&self, b: u8, from: usize) -> Option<usize> {
        self.bytes
            .get(from..)?
            .iter()
            .position(|&c| c == b)
            .map(|i| from + i)
    }
}

/// Characters that end a word outside quotes.
fn ends_word(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'&' | b'|' | b';' | b'<' | b'>')
}

/// Characters that stand for themselves in a word, as far as this reader goes: a
/// conservative set; the grammar treats others (`%`, `!`, non-ASCII next to them) in
/// ways not worth modelling.
fn plain(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'-' | b'_' | b'.' | b'/' | b':' | b',' | b'+' | b'=' | b'*' | b'?' | b'~'
        )
}

/// The offset of `=` when `word` starts with a shell variable name and `=`.
fn assignment_name(word: &str) -> Option<usize> {
    let eq = word.find('=')?;
    let name = &word[..eq];
    let mut chars = name.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() || first == '_')
        .then_some(())
        .filter(|_| chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map(|_| eq)
}
