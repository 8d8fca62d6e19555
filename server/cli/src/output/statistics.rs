//! `--statistics`: how many findings each rule produced, most frequent first.

use super::{all_findings, is_applicable, FileReport};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{self, Write};

struct Row {
    code: &'static str,
    name: &'static str,
    count: usize,
    fixable: usize,
}

fn rows(reports: &[FileReport], unsafe_fixes: bool) -> Vec<Row> {
    let mut by_code: BTreeMap<&'static str, Row> = BTreeMap::new();
    for (_, f) in all_findings(reports) {
        let row = by_code.entry(f.code).or_insert(Row {
            code: f.code,
            name: f.name,
            count: 0,
            fixable: 0,
        });
        row.count += 1;
        row.fixable += usize::from(is_applicable(&f.fix, unsafe_fixes));
    }
    let mut rows: Vec<Row> = by_code.into_values().collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

pub fn write_text(
    reports: &[FileReport],
    unsafe_fixes: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows = rows(reports, unsafe_fixes);
    let count_width = rows.first().map_or(1, |r| r.count.to_string().len());
    let code_width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
    for r in &rows {
        let mark = if r.fixable > 0 { "[*]" } else { "   " };
        writeln!(
            out,
            "{:>count_width$}  {:<code_width$}  {mark} {}",
            r.count, r.code, r.name
        )?;
    }
    Ok(())
}

pub fn write_json(
    reports: &[FileReport],
    unsafe_fixes: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let items: Vec<_> = rows(reports, unsafe_fixes)
        .iter()
        .map(|r| json!({"code": r.code, "name": r.name, "count": r.count, "fixable": r.fixable}))
        .collect();
    super::write_json(&items, out)
}

#[cfg(test)]
mod tests {
    use crate::output::fixtures::{render_reports, reports};

    #[test]
    fn counts_per_rule() {
        let mut rs = reports();
        let extra = rs[0].findings[1].clone();
        rs[0].findings.push(extra);
        let text = render_reports(|r, out| super::write_text(r, false, out), &rs);
        assert_eq!(
            text,
            "2  DL3008               pin-apt-versions\n\
             1  DL3048               label-key-format\n\
             1  StageNameCasing  [*] stage-name-casing\n"
        );
    }
}
