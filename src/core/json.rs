//! A small, strict JSON (RFC 8259) parser and compact serializer.
//!
//! Used for error-response bodies and a few small success bodies: they are parsed here so the API key
//! can be redacted from every decoded string (an echoed key written as `\u0073k_live…` is plain
//! `sk_live…` after parsing), then written back as JSON text for JS's `JSON.parse`; and for reading a
//! few fields (`get`, `as_str`).
//!
//! Choices, all deliberate:
//! - Strict RFC 8259: whitespace is only space, tab, LF and CR; no comments, trailing commas, leading
//!   zeros, `NaN`/`Infinity`, single quotes or raw control characters (U+0000–U+001F) in strings. The
//!   whole input must be one value; whitespace may surround it. No byte-order mark.
//! - Numbers keep their exact source text (`Json::Number("1.50e+3")`), so nothing is lost or
//!   reformatted and no float code is linked in.
//! - `\uXXXX` escapes are decoded, surrogate pairs combined. A lone surrogate escape (a high one not
//!   followed by a low one, or a low one on its own) cannot be held in a Rust `String`; it is decoded
//!   lossily as U+FFFD and the input is still accepted, as `JSON.parse` would accept it.
//! - Objects keep members in source order, duplicate keys included; `get` returns the first.
//! - Nesting deeper than [`MAX_DEPTH`] arrays/objects is rejected. The parser uses an explicit stack,
//!   not recursion, so no input can exhaust the (small) wasm stack, and it never panics: malformed
//!   input of any kind gives `None`.
//! - The tree walkers (`write_text`, `for_each_string_mut`, the derived `PartialEq` and `Clone`, and
//!   dropping) recurse once per nesting level; trees from `parse` are at most `MAX_DEPTH` deep.
//! - Equality is structural and compares numbers by their text (`1.0` and `1` differ), which is what
//!   the round trip `parse(&v.to_text()) == Some(v)` needs.
//! - No `core::fmt`, no float formatting: size matters more than speed here; everything is linear.

