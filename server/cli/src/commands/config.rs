//! `dlint config --show [PATH]`: the settings `dlint check` would use for PATH, each
//! with the sources that set it (default, a configuration file, the command line).

use super::{fail, print_stdout};
use crate::args::ConfigArgs;
use crate::settings::Resolver;
use dlint_linter::{ConfigKind, ConfigSource, Resolved, SettingsLayer};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(args: &ConfigArgs) -> ExitCode {
    if !args.show {
        return fail("`dlint config` needs --show (the only action so far)");
    }
    let path = match &args.path {
        Some(p) if p.is_dir() => p.join("Dockerfile"),
        Some(p) => p.clone(),
        None => PathBuf::from("Dockerfile"),
    };
    let mut resolver = match Resolver::new(&args.settings) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    match resolver.for_file(&path).as_ref() {
        Ok(resolved) => {
            for w in &resolved.warnings {
                eprintln!("dlint: warning: {w}");
            }
            print_stdout(&render(&path, resolved))
        }
        Err(e) => fail(e),
    }
}

fn source_name(source: &ConfigSource) -> String {
    match (&source.kind, &source.path) {
        (ConfigKind::Overrides, _) => "command line".to_string(),
        (_, Some(p)) => p.display().to_string(),
        (_, None) => "configuration".to_string(),
    }
}

/// Which layers set a field; "default" when none did.
fn origin(resolved: &Resolved, is_set: impl Fn(&SettingsLayer) -> bool) -> String {
    let names: Vec<String> = resolved
        .layers
        .iter()
        .filter(|(_, layer)| is_set(layer))
        .map(|(source, _)| source_name(source))
        .collect();
    if names.is_empty() {
        "default".to_string()
    } else {
        names.join(" + ")
    }
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

pub fn render(path: &Path, resolved: &Resolved) -> String {
    let s = &resolved.settings;
    let files: Vec<String> = resolved
        .layers
        .iter()
        .filter(|(src, _)| src.kind != ConfigKind::Overrides)
        .map(|(src, _)| source_name(src))
        .collect();
    let mut out = format!("# Effective settings for {}\n", path.display());
    out.push_str(&format!(
        "# Configuration file: {}\n",
        if files.is_empty() {
            "none".to_string()
        } else {
            files.join(", ")
        }
    ));
    let severity: Vec<String> = s.severity.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let labels: Vec<String> = s
        .label_schema
        .iter()
        .map(|(k, v)| format!("{k}={v:?}"))
        .collect();
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
    let rows: Vec<(&str, String, String)> = vec![
        (
            "select",
            list(&s.select),
            origin(resolved, |l| l.select.is_some()),
        ),
        (
            "ignore",
            list(&s.ignore),
            origin(resolved, |l| !l.ignore.is_empty()),
        ),
        (
            "severity",
            list(&severity),
            origin(resolved, |l| !l.severity.is_empty()),
        ),
        (
            "failure-threshold",
            s.failure_threshold.to_string(),
            origin(resolved, |l| l.failure_threshold.is_some()),
        ),
        (
            "no-fail",
            s.no_fail.to_string(),
            origin(resolved, |l| l.no_fail.is_some()),
        ),
        (
            "trusted-registries",
            list(&s.trusted_registries),
            origin(resolved, |l| !l.trusted_registries.is_empty()),
        ),
        (
            "label-schema",
            list(&labels),
            origin(resolved, |l| !l.label_schema.is_empty()),
        ),
        (
            "strict-labels",
            s.strict_labels.to_string(),
            origin(resolved, |l| l.strict_labels.is_some()),
        ),
        (
            "shellcheck",
            s.shellcheck.to_string(),
            origin(resolved, |l| l.shellcheck.is_some()),
        ),
        (
            "disable-ignore-pragma",
            s.disable_ignore_pragma.to_string(),
            origin(resolved, |l| l.disable_ignore_pragma.is_some()),
        ),
        (
            "buildkit-check",
            opt(&s.buildkit_check),
            origin(resolved, |l| l.buildkit_check.is_some()),
        ),
        (
            "context",
            opt(&s.context_dir.as_ref().map(|p| p.display().to_string())),
            origin(resolved, |l| l.context_dir.is_some()),
        ),
        (
            "target",
            opt(&s.target),
            origin(resolved, |l| l.target.is_some()),
        ),
    ];
    let key_w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let val_w = rows
        .iter()
        .map(|r| r.1.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for (key, value, from) in rows {
        out.push_str(&format!("{key:<key_w$} = {value:<val_w$}  # {from}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::SettingsArgs;

    #[test]
    fn shows_values_and_their_sources() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join(".dlint.toml"),
            "ignore = [\"DL3008\"]\nfailure-threshold = \"warning\"\n",
        )
        .unwrap();
        let args = SettingsArgs {
            ignore: vec!["DL3009".into()],
            no_fail: true,
            ..SettingsArgs::default()
        };
        let file = tmp.path().join("Dockerfile");
        let resolved = Resolver::new(&args).unwrap().for_file(&file);
        let text = render(&file, resolved.as_ref().as_ref().unwrap());
        let toml = tmp.path().join(".dlint.toml").display().to_string();
        let line = |key: &str| {
            text.lines()
                .find(|l| l.starts_with(&format!("{key} ")))
                .unwrap_or_else(|| panic!("no {key} in {text}"))
                .to_string()
        };
        assert!(
            line("ignore").contains("[\"DL3008\", \"DL3009\"]"),
            "{text}"
        );
        assert!(
            line("ignore").ends_with(&format!("# {toml} + command line")),
            "{text}"
        );
        assert!(
            line("failure-threshold").contains("warning")
                && line("failure-threshold").ends_with(&toml)
        );
        assert!(line("no-fail").ends_with("# command line"), "{text}");
        assert!(line("shellcheck").ends_with("# default"), "{text}");
        assert!(text.contains(&format!("# Configuration file: {toml}")));
    }
}
