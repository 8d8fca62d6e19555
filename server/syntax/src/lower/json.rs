//! A small JSON reader for exec form: is the text a JSON array of strings?
//!
//! It follows Go's `encoding/json` as BuildKit uses it (`json.Unmarshal` into
//! `[]interface{}`): the whole text must be one valid JSON value (only whitespace after
//! it), nesting deeper than 10000 is invalid, numbers that overflow a float64 make the
//! decode fail, string escapes are JSON's, and a lone surrogate decodes to U+FFFD.

/// One string element: its decoded value and the byte range of the quoted string.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct JsonString {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// A valid array whose elements are all strings.
    Strings(Vec<JsonString>),
    /// Valid JSON, but some element is not a string: BuildKit's hard error.
    NotStrings,
    /// Not valid JSON (or not decodable): BuildKit silently falls back to shell form.
    Invalid,
}

const MAX_DEPTH: usize = 10_000;

/// Parses `text` (which should start with `[`).
pub(crate) fn parse_array(text: &str) -> JsonArray {
    let mut p = Reader {
        b: text.as_bytes(),
        pos: 0,
        overflow: false,
    };
    if p.peek() != Some(b'[') {
        return JsonArray::Invalid;
    }
    p.pos += 1;
    let mut elems = Vec::new();
    let mut all_strings = true;
    p.ws();
    if p.peek() == Some(b']') {
        p.pos += 1;
    } else {
        loop {
            p.ws();
            if p.peek() == Some(b'"') {
                let start = p.pos;
                let Some(value) = p.string() else {
                    return JsonArray::Invalid;
                };
                elems.push(JsonString {
                    value,
                    start,
                    end: p.pos,
                });
            } else {
                all_strings = false;
                if !p.skip_value() {
                    return JsonArray::Invalid;
                }
            }
            p.ws();
            match p.peek() {
                Some(b',') => p.pos += 1,
                Some(b']') => {
                    p.pos += 1;
                    break;
                }
                _ => return JsonArray::Invalid,
            }
        }
    }
    p.ws();
    if p.pos != p.b.len() || p.overflow {
        return JsonArray::Invalid;
    }
    if all_strings {
        JsonArray::Strings(elems)
    } else {
        JsonArray::NotStrings
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    /// A number did not fit a float64: Go's decoder reports an error at the end.
    overflow: bool,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Validates one value of any type, without recursion (nesting is tracked on a stack
    /// so deeply nested input cannot overflow ours).
    fn skip_value(&mut self) -> bool {
        // Each entry is the open container: b'[' or b'{'.
        let mut stack: Vec<u8> = Vec::new();
        loop {
            // Expect a value here.
            self.ws();
            match self.peek() {
                Some(b'"') => {
                    if self.string().is_none() {
                        return false;
                    }
                }
                Some(c @ (b'[' | b'{')) => {
                    self.pos += 1;
                    stack.push(c);
                    if stack.len() > MAX_DEPTH {
                        return false;
                    }
                    self.ws();
                    let close = if c == b'[' { b']' } else { b'}' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        stack.pop();
                    } else {
                        if c == b'{' && !self.object_key() {
                            return false;
                        }
                        continue;
                    }
                }
                Some(b't') => {
                    if !self.literal(b"true") {
                        return false;
                    }
                }
                Some(b'f') => {
                    if !self.literal(b"false") {
                        return false;
                    }
                }
                Some(b'n') => {
                    if !self.literal(b"null") {
                        return false;
                    }
                }
                Some(b'-' | b'0'..=b'9') => {
                    if !self.number() {
                        return false;
                    }
                }
                _ => return false,
            }
            // After a value: close containers or move to the next element.
            loop {
                let Some(&top) = stack.last() else {
                    return true;
                };
                self.ws();
                let close = if top == b'[' { b']' } else { b'}' };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if top == b'{' && !self.object_key() {
                            return false;
                        }
                        break;
                    }
                    Some(c) if c == close => {
                        self.pos += 1;
                        stack.pop();
                    }
                    _ => return false,
                }
            }
        }
    }

    /// `"key" :` inside an object.
    fn object_key(&mut self) -> bool {
        self.ws();
        if self.peek() != Some(b'"') || self.string().is_none() {
            return false;
        }
        self.ws();
        if self.peek() != Some(b':') {
            return false;
        }
        self.pos += 1;
        true
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        if self.b[self.pos..].starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> bool {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return false,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return false;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return false;
            }
        }
        let text = std::str::from_utf8(&self.b[start..self.pos]).unwrap_or("0");
        if text.parse::<f64>().map_or(true, |f| f.is_infinite()) {
            self.overflow = true;
        }
        true
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.b.get(self.pos..self.pos + 4)?;
        let s = std::str::from_utf8(h).ok()?;
        if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(s, 16).ok()
    }

    /// Reads a string starting at `"`; returns the decoded value.
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The input is a &str and we only stop at ASCII bytes, so this is UTF-8.
            out.push_str(std::str::from_utf8(&self.b[run_start..self.pos]).ok()?);
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let e = self.peek()?;
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let cp = self.hex4()?;
                            out.push(self.surrogate_aware(cp)?);
                        }
                        _ => return None,
                    }
                }
                _ => return None, // raw control character
            }
        }
    }

    /// Combines a high surrogate with a following `\uDC00..` escape; anything else
    /// lone becomes U+FFFD, as Go does.
    fn surrogate_aware(&mut self, cp: u32) -> Option<char> {
        if !(0xD800..0xE000).contains(&cp) {
            return char::from_u32(cp);
        }
        if cp < 0xDC00 && self.b[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            if let Some(lo) = self.hex4() {
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    return char::from_u32(c);
                }
            }
            self.pos = save;
        }
        Some('\u{FFFD}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<String> {
        match parse_array(text) {
            JsonArray::Strings(v) => v.into_iter().map(|s| s.value).collect(),
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    #[test]
    fn decodes_string_arrays() {
        assert_eq!(strings("[]"), Vec::<String>::new());
        assert_eq!(strings("[ \"a\" , \"b\" ]  "), ["a", "b"]);
        assert_eq!(strings(r#"["\/usr\\\"/bin"]"#), ["/usr\\\"/bin"]);
        assert_eq!(
            strings(r#"["\u00e9\ud83d\ude00\ud800x"]"#),
            ["é😀\u{FFFD}x"]
        );
        assert_eq!(strings("[\"♥\"]"), ["♥"]);
    }

    #[test]
    fn spans_cover_quoted_strings() {
        let JsonArray::Strings(v) = parse_array("[ \"a\", \"bc\"]") else {
            panic!()
        };
        assert_eq!((v[0].start, v[0].end, v[1].start, v[1].end), (2, 5, 7, 11));
    }

    #[test]
    fn classifies_non_strings_and_invalid() {
        for t in [
            r#"["a", ["b"]]"#,
            "[1]",
            "[null]",
            r#"[{"a": [1, {"b": true}]}]"#,
        ] {
            assert_eq!(parse_array(t), JsonArray::NotStrings, "{t}");
        }
        for t in [
            "['a']",
            "[\"a\"",
            "[\"a]",
            "[\"a\"] x",
            "[01]",
            "[1e999]",
            "[\"a\tb\"]",
            "[\"\\x\"]",
            "[,]",
            "[\"a\",]",
            "[{\"a\"}]",
            "{}",
        ] {
            assert_eq!(parse_array(t), JsonArray::Invalid, "{t}");
        }
        let deep = "[".repeat(20_000) + &"]".repeat(20_000);
        assert_eq!(parse_array(&deep), JsonArray::Invalid);
        let ok_deep = format!("[{}{}]", "[".repeat(50), "]".repeat(50));
        assert_eq!(parse_array(&ok_deep), JsonArray::NotStrings);
    }
}
