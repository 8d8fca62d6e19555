//! Prints the difference between an incremental relowering and a fresh parse for one
//! edit: `relower_debug FILE START END TEXT` (for debugging the incremental path).
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let mut text = std::fs::read_to_string(&a[1]).unwrap();
    let (start, end): (usize, usize) = (a[2].parse().unwrap(), a[3].parse().unwrap());
    let mut model = dlint_syntax::parse_text(&text);
    text.replace_range(start..end, &a[4]);
    let inc = dlint_syntax::lower::relower(
        &mut model,
        &text,
        dlint_syntax::Span::new(start, end),
        a[4].len(),
    );
    let fresh = dlint_syntax::parse_text(&text);
    println!("incremental: {inc}");
    let x = format!("{model:#?}");
    let y = format!("{fresh:#?}");
    for (i, (l, r)) in x.lines().zip(y.lines()).enumerate() {
        if l != r {
            println!("line {i}: relowered {l}\n         fresh     {r}");
            break;
        }
    }
}
