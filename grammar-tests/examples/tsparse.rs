//! Parses one file once with dlint's grammar, or the upstream one with `--upstream`
//! (for instruction counting under callgrind).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let mut parser = if args.get(2).is_some_and(|a| a == "--upstream") {
        grammar_tests::upstream_parser()
    } else {
        grammar_tests::dlint_parser()
    };
    let tree = grammar_tests::parse(&mut parser, &text);
    println!("{}", tree.root_node().child_count());
}
