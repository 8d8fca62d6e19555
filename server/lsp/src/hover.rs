//! `textDocument/hover`: what is under the cursor, most specific first: a variable, a
//! stage, a FROM image, a flag (or `--mount` option), a keyword, a directive; plus the
//! explanation of any dlint diagnostic covering the position.

use dlint_registry::ImageRef;
use dlint_semantic::{Base, DeclKind, ResolutionKind};
use dlint_syntax::{Body, Span};
use tower_lsp_server::ls_types::{
    Diagnostic, Hover, HoverContents, MarkupContent, MarkupKind, NumberOrString,
};

use crate::convert::Encoding;
use crate::docs;
use crate::stages;
use crate::store::Snapshot;

fn line_no(snap: &Snapshot, offset: usize) -> u32 {
    snap.line(offset) + 1
}

fn variable(snap: &Snapshot, offset: usize) -> Option<(String, Span)> {
    let model = snap.model();
    let (decl, span, value, kind) = match model.declaration_at(offset) {
        Some(d) => {
            let decl = &model.declarations[d];
            (
                Some(d),
                decl.name_span,
                decl.value.as_deref().map(str::to_owned),
                None,
            )
        }
        None => {
            let r = model.reference_at(offset)?;
            (
                r.declaration,
                r.name_span,
                r.value.as_deref().map(str::to_owned),
                Some(r.kind),
            )
        }
    };
    let name = &snap.text[span.range()];
    let mut out = match decl.map(|d| &model.declarations[d]) {
        Some(d) => {
            let what = match d.kind {
                DeclKind::GlobalArg => "global ARG",
                DeclKind::Arg => "ARG",
                DeclKind::Env => "ENV",
            };
            format!(
                "**{what}** `{name}`\n\nDeclared on line {}",
                line_no(snap, d.name_span.start)
            )
        }
        None => {
            let why = match kind {
                Some(ResolutionKind::Automatic) => "automatic platform ARG, set by BuildKit",
                Some(ResolutionKind::Proxy) => "proxy build arg, passed to RUN without an ARG",
                Some(ResolutionKind::BaseImage) => {
                    "not declared in this file; the base image may set it"
                }
                Some(ResolutionKind::Special) => "shell special parameter",
                Some(ResolutionKind::Deferred) => {
                    "resolved when a later build uses this image (ONBUILD)"
                }
                _ => "not set at this point",
            };
            format!("`{name}`: {why}")
        }
    };
    match value {
        Some(v) => out.push_str(&format!("\n\nValue: `{v}`")),
        None if decl.is_some() => out.push_str("\n\nNo value known here (a build arg can set it)"),
        None => {}
    }
    Some((out, span))
}

fn stage(snap: &Snapshot, offset: usize) -> Option<(String, Span)> {
    let uses = stages::uses(&snap.text, &snap.syntax);
    let hit = stages::use_at(&uses, offset)?;
    let s = &stages::stages(&snap.syntax)[hit.stage];
    let name = s.name.as_ref().map_or_else(
        || format!("stage {}", hit.stage),
        |(n, _)| format!("stage `{n}`"),
    );
    let base = s
        .image
        .as_ref()
        .map_or_else(String::new, |(img, _)| format!(", built FROM `{img}`"));
    Some((
        format!(
            "**{name}** (index {}){base}\n\nLine {}",
            hit.stage,
            line_no(snap, s.from_span.start)
        ),
        hit.span,
    ))
}

/// The registry's name for people, by host.
fn registry_name(host: &str) -> Option<&'static str> {
    Some(match host {
        "docker.io" => "Docker Hub",
        "ghcr.io" => "GitHub Container Registry",
        "quay.io" => "Quay",
        "public.ecr.aws" => "Amazon ECR Public Gallery",
        "mcr.microsoft.com" => "Microsoft Artifact Registry",
        "gcr.io" | "us.gcr.io" | "eu.gcr.io" | "asia.gcr.io" => "Google Container Registry",
        h if h.ends_with("-docker.pkg.dev") => "Google Artifact Registry",
        h if h.ends_with(".amazonaws.com") && h.contains(".dkr.ecr.") => "Amazon ECR",
        h if h.ends_with(".azurecr.io") => "Azure Container Registry",
        _ => return None,
    })
}