/// Deepest nesting of arrays and objects `parse` accepts (`[[…]]` with 128 `[` is accepted, 129 not).
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number's exact source text, valid per RFC 8259 when it came from `parse`. Whoever builds one
    /// by hand must keep it valid: `write_text` copies it as is.
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Members in source order; duplicate keys are kept as they come.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value of the last member named `key` (the one `JSON.parse` keeps), if this is an object
    /// that has one.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// "a string", "an object", ...: the JS type the value has after `JSON.parse`, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// The value of a number, without `core::fmt`'s float parser (which costs kilobytes of wasm).
    /// Exact (correctly rounded) for up to 15 significant digits and exponents within ±22, which is
    /// every number a request field holds; others are within a few ulps, enough for range checks.
    pub fn as_f64(&self) -> Option<f64> {
        let Json::Number(text) = self else {
            return None;
        };
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (mantissa_text, exponent_text) = match rest.find(['e', 'E']) {
            Some(at) => (rest.get(..at)?, rest.get(at + 1..)?),
            None => (rest, ""),
        };
        let mut mantissa = 0.0f64;
        let mut exponent: i32 = 0;
        let mut digits = 0;
        let mut after_point = false;
        for b in mantissa_text.bytes() {
            match b {
                b'.' => after_point = true,
                b'0'..=b'9' => {
                    // Beyond 17 significant digits the rest cannot change an f64 much.
                    if digits < 17 {
                        mantissa = mantissa * 10.0 + f64::from(b - b'0');
                        if mantissa != 0.0 {
                            digits += 1;
                        }
                        if after_point {
                            exponent -= 1;
                        }
                    } else if !after_point {
                        exponent += 1;
                    }
                }
                _ => return None,
            }
        }
        let mut written: i32 = 0;
        let (sign, digits_text) = match exponent_text.strip_prefix('-') {
            Some(d) => (-1, d),
            None => (1, exponent_text.strip_prefix('+').unwrap_or(exponent_text)),
        };
        for b in digits_text.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            written = written
                .saturating_mul(10)
                .saturating_add(i32::from(b - b'0'));
        }
        exponent = exponent.saturating_add(sign * written);
        if mantissa == 0.0 {
            return Some(if negative { -0.0 } else { 0.0 });
        }
        let scale = 10f64.powi(exponent.unsigned_abs().min(400) as i32);
        let value = if exponent < 0 {
            mantissa / scale
        } else {
            mantissa * scale
        };
        Some(if negative { -value } else { value })
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// Call `f` on every string value and every object key, at any depth (for redaction). Numbers and
    /// literals are not visited.
    pub fn for_each_string_mut(&mut self, f: &mut dyn FnMut(&mut String)) {
        match self {
            Json::String(s) => f(s),
            Json::Array(items) => items.iter_mut().for_each(|v| v.for_each_string_mut(f)),
            Json::Object(members) => {
                for (k, v) in members {
                    f(k);
                    v.for_each_string_mut(f);
                }
            }
            _ => {}
        }
    }

    /// Append this value as compact JSON (no whitespace). In strings, `"` and `\` are escaped,
    /// control characters U+0000–U+001F are written as `\b \t \n \f \r` or `\u00xx` (lowercase hex),
    /// and everything else is copied as UTF-8. `parse` of the output gives back an equal tree.
    pub fn write_text(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_text(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(k, out);
                    out.push(':');
                    v.write_text(out);
                }
                out.push('}');
            }
        }
    }

    /// This value as compact JSON text; see [`Json::write_text`].
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let short = match b {
            b'"' | b'\\' => b,
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            8 => b'b',
            12 => b'f',
            0..=31 => b'u',
            _ => continue,
        };
        // `start` and `i` are at ASCII bytes or the ends, so always char boundaries.
        out.push_str(s.get(start..i).unwrap_or(""));
        out.push('\\');
        out.push(short as char);
        if short == b'u' {
            out.push_str(if b < 16 { "000" } else { "001" });
            let d = b & 15;
            out.push((if d < 10 { b'0' + d } else { b'a' - 10 + d }) as char);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

struct Parser<'a> {
    text: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.peek() == Some(byte);
        self.i += hit as usize;
        hit
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn literal(&mut self, word: &str) -> bool {
        let hit = self
            .text
            .as_bytes()
            .get(self.i..)
            .is_some_and(|rest| rest.starts_with(word.as_bytes()));
        if hit {
            self.i += word.len();
        }
        hit
    }

    /// Count of ASCII digits skipped.
    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as its source text.
    fn number(&mut self) -> Option<String> {
        let start = self.i;
        self.eat(b'-');
        if !self.eat(b'0') && self.digits() == 0 {
            return None;
        }
        if self.eat(b'.') && self.digits() == 0 {
            return None;
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return None;
            }
        }
        self.text.get(start..self.i).map(String::from)
    }

    /// The code of a `\uXXXX` escape at byte `at`.
    fn unicode_escape(&self, at: usize) -> Option<u32> {
        let Some([b'\\', b'u', hex @ ..]) = self.text.as_bytes().get(at..at + 6) else {
            return None;
        };
        hex.iter()
            .try_fold(0, |n, &d| Some(n << 4 | (d as char).to_digit(16)?))
    }

    /// A string; `self.i` is at its opening quote.
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut out = String::new();
        let mut start = self.i;
        loop {
            let b = self.peek()?;
            if b == b'"' || b == b'\\' {
                // `start` and `self.i` are just after / at ASCII bytes: char boundaries.
                out.push_str(self.text.get(start..self.i)?);
                if b == b'"' {
                    self.i += 1;
                    return Some(out);
                }
                let c = if let Some(mut code) = self.unicode_escape(self.i) {
                    self.i += 6;
                    if (0xD800..0xDC00).contains(&code) {
                        if let Some(low @ 0xDC00..=0xDFFF) = self.unicode_escape(self.i) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                            self.i += 6;
                        }
                    }
                    // Lone surrogates are the only codes `from_u32` refuses here.
                    char::from_u32(code).unwrap_or('\u{FFFD}')
                } else {
                    self.i += 2;
                    match self.text.as_bytes().get(self.i - 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        _ => return None,
                    }
                };
                out.push(c);
                start = self.i;
            } else if b < 0x20 {
                return None;
            } else {
                self.i += 1;
            }
        }
    }

    /// `"key" :` after an object's `{` or `,`.
    fn key(&mut self) -> Option<String> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return None;
        }
        let key = self.string()?;
        self.skip_ws();
        self.eat(b':').then_some(key)
    }
}

