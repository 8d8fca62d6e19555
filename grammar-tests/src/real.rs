//! The real corpus: every file must parse without syntax errors (apart from a short,
//! justified list of files BuildKit itself rejects), and the tree-sitter tree must put
//! instruction boundaries exactly where the lowering (BuildKit's rules) puts them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tree_sitter::Node;

#[derive(Default)]
pub struct RealReport {
    pub files: usize,
    pub bytes: usize,
    pub not_utf8: Vec<String>,
    /// Files where the upstream grammar leaves ERROR or MISSING nodes.
    pub upstream_errors: usize,
    /// Files where dlint's grammar leaves ERROR or MISSING nodes.
    pub dlint_tree_errors: Vec<String>,
    /// Files with parse errors from the lowering, with the first message.
    pub lowering_errors: Vec<(String, String)>,
    /// Files whose tree-sitter instruction lines differ from the lowering's.
    pub boundary_mismatches: Vec<(String, String)>,
}

/// `grammar-tests/invalid-files.tsv`: files of the real corpus that BuildKit rejects,
/// each with the rule it breaks.
pub fn justified_invalid() -> BTreeMap<String, String> {
    let path = dlint_test_support::repo_root().join("grammar-tests/invalid-files.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(f, why)| (f.to_owned(), why.to_owned()))
        .collect()
}

pub fn run(files: &[PathBuf]) -> RealReport {
    let mut ours = crate::dlint_parser();
    let mut upstream = crate::upstream_parser();
    let mut report = RealReport::default();
    for path in files {
        let name = file_name(path);
        let bytes = std::fs::read(path).expect("corpus file is readable");
        report.files += 1;
        report.bytes += bytes.len();
        let Ok(text) = String::from_utf8(bytes) else {
            report.not_utf8.push(name);
            continue;
        };
        if crate::parse(&mut upstream, &text).root_node().has_error() {
            report.upstream_errors += 1;
        }
        let tree = crate::parse(&mut ours, &text);
        if tree.root_node().has_error() {
            report.dlint_tree_errors.push(name.clone());
        }
        let file = dlint_syntax::parse_text(&text);
        if let Some(e) = file.errors.first() {
            report
                .lowering_errors
                .push((name.clone(), e.message.clone()));
        }
        let from_tree = tree_instruction_lines(tree.root_node());
        let from_lowering: Vec<(usize, usize)> = file
            .instructions
            .iter()
            .map(|i| (i.start_line, i.end_line))
            .collect();
        if from_tree != from_lowering {
            report
                .boundary_mismatches
                .push((name, describe_mismatch(&from_tree, &from_lowering)));
        }
    }
    report
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// (first line, last line) of every top-level instruction node, 0-based. A node's end
/// includes the line ending it consumed, so an end at column 0 belongs to the line above.
pub fn tree_instruction_lines(root: Node) -> Vec<(usize, usize)> {
    let mut cursor = root.walk();
    let mut instructions = Vec::new();
    for child in root.named_children(&mut cursor) {
        match child.kind() {
            "instruction" => instructions.push(child),
            "stage" => {
                let mut inner = child.walk();
                instructions.extend(
                    child
                        .named_children(&mut inner)
                        .filter(|n| n.kind() == "instruction"),
                );
            }
            _ => {}
        }
    }
    instructions
        .into_iter()
        .map(|n| {
            let start = n.start_position().row;
            let end = n.end_position();
            let last = if end.column == 0 && end.row > start {
                end.row - 1
            } else {
                end.row
            };
            (start, last)
        })
        .collect()
}

fn describe_mismatch(tree: &[(usize, usize)], lowering: &[(usize, usize)]) -> String {
    for (i, (t, l)) in tree.iter().zip(lowering).enumerate() {
        if t != l {
            return format!(
                "instruction {}: tree lines {}-{}, lowering lines {}-{}",
                i + 1,
                t.0 + 1,
                t.1 + 1,
                l.0 + 1,
                l.1 + 1
            );
        }
    }
    format!(
        "tree has {} instructions, lowering {}",
        tree.len(),
        lowering.len()
    )
}