/// A FROM image, from the text alone (no network): the reference as Docker reads it
/// (registry, repository, tag or digest), the expansion of its variables, and the link to
/// its page. The registry hover, when that is on, adds what only a lookup can know.
fn image(snap: &Snapshot, offset: usize) -> Option<(String, Span)> {
    let model = snap.model();
    let stage = model.stage_at(offset)?;
    let text = match &stage.base {
        Base::Image(t) if t.span.touches(offset) => t,
        Base::Scratch => {
            let from = &snap.syntax.instructions[stage.from_instruction];
            let Body::From { image: Some(w), .. } = &from.body else {
                return None;
            };
            return w.span.touches(offset).then(|| {
                (
                    "**scratch**: the empty image; the stage starts with no files at all"
                        .to_owned(),
                    w.span,
                )
            });
        }
        _ => return None,
    };
    let mut out = String::new();
    if text.raw != text.value {
        out.push_str(&format!("`{}` → `{}`", text.raw, text.value));
        if text.unresolved {
            out.push_str(" (a build arg may change it)");
        }
        out.push_str(
            "

",
        );
    }
    if let Some(e) = &text.error {
        out.push_str(&format!("Does not expand: {e}"));
        return Some((out, text.span));
    }
    match ImageRef::parse(&text.value) {
        Ok(r) => {
            let host = r.domain();
            let registry = registry_name(host).map_or_else(
                || format!("registry `{host}`"),
                |n| format!("{n} (`{host}`)"),
            );
            out.push_str(&format!("**{}** on {registry}", r.familiar_name()));
            out.push_str(&format!(
                "

repository: `{}`",
                r.repository()
            ));
            match (r.tag(), r.digest()) {
                (Some(t), Some(d)) => out.push_str(&format!(
                    "

tag: `{t}` (ignored: the digest wins)

digest: `{d}`"
                )),
                (None, Some(d)) => out.push_str(&format!(
                    "

digest: `{d}`"
                )),
                (Some(t), None) => out.push_str(&format!(
                    "

tag: `{t}`"
                )),
                (None, None) => out.push_str(
                    "

tag: `latest` (none written)",
                ),
            }
            if let Some(url) = crate::links::image_page(&text.value) {
                out.push_str(&format!(
                    "

[{url}]({url})"
                ));
            }
        }
        Err(_) if text.unresolved || text.value.contains('$') => {
            out.push_str("The image name is only known at build time.")
        }
        Err(e) => out.push_str(&format!("Not a valid image reference: {e}")),
    }
    Some((out, text.span))
}

/// A heredoc marker (`<<EOF`) or terminator: which lines it holds and how the builder
/// reads them.
fn heredoc(snap: &Snapshot, offset: usize) -> Option<(String, Span)> {
    let ins = snap.syntax.instruction_at(offset)?.effective();
    let h = ins.heredocs.iter().find(|h| {
        h.word_span.touches(offset) || h.terminator_span.is_some_and(|t| t.touches(offset))
    })?;
    let span = if h.word_span.touches(offset) {
        h.word_span
    } else {
        h.terminator_span?
    };
    let first = snap.line(h.body_span.start) + 1;
    let lines = match h.body.lines().count() {
        0 => "an empty body".to_owned(),
        1 => format!("line {first}"),
        n => format!("lines {first}–{}", first as usize + n - 1),
    };
    let run = ins.kind == dlint_syntax::InstructionKind::Run;
    let role = if run {
        "the script this RUN runs (or input of its command)"
    } else {
        "the content of a file this instruction writes"
    };
    let mut out = format!("**heredoc** `{}`: {lines}, {role}", h.delimiter);
    if h.terminator_span.is_none() {
        out.push_str("\n\nNever terminated: BuildKit fails with `unterminated heredoc`.");
    }
    if h.chomp {
        out.push_str("\n\n`<<-`: leading tabs are stripped from each line.");
    }
    // BuildKit never expands RUN bodies; COPY/ADD bodies unless the delimiter is quoted.
    out.push_str(if run {
        "\n\nThe builder passes it on as written; the shell expands its variables when it runs."
    } else if h.quoted {
        "\n\nQuoted delimiter: written as is, `$` included."
    } else {
        "\n\nUnquoted delimiter: the builder expands `$` variables in it."
    });
    Some((out, span))
}

