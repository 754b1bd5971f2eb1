//! Small string builders that do not pull in `core::fmt` (every `format!` costs wasm bytes).

/// Append the decimal digits of `n`.
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// The value of a string of ASCII digits (at most 18 of them, so it cannot overflow); `None` for
/// anything else, an empty string included.
pub fn parse_digits(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 18 {
        return None;
    }
    let mut n: u64 = 0;
    for b in text.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
    }
    Some(n)
}

/// `items` joined with `separator`.
pub fn join<'a>(items: impl IntoIterator<Item = &'a str>, separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(item);
    }
    out
}

/// Where `needle` first occurs in `haystack` (a plain byte search: `str`'s own two-way searcher
/// costs kilobytes of wasm, and these texts are short).
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    (0..=h.len().checked_sub(n.len())?).find(|&i| h.get(i..i + n.len()) == Some(n))
}

/// `text` with every occurrence of `needle` replaced by `with`; `None` when there is none.
pub fn replace_all(text: &str, needle: &str, with: &str) -> Option<String> {
    let mut at = find(text, needle)?;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        // `at` is where a whole (UTF-8) needle starts, so both cuts are on character boundaries.
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(with);
        rest = rest.get(at + needle.len()..).unwrap_or_default();
        match find(rest, needle) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.push_str(rest);
    Some(out)
}

/// `n` as decimal text.
pub fn u64_text(n: u64) -> String {
    let mut out = String::new();
    push_u64(&mut out, n);
    out
}

/// Concatenate pieces into one string.
pub fn concat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// Shorten outside text put into a message, on a character boundary, marking the cut with `…`.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => {
            let mut s = text.get(..cut).unwrap_or_default().to_owned();
            s.push('…');
            s
        }
        None => text.to_owned(),
    }
}

/// The first `max_bytes` bytes of `text`, cut back to a character boundary.
pub fn truncate_bytes(text: &mut String, max_bytes: usize) {
    if text.len() <= max_bytes {
        return;
    }
    let mut cut = max_bytes;
    while cut > 0 && !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_and_replace() {
        assert_eq!(find("abcabc", "ca"), Some(2));
        assert_eq!(find("abc", "abcd"), None);
        assert_eq!(find("", "a"), None);
        assert_eq!(find("héllo", "llo"), Some(3));
        assert_eq!(
            replace_all("a KEY b KEYKEY", "KEY", "[x]").as_deref(),
            Some("a [x] b [x][x]")
        );
        assert_eq!(replace_all("nothing", "KEY", "[x]"), None);
        assert_eq!(replace_all("ékeyé", "key", "-").as_deref(), Some("é-é"));
    }

    #[test]
    fn numbers() {
        for n in [0u64, 7, 10, 429, 65_536, u64::MAX] {
            assert_eq!(u64_text(n), n.to_string());
        }
    }

    #[test]
    fn excerpt_cuts_on_char_boundaries() {
        assert_eq!(excerpt("héllo", 2), "hé…");
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(excerpt("", 3), "");
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        let mut s = "aé".to_owned();
        truncate_bytes(&mut s, 2);
        assert_eq!(s, "a");
        let mut s = "abc".to_owned();
        truncate_bytes(&mut s, 5);
        assert_eq!(s, "abc");
    }
}
