//! `textDocument/completion`. The context is read from the text before the cursor and
//! the instruction under it, so half-typed lines complete as well as finished ones.

use dlint_syntax::{Body, Instruction, InstructionKind, Span};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemTag, CompletionTextEdit, Documentation,
    InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use crate::convert::Encoding;
use crate::docs;
use crate::stages;
use crate::store::Snapshot;

/// What the client can render.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientSupport {
    pub snippets: bool,
}

/// A variable visible at the cursor, for `$` completion.
pub struct Variable {
    pub name: String,
    pub value: Option<String>,
    /// "ARG", "ENV", "global ARG", "automatic ARG", "proxy ARG".
    pub origin: &'static str,
}

/// The variables the builder (or, in RUN, the shell) sees at `offset`.
pub fn variables_at(snap: &Snapshot, offset: usize) -> Vec<Variable> {
    use dlint_semantic::ResolutionKind as R;
    let model = snap.model();
    let mut out: Vec<Variable> = model
        .variables_in_scope_at(offset)
        .into_iter()
        .map(|(name, b)| Variable {
            origin: match b.kind {
                R::Env | R::ParentEnv => "ENV",
                R::Global => "global ARG",
                R::Automatic | R::RedeclaredAutomatic => "automatic ARG",
                _ => "ARG",
            },
            name,
            value: b.value.as_deref().map(str::to_owned),
        })
        .collect();
    let in_run = snap
        .syntax
        .instruction_at(offset)
        .is_some_and(|i| i.effective().kind == InstructionKind::Run);
    if in_run {
        // Proxy build args reach RUN without any ARG.
        for p in dlint_semantic::names::PROXY_ARGS {
            if !out.iter().any(|v| v.name == p) {
                out.push(Variable {
                    name: p.to_owned(),
                    value: None,
                    origin: "proxy ARG",
                });
            }
        }
    }
    out
}

struct Ctx<'a> {
    snap: &'a Snapshot,
    enc: Encoding,
    support: ClientSupport,
    /// The text being completed, replaced by the chosen item.
    token: Span,
}

impl Ctx<'_> {
    fn item(
        &self,
        label: &str,
        kind: CompletionItemKind,
        insert: &str,
        snippet: bool,
    ) -> CompletionItem {
        let (text, format) = if snippet && self.support.snippets {
            (insert.to_owned(), Some(InsertTextFormat::SNIPPET))
        } else if snippet {
            (strip_snippet(insert), Some(InsertTextFormat::PLAIN_TEXT))
        } else {
            (insert.to_owned(), None)
        };
        CompletionItem {
            label: label.to_owned(),
            kind: Some(kind),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                self.snap.range(self.token, self.enc),
                text,
            ))),
            insert_text_format: format,
            ..Default::default()
        }
    }
}

fn markdown(text: impl Into<String>) -> Option<Documentation> {
    Some(Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: text.into(),
    }))
}

