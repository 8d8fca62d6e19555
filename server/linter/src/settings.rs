//! The one settings model shared by the CLI and the language server.
//!
//! [`Settings`] is the resolved value a lint run uses. Sources (defaults, a `.dlint.toml`
//! or `.hadolint.yaml`, the command line, editor settings) each produce a
//! [`SettingsLayer`] whose set fields override earlier layers; lists are concatenated, as
//! hadolint does (`hadolint.md` §4).

use crate::diagnostic::Severity;
use crate::rule::Rule;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Types a required label's value must have (hadolint's `label-schema`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LabelType {
    Text,
    Url,
    Semver,
    Hash,
    Rfc3339,
    Spdx,
    Email,
}

impl LabelType {
    pub fn parse(text: &str) -> Option<LabelType> {
        Some(match text.trim() {
            "" | "text" => LabelType::Text,
            "url" => LabelType::Url,
            "semver" => LabelType::Semver,
            "hash" => LabelType::Hash,
            "rfc3339" => LabelType::Rfc3339,
            "spdx" => LabelType::Spdx,
            "email" => LabelType::Email,
            _ => return None,
        })
    }
}

/// The resolved settings of one lint run.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Rule selectors to enable. Empty means "every non-experimental rule". A selector is
    /// a code (`DL3008`), a name (`pin-apt-versions`), a code prefix (`DL30`), an origin
    /// group (`Hadolint`, `BuildKit`, `Dlint`), a code family (`DL`, `SC`, `DF`) or `ALL`.
    pub select: Vec<String>,
    /// Selectors to disable; wins over `select`.
    pub ignore: Vec<String>,
    /// Severity per selector (hadolint's `override`). When several apply, the highest wins.
    pub severity: BTreeMap<String, Severity>,
    /// Findings at or above this severity make the run fail.
    pub failure_threshold: Severity,
    /// Always exit 0.
    pub no_fail: bool,
    /// Registries DL3026 allows (`*`, `*.suffix`, `prefix*` or exact hosts); empty = DL3026 off.
    pub trusted_registries: Vec<String>,
    /// Labels every image must have, with their types (DL3049…DL3058).
    pub label_schema: BTreeMap<String, LabelType>,
    /// Labels not in the schema are findings (DL3050).
    pub strict_labels: bool,
    /// Run the ShellCheck-style checks (SC codes) on RUN scripts.
    pub shellcheck: bool,
    /// Report ShellCheck findings only for scripts whose results are already cached,
    /// and never start ShellCheck: the language server's fast pass, so cached findings
    /// stay on screen while a slow pass checks the changed scripts. Not a user setting.
    pub shellcheck_cached_only: bool,
    /// Ignore `# hadolint ignore=`, `# dlint ignore=` and their global forms.
    pub disable_ignore_pragma: bool,
    /// Replaces the `# check=` directive entirely, like `BUILDKIT_DOCKERFILE_CHECK`.
    pub buildkit_check: Option<String>,
    /// Build context directory (for `.dockerignore`); default: the Dockerfile's directory.
    pub context_dir: Option<PathBuf>,
    /// Restrict dispatch-phase BuildKit checks to the stages this target needs.
    pub target: Option<String>,
    /// The platform being built for (`linux/arm64`); default `linux/amd64`. Used with
    /// registry facts about base images.
    pub platform: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            failure_threshold: Severity::Info,
            no_fail: false,
            trusted_registries: Vec::new(),
            label_schema: BTreeMap::new(),
            strict_labels: false,
            shellcheck: true,
            shellcheck_cached_only: false,
            disable_ignore_pragma: false,
            buildkit_check: None,
            context_dir: None,
            target: None,
            platform: None,
        }
    }
}

/// One source of settings: every field optional; lists add to earlier layers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SettingsLayer {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    pub failure_threshold: Option<Severity>,
    pub no_fail: Option<bool>,
    pub trusted_registries: Vec<String>,
    pub label_schema: BTreeMap<String, LabelType>,
    pub strict_labels: Option<bool>,
    pub shellcheck: Option<bool>,
    pub disable_ignore_pragma: Option<bool>,
    pub buildkit_check: Option<String>,
    pub context_dir: Option<PathBuf>,
    pub target: Option<String>,
    pub platform: Option<String>,
}

