//! One finding per problem: rules that report the same problem at the same place.
//!
//! dlint runs hadolint's rules next to BuildKit's checks and its own build errors, and a
//! few of them describe the same mistake: `MAINTAINER` is reported by DL4000 and by
//! BuildKit's `MaintainerDeprecated`, a relative `WORKDIR` by DL3000 and
//! `WorkdirRelativePath`. When both rules of a pair in [`OVERLAPS`] are enabled and their
//! findings cover overlapping ranges, the engine keeps one:
//!
//! * the one with the higher severity (after the configured overrides, and with
//!   BuildKit's checks as errors under `# check=error=true`), so that raising or
//!   lowering one code's severity is never undone and a failing build check stays;
//! * on equal severity, the BuildKit check or dlint's build error rather than the
//!   hadolint rule: its wording is what `docker build` prints, and it obeys the
//!   `# check=` directive.
//!
//! The kept finding takes the other one's fix when it has none of its own. An ignore
//! pragma (`# hadolint ignore=`, `# dlint ignore=`, global or stage) naming either code
//! silences both, so existing `# hadolint ignore=DL4000` comments keep working whatever
//! dlint keeps. `# check=skip=` stays BuildKit's: it turns off BuildKit's check only,
//! and the hadolint rule still reports the problem, as hadolint itself would.
//!
//! Pairs that were considered and left out, because their findings are not the same
//! problem at the same place:
//! * DL4003/DL4004/DL3012 and `MultipleInstructionsDisallowed`: hadolint points at the
//!   repeated `CMD`/`ENTRYPOINT`/`HEALTHCHECK`, BuildKit at the overridden ones.
//! * DL3022 and DF011: an unknown `--from` stage is an image to BuildKit, a typo to
//!   hadolint; DF011 reports only forward and self references.
//! * DL3006/DL3007 and `InvalidDefaultArgInFrom`/`UndefinedArgInFrom`: untagged images
//!   versus undefined build arguments.

use crate::diagnostic::{Diagnostic, Severity};
use crate::pragma::Suppressions;
use crate::registry::find_rule;
use crate::rule::Origin;
use crate::settings::Settings;

/// Pairs of rule codes that report the same problem at the same range: the hadolint
/// rule first, then the BuildKit check or dlint build error.
pub const OVERLAPS: [(&str, &str); 12] = [
    ("DL4000", "MaintainerDeprecated"),
    ("DL3000", "WorkdirRelativePath"),
    ("DL3025", "JSONArgsRecommended"),
    ("DL3024", "DuplicateStageName"),
    ("DL3029", "FromPlatformFlagConstDisallowed"),
    ("DL3063", "ReservedStageName"),
    ("DL3065", "RedundantTargetPlatform"),
    ("DL3064", "SecretsUsedInArgOrEnv"),
    // dlint's build errors (BuildKit refuses these files).
    ("DL3061", "DF003"),
    ("DL3021", "DF007"),
    ("DL3023", "DF011"),
    ("DL3043", "DF012"),
];

/// The codes that overlap with `code` (empty for most rules).
pub fn partners(code: &str) -> impl Iterator<Item = &'static str> + '_ {
    OVERLAPS.iter().filter_map(move |&(a, b)| {
        if a == code {
            Some(b)
        } else if b == code {
            Some(a)
        } else {
            None
        }
    })
}

/// Drops findings whose overlapping partner code is suppressed by a pragma at the same
/// place, then keeps one finding of each overlapping pair (see the module docs).
/// Called by the engine once, after its own pragma filtering.
///
/// `buildkit_errors` is the `# check=…;error=true` setting: BuildKit's checks then count
/// as errors, so that the build failure they cause is never hidden behind a hadolint
/// code.
pub fn resolve(
    out: &mut Vec<Diagnostic>,
    suppressions: &Suppressions,
    settings: &Settings,
    buildkit_errors: bool,
) {
    out.retain(|d| {
        !partners(d.code).any(|p| {
            let name = find_rule(p).map_or(p, |r| r.name);
            suppressions.suppresses(p, name, d.span.start)
        })
    });
    // Only findings of paired rules take part: usually none or a handful.
    let paired: Vec<usize> = (0..out.len())
        .filter(|&i| partners(out[i].code).next().is_some())
        .collect();
    let mut dropped = vec![false; out.len()];
    for (n, &i) in paired.iter().enumerate() {
        for &j in &paired[n + 1..] {
            if dropped[i] || dropped[j] || !same_problem(&out[i], &out[j]) {
                continue;
            }
            let (keep, drop) = if prefer(&out[i], &out[j], settings, buildkit_errors) {
                (i, j)
            } else {
                (j, i)
            };
            if out[keep].fix.is_none() {
                out[keep].fix = out[drop].fix.take();
            }
            dropped[drop] = true;
        }
    }
    let mut flags = dropped.into_iter();
    out.retain(|_| !flags.next().unwrap_or(false));
}

/// The two findings come from an overlapping pair and their ranges overlap (an empty
/// range overlaps a range that contains its position).
fn same_problem(a: &Diagnostic, b: &Diagnostic) -> bool {
    let (x, y) = (a.span, b.span);
    let inside = |p: usize, s: dlint_syntax::Span| s.start <= p && p < s.end;
    partners(a.code).any(|p| p == b.code)
        && (x == y
            || x.start < y.end && y.start < x.end
            || x.start == x.end && inside(x.start, y)
            || y.start == y.end && inside(y.start, x))
}

/// Whether `a` is kept over `b`: higher configured severity, else not hadolint's.
fn prefer(a: &Diagnostic, b: &Diagnostic, settings: &Settings, buildkit_errors: bool) -> bool {
    let severity = |d: &Diagnostic| {
        find_rule(d.code).map(|r| match r.origin {
            Origin::BuildKit if buildkit_errors => Severity::Error,
            _ => settings.severity_for(r),
        })
    };
    let from_hadolint =
        |d: &Diagnostic| find_rule(d.code).is_some_and(|r| r.origin == Origin::Hadolint);
    match severity(a).cmp(&severity(b)) {
        std::cmp::Ordering::Equal => !from_hadolint(a),
        order => order == std::cmp::Ordering::Greater,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_names_two_known_rules_of_different_origins() {
        for (a, b) in OVERLAPS {
            let (ra, rb) = (find_rule(a).unwrap(), find_rule(b).unwrap());
            assert_eq!(ra.origin, Origin::Hadolint, "{a}");
            assert_ne!(rb.origin, Origin::Hadolint, "{b}");
        }
        assert_eq!(
            partners("DL4000").collect::<Vec<_>>(),
            ["MaintainerDeprecated"]
        );
        assert_eq!(
            partners("MaintainerDeprecated").collect::<Vec<_>>(),
            ["DL4000"]
        );
        assert_eq!(partners("DL3008").count(), 0);
    }
}