/// Parse `text` as exactly one JSON value (surrounding whitespace allowed). `None` when it is not valid
/// RFC 8259 JSON or nests deeper than [`MAX_DEPTH`]. Never panics.
pub fn parse(text: &str) -> Option<Json> {
    let mut p = Parser { text, i: 0 };
    // The open arrays and objects, outermost first. An open object's last member holds the key whose
    // value is being parsed, with `Null` in its place until the value is complete.
    let mut stack: Vec<Json> = Vec::new();
    loop {
        // At the start, or after `[`, `{` or `,`: a value comes next, in an object after its key and `:`.
        if let Some(Json::Object(members)) = stack.last_mut() {
            members.push((p.key()?, Json::Null));
        }
        p.skip_ws();
        let mut value = match p.peek()? {
            open @ (b'[' | b'{') => {
                if stack.len() >= MAX_DEPTH {
                    return None;
                }
                p.i += 1;
                p.skip_ws();
                let empty = if open == b'[' {
                    Json::Array(Vec::new())
                } else {
                    Json::Object(Vec::new())
                };
                // `]` and `}` are two after `[` and `{` in ASCII.
                if !p.eat(open + 2) {
                    stack.push(empty);
                    continue;
                }
                empty
            }
            b'"' => Json::String(p.string()?),
            b't' if p.literal("true") => Json::Bool(true),
            b'f' if p.literal("false") => Json::Bool(false),
            b'n' if p.literal("null") => Json::Null,
            _ => Json::Number(p.number()?),
        };
        // A value ended: put it in the open container, closing containers as their ends come.
        loop {
            p.skip_ws();
            let close = match stack.last_mut() {
                None => return (p.i == text.len()).then_some(value),
                Some(Json::Array(items)) => {
                    items.push(value);
                    b']'
                }
                Some(Json::Object(members)) => {
                    if let Some(last) = members.last_mut() {
                        last.1 = value;
                    }
                    b'}'
                }
                Some(_) => return None,
            };
            if p.eat(b',') {
                break;
            }
            if !p.eat(close) {
                return None;
            }
            value = stack.pop()?;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn number_values() {
        for (text, value) in [
            ("0", 0.0),
            ("-0", -0.0),
            ("1", 1.0),
            ("100", 100.0),
            ("0.5", 0.5),
            ("1.5E-3", 0.0015),
            ("1e5", 100000.0),
            ("-2.25", -2.25),
            ("0.1", 0.1),
            ("0.3", 0.3),
            ("12.345", 12.345),
            ("1e22", 1e22),
            ("0e400", 0.0),
            ("123456789012345678901234", 1.2345678901234568e23),
        ] {
            let n = parse(text).unwrap().as_f64().unwrap();
            assert!(
                n == value || (n - value).abs() <= value.abs() * 1e-15,
                "{text}: {n}"
            );
        }
        assert_eq!(parse("1e999").unwrap().as_f64(), Some(f64::INFINITY));
        assert_eq!(parse("\"1\"").unwrap().as_f64(), None);
        assert_eq!(parse("[1]").unwrap().type_name(), "an array");
    }

    use super::*;

    fn s(text: &str) -> Json {
        Json::String(text.into())
    }

    fn n(text: &str) -> Json {
        Json::Number(text.into())
    }

    fn ok(text: &str) -> Json {
        match parse(text) {
            Some(v) => v,
            None => panic!("should parse: {text:?}"),
        }
    }

    fn bad(text: &str) {
        assert_eq!(parse(text), None, "should not parse: {text:?}");
    }

    #[test]
    fn literals_and_whitespace() {
        assert_eq!(ok("null"), Json::Null);
        assert_eq!(ok("true"), Json::Bool(true));
        assert_eq!(ok("false"), Json::Bool(false));
        assert_eq!(ok(" \t\r\n true \t\r\n "), Json::Bool(true));
        for text in [
            "",
            " ",
            "nul",
            "nulll",
            "True",
            "NULL",
            "t",
            "falsey",
            "\u{feff}null",
            "\u{a0}1",
            "\u{b}1",
            "\u{c}1",
            "1\u{c}",
            "NaN",
            "Infinity",
            "-Infinity",
            "undefined",
        ] {
            bad(text);
        }
    }

    #[test]
    fn numbers() {
        for text in [
            "0",
            "-0",
            "1",
            "-1",
            "1e5",
            "1E5",
            "1.5E-3",
            "1e+5",
            "-0.0",
            "0e0",
            "0.000",
            "10",
            "1234567890",
            "123.456e-789",
            "1E400",
            "-12.5e+07",
            "99999999999999999999999999999999",
        ] {
            assert_eq!(ok(text), n(text));
            assert_eq!(ok(&[" ", text, " "].concat()), n(text));
        }
        for text in [
            "01", "-01", "00", "1.", ".5", "-", "-.5", "+1", "1e", "1e+", "1E-", "1.e5", "0x10",
            "1.5.5", "1e5e5", "--1", "1 2", "- 1", "1_000", "１", "0.", "-a", "e5", "1ee5",
            "1e1.5",
        ] {
            bad(text);
        }
        assert_eq!(
            ok("[-0,1e5,1.5E-3]"),
            Json::Array(vec![n("-0"), n("1e5"), n("1.5E-3")])
        );
        bad("[01]");
        bad("[1.]");
        bad("{\"a\":-}");
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(ok(r#""""#), s(""));
        assert_eq!(ok(r#""abc""#), s("abc"));
        assert_eq!(ok(r#""\"\\\/\b\f\n\r\t""#), s("\"\\/\u{8}\u{c}\n\r\t"));
        assert_eq!(ok(r#""\u0041\u00e9\u00E9\u4e2d""#), s("Aéé中"));
        assert_eq!(ok(r#""\u0000""#), s("\0"));
        assert_eq!(ok("\"é中😀\u{7f}\u{2028}\""), s("é中😀\u{7f}\u{2028}"));
        // Surrogate pairs, upper and lower case.
        assert_eq!(ok(r#""\ud83d\ude00""#), s("😀"));
        assert_eq!(ok(r#""\uD834\uDD1E!""#), s("𝄞!"));
        assert_eq!(ok(r#""\udbff\udfff""#), s("\u{10ffff}"));
        // Lone surrogates decode as U+FFFD and do not swallow what follows.
        assert_eq!(ok(r#""\ud800""#), s("\u{fffd}"));
        assert_eq!(ok(r#""\udc00x""#), s("\u{fffd}x"));
        assert_eq!(ok(r#""\ud800\u0041""#), s("\u{fffd}A"));
        assert_eq!(ok(r#""\ud800\ud800\udc00""#), s("\u{fffd}\u{10000}"));
        assert_eq!(ok(r#""\ude00\ud83d""#), s("\u{fffd}\u{fffd}"));
        assert_eq!(ok(r#""\ud800\n""#), s("\u{fffd}\n"));
        assert_eq!(ok(r#""\ud800\\u0041""#), s("\u{fffd}\\u0041"));
        // A key echoed with escapes is plain text after parsing, ready for redaction.
        assert_eq!(ok(r#""\u0073k_live_\u0041BC""#), s("sk_live_ABC"));
        for text in [
            "\"",
            "\"abc",
            "\"\\",
            "\"\\\"",
            "'a'",
            r#""\x41""#,
            r#""\a""#,
            r#""\U0041""#,
            r#""\u""#,
            r#""\u12""#,
            r#""\u12g4""#,
            r#""\u-123""#,
            r#""\u 123""#,
            r#""\ud800\u""#,
            r#""\ud800\uzzzz""#,
            "\"\\\u{e9}\"",
            "\"a\u{0}b\"",
            "\"\n\"",
            "\"\t\"",
            "\"\u{1f}\"",
            "\"\r\"",
            "\"ab\"c\"",
        ] {
            bad(text);
        }
    }

    #[test]
    fn structure() {
        assert_eq!(ok("[]"), Json::Array(vec![]));
        assert_eq!(ok("{}"), Json::Object(vec![]));
        assert_eq!(ok(" [ ] "), Json::Array(vec![]));
        assert_eq!(ok(" { } "), Json::Object(vec![]));
        assert_eq!(
            ok(
                r#" { "a" : [ 1 , { } , [ ] , "x" , null ] , "b" : { "c" : true } , "a" : false } "#
            ),
            Json::Object(vec![
                (
                    "a".into(),
                    Json::Array(vec![
                        n("1"),
                        Json::Object(vec![]),
                        Json::Array(vec![]),
                        s("x"),
                        Json::Null
                    ])
                ),
                (
                    "b".into(),
                    Json::Object(vec![("c".into(), Json::Bool(true))])
                ),
                ("a".into(), Json::Bool(false)),
            ])
        );
        assert_eq!(
            ok("[[[]],[[1]]]"),
            Json::Array(vec![
                Json::Array(vec![Json::Array(vec![])]),
                Json::Array(vec![Json::Array(vec![n("1")])]),
            ])
        );
        for text in [
            "[",
            "]",
            "{",
            "}",
            "[1",
            "[1,",
            "[1,]",
            "[,1]",
            "[,]",
            "[1 2]",
            "[1,,2]",
            "{\"a\":1,}",
            "{,}",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\" 1}",
            "{\"a\":1 \"b\":2}",
            "{a:1}",
            "{1:1}",
            "{\"a\":1,,\"b\":2}",
            "{\"a\"::1}",
            "[}",
            "{]",
            "[1}",
            "{\"a\":1]",
            "[]]",
            "{}}",
            "[] []",
            "{} x",
            "1 x",
            "\"a\" \"b\"",
            "null,",
            "[null]x",
            "[1]//",
            "[1]/**/",
            "/*c*/1",
            "[1,//c\n2]",
            "{\"a\":1}\u{0}",
            "[\u{a0}]",
            "{\"a\":[}",
            "[{]",
            "[{\"a\":1]",
            "{\"a\":{\"b\":1}",
            "[[[]]",
        ] {
            bad(text);
        }
    }

    #[test]
    fn depth_limit() {
        let nest =
            |depth: usize, open: &str, close: &str| open.repeat(depth) + &close.repeat(depth);
        assert!(parse(&nest(MAX_DEPTH, "[", "]")).is_some());
        assert!(parse(&nest(MAX_DEPTH + 1, "[", "]")).is_none());
        let objects = |depth: usize| "{\"k\":".repeat(depth - 1) + "{}" + &"}".repeat(depth - 1);
        assert!(parse(&objects(MAX_DEPTH)).is_some());
        assert!(parse(&objects(MAX_DEPTH + 1)).is_none());
        assert!(parse(&objects(MAX_DEPTH + 1).replacen("{}", "1", 1)).is_some()); // 128 objects around a 1
        let mixed = "[{\"a\":".repeat(MAX_DEPTH / 2);
        assert!(parse(&(mixed.clone() + "[]" + &"}]".repeat(MAX_DEPTH / 2))).is_none());
        assert!(parse(&(mixed + "1" + &"}]".repeat(MAX_DEPTH / 2))).is_some());
        // Depth counts open containers, not siblings.
        let wide = "[".to_string() + &"[[1]],".repeat(10_000) + "[]]";
        assert!(parse(&wide).is_some());
        // The tree at the limit survives the recursive walkers.
        let mut deep = ok(&nest(MAX_DEPTH, "[", "]"));
        deep.for_each_string_mut(&mut |_| {});
        assert_eq!(parse(&deep.to_text()).as_ref(), Some(&deep));
        // Huge inputs fail fast and without recursion.
        assert!(parse(&"[".repeat(1 << 20)).is_none());
        assert!(parse(&"{\"a\":".repeat(1 << 18)).is_none());
        assert!(parse(&"[".repeat(1 << 20).replace("[[", "[ ")).is_none());
    }

    #[test]
    fn get_and_as_str() {
        let v = ok(
            r#"{"errorCode":"E1","message":["a","b"],"status":422,"error":null,"errorCode":"E2","id":"x"}"#,
        );
        assert_eq!(
            v.get("errorCode").and_then(Json::as_str),
            Some("E2"),
            "the last, as JSON.parse keeps"
        );
        assert_eq!(v.get("id").and_then(Json::as_str), Some("x"));
        assert_eq!(v.get("status"), Some(&n("422")));
        assert_eq!(v.get("status").and_then(Json::as_str), None);
        assert_eq!(v.get("error"), Some(&Json::Null));
        assert_eq!(v.get("missing"), None);
        assert_eq!(v.get("ErrorCode"), None);
        assert_eq!(v.get("message"), Some(&Json::Array(vec![s("a"), s("b")])));
        assert_eq!(ok(r#"["errorCode"]"#).get("errorCode"), None);
        assert_eq!(s("x").get("x"), None);
        assert_eq!(ok(r#""text""#).as_str(), Some("text"));
        assert_eq!(Json::Null.as_str(), None);
        assert_eq!(ok(r#"{"a\u0062":1}"#).get("ab"), Some(&n("1")));
    }

    #[test]
    fn for_each_string_mut_visits_keys_and_values() {
        let mut v = ok(
            r#"{"sk_1":["sk_1 x",{"k":"\u0073k_1"}],"n":1,"t":true,"z":null,"o":{"sk_1":"sk_1"}}"#,
        );
        let mut seen = Vec::new();
        v.for_each_string_mut(&mut |s: &mut String| {
            seen.push(s.clone());
            *s = s.replace("sk_1", "[redacted]");
        });
        assert_eq!(
            seen,
            ["sk_1", "sk_1 x", "k", "sk_1", "n", "t", "z", "o", "sk_1", "sk_1"]
        );
        assert_eq!(
            v.to_text(),
            r#"{"[redacted]":["[redacted] x",{"k":"[redacted]"}],"n":1,"t":true,"z":null,"o":{"[redacted]":"[redacted]"}}"#
        );
        let mut top = s("sk_1");
        top.for_each_string_mut(&mut |s: &mut String| s.clear());
        assert_eq!(top, s(""));
        let mut number = n("1");
        number.for_each_string_mut(&mut |_| panic!("numbers are not strings"));
    }

    #[test]
    fn serializer() {
        assert_eq!(Json::Null.to_text(), "null");
        assert_eq!(Json::Bool(true).to_text(), "true");
        assert_eq!(Json::Bool(false).to_text(), "false");
        assert_eq!(n("-1.5E+3").to_text(), "-1.5E+3");
        assert_eq!(Json::Array(vec![]).to_text(), "[]");
        assert_eq!(Json::Object(vec![]).to_text(), "{}");
        assert_eq!(s("").to_text(), r#""""#);
        assert_eq!(
            s("a\"b\\c/d\u{8}\u{c}\n\r\t\u{0}\u{1}\u{a}\u{b}\u{e}\u{f}\u{10}\u{1a}\u{1f} \u{7f}é😀\u{2028}").to_text(),
            "\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\\u0000\\u0001\\n\\u000b\\u000e\\u000f\\u0010\\u001a\\u001f \u{7f}é😀\u{2028}\""
        );
        assert_eq!(
            ok(r#" { "a" : [ 1 , { } , "x\u0041" ] , "b" : { } , "a" : null } "#).to_text(),
            r#"{"a":[1,{},"xA"],"b":{},"a":null}"#
        );
        let mut out = String::from("prefix:");
        Json::Array(vec![Json::Null, Json::Bool(true)]).write_text(&mut out);
        assert_eq!(out, "prefix:[null,true]");
        // Every control character survives the round trip.
        let controls: String = (0u8..32).map(char::from).collect();
        assert_eq!(ok(&s(&controls).to_text()), s(&controls));
    }

    // ---- Property-style tests: xorshift-generated inputs, no extra crates. ----

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    const NUMBERS: &[&str] = &[
        "0",
        "-0",
        "1",
        "-17",
        "3.25",
        "1e5",
        "1.5E-3",
        "-0.0e+00",
        "123456789012345678901234567890",
    ];

    fn random_text(rng: &mut Rng) -> String {
        let chars = [
            'a', 'Z', ' ', '"', '\\', '/', '\0', '\n', '\t', '\u{1f}', '\u{7f}', 'é', '中', '😀',
            '\u{2028}', '\u{fffd}',
        ];
        (0..rng.below(8))
            .map(|_| chars[rng.below(chars.len())])
            .collect()
    }

    fn random_tree(rng: &mut Rng, depth: usize) -> Json {
        let kind = if depth == 0 {
            rng.below(4)
        } else {
            rng.below(6)
        };
        match kind {
            0 => [Json::Null, Json::Bool(true), Json::Bool(false)][rng.below(3)].clone(),
            1 => n(rng.pick(NUMBERS)),
            2 | 3 => Json::String(random_text(rng)),
            4 => Json::Array(
                (0..rng.below(5))
                    .map(|_| random_tree(rng, depth - 1))
                    .collect(),
            ),
            _ => Json::Object(
                (0..rng.below(5))
                    .map(|_| (random_text(rng), random_tree(rng, depth - 1)))
                    .collect(),
            ),
        }
    }

    /// JSON-ish text from tokens, often valid, often subtly not.
    fn random_tokens(rng: &mut Rng) -> String {
        const TOKENS: &[&str] = &[
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            " ",
            "\n",
            "\"a\"",
            "\"\"",
            "\"k\":",
            "1",
            "-0",
            "0.5",
            "1e5",
            "01",
            "1.",
            ".5",
            "-",
            "true",
            "null",
            "false",
            "nul",
            "\"\\u0041\"",
            "\"\\ud83d\\ude00\"",
            "\"\\ud800\"",
            "\"\\u12\"",
            "\"\\x\"",
            "\"\\\"\"",
            "\"\t\"",
            "\"é\"",
            "\"",
            "\\",
            "\\u",
            "e",
            "+",
            "x",
            "\u{0}",
            "\u{a0}",
            "😀",
        ];
        (0..rng.below(24)).map(|_| rng.pick(TOKENS)).collect()
    }

    /// An independent recursive validator for RFC 8259 (depth-unlimited), to cross-check acceptance.
    fn reference_valid(text: &str) -> bool {
        fn ws(b: &[u8], mut i: usize) -> usize {
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
                i += 1;
            }
            i
        }
        fn digits(b: &[u8], i: usize) -> usize {
            b[i..].iter().take_while(|c| c.is_ascii_digit()).count()
        }
        fn value(b: &[u8], i: usize) -> Option<usize> {
            let i = ws(b, i);
            match *b.get(i)? {
                b'"' => {
                    let mut j = i + 1;
                    loop {
                        match *b.get(j)? {
                            b'"' => return Some(j + 1),
                            b'\\' => match *b.get(j + 1)? {
                                b'u' => {
                                    if !b.get(j + 2..j + 6)?.iter().all(u8::is_ascii_hexdigit) {
                                        return None;
                                    }
                                    j += 6;
                                }
                                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => j += 2,
                                _ => return None,
                            },
                            c if c < 0x20 => return None,
                            _ => j += 1,
                        }
                    }
                }
                open @ (b'[' | b'{') => {
                    let close = if open == b'[' { b']' } else { b'}' };
                    let mut j = ws(b, i + 1);
                    if b.get(j) == Some(&close) {
                        return Some(j + 1);
                    }
                    loop {
                        if open == b'{' {
                            j = ws(b, j);
                            if b.get(j) != Some(&b'"') {
                                return None;
                            }
                            j = ws(b, value(b, j)?);
                            if b.get(j) != Some(&b':') {
                                return None;
                            }
                            j += 1;
                        }
                        j = ws(b, value(b, j)?);
                        match b.get(j) {
                            Some(b',') => j += 1,
                            Some(&c) if c == close => return Some(j + 1),
                            _ => return None,
                        }
                    }
                }
                _ => {
                    for word in ["true", "false", "null"] {
                        if b[i..].starts_with(word.as_bytes()) {
                            return Some(i + word.len());
                        }
                    }
                    let mut j = i + (b[i] == b'-') as usize;
                    let int = digits(b, j);
                    if int == 0 || (int > 1 && b[j] == b'0') {
                        return None;
                    }
                    j += int;
                    if b.get(j) == Some(&b'.') {
                        let frac = digits(b, j + 1);
                        if frac == 0 {
                            return None;
                        }
                        j += 1 + frac;
                    }
                    if matches!(b.get(j), Some(b'e' | b'E')) {
                        j += 1 + matches!(b.get(j + 1), Some(b'+' | b'-')) as usize;
                        let exp = digits(b, j);
                        if exp == 0 {
                            return None;
                        }
                        j += exp;
                    }
                    Some(j)
                }
            }
        }
        let b = text.as_bytes();
        value(b, 0).is_some_and(|end| ws(b, end) == b.len())
    }

    fn check(text: &str) {
        let parsed = parse(text);
        assert_eq!(
            parsed.is_some(),
            reference_valid(text),
            "acceptance differs for {text:?}"
        );
        if let Some(v) = parsed {
            let out = v.to_text();
            assert_eq!(
                parse(&out).as_ref(),
                Some(&v),
                "round trip of {text:?} via {out:?}"
            );
            assert_eq!(
                parse(&out).map(|w| w.to_text()),
                Some(out.clone()),
                "output is a fixed point"
            );
        }
    }

    #[test]
    fn property_random_bytes_never_panic() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let alphabet = b"[]{}\",:\\/ \t\n\r0123456789-+.eEtrufalsn\x00\x1f\x7fuabcdefABCDEF";
        for _ in 0..20_000 {
            let len = rng.below(32);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if rng.below(4) == 0 {
                        rng.next() as u8
                    } else {
                        alphabet[rng.below(alphabet.len())]
                    }
                })
                .collect();
            check(&String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn property_random_tokens_match_reference() {
        let mut rng = Rng(0x0123_4567_89AB_CDEF);
        let mut accepted = 0;
        for _ in 0..50_000 {
            let text = random_tokens(&mut rng);
            accepted += parse(&text).is_some() as u32;
            check(&text);
        }
        assert!(
            accepted > 500,
            "the generator should produce valid JSON often ({accepted})"
        );
    }

    #[test]
    fn property_random_trees_round_trip() {
        let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
        for _ in 0..5_000 {
            let tree = random_tree(&mut rng, 5);
            let text = tree.to_text();
            assert_eq!(parse(&text).as_ref(), Some(&tree), "{text}");
            check(&text);
            // Mutations of valid text: one byte replaced, inserted or removed.
            let mut bytes = text.into_bytes();
            let at = rng.below(bytes.len() + 1);
            let byte = b"[]{}\",:\\ 0-.eu\x01"[rng.below(15)];
            match rng.below(3) {
                0 if at < bytes.len() => bytes[at] = byte,
                1 if at < bytes.len() => drop(bytes.remove(at)),
                _ => bytes.insert(at, byte),
            }
            check(&String::from_utf8_lossy(&bytes));
        }
    }
}
