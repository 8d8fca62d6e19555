//! Questions asked of a [`Model`] by rules and editor features.

use crate::model::*;

impl Model {
    /// The index of the top-level instruction containing `offset` (or ending at it).
    pub fn instruction_at(&self, offset: usize) -> Option<usize> {
        let i = self.instruction_spans.partition_point(|s| s.end < offset);
        self.instruction_spans
            .get(i)
            .filter(|s| s.touches(offset))
            .map(|_| i)
    }

    /// The stage whose text (FROM up to the next FROM) contains `offset`.
    pub fn stage_at(&self, offset: usize) -> Option<&Stage> {
        let i = self.stages.partition_point(|s| s.span.start <= offset);
        i.checked_sub(1).map(|i| &self.stages[i])
    }

    /// The first stage named `name` (case-insensitive).
    pub fn stage_by_name(&self, name: &str) -> Option<&Stage> {
        self.stage_names
            .get(&name.to_lowercase())
            .map(|&i| &self.stages[i])
    }

    /// `stage` and the stages it is built on, nearest first (`FROM a` / `FROM b AS c`
    /// gives `[c, a]` for `c`). Stops at an external image or `scratch`.
    pub fn parent_chain(&self, stage: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut cur = Some(stage);
        while let Some(s) = cur.filter(|&s| s < self.stages.len()) {
            chain.push(s);
            // Parents are always earlier stages, so this terminates.
            cur = self.stages[s].parent.filter(|&p| p < s);
        }
        chain
    }

    /// A stage name or (all digits) stage index, as `COPY --from` accepts it.
    pub fn resolve_stage_ref(&self, text: &str) -> Option<usize> {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse().ok().filter(|&i: &usize| i < self.stages.len());
        }
        self.stage_names.get(&text.to_lowercase()).copied()
    }

    pub fn declaration_of(&self, reference: &Reference) -> Option<&Declaration> {
        reference.declaration.map(|d| &self.declarations[d])
    }

    /// References resolved to declaration `decl` (through its own scope, including
    /// child stages that inherit it).
    pub fn references_to(&self, decl: usize) -> impl Iterator<Item = &Reference> + '_ {
        self.references_by_declaration
            .get(decl)
            .into_iter()
            .flatten()
            .map(|&n| &self.references[n])
    }

    /// The declarations that name the same build arg as `decl`: a global ARG and every
    /// stage ARG re-declaring it. Renaming one means renaming all of them (and their
    /// references). For any other declaration, just `decl`.
    pub fn linked_declarations(&self, decl: usize) -> Vec<usize> {
        let Some(d) = self.declarations.get(decl) else {
            return Vec::new();
        };
        let root = match d.kind {
            DeclKind::GlobalArg => decl,
            _ => match d.redeclares {
                Some(g) => g,
                None => return vec![decl],
            },
        };
        let mut out = vec![root];
        out.extend(
            (self.declarations.iter().enumerate())
                .filter(|(_, x)| x.redeclares == Some(root))
                .map(|(n, _)| n),
        );
        out
    }

    /// The reference whose span contains `offset` (or ends at it).
    pub fn reference_at(&self, offset: usize) -> Option<&Reference> {
        let i = self.references.partition_point(|r| r.span.end < offset);
        self.references[i..]
            .iter()
            .take_while(|r| r.span.start <= offset)
            .find(|r| r.span.touches(offset))
    }

    /// The declaration whose name contains `offset` (or ends at it).
    pub fn declaration_at(&self, offset: usize) -> Option<usize> {
        let i = self
            .declarations
            .partition_point(|d| d.name_span.end < offset);
        (i..self.declarations.len())
            .take_while(|&n| self.declarations[n].name_span.start <= offset)
            .find(|&n| self.declarations[n].name_span.touches(offset))
    }

    /// The variables the builder would see at `offset`, sorted by name: in FROM and
    /// before the first FROM the global ARGs declared so far and the automatic platform
    /// ARGs; inside a stage the inherited scope plus the stage's declarations before the
    /// instruction at `offset`.
    pub fn variables_in_scope_at(&self, offset: usize) -> Vec<(String, Binding)> {
        let cutoff = self
            .instruction_at(offset)
            .unwrap_or_else(|| self.instruction_spans.partition_point(|s| s.start < offset));
        let stage = self
            .stage_at(offset)
            .filter(|s| cutoff > s.from_instruction);
        let mut scope = match stage {
            Some(s) => (*s.initial_scope).clone(),
            None => Scope::automatic(),
        };
        let wanted = stage.map(|s| s.index);
        for (n, d) in self.declarations.iter().enumerate() {
            if d.instruction >= cutoff || d.stage != wanted {
                continue;
            }
            let layer = match d.kind {
                DeclKind::Env => &mut scope.env,
                _ => &mut scope.args,
            };
            layer.insert(
                d.name.clone(),
                Binding {
                    kind: d.binding_kind(),
                    declaration: Some(n),
                    value: d.value.clone(),
                    stage: d.stage,
                },
            );
        }
        let mut entries = scope.entries();
        for (_, b) in &mut entries {
            b.kind = b.seen_from(wanted);
        }
        entries
    }
}
