//! Builds the [`Model`] in one pass over the instructions, following BuildKit's scoping
//! (`buildkit-parsing.md` §8.1): global ARGs are visible only in FROM until a stage
//! re-declares them, stage ARGs and ENVs flow into stages built `FROM` that stage, ENV
//! wins over ARG, and every instruction is evaluated against the scope as it was before
//! the instruction.

use crate::expand::{builder_refs, expand_into, needs_lexer, VarRef};
use crate::model::*;
use crate::names;
use crate::pieces::{pieces, pieces_into, How, Piece, Role};
use crate::shell_refs::{shell_refs, shell_refs_into};
use crate::stage_refs::{classify_name, stage_refs_of};
use dlint_syntax::{Body, Dockerfile, Instruction, InstructionKind};
use std::borrow::Cow;
use std::sync::Arc;

/// Analyses a parsed Dockerfile. Never fails; unknown things are recorded as unknown.
pub fn analyze(file: &Dockerfile) -> Model {
    let mut a = Analyzer {
        escape: file.escape,
        model: Model::default(),
        buf: Vec::new(),
        refs_buf: Vec::new(),
        results: Vec::new(),
        value_buf: String::new(),
    };
    // Rough sizes for a typical file, to spare most regrowth of the big vectors.
    let n = file.instructions.len();
    a.model.references.reserve(n / 2);
    a.model.declarations.reserve(n / 4);
    a.collect_stages(file);
    a.run(file);
    a.finish();
    a.model
}

struct Analyzer<'f> {
    escape: char,
    model: Model,
    /// Reused for the pieces of each instruction.
    buf: Vec<Piece<'f>>,
    /// Reused by the lexers.
    refs_buf: Vec<VarRef>,
    /// Reused for the expanded pieces of each instruction.
    results: Vec<Expanded<'f>>,
    value_buf: String,
}

/// Who is asking for a reference to be resolved.
#[derive(Clone, Copy)]
struct Site {
    instruction: usize,
    stage: Option<usize>,
    context: RefContext,
    /// FROM: only the global scope counts.
    in_from: bool,
    external_root: bool,
}

/// The outcome of expanding one piece the analysis needs the value of (FROM, ARG, ENV).
struct Expanded<'a> {
    piece: Piece<'a>,
    value: Cow<'a, str>,
    unresolved: bool,
    error: Option<String>,
}

impl Expanded<'_> {
    fn role(&self) -> Role {
        self.piece.role
    }

    /// The value when fully known.
    fn known(&self) -> Option<&str> {
        (!self.unresolved && self.error.is_none()).then_some(self.value.as_ref())
    }

    fn into_text(self) -> ExpandedText {
        ExpandedText {
            raw: self.piece.raw.to_string(),
            span: self.piece.map.map(0..self.piece.raw.len()),
            value: self.value.into_owned(),
            unresolved: self.unresolved,
            error: self.error,
        }
    }
}

impl<'f> Analyzer<'f> {
    /// Stage skeletons first, so that references to later stages can be recognised.
    fn collect_stages(&mut self, file: &Dockerfile) {
        let froms: Vec<usize> = (file.instructions.iter().enumerate())
            .filter(|(_, i)| i.kind == InstructionKind::From)
            .map(|(n, _)| n)
            .collect();
        let mut stage_of = vec![None; file.instructions.len()];
        for (s, &from) in froms.iter().enumerate() {
            let end = froms.get(s + 1).copied().unwrap_or(file.instructions.len());
            let inst = &file.instructions[from];
            let (name, name_span) = match &inst.body {
                Body::From {
                    stage_name: Some(w),
                    ..
                } => (Some(w.text.to_lowercase()), Some(w.span)),
                _ => (None, None),
            };
            if let Some(n) = &name {
                self.model.stage_names.entry(n.clone()).or_insert(s);
            }
            for slot in &mut stage_of[from..end] {
                *slot = Some(s);
            }
            let last = &file.instructions[end - 1];
            self.model.stages.push(Stage {
                index: s,
                name,
                name_span,
                from_instruction: from,
                instructions: from..end,
                span: inst.span.cover(last.span),
                base: Base::Missing,
                platform: None,
                parent: None,
                external_root: false,
                initial_scope: Arc::default(),
            });
        }
        self.model.instruction_stage = stage_of;
        self.model.instruction_spans = file.instructions.iter().map(|i| i.span).collect();
    }

