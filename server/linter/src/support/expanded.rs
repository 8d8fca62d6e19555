//! Which words of an instruction the builder expands (`buildkit-parsing.md` §7.4).

use dlint_syntax::{Body, Instruction, InstructionKind, Span};

/// What an expanded word is, for rules that look at some of them only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The FROM image or `--platform` value (expanded with the global scope).
    From,
    /// An EXPOSE port (expanded on a path that reports no undefined variables).
    Expose,
    /// An ARG name.
    ArgName,
    /// Everything else: ENV/LABEL keys and values, ARG defaults, ADD/COPY paths and
    /// `--chown`/`--chmod`/`--checksum`, WORKDIR, USER, VOLUME, STOPSIGNAL,
    /// `RUN --mount`.
    Stage,
}

/// The source spans the builder expands in `ins`, with what each one is.
pub fn expanded_words(ins: &Instruction) -> Vec<(Span, Part)> {
    let mut out = Vec::new();
    for flag in &ins.flags {
        let part = match (ins.kind, flag.name.as_str()) {
            (InstructionKind::From, "platform") => Part::From,
            (InstructionKind::Add | InstructionKind::Copy, "chown" | "chmod" | "checksum") => {
                Part::Stage
            }
            (InstructionKind::Run, "mount") => Part::Stage,
            _ => continue,
        };
        out.extend(flag.value_span.map(|s| (s, part)));
    }
    match &ins.body {
        Body::From { image: Some(w), .. } => out.push((w.span, Part::From)),
        Body::KeyValues { pairs, .. } => out.extend(
            pairs
                .iter()
                .flat_map(|p| [(p.key.span, Part::Stage), (p.value.span, Part::Stage)]),
        ),
        Body::Args(args) => {
            // BuildKit splits `name=value` first and expands each part on its own.
            for a in args {
                out.push((a.name.span, Part::ArgName));
                out.extend(a.default.as_ref().map(|d| (d.span, Part::Stage)));
            }
        }
        Body::Paths { paths, .. } => out.extend(
            paths
                .iter()
                .filter(|p| !p.text.starts_with("<<"))
                .map(|p| (p.span, Part::Stage)),
        ),
        Body::Words(words) if ins.kind == InstructionKind::Expose => {
            out.extend(words.iter().map(|w| (w.span, Part::Expose)))
        }
        Body::Text(Some(w)) if ins.kind != InstructionKind::Maintainer => {
            out.push((w.span, Part::Stage))
        }
        _ => {}
    }
    out
}
