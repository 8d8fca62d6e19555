//! Times each rule on one file: `cargo run --release -p dlint_linter --example rule_timing FILE`
//! (ShellCheck off). For finding slow rules; the benchmarks are in `benches/`.
use std::time::Instant;

use dlint_linter::{all_rules, Context, Settings};

fn main() {
    let path = std::env::args().nth(1).expect("usage: rule_timing FILE");
    let source = std::fs::read_to_string(&path).unwrap();
    let file = dlint_syntax::parse_text(&source);
    let model = dlint_semantic::analyze(&file);
    let mut settings = Settings::default();
    settings.shellcheck = false;
    let mut times = Vec::new();
    for rule in all_rules() {
        let ctx = Context::new(
            &source,
            &file,
            std::borrow::Cow::Borrowed(&model),
            None,
            &settings,
            None,
        );
        let t = Instant::now();
        let mut out = Vec::new();
        (rule.check)(&ctx, &mut out);
        times.push((t.elapsed(), rule.code, out.len()));
    }
    times.sort();
    times.reverse();
    for (t, code, n) in times.iter().take(15) {
        println!("{code:32} {t:>12.3?} {n} findings");
    }
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    for _ in 0..rounds {
        let t = Instant::now();
        let r = dlint_linter::lint_analyzed(&source, &file, &model, None, &settings);
        println!(
            "lint_analyzed total {:?} ({} findings)",
            t.elapsed(),
            r.diagnostics.len()
        );
    }
}
