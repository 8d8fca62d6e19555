//! Which parts of an instruction hold variable references, and who expands them
//! (`buildkit-parsing.md` §7.4).

use crate::spans::{heredoc_mapper, raw_in_rest, Mapper};
use dlint_syntax::{Body, Command, Flag, Instruction, InstructionKind, Word};

/// How the text of a piece is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// The builder's lexer.
    Builder,
    /// The builder's lexer without quote processing (ADD/COPY heredoc bodies).
    BuilderNoQuotes,
    /// Left to the shell at run time.
    Shell,
}

/// What a piece is, when the analysis needs its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Other,
    FromImage,
    FromPlatform,
    /// ENV key / value of pair `n`.
    EnvKey(usize),
    EnvValue(usize),
    /// ARG name / default of declaration `n`.
    ArgName(usize),
    ArgDefault(usize),
}

/// One string of an instruction with references in it.
#[derive(Clone, Copy, Debug)]
pub struct Piece<'a> {
    pub raw: &'a str,
    pub map: Mapper<'a>,
    pub how: How,
    pub role: Role,
}

/// The pieces of `inst` in source order (flags first), for the instruction itself (an
/// ONBUILD yields its trigger's pieces).
pub fn pieces(inst: &Instruction) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    pieces_into(inst, &mut out);
    out
}

/// [`pieces`] appended to a reused buffer.
pub fn pieces_into<'a>(inst: &'a Instruction, out: &mut Vec<Piece<'a>>) {
    let inst = inst.effective();
    let word = |w, how, role| word_piece(inst, w, how, role);
    let expanded_flags: &[&str] = match inst.kind {
        InstructionKind::From => &["platform"],
        InstructionKind::Copy => &["chown", "chmod"],
        InstructionKind::Add => &["chown", "chmod", "checksum"],
        InstructionKind::Run => &["mount"],
        _ => &[],
    };
    for f in &inst.flags {
        if expanded_flags
            .iter()
            .any(|n| f.name.eq_ignore_ascii_case(n))
        {
            if let Some(p) = flag_piece(inst, f) {
                let role = if inst.kind == InstructionKind::From {
                    Role::FromPlatform
                } else {
                    Role::Other
                };
                out.push(Piece { role, ..p });
            }
        }
    }
    match &inst.body {
        Body::From { image: Some(w), .. } => out.push(word(w, How::Builder, Role::FromImage)),
        Body::Paths { paths, .. } => {
            out.extend(paths.iter().map(|w| word(w, How::Builder, Role::Other)))
        }
        Body::KeyValues { pairs, .. } => {
            // LABEL pairs are expanded like ENV pairs but declare nothing.
            let env = inst.kind == InstructionKind::Env;
            for (n, p) in pairs.iter().enumerate() {
                let (k, v) = if env {
                    (Role::EnvKey(n), Role::EnvValue(n))
                } else {
                    (Role::Other, Role::Other)
                };
                out.push(word(&p.key, How::Builder, k));
                out.push(word(&p.value, How::Builder, v));
            }
        }
        Body::Args(decls) => {
            for (n, d) in decls.iter().enumerate() {
                out.push(word(&d.name, How::Builder, Role::ArgName(n)));
                if let Some(v) = &d.default {
                    out.push(word(v, How::Builder, Role::ArgDefault(n)));
                }
            }
        }
        Body::Words(words) => out.extend(words.iter().map(|w| word(w, How::Builder, Role::Other))),
        Body::Text(Some(w)) if inst.kind != InstructionKind::Maintainer => {
            out.push(word(w, How::Builder, Role::Other))
        }
        _ => {}
    }
    // RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD in shell form (SHELL's own text is not
    // shell code).
    if let (Some(Command::Shell(text)), false) =
        (inst.command(), inst.kind == InstructionKind::Shell)
    {
        out.push(Piece {
            raw: &text.text,
            map: Mapper::Logical {
                rest: text,
                start: 0,
            },
            how: How::Shell,
            role: Role::Other,
        });
    }
    for h in &inst.heredocs {
        if h.quoted {
            continue;
        }
        let how = if inst.kind == InstructionKind::Run {
            How::Shell
        } else {
            How::BuilderNoQuotes
        };
        out.push(Piece {
            raw: &h.body,
            map: heredoc_mapper(h),
            how,
            role: Role::Other,
        });
    }
}

fn word_piece<'a>(inst: &'a Instruction, w: &'a Word, how: How, role: Role) -> Piece<'a> {
    Piece {
        raw: w.text.as_str(),
        map: Mapper::Word {
            rest: &inst.rest,
            word: w,
        },
        how,
        role,
    }
}

/// The raw value of a flag (quotes and escapes as written).
pub fn flag_piece<'a>(inst: &'a Instruction, f: &Flag) -> Option<Piece<'a>> {
    let (raw, map) = raw_in_rest(&inst.rest, f.value_span?)?;
    Some(Piece {
        raw,
        map,
        how: How::Builder,
        role: Role::Other,
    })
}