fn flag(snap: &Snapshot, offset: usize) -> Option<(String, Span)> {
    let ins = snap.syntax.instruction_at(offset)?.effective();
    let f = ins.flags.iter().find(|f| f.span.touches(offset))?;
    if f.name.eq_ignore_ascii_case("mount") && !f.name_span.touches(offset) {
        // Inside the value: the option under the cursor.
        let value = f.value_span?;
        let raw = &snap.text[value.range()];
        let mut at = value.start;
        for field in raw.split(',') {
            let span = Span::new(at, at + field.len());
            if span.touches(offset) {
                let key = field
                    .split('=')
                    .next()
                    .unwrap_or("")
                    .trim_matches(['"', '\'']);
                let key = match key {
                    "dst" | "destination" => "target",
                    "src" => "source",
                    "readonly" => "ro",
                    "readwrite" => "rw",
                    k => k,
                };
                let k = docs::MOUNT_KEYS.iter().find(|k| k.name == key)?;
                return Some((format!("**--mount** `{}`\n\n{}", k.name, k.doc), span));
            }
            at += field.len() + 1;
        }
    }
    let d = docs::flag(ins.kind, &f.name)?;
    let syntax = d
        .value_hint
        .map_or_else(|| format!("--{}", d.name), |h| format!("--{}={h}", d.name));
    Some((
        format!(
            "```dockerfile\n{} {syntax}\n```\n{}",
            ins.kind.keyword(),
            d.doc
        ),
        f.span,
    ))
}

fn keyword(snap: &Snapshot, offset: usize) -> Option<(String, Span)> {
    let ins = snap.syntax.instruction_at(offset)?;
    let target = if ins.keyword_span.touches(offset) {
        ins
    } else {
        ins.effective()
    };
    if !target.keyword_span.touches(offset) {
        return None;
    }
    let (syntax, doc) = docs::instruction_doc(target.kind)?;
    Some((
        format!("```dockerfile\n{syntax}\n```\n{doc}"),
        target.keyword_span,
    ))
}

fn directive(snap: &Snapshot, offset: usize) -> Option<(String, Span)> {
    let d = snap
        .syntax
        .directives
        .iter()
        .find(|d| d.span.touches(offset))?;
    let (_, _, doc) = docs::DIRECTIVES.iter().find(|(n, _, _)| *n == d.name)?;
    Some((format!("**# {}=** directive\n\n{doc}", d.name), d.span))
}

/// The rule explanation for each dlint diagnostic covering the position.
fn rules(snap: &Snapshot, enc: Encoding, offset: usize, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut out = Vec::new();
    for d in diagnostics {
        let Ok(span) = snap.lines.span(&snap.text, d.range, enc) else {
            continue;
        };
        let Some(NumberOrString::String(code)) = &d.code else {
            continue;
        };
        if !span.touches(offset)
            || out
                .iter()
                .any(|o: &String| o.contains(&format!("`{code}`")))
        {
            continue;
        }
        let Some(rule) = dlint_linter::find_rule(code) else {
            continue;
        };
        let mut text = format!("**dlint `{code}`** ({}): {}", rule.name, rule.summary());
        if let Some(url) = rule.url() {
            text.push_str(&format!(" [Documentation]({url})"));
        }
        out.push(text);
    }
    out
}

pub fn hover(
    snap: &Snapshot,
    enc: Encoding,
    offset: usize,
    diagnostics: &[Diagnostic],
) -> Option<Hover> {
    let found = variable(snap, offset)
        .or_else(|| stage(snap, offset))
        .or_else(|| image(snap, offset))
        .or_else(|| heredoc(snap, offset))
        .or_else(|| flag(snap, offset))
        .or_else(|| keyword(snap, offset))
        .or_else(|| directive(snap, offset));
    let rules = rules(snap, enc, offset, diagnostics);
    if found.is_none() && rules.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = found.iter().map(|(t, _)| t.clone()).collect();
    parts.extend(rules);
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: found.map(|(_, span)| snap.range(span, enc)),
    })
}