    fn run(&mut self, file: &'f Dockerfile) {
        let mut global = Scope::automatic();
        // Final scopes of finished stages, for their children.
        let mut finished: Vec<Arc<Scope>> = Vec::with_capacity(self.model.stages.len());
        let mut scope = Scope::default();
        for (i, inst) in file.instructions.iter().enumerate() {
            let stage = self.model.instruction_stage[i];
            if inst.kind == InstructionKind::From {
                if let Some(s) = stage {
                    if s > 0 {
                        finished.push(Arc::new(std::mem::take(&mut scope)));
                    }
                    scope = self.start_stage(file, i, s, &global, &finished);
                }
                continue;
            }
            let Some(s) = stage else {
                // Only ARG may precede the first FROM (anything else is a build error).
                if inst.kind == InstructionKind::Arg {
                    let site = Site {
                        instruction: i,
                        stage: None,
                        context: RefContext::Builder,
                        in_from: true,
                        external_root: false,
                    };
                    let results = self.expand_pieces(inst, site, &global);
                    self.declare_args(inst, &results, site, &mut global, None);
                    self.results = results;
                }
                continue;
            };
            let site = Site {
                instruction: i,
                stage: Some(s),
                context: RefContext::Builder,
                in_from: false,
                external_root: self.model.stages[s].external_root,
            };
            if inst.kind == InstructionKind::Onbuild {
                self.deferred(inst, site);
            } else if !self.may_hold_references(inst) {
                // Nothing to expand or declare: the common RUN/COPY/LABEL case.
            } else {
                let results = self.expand_pieces(inst, site, &scope);
                match inst.kind {
                    InstructionKind::Arg => {
                        self.declare_args(inst, &results, site, &mut scope, Some(&global))
                    }
                    InstructionKind::Env => self.declare_env(inst, &results, site, &mut scope),
                    _ => {}
                }
                self.results = results;
            }
            let count = self.model.stages.len();
            stage_refs_of(
                inst,
                i,
                s,
                &self.model.stage_names,
                count,
                &mut self.model.stage_refs,
            );
        }
    }

    /// Handles a FROM: base, platform, inherited scope. Returns the stage's scope.
    fn start_stage(
        &mut self,
        file: &'f Dockerfile,
        i: usize,
        s: usize,
        global: &Scope,
        finished: &[Arc<Scope>],
    ) -> Scope {
        let inst = &file.instructions[i];
        let site = Site {
            instruction: i,
            stage: Some(s),
            context: RefContext::Builder,
            in_from: true,
            external_root: false,
        };
        let mut results = self.expand_pieces(inst, site, global);
        let mut base = Base::Missing;
        for r in results.drain(..) {
            match r.role() {
                Role::FromPlatform => self.model.stages[s].platform = Some(r.into_text()),
                Role::FromImage => base = self.base_of(r.into_text(), i, s),
                _ => {}
            }
        }
        let (parent, external_root) = match &base {
            Base::Stage(p) => (Some(*p), self.model.stages[*p].external_root),
            Base::Image(_) => (None, true),
            Base::Scratch | Base::Missing => (None, false),
        };
        // The child starts from its parent's final scope; bindings keep their declaring
        // stage, so they read as inherited (`ParentArg`/`ParentEnv`) from here.
        let initial = parent
            .and_then(|p| finished.get(p))
            .cloned()
            .unwrap_or_default();
        let working = (*initial).clone();
        let st = &mut self.model.stages[s];
        st.base = base;
        st.parent = parent;
        st.external_root = external_root;
        st.initial_scope = initial;
        working
    }

    fn base_of(&mut self, image: ExpandedText, i: usize, s: usize) -> Base {
        if image.raw.is_empty() {
            return Base::Missing;
        }
        if image.value.eq_ignore_ascii_case("scratch") {
            return Base::Scratch;
        }
        let target = classify_name(&image.value, s, &self.model.stage_names, None);
        if target != StageTarget::Image {
            self.model.stage_refs.push(StageRef {
                instruction: i,
                kind: StageRefKind::From,
                text: image.value.clone(),
                span: image.span,
                target,
            });
        }
        match target {
            StageTarget::Stage(p) => Base::Stage(p),
            _ => Base::Image(image),
        }
    }

