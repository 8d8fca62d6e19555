//! The semantic model of one Dockerfile: plain data with public fields, built by
//! [`crate::analyze`], plus the queries editors and rules ask of it.

use crate::expand::RefForm;
use crate::names_map::NameMap;
use dlint_syntax::Span;
use std::collections::HashMap;
use std::sync::Arc;

/// Everything [`crate::analyze`] learns about a file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// Build stages in order; `stages[i].index == i`.
    pub stages: Vec<Stage>,
    /// For each top-level instruction, the stage it belongs to (`None` before the first
    /// FROM).
    pub instruction_stage: Vec<Option<usize>>,
    /// Every ARG name and ENV key, in source order. Indices are declaration ids.
    pub declarations: Vec<Declaration>,
    /// Indices into `declarations` of the ARGs before the first FROM.
    pub global_args: Vec<usize>,
    /// Every variable reference, in source order.
    pub references: Vec<Reference>,
    /// `FROM <stage>`, `COPY --from`, `RUN --mount=from=`, in source order.
    pub stage_refs: Vec<StageRef>,
    /// Words the builder would fail to expand (BuildKit's message, without the
    /// `failed to process` prefix).
    pub expansion_errors: Vec<ExpansionIssue>,
    /// For each declaration, the indices of the references resolved to it.
    pub references_by_declaration: Vec<Vec<usize>>,
    /// Lower-cased stage name → first stage with that name.
    pub stage_names: HashMap<String, usize>,
    /// The span of each top-level instruction (for offset queries).
    pub instruction_spans: Vec<Span>,
}

/// One `FROM` and the instructions up to the next one.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub index: usize,
    /// The `AS` name, lower-cased as BuildKit does.
    pub name: Option<String>,
    pub name_span: Option<Span>,
    /// Index of the FROM in `Dockerfile::instructions`.
    pub from_instruction: usize,
    /// Instruction indices of the stage, FROM included.
    pub instructions: std::ops::Range<usize>,
    /// From the FROM keyword to the end of the stage's last instruction.
    pub span: Span,
    pub base: Base,
    /// The `--platform` value, expanded with the global scope.
    pub platform: Option<ExpandedText>,
    /// The earlier stage this one is built on (`FROM builder`).
    pub parent: Option<usize>,
    /// The base chain ends in an external image (not `scratch`), whose configuration may
    /// define environment variables this file does not show.
    pub external_root: bool,
    /// Variables visible when the stage starts: the parent stage's final scope, shared
    /// with it (empty for an image base). Bindings keep the kind they have in their own
    /// stage; [`Binding::seen_from`] gives the kind seen from this one.
    pub initial_scope: Arc<Scope>,
}

/// A stage's base.
#[derive(Clone, Debug, PartialEq)]
pub enum Base {
    /// An image reference (the expansion of the FROM word with the global scope).
    Image(ExpandedText),
    /// `FROM scratch`.
    Scratch,
    /// An earlier stage, by index.
    Stage(usize),
    /// `FROM` without an image.
    Missing,
}

/// A word the builder expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandedText {
    /// As written.
    pub raw: String,
    /// After expansion and quote removal; unknown variables expand to empty.
    pub value: String,
    /// Some variable had no statically known value (declared without a default, or
    /// automatic), so `value` may differ at build time. An undefined name is not
    /// unresolved: BuildKit expands it to the empty string, whatever the build args.
    pub unresolved: bool,
    /// BuildKit's error, if the word does not expand.
    pub error: Option<String>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeclKind {
    /// ARG before the first FROM.
    GlobalArg,
    /// ARG inside a stage.
    Arg,
    Env,
}

/// An ARG name or ENV key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// Shared with the scope maps that bind it.
    pub name: Arc<str>,
    pub kind: DeclKind,
    pub instruction: usize,
    pub stage: Option<usize>,
    pub name_span: Span,
    /// The whole `name=value` word or pair.
    pub span: Span,
    pub value_span: Option<Span>,
    /// The value right after this declaration when statically known: the expanded
    /// default or ENV value, or for `ARG NAME` the inherited global default. Build args
    /// can still override ARG values.
    pub value: Option<Arc<str>>,
    /// ARG with `=value`.
    pub has_default: bool,
    /// A stage ARG re-declaring a global ARG of the same name (the global's id).
    pub redeclares: Option<usize>,
    /// A stage ARG re-declaring an automatic platform ARG (`ARG TARGETARCH`).
    pub redeclares_automatic: bool,
}

impl Declaration {
    /// How a reference to this declaration is classified inside its own stage.
    pub fn binding_kind(&self) -> ResolutionKind {
        match self.kind {
            DeclKind::GlobalArg => ResolutionKind::Global,
            DeclKind::Env => ResolutionKind::Env,
            DeclKind::Arg if !self.has_default && self.redeclares.is_some() => {
                ResolutionKind::RedeclaredGlobal
            }
            DeclKind::Arg if !self.has_default && self.redeclares_automatic => {
                ResolutionKind::RedeclaredAutomatic
            }
            DeclKind::Arg => ResolutionKind::Arg,
        }
    }
}