impl Settings {
    /// Applies a layer on top of these settings.
    pub fn apply(&mut self, layer: &SettingsLayer) {
        if let Some(select) = &layer.select {
            // `select` replaces: it states the whole wanted set, as in ruff.
            self.select = select.clone();
        }
        self.ignore.extend(layer.ignore.iter().cloned());
        for (key, sev) in &layer.severity {
            // hadolint: error > warning > info > style whatever the source.
            let entry = self.severity.entry(key.clone()).or_insert(*sev);
            *entry = (*entry).max(*sev);
        }
        set(&mut self.failure_threshold, layer.failure_threshold);
        set(&mut self.no_fail, layer.no_fail);
        self.trusted_registries
            .extend(layer.trusted_registries.iter().cloned());
        self.label_schema
            .extend(layer.label_schema.iter().map(|(k, v)| (k.clone(), *v)));
        set(&mut self.strict_labels, layer.strict_labels);
        set(&mut self.shellcheck, layer.shellcheck);
        set(&mut self.disable_ignore_pragma, layer.disable_ignore_pragma);
        if layer.buildkit_check.is_some() {
            self.buildkit_check = layer.buildkit_check.clone();
        }
        if layer.context_dir.is_some() {
            self.context_dir = layer.context_dir.clone();
        }
        if layer.target.is_some() {
            self.target = layer.target.clone();
        }
        if layer.platform.is_some() {
            self.platform = layer.platform.clone();
        }
    }

    /// Whether the rule runs under `select`/`ignore` (pragmas and `# check=` come later).
    pub fn is_enabled(&self, rule: &Rule) -> bool {
        if self.ignore.iter().any(|s| selector_matches(s, rule)) {
            return false;
        }
        if self.select.is_empty() {
            // Experimental rules need an explicit selection (or BuildKit's `experimental=`).
            return !rule.experimental;
        }
        self.select.iter().any(|s| {
            selector_matches(s, rule) && (!rule.experimental || s == rule.code || s == rule.name)
        })
    }

    /// The severity of the rule's findings after overrides.
    pub fn severity_for(&self, rule: &Rule) -> Severity {
        self.severity
            .iter()
            .filter(|(sel, _)| selector_matches(sel, rule))
            .map(|(_, sev)| *sev)
            .max()
            .unwrap_or(rule.default_severity)
    }
}

fn set<T: Copy>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// Does a selector (see [`Settings::select`]) match the rule?
pub fn selector_matches(selector: &str, rule: &Rule) -> bool {
    let s = selector.trim();
    if s.eq_ignore_ascii_case("ALL")
        || s.eq_ignore_ascii_case(rule.code)
        || s.eq_ignore_ascii_case(rule.name)
        || s.eq_ignore_ascii_case(rule.origin.as_str())
    {
        return true;
    }
    // Code prefixes only for letter+digit codes (`DL30` matches `DL3008`), so that a
    // BuildKit name's prefix (`Un`) never selects `UndefinedVar`.
    let is_numbered = |c: &str| {
        let digits = c.trim_start_matches(|ch: char| ch.is_ascii_alphabetic());
        !digits.is_empty() && digits.len() < c.len() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    if is_numbered(rule.code) && !s.is_empty() {
        let letters = rule
            .code
            .trim_start_matches(|ch: char| !ch.is_ascii_digit())
            .len();
        let family = &rule.code[..rule.code.len() - letters];
        return rule.code.len() >= s.len()
            && rule.code[..s.len()].eq_ignore_ascii_case(s)
            && s.len() >= family.len();
    }
    false
}

/// Whether a selector names at least one of `rules` (unknown ones are reported as
/// warnings by the config loader and the pragma parser).
pub fn selector_is_known(selector: &str, rules: &[&Rule]) -> bool {
    rules.iter().any(|r| selector_matches(selector, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Origin;

    const DL3008: Rule = Rule {
        code: "DL3008",
        name: "pin-apt-versions",
        origin: Origin::Hadolint,
        ..Rule::DEFAULTS
    };
    const UNDEF: Rule = Rule {
        code: "UndefinedVar",
        name: "undefined-var",
        origin: Origin::BuildKit,
        ..Rule::DEFAULTS
    };

    #[test]
    fn selectors() {
        for s in [
            "DL3008",
            "dl3008",
            "pin-apt-versions",
            "DL30",
            "DL",
            "Hadolint",
            "ALL",
        ] {
            assert!(selector_matches(s, &DL3008), "{s}");
        }
        for s in ["DL31", "D", "SC", "BuildKit", "DL30089"] {
            assert!(!selector_matches(s, &DL3008), "{s}");
        }
        assert!(selector_matches("UndefinedVar", &UNDEF));
        assert!(selector_matches("buildkit", &UNDEF));
        assert!(!selector_matches("Undefined", &UNDEF));
    }

    #[test]
    fn layers_concatenate_lists_and_keep_highest_severity() {
        let mut s = Settings::default();
        let mut a = SettingsLayer::default();
        a.ignore = vec!["DL3008".into()];
        a.severity.insert("DL3008".into(), Severity::Error);
        a.failure_threshold = Some(Severity::Warning);
        let mut b = SettingsLayer::default();
        b.ignore = vec!["DL3009".into()];
        b.severity.insert("DL3008".into(), Severity::Style);
        s.apply(&a);
        s.apply(&b);
        assert_eq!(s.ignore, vec!["DL3008", "DL3009"]);
        assert_eq!(s.severity["DL3008"], Severity::Error);
        assert_eq!(s.failure_threshold, Severity::Warning);
        assert!(!s.is_enabled(&DL3008));
        assert_eq!(s.severity_for(&DL3008), Severity::Error);
    }
}