    /// False when no piece of `inst` can hold a reference or an expansion error and the
    /// instruction declares nothing, so it can be skipped.
    fn may_hold_references(&self, inst: &Instruction) -> bool {
        use InstructionKind as K;
        let text = &inst.rest.text;
        let in_text = match inst.kind {
            K::Arg | K::Env => return true,
            // Shell text: only `$` matters (quotes there are the shell's business).
            K::Run | K::Cmd | K::Entrypoint | K::Healthcheck | K::Shell | K::Maintainer => {
                memchr_dollar(text)
            }
            _ => needs_lexer(text, self.escape, true),
        };
        in_text || inst.heredocs.iter().any(|h| memchr_dollar(&h.body))
    }

    /// Records the references of every piece; returns the pieces whose values matter.
    fn expand_pieces(
        &mut self,
        inst: &'f Instruction,
        site: Site,
        scope: &Scope,
    ) -> Vec<Expanded<'f>> {
        // Callers hand the vector back through `self.results` to reuse its allocation.
        let mut out = std::mem::take(&mut self.results);
        out.clear();
        let mut buf = std::mem::take(&mut self.buf);
        pieces_into(inst, &mut buf);
        for p in buf.drain(..) {
            let e = self.expand_piece(p, site, scope);
            if p.role != Role::Other {
                out.push(e);
            }
        }
        self.buf = buf;
        out
    }

    fn expand_piece<'a>(&mut self, p: Piece<'a>, site: Site, scope: &Scope) -> Expanded<'a> {
        let quotes = p.how == How::Builder;
        if p.how != How::Shell && !needs_lexer(p.raw, self.escape, quotes) {
            // Nothing to record, and the value is the text itself.
            return Expanded {
                piece: p,
                value: Cow::Borrowed(p.raw),
                unresolved: false,
                error: None,
            };
        }
        let mut refs = std::mem::take(&mut self.refs_buf);
        let mut value = std::mem::take(&mut self.value_buf);
        refs.clear();
        value.clear();
        let error = match p.how {
            How::Builder | How::BuilderNoQuotes => {
                expand_into(p.raw, self.escape, scope, quotes, &mut value, &mut refs)
            }
            How::Shell => {
                shell_refs_into(p.raw, &mut refs);
                None
            }
        };
        let context = if p.how == How::Shell {
            RefContext::Shell
        } else {
            site.context
        };
        let site = Site { context, ..site };
        let mut unresolved = false;
        for r in refs.drain(..).filter(|r| !r.in_single_quotes) {
            let reference = self.reference(r, &p, site, Some(scope));
            unresolved |= reference.value.is_none()
                && !matches!(
                    reference.kind,
                    ResolutionKind::Undefined | ResolutionKind::Special
                );
            self.model.references.push(reference);
        }
        self.refs_buf = refs;
        // The buffer is kept for the next word; only FROM, ARG and ENV pieces need a copy
        // of their value (one exact-size allocation).
        let owned = if p.role == Role::Other {
            Cow::Borrowed("")
        } else {
            Cow::Owned(value.as_str().to_owned())
        };
        self.value_buf = value;
        let value = owned;
        let error = error.map(|e| {
            self.model.expansion_errors.push(ExpansionIssue {
                instruction: site.instruction,
                span: p.map.map(e.range.clone()),
                message: e.message.clone(),
            });
            e.message
        });
        Expanded {
            piece: p,
            value,
            unresolved,
            error,
        }
    }

    /// ONBUILD triggers: references are recorded but resolved in the child build.
    fn deferred(&mut self, inst: &Instruction, site: Site) {
        let site = Site {
            context: RefContext::Onbuild,
            ..site
        };
        for p in pieces(inst) {
            let refs = match p.how {
                How::Shell => shell_refs(p.raw),
                _ => builder_refs(p.raw, self.escape),
            };
            for r in refs.into_iter().filter(|r| !r.in_single_quotes) {
                let reference = self.reference(r, &p, site, None);
                self.model.references.push(reference);
            }
        }
    }

    fn reference(&self, r: VarRef, p: &Piece<'_>, site: Site, scope: Option<&Scope>) -> Reference {
        let (kind, declaration, value) = match scope {
            Some(scope) => resolve(scope, &r, site),
            None => (ResolutionKind::Deferred, None, None),
        };
        Reference {
            span: p.map.map(r.range),
            name_span: p.map.map(r.name_range),
            name: r.name,
            form: r.form,
            instruction: site.instruction,
            stage: site.stage,
            context: site.context,
            kind,
            declaration,
            value,
        }
    }

    fn declare_args(
        &mut self,
        inst: &Instruction,
        results: &[Expanded<'_>],
        site: Site,
        scope: &mut Scope,
        global: Option<&Scope>,
    ) {
        let Body::Args(decls) = &inst.body else {
            return;
        };
        for (n, d) in decls.iter().enumerate() {
            let name = piece_value(results, Role::ArgName(n)).unwrap_or(&d.name.text);
            let default = results.iter().find(|r| r.role() == Role::ArgDefault(n));
            let global_binding = global.and_then(|g| g.args.get(name));
            let redeclares = global_binding.and_then(|b| b.declaration);
            let redeclares_automatic = global_binding.is_some_and(|b| b.declaration.is_none());
            let value = match default {
                Some(e) => e.known().map(Arc::from),
                // `ARG NAME` keeps the value it already has, or takes the global default.
                None => scope
                    .get(name)
                    .or(global_binding)
                    .and_then(|b| b.value.clone()),
            };
            let kind = if site.stage.is_none() {
                DeclKind::GlobalArg
            } else {
                DeclKind::Arg
            };
            let decl = Declaration {
                name: Arc::from(name),
                kind,
                instruction: site.instruction,
                stage: site.stage,
                name_span: d.name.span,
                span: d.word.span,
                value_span: d.default.as_ref().map(|w| w.span),
                value,
                has_default: d.default.is_some(),
                redeclares,
                redeclares_automatic,
            };
            self.bind(decl, scope);
        }
    }

    fn declare_env(
        &mut self,
        inst: &Instruction,
        results: &[Expanded<'_>],
        site: Site,
        scope: &mut Scope,
    ) {
        let Body::KeyValues { pairs, .. } = &inst.body else {
            return;
        };
        for (n, p) in pairs.iter().enumerate() {
            let name = piece_value(results, Role::EnvKey(n)).unwrap_or(&p.key.text);
            let value = results
                .iter()
                .find(|r| r.role() == Role::EnvValue(n))
                .and_then(|r| r.known().map(Arc::from));
            let decl = Declaration {
                name: Arc::from(name),
                kind: DeclKind::Env,
                instruction: site.instruction,
                stage: site.stage,
                name_span: p.key.span,
                span: p.key.span.cover(p.value.span),
                value_span: Some(p.value.span),
                value,
                has_default: true,
                redeclares: None,
                redeclares_automatic: false,
            };
            self.bind(decl, scope);
        }
    }

    fn bind(&mut self, decl: Declaration, scope: &mut Scope) {
        let id = self.model.declarations.len();
        let binding = Binding {
            kind: decl.binding_kind(),
            declaration: Some(id),
            value: decl.value.clone(),
            stage: decl.stage,
        };
        let layer = match decl.kind {
            DeclKind::Env => &mut scope.env,
            DeclKind::Arg | DeclKind::GlobalArg => &mut scope.args,
        };
        layer.insert(decl.name.clone(), binding);
        if decl.kind == DeclKind::GlobalArg {
            self.model.global_args.push(id);
        }
        self.model.declarations.push(decl);
    }

    fn finish(&mut self) {
        let m = &mut self.model;
        m.references.sort_by_key(|r| (r.span.start, r.span.end));
        m.stage_refs.sort_by_key(|r| r.span.start);
        m.references_by_declaration = vec![Vec::new(); m.declarations.len()];
        for (n, r) in m.references.iter().enumerate() {
            if let Some(d) = r.declaration {
                m.references_by_declaration[d].push(n);
            }
        }
    }
}

fn memchr_dollar(s: &str) -> bool {
    s.as_bytes().contains(&b'$')
}

/// The known value of the piece with `role`, if fully known.
fn piece_value<'r>(results: &'r [Expanded<'_>], role: Role) -> Option<&'r str> {
    results
        .iter()
        .find(|r| r.role() == role)
        .and_then(|r| r.known())
}

fn resolve(
    scope: &Scope,
    r: &VarRef,
    site: Site,
) -> (ResolutionKind, Option<usize>, Option<Arc<str>>) {
    if r.is_special() {
        return (ResolutionKind::Special, None, None);
    }
    if let Some(b) = scope.get(&r.name) {
        return (b.seen_from(site.stage), b.declaration, b.value.clone());
    }
    let kind = if names::is_never_undefined(&r.name) {
        ResolutionKind::BuildkitArg
    } else if site.context == RefContext::Shell && names::is_proxy_arg(&r.name) {
        ResolutionKind::Proxy
    } else if !site.in_from && site.external_root {
        ResolutionKind::BaseImage
    } else {
        ResolutionKind::Undefined
    };
    (kind, None, None)
}
