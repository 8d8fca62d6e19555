//! `.dockerignore` patterns as moby's patternmatcher reads them, for CopyIgnoredFile.

use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerIgnore {
    /// Cleaned patterns (no leading `/`, no `./`).
    pub patterns: Vec<String>,
    /// Any `!` exception: BuildKit then disables the check entirely.
    pub has_exceptions: bool,
}

impl DockerIgnore {
    pub fn parse(text: &str) -> DockerIgnore {
        let mut patterns = Vec::new();
        let mut has_exceptions = false;
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('!') {
                has_exceptions = true;
                continue;
            }
            let cleaned = clean_path(line);
            if !cleaned.is_empty() {
                patterns.push(cleaned);
            }
        }
        DockerIgnore {
            patterns,
            has_exceptions,
        }
    }

    /// `<Dockerfile>.dockerignore` next to the Dockerfile, else `<context>/.dockerignore`.
    pub fn find(dockerfile: &Path, context: &Path) -> Option<(PathBuf, DockerIgnore)> {
        let mut specific = dockerfile.as_os_str().to_owned();
        specific.push(".dockerignore");
        let candidates = [PathBuf::from(specific), context.join(".dockerignore")];
        candidates.into_iter().find_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p, DockerIgnore::parse(&text)))
        })
    }

    /// moby's `MatchesOrParentMatches`: the path or one of its parent directories matches.
    pub fn excludes(&self, path: &str) -> bool {
        let path = clean_path(path);
        if path.is_empty() || path == "." {
            // The whole context is excluded only by a catch-all pattern.
            return self
                .patterns
                .iter()
                .any(|p| p == "*" || p == "**" || p == "**/*");
        }
        let parts: Vec<&str> = path.split('/').collect();
        (1..=parts.len()).any(|n| {
            let candidate = parts[..n].join("/");
            self.patterns.iter().any(|p| pattern_matches(p, &candidate))
        })
    }
}

/// Go's `filepath.Clean` on a slash path, minus the leading `/` (context-relative).
pub fn clean_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// `filepath.Match` semantics per path segment, plus `**` for any number of segments.
pub fn pattern_matches(pattern: &str, path: &str) -> bool {
    let pat: Vec<&str> = pattern.split('/').collect();
    let segs: Vec<&str> = path.split('/').collect();
    fn go(p: &[&str], s: &[&str]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some(&"**") => (0..=s.len()).any(|i| go(&p[1..], &s[i..])),
            Some(seg) => !s.is_empty() && segment_match(seg, s[0]) && go(&p[1..], &s[1..]),
        }
    }
    go(&pat, &segs)
}

fn segment_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    fn go(p: &[char], t: &[char]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some('*') => (0..=t.len()).any(|i| go(&p[1..], &t[i..])),
            Some('?') => !t.is_empty() && go(&p[1..], &t[1..]),
            Some('[') => {
                let Some(close) = p.iter().position(|&c| c == ']') else {
                    return false;
                };
                let Some(&c) = t.first() else { return false };
                let class = &p[1..close];
                let (negate, class) = match class.first() {
                    Some('^') | Some('!') => (true, &class[1..]),
                    _ => (false, class),
                };
                let mut hit = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == '-' {
                        hit |= class[i] <= c && c <= class[i + 2];
                        i += 3;
                    } else {
                        hit |= class[i] == c;
                        i += 1;
                    }
                }
                hit != negate && go(&p[close + 1..], &t[1..])
            }
            Some('\\') if p.len() > 1 => t.first() == Some(&p[1]) && go(&p[2..], &t[1..]),
            Some(c) => t.first() == Some(c) && go(&p[1..], &t[1..]),
        }
    }
    go(&p, &t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching() {
        let ig = DockerIgnore::parse("# comment\n/node_modules\n*.log\nsecrets/**\n**/tmp\n");
        assert!(!ig.has_exceptions);
        assert!(ig.excludes("node_modules/x/y.js"));
        assert!(ig.excludes("./app.log"));
        assert!(!ig.excludes("sub/app.log"));
        assert!(ig.excludes("secrets/a/b"));
        assert!(ig.excludes("a/b/tmp/c"));
        assert!(!ig.excludes("src/main.rs"));
        assert!(!ig.excludes("."));
        assert!(DockerIgnore::parse("**\n").excludes("."));
        assert!(DockerIgnore::parse("x\n!y\n").has_exceptions);
        assert!(pattern_matches("file[0-9].txt", "file3.txt"));
    }
}
