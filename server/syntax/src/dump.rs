//! BuildKit's AST dump format (the `result` files of BuildKit's parser tests), and Go's
//! `strconv.Quote`, which that format and several BuildKit error messages use.

use std::fmt::Write as _;

use crate::ast::*;

/// Go's `strconv.Quote`: `"`-wrapped, with `\"`, `\\`, the short escapes
/// `\a \b \f \n \r \t \v`, `\xHH` for other control bytes and DEL, `\uHHHH` /
/// `\UHHHHHHHH` for other non-printable code points, printable Unicode kept as is.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_print(c) => out.push(c),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` (letters, marks, numbers, punctuation,
/// symbols and U+0020) without Unicode category tables: everything except controls,
/// whitespace other than the ASCII space, format characters, private use and
/// noncharacters. Unassigned code points are treated as printable (Go escapes them).
pub fn is_go_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    let format = matches!(u,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F);
    let private = matches!(u, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD);
    let nonchar = matches!(u, 0xFDD0..=0xFDEF) || (u & 0xFFFE) == 0xFFFE;
    !(format || private || nonchar)
}

/// The dump of a whole file: one `(keyword …)` line per instruction, each ending in
/// `\n`, exactly as BuildKit's parser tests expect. A file with syntax errors has no
/// dump (BuildKit's parser returns no AST); the errors are returned instead.
pub fn buildkit_dump(file: &Dockerfile) -> Result<String, Vec<SyntaxError>> {
    if !file.errors.is_empty() {
        return Err(file.errors.clone());
    }
    let mut out = String::new();
    for ins in &file.instructions {
        out.push('(');
        out.push_str(&dump_instruction(ins));
        out.push_str(")\n");
    }
    let mut dump = out.trim().to_owned();
    dump.push('\n');
    Ok(dump)
}

/// One instruction without the surrounding parentheses (Go's `Node.Dump`).
fn dump_instruction(ins: &Instruction) -> String {
    let mut s = ins.keyword.to_lowercase();
    if !ins.flags.is_empty() {
        s.push_str(" [");
        for (i, f) in ins.flags.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&go_quote(&f.text));
        }
        s.push(']');
    }
    let mut arg = |a: &str| {
        s.push(' ');
        s.push_str(&go_quote(a));
    };
    match &ins.body {
        Body::From { words, .. } | Body::Words(words) | Body::Paths { paths: words, .. } => {
            words.iter().for_each(|w| arg(&w.text))
        }
        Body::Command(cmd) => dump_command(cmd.as_ref(), &mut arg),
        Body::KeyValues { pairs, .. } => {
            for p in pairs {
                arg(&p.key.text);
                arg(&p.value.text);
                arg(p.separator);
            }
        }
        Body::Args(args) => args.iter().for_each(|a| arg(&a.word.text)),
        Body::Text(t) => t.iter().for_each(|w| arg(&w.text)),
        Body::Healthcheck { kind, command } => {
            if let Some(k) = kind {
                arg(&k.text);
                dump_command(command.as_ref(), &mut arg);
            }
        }
        Body::Onbuild(inner) => {
            if let Some(inner) = inner {
                s.push_str(" (");
                s.push_str(&dump_instruction(inner));
                s.push(')');
            }
        }
        Body::Unknown => arg(""),
    }
    s.trim().to_owned()
}

fn dump_command(cmd: Option<&Command>, arg: &mut impl FnMut(&str)) {
    match cmd {
        None => {}
        Some(Command::Exec(e)) => e.elements.iter().for_each(|w| arg(&w.text)),
        Some(Command::Shell(t)) => arg(&t.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_quote_matches_strconv() {
        let cases = [
            ("abc", r#""abc""#),
            ("a\"b\\c", r#""a\"b\\c""#),
            ("\u{7}\u{8}\u{c}\n\r\t\u{b}", r#""\a\b\f\n\r\t\v""#),
            ("\0\u{1}\u{7f}", r#""\x00\x01\x7f""#),
            ("♥☃é日本", "\"♥☃é日本\""),
            (
                "\u{a0}\u{85}\u{2028}\u{200b}\u{feff}",
                r#""\u00a0\u0085\u2028\u200b\ufeff""#,
            ),
            ("\u{e0001}\u{10fffd}", r#""\U000e0001\U0010fffd""#),
            ("😀'", "\"😀'\""),
        ];
        for (input, want) in cases {
            assert_eq!(go_quote(input), want, "{input:?}");
        }
    }
}
