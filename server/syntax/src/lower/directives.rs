//! Parser directives (`# escape=`, `# syntax=`, `# check=`).
//!
//! BuildKit cuts the `#`, trims Unicode whitespace, then matches
//! `([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` where Go's `\s` is `[\t\n\f\r ]` (no `\v`).

use crate::ast::{Directive, Span};

pub(crate) const KNOWN: [&str; 3] = ["syntax", "escape", "check"];

fn is_re_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Matches a directive on `src[start..end]` (the `#` must be at `start`).
pub(crate) fn match_directive(
    src: &str,
    start: usize,
    end: usize,
    prefix: &str,
) -> Option<Directive> {
    let b = src.as_bytes();
    let mut p = start;
    if !src[start..end].starts_with(prefix) {
        return None;
    }
    // Current BuildKit cuts the comment prefix and trims any Unicode whitespace before
    // applying the rest of the pattern.
    p = super::text::skip_space(src, p + prefix.len(), end);
    let name_start = p;
    if p >= end || !b[p].is_ascii_alphabetic() {
        return None;
    }
    while p < end && b[p].is_ascii_alphanumeric() {
        p += 1;
    }
    let name_end = p;
    while p < end && is_re_space(b[p]) {
        p += 1;
    }
    if p >= end || b[p] != b'=' {
        return None;
    }
    p += 1;
    while p < end && is_re_space(b[p]) {
        p += 1;
    }
    let mut value_end = end;
    while value_end > p && is_re_space(b[value_end - 1]) {
        value_end -= 1;
    }
    // `.+?` needs at least one character, and `.` does not match `\n`.
    if value_end == p || src[p..value_end].contains('\n') {
        return None;
    }
    Some(Directive {
        name: src[name_start..name_end].to_ascii_lowercase(),
        value: src[p..value_end].to_owned(),
        span: Span::new(start, end),
        name_span: Span::new(name_start, name_end),
        value_span: Span::new(p, value_end),
    })
}

/// The directives as BuildKit's separate `ParseDirective` scanner sees them (used for
/// `syntax` and `check`): it skips a BOM and a first `#!` line, does not trim leading
/// whitespace, stops at the first line that is not a known directive, and cuts each
/// value at its first space. When no `# syntax=` is found, `// syntax=` is tried.
pub(crate) fn scan_frontend_directives(src: &str) -> Vec<Directive> {
    let mut found = scan_with_prefix(src, "#");
    if !found.iter().any(|d| d.name == "syntax") {
        found.extend(
            scan_with_prefix(src, "//")
                .into_iter()
                .filter(|d| d.name == "syntax"),
        );
    }
    found
}

fn scan_with_prefix(src: &str, prefix: &str) -> Vec<Directive> {
    let mut pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
    if src[pos..].starts_with("#!") {
        pos = src[pos..].find('\n').map_or(src.len(), |i| pos + i + 1);
    }
    let mut out: Vec<Directive> = Vec::new();
    while pos < src.len() {
        let nl = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
        // bufio.ScanLines drops one trailing `\r`.
        let end = if nl > pos && src.as_bytes()[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        let Some(mut d) = match_directive(src, pos, end, prefix) else {
            break;
        };
        if !KNOWN.contains(&d.name.as_str()) {
            break;
        }
        if out.iter().any(|o| o.name == d.name) {
            break;
        }
        if let Some(cut) = d.value.find(' ') {
            d.value.truncate(cut);
            d.value_span.end = d.value_span.start + cut;
        }
        out.push(d);
        pos = nl + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_forms() {
        let d = match_directive("#  ESCAPE = `  ", 0, 15, "#").unwrap();
        assert_eq!((d.name.as_str(), d.value.as_str()), ("escape", "`"));
        assert_eq!(d.value_span, Span::new(12, 13));
        assert!(match_directive("# escape=", 0, 9, "#").is_none());
        assert!(match_directive("# 1x=a", 0, 6, "#").is_none());
        assert!(match_directive("#escape =\\", 0, 10, "#").is_some());
    }

    #[test]
    fn frontend_scanner_rules() {
        let src = "#!/usr/bin/env x\n# syntax=a/b:1 trailing\n# check=skip=all // why\nFROM x\n";
        let ds = scan_frontend_directives(src);
        assert_eq!(ds.len(), 2);
        assert_eq!(ds[0].value, "a/b:1");
        assert_eq!(ds[1].value, "skip=all");
        // Indented directives are invisible to this scanner and end its block.
        let ds = scan_frontend_directives("  # check=skip=all\n# syntax=x\nFROM a");
        assert!(ds.is_empty());
        let ds = scan_frontend_directives("// syntax=foo\nFROM a");
        assert_eq!(ds[0].value, "foo");
    }
}
