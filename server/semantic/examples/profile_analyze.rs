//! Runs the analysis of one file many times, for profilers: `profile_analyze <file> [n]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: profile_analyze <file> [iterations]");
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let file = dlint_syntax::parse_text(&text);
    let start = std::time::Instant::now();
    let mut refs = 0;
    for _ in 0..n {
        refs += dlint_semantic::analyze(std::hint::black_box(&file))
            .references
            .len();
    }
    println!(
        "{:?} per analysis, {} references",
        start.elapsed() / n as u32,
        refs / n
    );
}
