//! tree-sitter-bash → [`Script`], for the scripts the quick reader (`super::simple`)
//! leaves.

use super::model::{Connector, Script, ShellCommand, ShellWord};
use super::source_map::SourceMap;
use std::cell::RefCell;
use tree_sitter::{Node, Parser};

/// Scripts larger than this are not analysed: no real RUN is that big, and the bash
/// grammar's time grows with nesting.
pub const MAX_SCRIPT_BYTES: usize = 1 << 20;

/// How deep the walk descends into nested syntax (real scripts stay far below).
const MAX_DEPTH: usize = 400;

/// Commands that run their arguments as another command; the inner command is
/// analysed too (`sudo apt-get install …` is still an `apt-get install`).
pub(super) const WRAPPERS: &[&str] = &["sudo", "doas"];

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses `text` and maps every position through `map`. Never panics: a script the
/// grammar cannot read yields the commands it could find and `has_error`.
pub fn parse_script(text: &str, map: &SourceMap) -> Script {
    // A script over the size limit goes to `parse_with_grammar`, which refuses it.
    (text.len() <= MAX_SCRIPT_BYTES)
        .then(|| super::simple::parse(text, map))
        .flatten()
        .unwrap_or_else(|| parse_with_grammar(text, map))
}

/// [`parse_script`] by the bash grammar alone, for every script.
pub fn parse_with_grammar(text: &str, map: &SourceMap) -> Script {
    if text.len() > MAX_SCRIPT_BYTES {
        return Script {
            has_error: true,
            ..Script::default()
        };
    }
    let tree = PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            // The grammar is compiled in; failure would be an ABI mismatch at build time.
            if parser
                .set_language(&tree_sitter_bash::LANGUAGE.into())
                .is_err()
            {
                return None;
            }
            *slot = Some(parser);
        }
        slot.as_mut().and_then(|p| p.parse(text, None))
    });
    let Some(tree) = tree else {
        return Script {
            has_error: true,
            ..Script::default()
        };
    };
    let root = tree.root_node();
    let mut walker = Walker {
        text,
        map,
        script: Script {
            has_error: root.has_error(),
            ..Script::default()
        },
        next_connector: Connector::Sequence,
        depth: 0,
    };
    walker.visit(root, None);
    walker.script
}

struct Walker<'a> {
    text: &'a str,
    map: &'a SourceMap,
    script: Script,
    /// The operator seen since the last command (consumed by the next command).
    next_connector: Connector,
    depth: usize,
}

