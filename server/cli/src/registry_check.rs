//! `dlint check --registry`: asks the images' registries about every `FROM` image (via
//! `dlint_registry`) and turns the answers into ordinary linter diagnostics, so output
//! formats, `--fix`, `--select/--ignore`, severity overrides and the exit status treat
//! them like any other finding.

use crate::args::RegistryArgs;
use dlint_linter::{Applicability, Diagnostic, Edit, Fix, Origin, Rule, Settings, Severity};
use dlint_registry::{
    CheckOptions, Finding, FindingKind, FromImage, Platform, Resolver, ResolverOptions,
    SeverityHint,
};
use dlint_semantic::{Base, ExpandedText};
use dlint_syntax::Span;

/// The code and name each finding kind is reported under. The codes are stable: users
/// put them in `ignore` lists.
pub const CODES: [(FindingKind, &str, &str); 11] = [
    (FindingKind::ImageNotFound, "DR001", "image-not-found"),
    (FindingKind::TagNotFound, "DR002", "tag-not-found"),
    (FindingKind::DigestNotFound, "DR003", "digest-not-found"),
    (
        FindingKind::PlatformNotOffered,
        "DR004",
        "platform-not-offered",
    ),
    (FindingKind::LatestTag, "DR005", "latest-tag"),
    (FindingKind::NoTag, "DR006", "missing-tag"),
    (FindingKind::DigestOutdated, "DR007", "digest-outdated"),
    (FindingKind::NotPinned, "DR008", "image-not-pinned"),
    (FindingKind::NoAccess, "DR009", "registry-no-access"),
    (
        FindingKind::RegistryUnreachable,
        "DR010",
        "registry-unreachable",
    ),
    (
        FindingKind::InvalidReference,
        "DR011",
        "invalid-image-reference",
    ),
];

/// One resolver and the runtime that drives it, shared by every file of a run.
pub struct RegistryCheck {
    // Declared before the runtime so it is dropped while the runtime still exists.
    resolver: Resolver,
    runtime: tokio::runtime::Runtime,
    /// Ask for "not pinned" findings, whose safe fix pins the digest (under `--fix`).
    report_unpinned: bool,
}

impl RegistryCheck {
    /// `None` without `--registry`: then no runtime, resolver or cache is created and
    /// the network is never touched.
    pub fn new(args: &RegistryArgs, fixing: bool) -> Result<Option<RegistryCheck>, String> {
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
        Ok(Some(RegistryCheck {
            resolver,
            runtime,
            report_unpinned: fixing,
        }))
    }

    /// Registry diagnostics for one file, already filtered and re-levelled by
    /// `settings` (select/ignore and severity overrides).
    pub fn diagnostics(&self, text: &str, settings: &Settings) -> Vec<Diagnostic> {
        let froms = from_images(text);
        if froms.is_empty() {
            return Vec::new();
        }
        let default_platform = settings
            .platform
            .as_deref()
            .and_then(Platform::parse)
            .or_else(|| Some(Platform::host_default()));
        let options = CheckOptions {
            default_platform,
            report_unpinned: self.report_unpinned,
            ..CheckOptions::default()
        };
        let images: Vec<FromImage> = froms.iter().map(|f| f.image.clone()).collect();
        let per_from = self
            .runtime
            .block_on(self.resolver.check_froms(&images, &options));
        let mut out = Vec::new();
        for (from, findings) in froms.iter().zip(per_from) {
            for finding in findings {
                if let Some(d) = to_diagnostic(&finding, from, settings) {
                    out.push(d);
                }
            }
        }
        out
    }
}

/// A `FROM` image to check and where its word is in the file.
struct FromWord {
    image: FromImage,
    span: Span,
    /// The word is written exactly as the image text (no variables or quotes), so
    /// offsets inside the image text are offsets inside the word and fixes can edit it.
    literal: bool,
}

/// The external images of a file's stages, after global-ARG expansion. Stage
/// references, `scratch`, missing images and text whose value is not statically
/// known are skipped (checking a guess would report things the build never sees).
fn from_images(text: &str) -> Vec<FromWord> {
    let file = dlint_syntax::parse_text(text);
    let model = dlint_semantic::analyze(&file);
    model
        .stages
        .iter()
        .filter_map(|stage| {
            let Base::Image(word) = &stage.base else {
                return None;
            };
            if !known(word) || word.value.trim().is_empty() {
                return None;
            }
            // An unknown platform is passed as written, so the registry crate sees a
            // `$` and skips the platform check instead of checking the wrong one.
            let platform = stage.platform.as_ref().map(|p| {
                if known(p) {
                    p.value.clone()
                } else {
                    p.raw.clone()
                }
            });
            let literal = word.raw == word.value
                && text.get(word.span.start..word.span.end) == Some(word.raw.as_str());
            Some(FromWord {
                image: FromImage {
                    image: word.value.clone(),
                    platform,
                },
                span: word.span,
                literal,
            })
        })
        .collect()
}

fn known(word: &ExpandedText) -> bool {
    !word.unresolved && word.error.is_none()
}

/// The rule a finding kind is reported under, for `Settings::is_enabled` and
/// `Settings::severity_for`.
fn rule_for(kind: FindingKind, severity: Severity) -> Option<Rule> {
    let (_, code, name) = CODES.iter().find(|(k, _, _)| *k == kind)?;
    Some(Rule {
        code,
        name,
        origin: Origin::Dlint,
        default_severity: severity,
        fixable: true,
        ..Rule::DEFAULTS
    })
}

