//! `dlint check --registry`: asks the images' registries about every `FROM` image (via
//! `dlint_registry`) and lints with those facts, so the registry rules (`DR001`–`DR010`)
//! report like any other rule: codes, messages, severities, fixes, pragmas, selection
//! and the exit status all come from the linter.

use crate::args::RegistryArgs;
use dlint_linter::rules::registry::from_lookups;
use dlint_linter::{LintResult, Settings};
use dlint_registry::{FromImage, LookupOptions, RegistryFacts, Resolver, ResolverOptions};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// One resolver and the runtime that drives it, shared by every file of a run.
pub struct RegistryCheck {
    // Declared before the runtime so it is dropped while the runtime still exists.
    resolver: Resolver,
    runtime: tokio::runtime::Runtime,
}

impl RegistryCheck {
    /// `None` without `--registry`: then no runtime, resolver or cache is created and
    /// the network is never touched.
    pub fn new(args: &RegistryArgs) -> Result<Option<RegistryCheck>, String> {
        if !args.registry {
            return Ok(None);
        }
        let resolver = Resolver::new(ResolverOptions {
            offline: args.offline,
            allow_hosts: args.registry_allow.clone(),
            deny_hosts: args.registry_deny.clone(),
            insecure_registries: args.insecure_registry.clone(),
            ..ResolverOptions::default()
        })
        .map_err(|e| format!("--registry: {e}"))?;
        // Two workers: lookups are I/O bound, and the files are already linted in
        // parallel by rayon threads that each block on their own lookups.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| format!("--registry: cannot start the async runtime: {e}"))?;
        Ok(Some(RegistryCheck { resolver, runtime }))
    }

    /// Lints one file with what the registries say about its `FROM` images.
    pub fn lint(&self, text: &str, path: Option<&Path>, settings: &Settings) -> LintResult {
        let dockerfile = dlint_syntax::parse_text(text);
        // The model is analysis code outside the linter; if it fails, lint without
        // facts (the linter reports the failure as one finding).
        let Ok(model) = catch_unwind(AssertUnwindSafe(|| dlint_semantic::analyze(&dockerfile)))
        else {
            return dlint_linter::lint(text, path, settings);
        };
        let facts = self.facts(text, &dockerfile, &model, settings);
        dlint_linter::lint_with_facts(text, &dockerfile, &model, path, settings, &facts)
    }

    fn facts(
        &self,
        text: &str,
        dockerfile: &dlint_syntax::Dockerfile,
        model: &dlint_semantic::Model,
        settings: &Settings,
    ) -> RegistryFacts {
        let froms: Vec<FromImage> = from_lookups(text, dockerfile, model, settings)
            .into_iter()
            .map(|l| FromImage {
                image: l.image,
                platform: l.platform,
            })
            .collect();
        if froms.is_empty() {
            return RegistryFacts::default();
        }
        self.runtime.block_on(
            self.resolver
                .lookup_froms(&froms, &LookupOptions::default()),
        )
    }
}