impl Walker<'_> {
    /// Descends at most [`MAX_DEPTH`] levels: the walk is recursive, and a script of
    /// 100,000 nested parentheses must not overflow the stack.
    fn visit(&mut self, node: Node, pipeline: Option<usize>) {
        if self.depth >= MAX_DEPTH {
            self.script.has_error = true;
            return;
        }
        self.depth += 1;
        self.visit_node(node, pipeline);
        self.depth -= 1;
    }

    fn visit_node(&mut self, node: Node, pipeline: Option<usize>) {
        match node.kind() {
            "command" => {
                self.command(node, pipeline);
                return;
            }
            "declaration_command" | "unset_command" => {
                self.declaration(node, pipeline);
                return;
            }
            "pipeline" => {
                let id = self.script.pipelines;
                self.script.pipelines += 1;
                let mut cursor = node.walk();
                for child in node.children(&mut cursor) {
                    if child.kind() == "|" || child.kind() == "|&" {
                        self.next_connector = Connector::Pipe;
                    } else {
                        self.visit(child, Some(id));
                    }
                }
                return;
            }
            "&&" => self.next_connector = Connector::And,
            "||" => self.next_connector = Connector::Or,
            ";" | "&" | ";;" => self.next_connector = Connector::Sequence,
            // A command substitution starts its own little script.
            "command_substitution" | "process_substitution" => {
                let saved = self.next_connector;
                self.next_connector = Connector::Sequence;
                self.children(node, None);
                self.next_connector = saved;
                return;
            }
            _ => {}
        }
        self.children(node, pipeline);
    }

    fn children(&mut self, node: Node, pipeline: Option<usize>) {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            self.visit(child, pipeline);
        }
    }

    fn command(&mut self, node: Node, pipeline: Option<usize>) {
        let Some(name_node) = node.child_by_field_name("name") else {
            // Only assignments (`A=1`) or redirects: nothing to analyse, but the
            // values may hold command substitutions.
            self.children(node, pipeline);
            return;
        };
        let name = self.word(name_node);
        let mut cursor = node.walk();
        let arg_nodes: Vec<Node> = node
            .children_by_field_name("argument", &mut cursor)
            .collect();
        let args: Vec<ShellWord> = arg_nodes.iter().map(|n| self.word(*n)).collect();
        let span = self.map.span(name_node.start_byte(), command_end(node));
        let connector = std::mem::replace(&mut self.next_connector, Connector::Sequence);
        let wrapper = WRAPPERS.iter().find(|w| **w == name.value).copied();
        let mut env = Vec::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if child.kind() == "variable_assignment" {
                env.push(self.assignment(child));
            }
        }
        self.script.commands.push(ShellCommand {
            name,
            args: args.clone(),
            env,
            span,
            pipeline,
            connector,
            wrapped_by: None,
        });
        if let Some(wrapper) = wrapper {
            push_wrapped(&mut self.script.commands, wrapper, &args, pipeline);
        }
        // The name and arguments may hold command substitutions with commands of
        // their own.
        self.visit(name_node, None);
        for arg in arg_nodes {
            self.visit(arg, None);
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if child.kind() == "variable_assignment" {
                self.visit(child, None);
            }
        }
    }

    /// `export A=1 B`, `declare -x C`, `unset D`: a command named by the keyword whose
    /// arguments are the assignments (as `A=1`, value unquoted) and names.
    fn declaration(&mut self, node: Node, pipeline: Option<usize>) {
        let Some(keyword) = node.child(0) else {
            return;
        };
        let name = ShellWord {
            value: self.slice(keyword).to_string(),
            raw: self.slice(keyword).to_string(),
            span: self.map.span(keyword.start_byte(), keyword.end_byte()),
        };
        let mut args = Vec::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if child.kind() == "variable_assignment" {
                let (n, v) = self.assignment(child);
                args.push(ShellWord {
                    value: format!("{n}={v}"),
                    raw: self.slice(child).to_string(),
                    span: self.map.span(child.start_byte(), child.end_byte()),
                });
            } else {
                args.push(self.word(child));
            }
        }
        let connector = std::mem::replace(&mut self.next_connector, Connector::Sequence);
        self.script.commands.push(ShellCommand {
            name,
            args,
            env: Vec::new(),
            span: self.map.span(node.start_byte(), command_end(node)),
            pipeline,
            connector,
            wrapped_by: None,
        });
        self.children(node, None);
    }

    /// `NAME=value` → (`NAME`, unquoted value).
    fn assignment(&self, node: Node) -> (String, String) {
        let name = node
            .child_by_field_name("name")
            .map(|n| self.slice(n).to_string())
            .unwrap_or_default();
        let value = node
            .child_by_field_name("value")
            .map(|v| self.unquote(v))
            .unwrap_or_default();
        (name, value)
    }

    fn word(&self, node: Node) -> ShellWord {
        let raw = self.slice(node).to_string();
        ShellWord {
            value: self.unquote(node),
            raw,
            span: self.map.span(node.start_byte(), node.end_byte()),
        }
    }

    fn slice(&self, node: Node) -> &str {
        self.text
            .get(node.start_byte()..node.end_byte())
            .unwrap_or("")
    }

    /// The value of a word with its quoting removed. Expansions stay as written: the
    /// rules only need to know that a value is not a literal.
    fn unquote(&self, node: Node) -> String {
        let raw = self.slice(node);
        match node.kind() {
            "command_name" | "concatenation" => {
                let mut out = String::new();
                let mut cursor = node.walk();
                let mut last = node.start_byte();
                for child in node.children(&mut cursor) {
                    // Bytes between children (unnamed tokens) are kept as written.
                    out.push_str(self.text.get(last..child.start_byte()).unwrap_or(""));
                    out.push_str(&self.unquote(child));
                    last = child.end_byte();
                }
                out.push_str(self.text.get(last..node.end_byte()).unwrap_or(""));
                out
            }
            "raw_string" => strip(raw, "'", "'").to_string(),
            "ansi_c_string" => strip(raw, "$'", "'").to_string(),
            "string" | "translated_string" => {
                let inner = strip(raw.trim_start_matches('$'), "\"", "\"");
                unescape(inner, |c| matches!(c, '"' | '\\' | '$' | '`'))
            }
            "word" | "number" => unescape(raw, |_| true),
            _ => raw.to_string(),
        }
    }
}

/// `sudo -u x apt-get install y`: the first argument that is not an option (or the
/// value of one of sudo's options taking a value) starts the inner command.
pub(super) fn push_wrapped(
    commands: &mut Vec<ShellCommand>,
    wrapper: &'static str,
    args: &[ShellWord],
    pipeline: Option<usize>,
) {
    const TAKES_VALUE: &[&str] = &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"];
    let mut i = 0;
    while i < args.len() {
        let v = args[i].value.as_str();
        if v == "--" {
            i += 1;
            break;
        }
        if !v.starts_with('-') {
            break;
        }
        i += if TAKES_VALUE.contains(&v) { 2 } else { 1 };
    }
    let Some((name, rest)) = args.get(i..).and_then(|a| a.split_first()) else {
        return;
    };
    let end = rest.last().map_or(name.span.end, |w| w.span.end);
    commands.push(ShellCommand {
        name: name.clone(),
        args: rest.to_vec(),
        span: dlint_syntax::Span::new(name.span.start, end),
        env: Vec::new(),
        pipeline,
        connector: Connector::Sequence,
        wrapped_by: Some(wrapper),
    });
}

/// The end of a command without a trailing heredoc body or redirect.
fn command_end(node: Node) -> usize {
    let mut end = node.start_byte();
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if !child.kind().ends_with("redirect") {
            end = end.max(child.end_byte());
        }
    }
    end
}

fn strip<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
    let s = s.strip_prefix(open).unwrap_or(s);
    s.strip_suffix(close).unwrap_or(s)
}

/// Removes the backslash before characters `escapable` accepts; a backslash-newline
/// (line continuation) disappears entirely.
fn unescape(s: &str, escapable: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\n') => {}
                Some(n) if escapable(n) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}
