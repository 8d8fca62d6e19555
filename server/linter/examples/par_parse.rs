fn main() {
    let path = std::env::args().nth(1).unwrap();
    let threads: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let source = std::fs::read_to_string(&path).unwrap();
    let file = dlint_syntax::parse_text(&source);
    let sources: Vec<_> = file
        .instructions
        .iter()
        .filter(|i| i.effective().kind == dlint_syntax::InstructionKind::Run)
        .flat_map(|i| dlint_linter::shell::script_sources(i, &source))
        .collect();
    let t = std::time::Instant::now();
    std::thread::scope(|scope| {
        for k in 0..threads {
            let sources = &sources;
            scope.spawn(move || {
                for s in sources.iter().skip(k).step_by(threads) {
                    std::hint::black_box(dlint_linter::shell::parse_script(s.text, &s.map));
                }
            });
        }
    });
    println!(
        "{threads} threads: {:?} ({} scripts)",
        t.elapsed(),
        sources.len()
    );
}