fn severity(hint: SeverityHint) -> Severity {
    match hint {
        SeverityHint::Error => Severity::Error,
        SeverityHint::Warning => Severity::Warning,
        SeverityHint::Information => Severity::Info,
        SeverityHint::Hint => Severity::Style,
    }
}

fn to_diagnostic(finding: &Finding, from: &FromWord, settings: &Settings) -> Option<Diagnostic> {
    let rule = rule_for(finding.kind, severity(finding.severity))?;
    if !settings.is_enabled(&rule) {
        return None;
    }
    let word_len = from.span.end - from.span.start;
    // Offsets in the expanded text only mean something in the word when it is literal;
    // otherwise the whole word is flagged and no edit is offered.
    let in_word =
        from.literal && finding.range.start <= finding.range.end && finding.range.end <= word_len;
    let shift = |r: &std::ops::Range<usize>| Span {
        start: from.span.start + r.start,
        end: from.span.start + r.end,
    };
    let span = if in_word {
        shift(&finding.range)
    } else {
        from.span
    };
    let fix = finding
        .fix
        .as_ref()
        .filter(|_| from.literal)
        .and_then(|fix| {
            let edits: Option<Vec<Edit>> = fix
                .edits
                .iter()
                .map(|e| {
                    (e.range.end <= word_len)
                        .then(|| Edit::replace(shift(&e.range), e.new_text.clone()))
                })
                .collect();
            let applicability = if fix.safe {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            Some(Fix::new(fix.title.clone(), applicability, edits?))
        });
    Some(Diagnostic {
        code: rule.code,
        name: rule.name,
        severity: settings.severity_for(&rule),
        message: finding.message.clone(),
        span,
        fix,
        url: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_images_skip_stages_scratch_and_unknown_text() {
        let text = "ARG V=3.20\nARG U\nFROM alpine:$V AS base\nFROM base\nFROM scratch\n\
                    FROM debian:$U\nFROM --platform=linux/arm64 busybox\n";
        let froms = from_images(text);
        let images: Vec<&str> = froms.iter().map(|f| f.image.image.as_str()).collect();
        assert_eq!(images, ["alpine:3.20", "busybox"]);
        assert!(
            !froms[0].literal,
            "an expanded word cannot be edited in place"
        );
        assert!(froms[1].literal);
        assert_eq!(&text[froms[1].span.start..froms[1].span.end], "busybox");
        assert_eq!(froms[1].image.platform.as_deref(), Some("linux/arm64"));
    }

    #[test]
    fn codes_are_unique_and_cover_every_kind() {
        let mut codes: Vec<&str> = CODES.iter().map(|c| c.1).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CODES.len());
        let mut names: Vec<&str> = CODES.iter().map(|c| c.2).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CODES.len());
    }

    fn finding(kind: FindingKind, range: std::ops::Range<usize>, safe: bool) -> Finding {
        let mut f = Finding::new(kind, SeverityHint::Error, "m".into(), range.clone());
        f.fix = Some(dlint_registry::Fix {
            title: "t".into(),
            edits: vec![dlint_registry::Edit {
                range: range.end..range.end,
                new_text: "@sha256:x".into(),
            }],
            safe,
        });
        f
    }

    fn word(span: Span, literal: bool) -> FromWord {
        FromWord {
            image: FromImage {
                image: "alpine:3".into(),
                platform: None,
            },
            span,
            literal,
        }
    }

    #[test]
    fn ranges_shift_into_the_file_and_fixes_keep_their_safety() {
        let settings = Settings::default();
        let from = word(Span { start: 5, end: 13 }, true);
        let d = to_diagnostic(
            &finding(FindingKind::NotPinned, 0..8, true),
            &from,
            &settings,
        )
        .unwrap();
        assert_eq!((d.code, d.span.start, d.span.end), ("DR008", 5, 13));
        let fix = d.fix.unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!((fix.edits[0].span.start, fix.edits[0].span.end), (13, 13));
        let d = to_diagnostic(
            &finding(FindingKind::TagNotFound, 7..8, false),
            &from,
            &settings,
        )
        .unwrap();
        assert_eq!(d.fix.unwrap().applicability, Applicability::Unsafe);
        assert_eq!(d.severity, Severity::Error);
    }

    #[test]
    fn expanded_words_are_flagged_whole_without_a_fix() {
        let from = word(Span { start: 5, end: 12 }, false);
        let d = to_diagnostic(
            &finding(FindingKind::TagNotFound, 7..8, false),
            &from,
            &Settings::default(),
        )
        .unwrap();
        assert_eq!((d.span.start, d.span.end), (5, 12));
        assert!(d.fix.is_none());
    }

    #[test]
    fn ignore_and_severity_overrides_apply() {
        let from = word(Span { start: 0, end: 8 }, true);
        let settings = Settings {
            ignore: vec!["DR005".into()],
            severity: [("tag-not-found".to_string(), Severity::Warning)].into(),
            ..Settings::default()
        };
        assert!(to_diagnostic(
            &finding(FindingKind::LatestTag, 0..8, false),
            &from,
            &settings
        )
        .is_none());
        let d = to_diagnostic(
            &finding(FindingKind::TagNotFound, 7..8, false),
            &from,
            &settings,
        )
        .unwrap();
        assert_eq!(d.severity, Severity::Warning);
    }
}