/// Where a reference sits, i.e. who expands it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefContext {
    /// The builder expands it while building (§7.4).
    Builder,
    /// Shell or run-time text (RUN/CMD/ENTRYPOINT command, RUN heredoc): the shell
    /// expands it, with the ARG/ENV values the builder passes.
    Shell,
    /// Inside an ONBUILD trigger: expanded in a later build, against that build's scope.
    Onbuild,
}

/// How a reference was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResolutionKind {
    /// An ARG earlier in this stage (with its own default, or none).
    Arg,
    /// `ARG NAME` in this stage re-declaring a global ARG (the declaration is the stage
    /// ARG; its `redeclares` is the global).
    RedeclaredGlobal,
    /// `ARG TARGETARCH` and friends re-declared in this stage.
    RedeclaredAutomatic,
    /// In FROM: a global ARG.
    Global,
    /// In FROM: an automatic platform ARG.
    Automatic,
    /// An ARG of an ancestor stage (`FROM parent`).
    ParentArg,
    /// An ENV earlier in this stage.
    Env,
    /// An ENV of an ancestor stage.
    ParentEnv,
    /// Not declared in this file; the external base image may define it in its config.
    BaseImage,
    /// A proxy arg in shell text (passed to RUN without a declaration).
    Proxy,
    /// `BUILDKIT_SBOM_SCAN_*`: never reported as undefined.
    BuildkitArg,
    /// `$1`, `$@`, `$?` and the other positional and special parameters.
    Special,
    /// An ONBUILD trigger: resolved in the child build.
    Deferred,
    /// Unset at this point.
    Undefined,
}

/// One `$NAME` or `${NAME...}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    /// The whole `$NAME` / `${...}` in the source.
    pub span: Span,
    pub name_span: Span,
    pub form: RefForm,
    pub instruction: usize,
    pub stage: Option<usize>,
    pub context: RefContext,
    pub kind: ResolutionKind,
    /// The declaration it resolves to, if any.
    pub declaration: Option<usize>,
    /// The value at this point if statically known.
    pub value: Option<Arc<str>>,
}

/// What names a stage or an image in another instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StageRefKind {
    From,
    CopyFrom,
    MountFrom,
}

/// What a stage reference resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StageTarget {
    /// An earlier stage.
    Stage(usize),
    /// Not a stage name: an image (or named context).
    Image,
    /// A later stage (not allowed; BuildKit treats a FROM word like this as an image).
    Forward(usize),
    /// The stage the reference is in.
    SelfRef(usize),
    /// A numeric `--from` with no such stage.
    NoSuchIndex,
    /// Contains `$`: `--from` and `from=` are not expanded (a build error).
    Variable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageRef {
    pub instruction: usize,
    pub kind: StageRefKind,
    /// The value (quotes removed; for FROM, after expansion).
    pub text: String,
    pub span: Span,
    pub target: StageTarget,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpansionIssue {
    pub instruction: usize,
    pub span: Span,
    pub message: String,
}

/// A visible variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The kind within the declaring stage.
    pub kind: ResolutionKind,
    pub declaration: Option<usize>,
    pub value: Option<Arc<str>>,
    /// The declaring stage (`None` for global and automatic ARGs).
    pub stage: Option<usize>,
}

impl Binding {
    /// The kind as seen from `stage`: a binding declared in another (ancestor) stage is
    /// `ParentEnv` or `ParentArg`.
    pub fn seen_from(&self, stage: Option<usize>) -> ResolutionKind {
        match self.stage {
            Some(own) if Some(own) != stage => match self.kind {
                ResolutionKind::Env | ResolutionKind::ParentEnv => ResolutionKind::ParentEnv,
                _ => ResolutionKind::ParentArg,
            },
            _ => self.kind,
        }
    }
}

/// The variables visible at some point: ENV wins over ARG of the same name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub env: NameMap<Binding>,
    pub args: NameMap<Binding>,
}

impl Scope {
    /// The global scope before any global ARG: just the automatic platform ARGs.
    pub fn automatic() -> Scope {
        let mut g = Scope::default();
        for name in crate::names::AUTOMATIC_ARGS {
            g.args.insert(
                Arc::from(name),
                Binding {
                    kind: ResolutionKind::Automatic,
                    declaration: None,
                    value: None,
                    stage: None,
                },
            );
        }
        g
    }

    pub fn get(&self, name: &str) -> Option<&Binding> {
        self.env.get(name).or_else(|| self.args.get(name))
    }

    /// Every visible name with its binding, sorted by name.
    pub fn entries(&self) -> Vec<(String, Binding)> {
        let mut out: Vec<(String, Binding)> = self
            .env
            .iter()
            .chain(self.args.iter().filter(|(k, _)| !self.env.contains_key(*k)))
            .map(|(k, b)| (k.to_string(), b.clone()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

impl crate::expand::Lookup for Scope {
    fn get(&self, name: &str) -> Option<&str> {
        Scope::get(self, name).and_then(|b| b.value.as_deref())
    }
}
