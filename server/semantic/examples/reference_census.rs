//! Prints how references in a set of Dockerfiles resolve, for eyeballing the scoping
//! rules against real files: `reference_census <file>...`. With `-v`, lists every
//! builder-expanded reference that resolves to `Undefined`.
use dlint_semantic::{analyze, RefContext, ResolutionKind};
use std::collections::BTreeMap;

fn main() {
    let mut verbose = false;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for arg in std::env::args().skip(1) {
        if arg == "-v" {
            verbose = true;
            continue;
        }
        let Ok(bytes) = std::fs::read(&arg) else {
            eprintln!("cannot read {arg}");
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let model = analyze(&dlint_syntax::parse_text(&text));
        for r in &model.references {
            *counts
                .entry(format!("{:?} {:?}", r.context, r.kind))
                .or_default() += 1;
            if verbose && r.context == RefContext::Builder && r.kind == ResolutionKind::Undefined {
                let line = text[..r.span.start].matches('\n').count() + 1;
                println!("{arg}:{line}: {}", &text[r.span.range()]);
            }
        }
    }
    for (k, n) in counts {
        println!("{n:8} {k}");
    }
}
