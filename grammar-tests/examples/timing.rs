//! Quick timing of the pipeline's pieces on one file (for investigation; the benchmark
//! is `benches/pipeline.rs`).
use std::time::Instant;

use tree_sitter::{InputEdit, Point};

fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let tree = dlint_syntax::document::parse_tree(&text, None);
        let a = t.elapsed();
        let t = Instant::now();
        let file = dlint_syntax::parse_text(&text);
        let b = t.elapsed();
        let t = Instant::now();
        let m = dlint_semantic::analyze(&file);
        let c = t.elapsed();
        std::hint::black_box(m);
        // A one-character insertion in the middle, reparsed incrementally.
        let at = text.len() / 2;
        let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap();
        let mut edited = text.clone();
        edited.insert(at, 'x');
        let mut old = tree.clone();
        let row = text[..at].matches('\n').count();
        let col = at - text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
        old.edit(&InputEdit {
            start_byte: at,
            old_end_byte: at,
            new_end_byte: at + 1,
            start_position: Point::new(row, col),
            old_end_position: Point::new(row, col),
            new_end_position: Point::new(row, col + 1),
        });
        let t = Instant::now();
        let new_tree = dlint_syntax::document::parse_tree(&edited, Some(&old));
        let d = t.elapsed();
        std::hint::black_box(new_tree);
        println!("tree {a:?} lower {b:?} semantic {c:?} incremental tree {d:?}");
    }
}