/// The snippet's text with placeholders replaced by their defaults, for clients
/// without snippet support.
fn strip_snippet(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                let mut body = String::new();
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                    body.push(d);
                }
                let default = body
                    .split_once(':')
                    .map(|(_, d)| d.to_owned())
                    .unwrap_or_default();
                // `${1|a,b|}` choices: the first one.
                let default = match body.split_once('|') {
                    Some((_, rest)) => rest
                        .trim_end_matches('|')
                        .split(',')
                        .next()
                        .unwrap_or("")
                        .to_owned(),
                    None => default,
                };
                out.push_str(&default);
            }
            '$' if chars.peek().is_some_and(|d| d.is_ascii_digit()) => {
                while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Keyword snippets: (label, snippet, deprecated).
const KEYWORD_SNIPPETS: &[(&str, &str)] = &[
    ("FROM", "FROM ${1:image}"),
    ("FROM … AS", "FROM ${1:image} AS ${2:name}"),
    ("ARG", "ARG ${1:name}"),
    ("ARG …=", "ARG ${1:name}=${2:default}"),
    ("RUN", "RUN ${1:command}"),
    ("COPY", "COPY ${1:src} ${2:dest}"),
    ("ADD", "ADD ${1:src} ${2:dest}"),
    ("ENV", "ENV ${1:key}=${2:value}"),
    ("LABEL", "LABEL ${1:key}=${2:value}"),
    ("WORKDIR", "WORKDIR ${1:/path}"),
    ("USER", "USER ${1:user}"),
    ("EXPOSE", "EXPOSE ${1:port}"),
    ("VOLUME", "VOLUME [\"${1:/data}\"]"),
    ("CMD", "CMD [\"${1:executable}\"]"),
    ("ENTRYPOINT", "ENTRYPOINT [\"${1:executable}\"]"),
    ("SHELL", "SHELL [\"${1:/bin/bash}\", \"-c\"]"),
    ("STOPSIGNAL", "STOPSIGNAL ${1:SIGTERM}"),
    (
        "HEALTHCHECK",
        "HEALTHCHECK --interval=${1:30s} --timeout=${2:30s} CMD ${3:command}",
    ),
    ("HEALTHCHECK NONE", "HEALTHCHECK NONE"),
    ("ONBUILD", "ONBUILD ${1:instruction}"),
    ("MAINTAINER", "MAINTAINER ${1:name}"),
];

fn keyword_items(ctx: &Ctx, in_onbuild: bool, before_first_from: bool) -> Vec<CompletionItem> {
    KEYWORD_SNIPPETS
        .iter()
        .filter(|(label, _)| {
            let kw = label.split(' ').next().unwrap_or(label);
            if before_first_from {
                // Only ARG may come before the first FROM.
                return kw == "FROM" || kw == "ARG";
            }
            !(in_onbuild && matches!(kw, "FROM" | "MAINTAINER" | "ONBUILD"))
        })
        .enumerate()
        .map(|(i, (label, snippet))| {
            let kw = label.split(' ').next().unwrap_or(label);
            let kind = InstructionKind::from_keyword(kw);
            let mut item = ctx.item(label, CompletionItemKind::KEYWORD, snippet, true);
            item.filter_text = Some(kw.to_owned());
            item.sort_text = Some(format!("{i:02}"));
            if let Some((syntax, doc)) = docs::instruction_doc(kind) {
                item.detail = Some(syntax.to_owned());
                item.documentation = markdown(doc);
            }
            if kind == InstructionKind::Maintainer {
                item.tags = Some(vec![CompletionItemTag::DEPRECATED]);
            }
            item
        })
        .collect()
}

fn directive_items(ctx: &Ctx) -> Vec<CompletionItem> {
    docs::DIRECTIVES
        .iter()
        .map(|(name, value, doc)| {
            // A value that holds its own placeholders is not wrapped in another one.
            let snippet = if value.contains("${") {
                format!("{name}={value}")
            } else {
                format!("{name}=${{1:{value}}}")
            };
            let mut item = ctx.item(name, CompletionItemKind::PROPERTY, &snippet, true);
            item.documentation = markdown(*doc);
            item
        })
        .collect()
}

/// The value of a `# check=` directive being typed (`value` is the text after `check=`):
/// its keys, then BuildKit's rule names after `skip=` / `experimental=`, or a boolean
/// after `error=`. The value ends at the cursor, `ctx.token.end`.
fn check_directive_items(ctx: &mut Ctx, value: &str) -> Vec<CompletionItem> {
    let value_start = ctx.token.end - value.len();
    let field_start = value.rfind(';').map_or(0, |i| i + 1);
    let field = &value[field_start..];
    let Some((key, list)) = field.split_once('=') else {
        ctx.token = Span::new(value_start + field_start, ctx.token.end);
        let written: Vec<&str> = value[..field_start]
            .split(';')
            .filter_map(|f| f.split('=').next())
            .map(str::trim)
            .collect();
        return ["skip", "error", "experimental"]
            .iter()
            .filter(|k| !written.contains(k))
            .map(|k| ctx.item(k, CompletionItemKind::PROPERTY, &format!("{k}="), false))
            .collect();
    };
    let start = value.len() - list.len() + list.rfind(',').map_or(0, |i| i + 1);
    ctx.token = Span::new(value_start + start, ctx.token.end);
    let ctx = &*ctx;
    match key.trim() {
        "error" => value_items(ctx, &["true", "false"], CompletionItemKind::VALUE),
        "skip" | "experimental" => {
            let written: Vec<&str> = list.split(',').map(str::trim).collect();
            let mut items = vec![ctx.item("all", CompletionItemKind::VALUE, "all", false)];
            items.extend(
                dlint_linter::all_rules()
                    .into_iter()
                    .filter(|r| r.origin == dlint_linter::Origin::BuildKit)
                    .filter(|r| (key.trim() == "experimental") == r.experimental)
                    .filter(|r| !written.contains(&r.code))
                    .map(|r| {
                        let mut item =
                            ctx.item(r.code, CompletionItemKind::ENUM_MEMBER, r.code, false);
                        item.documentation = markdown(r.summary());
                        item
                    }),
            );
            items
        }
        _ => Vec::new(),
    }
}

/// Flags BuildKit accepts more than once on one instruction.
const REPEATABLE_FLAGS: &[&str] = &["mount", "exclude"];

/// The flags of `ins` not yet written on it (the one being typed at `offset` aside).
fn flag_items(ctx: &Ctx, ins: &Instruction, offset: usize) -> Vec<CompletionItem> {
    let written = |name: &str| {
        !REPEATABLE_FLAGS.contains(&name)
            && ins
                .flags
                .iter()
                .any(|f| !f.span.touches(offset) && f.name.eq_ignore_ascii_case(name))
    };
    docs::flags_of(ins.kind)
        .filter(|f| !written(f.name))
        .map(|f| {
            let label = format!("--{}", f.name);
            let insert = match f.value_hint {
                Some(_) if !f.values.is_empty() => format!(
                    "--{}=${{1|{}|}}",
                    f.name,
                    f.values.join(",").replace('$', "\\$")
                ),
                Some(_) => format!("--{}=$1", f.name),
                None => label.clone(),
            };
            let mut item = ctx.item(&label, CompletionItemKind::PROPERTY, &insert, true);
            item.detail = f.value_hint.map(|h| format!("--{}={h}", f.name));
            item.documentation = markdown(f.doc);
            item
        })
        .collect()
}

fn value_items(ctx: &Ctx, values: &[&str], kind: CompletionItemKind) -> Vec<CompletionItem> {
    values.iter().map(|v| ctx.item(v, kind, v, false)).collect()
}

/// Stages a `--from`/`from=`/FROM at instruction `at` may name: earlier stages, not the
/// one the cursor is in.
fn stage_items(ctx: &Ctx, at: usize) -> Vec<CompletionItem> {
    let all = stages::stages(&ctx.snap.syntax);
    let current = all.iter().rposition(|s| s.instruction <= at);
    all.iter()
        .enumerate()
        .filter(|(i, s)| s.instruction < at && Some(*i) != current)
        .filter_map(|(_, s)| {
            let (name, _) = s.name.as_ref()?;
            let mut item = ctx.item(name, CompletionItemKind::MODULE, name, false);
            item.detail = s.image.as_ref().map(|(img, _)| format!("stage FROM {img}"));
            Some(item)
        })
        .collect()
}

/// The `--mount` value being typed: the fields before the cursor and the current one.
fn mount_items(ctx: &Ctx, value_before: &str, at: usize) -> (Vec<CompletionItem>, usize) {
    let fields: Vec<&str> = value_before.split(',').collect();
    let current = fields.last().copied().unwrap_or("");
    let mount_type = fields
        .iter()
        .find_map(|f| f.strip_prefix("type="))
        .unwrap_or("bind");
    match current.split_once('=') {
        Some((key, partial)) => {
            let start = value_before.len() - partial.len();
            let items = match key {
                "type" => docs::MOUNT_TYPES
                    .iter()
                    .map(|(t, doc)| {
                        let mut item = ctx.item(t, CompletionItemKind::ENUM_MEMBER, t, false);
                        item.documentation = markdown(*doc);
                        item
                    })
                    .collect(),
                "from" => stage_items(ctx, at),
                _ => docs::MOUNT_KEYS
                    .iter()
                    .find(|k| k.name == key)
                    .map(|k| value_items(ctx, k.values, CompletionItemKind::ENUM_MEMBER))
                    .unwrap_or_default(),
            };
            (items, start)
        }
        None => {
            let used: Vec<&str> = fields[..fields.len() - 1]
                .iter()
                .filter_map(|f| f.split('=').next())
                .collect();
            let items = docs::MOUNT_KEYS
                .iter()
                .filter(|k| {
                    (k.types.is_empty() || k.types.contains(&mount_type)) && !used.contains(&k.name)
                })
                .map(|k| {
                    let mut item = ctx.item(
                        k.name,
                        CompletionItemKind::PROPERTY,
                        &format!("{}=", k.name),
                        false,
                    );
                    item.documentation = markdown(k.doc);
                    item
                })
                .collect();
            (items, value_before.len() - current.len())
        }
    }
}

/// Local paths under the build context for COPY/ADD sources, minus `.dockerignore`d ones.
fn path_items(ctx: &Ctx, partial: &str) -> Vec<CompletionItem> {
    let Some(dockerfile) = ctx.snap.uri.to_file_path() else {
        return Vec::new();
    };
    let Some(context) = dockerfile.parent() else {
        return Vec::new();
    };
    let dir_part = partial.rfind('/').map_or("", |i| &partial[..=i]);
    let ignore = dlint_linter::support::dockerignore::DockerIgnore::find(&dockerfile, context)
        .map(|(_, i)| i);
    let Ok(entries) = std::fs::read_dir(context.join(dir_part.trim_start_matches("./"))) else {
        return Vec::new();
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            Some((
                e.file_name().into_string().ok()?,
                e.file_type().ok()?.is_dir(),
            ))
        })
        .filter(|(name, _)| {
            let rel = format!("{}{name}", dir_part.trim_start_matches("./"));
            !ignore.as_ref().is_some_and(|i| i.excludes(&rel))
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|(name, is_dir)| {
            let insert = format!("{dir_part}{name}{}", if is_dir { "/" } else { "" });
            let kind = if is_dir {
                CompletionItemKind::FOLDER
            } else {
                CompletionItemKind::FILE
            };
            let mut item = ctx.item(&insert, kind, &insert, false);
            if is_dir {
                // Completing a folder should offer its contents next.
                item.command = Some(tower_lsp_server::ls_types::Command::new(
                    "Suggest".into(),
                    "editor.action.triggerSuggest".into(),
                    None,
                ));
            }
            item
        })
        .collect()
}

/// Names an `ARG` in a stage may declare to bring an outside value into the stage: the
/// global ARGs and BuildKit's platform ARGs, minus those the stage already declares.
fn arg_name_items(ctx: &Ctx, ins_index: usize, offset: usize) -> Vec<CompletionItem> {
    use dlint_semantic::DeclKind;
    let model = ctx.snap.model();
    let Some(stage) = model.stage_at(offset).map(|s| s.index) else {
        return Vec::new();
    };
    let declared = |name: &str| {
        model.declarations.iter().any(|d| {
            d.stage == Some(stage)
                && d.kind == DeclKind::Arg
                && (d.instruction < ins_index || d.name_span.end < ctx.token.start)
                && &*d.name == name
        })
    };
    let mut items: Vec<CompletionItem> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for d in model
        .declarations
        .iter()
        .filter(|d| d.kind == DeclKind::GlobalArg)
    {
        if declared(&d.name) || seen.contains(&&*d.name) {
            continue;
        }
        seen.push(&d.name);
        let mut item = ctx.item(&d.name, CompletionItemKind::VARIABLE, &d.name, false);
        item.detail = Some(match &d.value {
            Some(v) => format!("global ARG {}={v}", d.name),
            None => format!("global ARG {}", d.name),
        });
        item.documentation =
            markdown("Declaring it here makes the global value visible in this stage.");
        item.sort_text = Some(format!("0{:04}", items.len()));
        items.push(item);
    }
    for name in dlint_semantic::names::AUTOMATIC_ARGS {
        if declared(name) || seen.contains(&name) {
            continue;
        }
        let mut item = ctx.item(name, CompletionItemKind::VARIABLE, name, false);
        item.detail = Some("automatic platform ARG, set by BuildKit".to_owned());
        item.sort_text = Some(format!("1{:04}", items.len()));
        items.push(item);
    }
    items
}

/// The WORKDIRs set before instruction `ins_index` in the stage at `offset` and the
/// stages it is built on, resolved as the builder does (a relative one joins the one
/// before it), as folders a COPY or ADD may write to; the latest first.
fn workdir_items(ctx: &Ctx, ins_index: usize, offset: usize) -> Vec<CompletionItem> {
    let df = &ctx.snap.syntax;
    let model = ctx.snap.model();
    let mut chain = Vec::new();
    let mut stage = model.stage_at(offset);
    while let Some(st) = stage {
        chain.push(st);
        stage = st.parent.map(|p| &model.stages[p]);
    }
    let mut cwd = String::from("/");
    let mut dirs: Vec<(String, usize)> = Vec::new();
    for st in chain.iter().rev() {
        for i in st.instructions.clone().filter(|&i| i < ins_index) {
            let ins = &df.instructions[i];
            let (InstructionKind::Workdir, Body::Text(Some(w))) = (ins.kind, &ins.body) else {
                continue;
            };
            cwd = if w.text.starts_with('/') || w.text.starts_with('$') {
                w.text.clone()
            } else {
                format!("{}/{}", cwd.trim_end_matches('/'), w.text)
            };
            let dir = format!("{}/", cwd.trim_end_matches('/'));
            dirs.retain(|(d, _)| *d != dir);
            dirs.push((dir, i));
        }
    }
    dirs.iter()
        .rev()
        .enumerate()
        .map(|(n, (dir, i))| {
            let mut item = ctx.item(dir, CompletionItemKind::FOLDER, dir, false);
            let line = ctx.snap.line(df.instructions[*i].span.start) + 1;
            item.detail = Some(format!("WORKDIR on line {line}"));
            item.sort_text = Some(format!("0{n:04}"));
            item
        })
        .collect()
}

fn is_word_byte(b: u8) -> bool {
    !b.is_ascii_whitespace()
}

/// Position of the cursor among the instruction's non-flag words (0 = first).
fn word_index(ins: &Instruction, offset: usize) -> usize {
    let words: Vec<Span> = match &ins.body {
        Body::From { words, .. } => words.iter().map(|w| w.span).collect(),
        Body::Paths { paths, .. } => paths.iter().map(|w| w.span).collect(),
        Body::Healthcheck { kind, .. } => kind.iter().map(|w| w.span).collect(),
        Body::Text(t) => t.iter().map(|w| w.span).collect(),
        _ => Vec::new(),
    };
    words.iter().filter(|w| w.end < offset).count()
}

pub fn completions(
    snap: &Snapshot,
    enc: Encoding,
    offset: usize,
    support: ClientSupport,
    variables: impl FnOnce() -> Vec<Variable>,
) -> Vec<CompletionItem> {
    let text = &*snap.text;
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let bytes = text.as_bytes();
    let mut token_start = offset;
    while token_start > line_start && is_word_byte(bytes[token_start - 1]) {
        token_start -= 1;
    }
    let token = &text[token_start..offset];
    let mut ctx = Ctx {
        snap,
        enc,
        support,
        token: Span::new(token_start, offset),
    };
    let df = &snap.syntax;
    let ins_index = df.instructions.iter().position(|i| i.span.touches(offset));
    let first_from = df
        .instructions
        .iter()
        .position(|i| i.kind == InstructionKind::From);

    if before.trim_start().starts_with('#') {
        // A directive is only possible above every instruction and comment.
        let only_directives_above = df
            .instructions
            .first()
            .is_none_or(|i| i.span.start >= offset)
            && df.comments.iter().all(|c| c.span.start >= line_start);
        let after_hash = before.trim_start()[1..].trim_start();
        if only_directives_above && after_hash.chars().all(|c| c.is_ascii_alphabetic()) {
            ctx.token = Span::new(offset - after_hash.len(), offset);
            return directive_items(&ctx);
        }
        let check = after_hash
            .split_once('=')
            .filter(|(name, _)| name.trim().eq_ignore_ascii_case("check"));
        if let (true, Some((_, value))) = (only_directives_above, check) {
            ctx.token = Span::new(offset, offset);
            return check_directive_items(&mut ctx, value.trim_start());
        }
        return Vec::new();
    }

    let Some(ins_index) = ins_index else {
        // A blank line (or only blanks before the cursor): a new instruction.
        if before.trim().is_empty() || before.trim_start().chars().all(|c| c.is_ascii_alphabetic())
        {
            let before_first_from =
                first_from.is_none_or(|f| df.instructions[f].span.start >= offset);
            ctx.token = Span::new(offset - before.trim_start().len(), offset);
            return keyword_items(&ctx, false, before_first_from);
        }
        return Vec::new();
    };
    let ins = &df.instructions[ins_index];
    if ins.keyword_span.touches(offset) {
        let before_first_from = first_from.is_none_or(|f| f >= ins_index);
        ctx.token = Span::new(ins.keyword_span.start, offset);
        return keyword_items(&ctx, false, before_first_from);
    }
    let eff = ins.effective();
    if ins.kind == InstructionKind::Onbuild
        && (std::ptr::eq(eff, ins) || eff.keyword_span.touches(offset))
    {
        return keyword_items(&ctx, true, false);
    }

    // `$NAME` / `${NAME`: variables in scope.
    if let Some(dollar) = token.rfind('$') {
        let after = &token[dollar + 1..];
        let name = after.strip_prefix('{').unwrap_or(after);
        if name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            ctx.token = Span::new(offset - name.len(), offset);
            let braced = after.starts_with('{');
            let mut vars = variables();
            // Declared names first, then the automatic and proxy ones; by name within each.
            let rank = |v: &Variable| {
                u8::from(v.origin.contains("automatic") || v.origin.contains("proxy"))
            };
            vars.sort_by(|a, b| (rank(a), &a.name).cmp(&(rank(b), &b.name)));
            return vars
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let insert = if braced && !text[offset..].starts_with('}') {
                        format!("{}}}", v.name)
                    } else {
                        v.name.clone()
                    };
                    let mut item = ctx.item(&v.name, CompletionItemKind::VARIABLE, &insert, false);
                    item.detail = Some(match &v.value {
                        Some(val) => format!("{} {}={val}", v.origin, v.name),
                        None => format!("{} {}", v.origin, v.name),
                    });
                    item.sort_text = Some(format!("{}{i:04}", rank(v)));
                    item
                })
                .collect();
        }
    }

    if let Some(flag) = token.strip_prefix("--") {
        return match flag.split_once('=') {
            None => flag_items(&ctx, eff, offset),
            Some((name, value)) => {
                let value_start = offset - value.len();
                ctx.token = Span::new(value_start, offset);
                match (eff.kind, name.to_ascii_lowercase().as_str()) {
                    (InstructionKind::Run, "mount") => {
                        let (items, start) = mount_items(&ctx, value, ins_index);
                        let ctx2 = Ctx {
                            token: Span::new(value_start + start, offset),
                            ..ctx
                        };
                        // Rebuild the items with the narrower replacement range.
                        items
                            .into_iter()
                            .map(|mut item| {
                                if let Some(CompletionTextEdit::Edit(e)) = &mut item.text_edit {
                                    e.range = ctx2.snap.range(ctx2.token, ctx2.enc);
                                }
                                item
                            })
                            .collect()
                    }
                    (InstructionKind::Copy, "from") => stage_items(&ctx, ins_index),
                    (kind, name) => docs::flag(kind, name)
                        .map(|f| value_items(&ctx, f.values, CompletionItemKind::VALUE))
                        .unwrap_or_default(),
                }
            }
        };
    }
    if token == "-" {
        return flag_items(&ctx, eff, offset);
    }

    match eff.kind {
        InstructionKind::From => match word_index(eff, offset) {
            0 => stage_items(&ctx, ins_index),
            1 => vec![ctx.item("AS", CompletionItemKind::KEYWORD, "AS ", false)],
            _ => Vec::new(),
        },
        InstructionKind::Stopsignal => {
            value_items(&ctx, docs::SIGNALS, CompletionItemKind::ENUM_MEMBER)
        }
        InstructionKind::Shell
            if matches!(eff.body, Body::Command(None)) || token.starts_with('[') =>
        {
            value_items(&ctx, docs::SHELL_FORMS, CompletionItemKind::VALUE)
        }
        InstructionKind::Healthcheck if word_index(eff, offset) == 0 => {
            let mut items = value_items(&ctx, &["CMD", "NONE"], CompletionItemKind::KEYWORD);
            items.extend(flag_items(&ctx, eff, offset));
            items
        }
        InstructionKind::Arg if !token.contains('=') => arg_name_items(&ctx, ins_index, offset),
        InstructionKind::Copy | InstructionKind::Add => {
            // Any word but the first may be the destination: the stage's working
            // directories come first, then (unless copying from a stage or image) the
            // build context's files.
            let mut items = if word_index(eff, offset) > 0 {
                workdir_items(&ctx, ins_index, offset)
            } else {
                Vec::new()
            };
            if eff.flag("from").is_none() {
                items.extend(path_items(&ctx, token));
            }
            items
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::strip_snippet;

    #[test]
    fn snippets_degrade_to_their_defaults() {
        assert_eq!(
            strip_snippet("FROM ${1:image} AS ${2:name}"),
            "FROM image AS name"
        );
        assert_eq!(
            strip_snippet("--network=${1|default,none|}"),
            "--network=default"
        );
        assert_eq!(strip_snippet("--chown=$1"), "--chown=");
        assert_eq!(strip_snippet("\\$BUILDPLATFORM"), "$BUILDPLATFORM");
    }
}
