//! Parses a file, makes a one-character edit in the middle and reparses incrementally,
//! N times (for instruction counting under callgrind).
use tree_sitter::{InputEdit, Point};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let n: usize = args.get(2).map(|s| s.parse().unwrap()).unwrap_or(1);
    let mut parser = grammar_tests::dlint_parser();
    let mut tree = grammar_tests::parse(&mut parser, &text);
    let at = text.len() / 2;
    let mut cur = text.clone();
    for i in 0..n {
        let (row, col) = {
            let row = cur[..at].matches('\n').count();
            (row, at - cur[..at].rfind('\n').map(|i| i + 1).unwrap_or(0))
        };
        let edit = if i % 2 == 0 {
            cur.insert(at, 'x');
            InputEdit {
                start_byte: at,
                old_end_byte: at,
                new_end_byte: at + 1,
                start_position: Point::new(row, col),
                old_end_position: Point::new(row, col),
                new_end_position: Point::new(row, col + 1),
            }
        } else {
            cur.remove(at);
            InputEdit {
                start_byte: at,
                old_end_byte: at + 1,
                new_end_byte: at,
                start_position: Point::new(row, col),
                old_end_position: Point::new(row, col + 1),
                new_end_position: Point::new(row, col),
            }
        };
        tree.edit(&edit);
        if std::env::var_os("TS_LOG").is_some() && i == n - 1 {
            parser.set_logger(Some(Box::new(|_t, msg| {
                let word = msg.split_whitespace().next().unwrap_or("");
                eprintln!(
                    "{word} {}",
                    if word.starts_with("cant_reuse")
                        || word.starts_with("reuse")
                        || word.starts_with("breakdown")
                    {
                        msg
                    } else {
                        ""
                    }
                );
            })));
        }
        tree = parser.parse(&cur, Some(&tree)).unwrap();
    }
    println!("{}", tree.root_node().child_count());
}
