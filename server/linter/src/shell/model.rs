//! The plain-data shell model: what rules read.

use dlint_syntax::Span;

/// One word of a command: `"pkg=1.0"` has the value `pkg=1.0`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellWord {
    /// The word with quotes removed and backslash escapes applied. Expansions
    /// (`$VAR`, `$(…)`) are kept as written.
    pub value: String,
    /// The word exactly as in the script.
    pub raw: String,
    /// Where the word is in the Dockerfile source.
    pub span: Span,
}

/// How a command is joined to the one before it in its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// First command, or after `;`, a newline or `&`.
    Sequence,
    And,
    Or,
    Pipe,
}

/// One simple command: `apt-get install -y curl`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellCommand {
    pub name: ShellWord,
    pub args: Vec<ShellWord>,
    /// Assignments written before the name (`PIP_NO_CACHE_DIR=1 pip …`): name, value.
    pub env: Vec<(String, String)>,
    /// The whole command in the Dockerfile source (assignments and redirects excluded).
    pub span: Span,
    /// Index of the pipeline (with at least one `|`) this command is part of.
    pub pipeline: Option<usize>,
    /// How this command is joined to the previous one.
    pub connector: Connector,
    /// `Some("sudo")` when this command was found as the argument of a wrapper such as
    /// `sudo apt-get …`; the wrapper itself is also in the list as its own command.
    pub wrapped_by: Option<&'static str>,
}

/// A parsed RUN script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// Every simple command in source order, including those inside subshells,
    /// command substitutions, loops and conditionals, and the commands wrapped by `sudo`.
    pub commands: Vec<ShellCommand>,
    /// Number of pipelines with at least one `|` (`|&` included).
    pub pipelines: usize,
    /// The bash grammar reported a syntax error somewhere; the commands found are
    /// still reported, their positions stay correct.
    pub has_error: bool,
}

impl Script {
    /// The same script moved by `delta` bytes in the source (after an edit above it).
    pub fn shifted(&self, delta: isize) -> Script {
        let at = |span: Span| {
            Span::new(
                (span.start as isize + delta) as usize,
                (span.end as isize + delta) as usize,
            )
        };
        let word = |w: &ShellWord| ShellWord {
            value: w.value.clone(),
            raw: w.raw.clone(),
            span: at(w.span),
        };
        Script {
            commands: self
                .commands
                .iter()
                .map(|c| ShellCommand {
                    name: word(&c.name),
                    args: c.args.iter().map(word).collect(),
                    env: c.env.clone(),
                    span: at(c.span),
                    pipeline: c.pipeline,
                    connector: c.connector,
                    wrapped_by: c.wrapped_by,
                })
                .collect(),
            pipelines: self.pipelines,
            has_error: self.has_error,
        }
    }
}
