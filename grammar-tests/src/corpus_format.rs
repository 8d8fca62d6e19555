//! Reading and writing tree-sitter's corpus test format (`test/corpus/*.txt`), and
//! printing a tree the way those files show it.

use tree_sitter::Node;

pub struct CorpusTest {
    pub file: String,
    pub name: String,
    pub expects_error: bool,
    pub input: String,
    /// The expected tree, as written (empty for `:error` tests).
    pub expected: String,
}

fn is_rule(line: &str, ch: char) -> bool {
    line.len() >= 3 && line.chars().all(|c| c == ch)
}

/// Splits one corpus file into its tests. The input keeps its final newline.
pub fn parse_corpus_file(file: &str, text: &str) -> Vec<CorpusTest> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut tests = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_rule(lines[i].trim_end(), '=') {
            i += 1;
            continue;
        }
        i += 1;
        let mut name = String::new();
        let mut expects_error = false;
        while i < lines.len() && !is_rule(lines[i].trim_end(), '=') {
            let l = lines[i].trim_end();
            if l == ":error" {
                expects_error = true;
            } else if !l.starts_with(':') {
                if !name.is_empty() {
                    name.push(' ');
                }
                name.push_str(l);
            }
            i += 1;
        }
        i += 1;
        let mut input = String::new();
        while i < lines.len() && !is_rule(lines[i].trim_end(), '-') {
            input.push_str(lines[i]);
            i += 1;
        }
        i += 1;
        let mut expected = String::new();
        while i < lines.len() && !is_rule(lines[i].trim_end(), '=') {
            expected.push_str(lines[i]);
            i += 1;
        }
        tests.push(CorpusTest {
            file: file.to_owned(),
            name,
            expects_error,
            input,
            expected: expected.trim().to_owned(),
        });
    }
    tests
}

/// Writes tests back in the corpus format (used to refresh expectations).
pub fn render_corpus_file(tests: &[CorpusTest]) -> String {
    let rule_eq = "=".repeat(60);
    let rule_dash = "-".repeat(60);
    let mut out = String::new();
    for t in tests {
        out.push_str(&rule_eq);
        out.push('\n');
        out.push_str(&t.name);
        out.push('\n');
        if t.expects_error {
            out.push_str(":error\n");
        }
        out.push_str(&rule_eq);
        out.push('\n');
        out.push_str(&t.input);
        if !t.input.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&rule_dash);
        out.push_str("\n\n");
        if !t.expected.is_empty() {
            out.push_str(&t.expected);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// The named nodes of a tree, indented two spaces per level, fields omitted.
pub fn pretty_tree(node: Node) -> String {
    let mut out = String::new();
    write_node(node, 0, &mut out);
    out
}

fn write_node(node: Node, depth: usize, out: &mut String) {
    if depth > 0 {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    }
    out.push('(');
    if node.is_missing() {
        out.push_str("MISSING ");
    }
    out.push_str(node.kind());
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        write_node(child, depth + 1, out);
    }
    out.push(')');
}

/// Whitespace-insensitive comparison of two trees in S-expression form.
pub fn same_tree(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("( ", "(")
    };
    norm(a) == norm(b)
}
