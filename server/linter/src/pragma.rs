//! Inline suppression comments: `# hadolint ignore=…` / `# dlint ignore=…` (the
//! instruction starting on the next line), `# hadolint global ignore=…` (the whole file)
//! and `# hadolint stage ignore=…` (directly above a FROM: that stage).

use dlint_syntax::{Dockerfile, InstructionKind, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PragmaScope {
    /// The instruction starting on the line after the comment.
    Next,
    Stage,
    Global,
}

/// One parsed ignore comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnorePragma {
    pub scope: PragmaScope,
    /// Codes or names as written, trimmed.
    pub selectors: Vec<(String, Span)>,
    /// The comment.
    pub span: Span,
}

/// Parses `hadolint [global|stage] ignore=A, B # reason` (the text after `#`). The tool
/// word may also be `dlint`. Spaces are allowed around `=` and `,`.
pub fn parse_ignore(comment_text: &str) -> Option<(PragmaScope, Vec<(String, usize, usize)>)> {
    // Work on offsets into `comment_text` so callers can point at each code.
    let text = comment_text;
    let mut rest = text.trim_start();
    let tool = ["hadolint", "dlint"]
        .into_iter()
        .find(|t| rest.starts_with(t))?;
    rest = rest[tool.len()..].trim_start();
    let mut scope = PragmaScope::Next;
    for (word, s) in [
        ("global", PragmaScope::Global),
        ("stage", PragmaScope::Stage),
    ] {
        if let Some(r) = rest.strip_prefix(word) {
            scope = s;
            rest = r.trim_start();
        }
    }
    rest = rest.strip_prefix("ignore")?.trim_start();
    rest = rest.strip_prefix('=')?;
    // A trailing `# reason` ends the list.
    let list = rest.split('#').next().unwrap_or("");
    let base = text.len() - rest.len();
    let mut codes = Vec::new();
    let mut offset = base;
    for part in list.split(',') {
        let lead = part.len() - part.trim_start().len();
        let code = part.trim();
        // Only the first word counts: `DL3008 because` ignores DL3008.
        let code = code.split_whitespace().next().unwrap_or("");
        if !code.is_empty() {
            codes.push((code.to_string(), offset + lead, offset + lead + code.len()));
        }
        offset += part.len() + 1;
    }
    Some((scope, codes))
}

/// Byte offsets where each line starts.
pub fn line_starts(source: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// 0-based line of a byte offset.
pub fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

/// Which spans each pragma suppresses.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// (code or name, region it covers).
    pub regions: Vec<(String, Span)>,
    /// Every pragma, with the code spans, for unknown-code warnings.
    pub pragmas: Vec<IgnorePragma>,
}

impl Suppressions {
    pub fn collect(source: &str, df: &Dockerfile) -> Suppressions {
        let starts = line_starts(source);
        let mut out = Suppressions::default();
        for comment in &df.comments {
            let Some(raw) = source.get(comment.span.range()) else {
                continue;
            };
            // Offsets below are relative to the text after `#`.
            let after_hash = comment.span.start + raw.find('#').map_or(0, |i| i + 1);
            let Some((scope, codes)) = parse_ignore(&source[after_hash..comment.span.end]) else {
                continue;
            };
            let comment_line = line_of(&starts, comment.span.start);
            let next = df
                .instructions
                .iter()
                .position(|i| i.start_line == comment_line + 1);
            let region = match scope {
                PragmaScope::Global => Some(Span::new(0, source.len())),
                PragmaScope::Next => next.map(|i| df.instructions[i].span),
                PragmaScope::Stage => next
                    .filter(|&i| df.instructions[i].kind == InstructionKind::From)
                    .map(|i| {
                        let end = df.instructions[i + 1..]
                            .iter()
                            .find(|n| n.kind == InstructionKind::From)
                            .map_or(source.len(), |n| n.span.start);
                        Span::new(df.instructions[i].span.start, end)
                    }),
            };
            let selectors: Vec<(String, Span)> = codes
                .into_iter()
                .map(|(c, s, e)| (c, Span::new(after_hash + s, after_hash + e)))
                .collect();
            if let Some(region) = region {
                for (code, _) in &selectors {
                    out.regions.push((code.clone(), region));
                }
            }
            out.pragmas.push(IgnorePragma {
                scope,
                selectors,
                span: comment.span,
            });
        }
        out
    }

    /// Whether a finding of `code`/`name` starting at `offset` is suppressed.
    pub fn suppresses(&self, code: &str, name: &str, offset: usize) -> bool {
        self.regions.iter().any(|(sel, region)| {
            (sel.eq_ignore_ascii_case(code) || sel.eq_ignore_ascii_case(name))
                && region.touches(offset)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        let (scope, codes) =
            parse_ignore(" hadolint ignore = DL3008 , SC2046 # apt is pinned").unwrap();
        assert_eq!(scope, PragmaScope::Next);
        let names: Vec<&str> = codes.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(names, ["DL3008", "SC2046"]);
        let text = " hadolint ignore = DL3008 , SC2046 # apt is pinned";
        assert_eq!(&text[codes[1].1..codes[1].2], "SC2046");
        assert_eq!(
            parse_ignore("dlint global ignore=X").unwrap().0,
            PragmaScope::Global
        );
        assert_eq!(
            parse_ignore("hadolint stage ignore=X").unwrap().0,
            PragmaScope::Stage
        );
        assert!(parse_ignore("hadolint shell=bash").is_none());
        assert!(parse_ignore("just a comment").is_none());
    }

    #[test]
    fn lines() {
        let starts = line_starts("a\nbc\n\nd");
        assert_eq!(starts, [0, 2, 5, 6]);
        assert_eq!(line_of(&starts, 0), 0);
        assert_eq!(line_of(&starts, 3), 1);
        assert_eq!(line_of(&starts, 5), 2);
        assert_eq!(line_of(&starts, 7), 3);
    }
}
