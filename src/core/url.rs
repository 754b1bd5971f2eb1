//! Building request URLs from the base URL, a path and path parameters.

use super::text::concat;

/// Percent-encode one path segment the way `encodeURIComponent` does: everything except
/// `A-Z a-z 0-9 - _ . ! ~ * ' ( )` becomes `%XX` of its UTF-8 bytes.
pub fn encode_segment(segment: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0x0f) as usize] as char);
        }
    }
    out
}

/// Check an id given for a path parameter. `what` names it in the message (e.g. "generation id").
///
/// `.` and `..` are refused because URL parsers resolve them (even percent-encoded) as relative
/// segments, which would send the request to a different endpoint.
pub fn path_id(id: &str, what: &str) -> Result<String, String> {
    let trimmed = id.trim();
    if trimmed.is_empty() {
        return Err(concat(&[
            "The ",
            what,
            " is empty: pass the id returned by the API.",
        ]));
    }
    if trimmed == "." || trimmed == ".." {
        return Err(concat(&[
            "The ",
            what,
            " \"",
            trimmed,
            "\" is not a valid id.",
        ]));
    }
    Ok(encode_segment(trimmed))
}

/// Join the normalised base URL (no trailing slash) and an absolute API path (`/v2/...`).
pub fn join(base_url: &str, path: &str) -> String {
    let mut url = String::with_capacity(base_url.len() + path.len());
    url.push_str(base_url);
    url.push_str(path);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(encode_segment("abc-123_X.y~z"), "abc-123_X.y~z");
        assert_eq!(encode_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert_eq!(encode_segment("%2F"), "%252F");
        assert_eq!(encode_segment("!*'()"), "!*'()");
    }

    #[test]
    fn path_ids_are_checked_and_encoded() {
        assert_eq!(path_id(" abc/def ", "generation id").unwrap(), "abc%2Fdef");
        assert!(path_id("", "generation id")
            .unwrap_err()
            .contains("generation id is empty"));
        assert!(path_id("  ", "generation id").is_err());
        assert!(path_id("..", "generation id")
            .unwrap_err()
            .contains("not a valid id"));
        assert!(path_id(".", "generation id").is_err());
        assert_eq!(path_id("...", "generation id").unwrap(), "...");
    }

    #[test]
    fn joins_base_and_path() {
        assert_eq!(
            join("https://api.sync.so", "/v2/generate"),
            "https://api.sync.so/v2/generate"
        );
        assert_eq!(
            join("https://p.example/sync", "/v2/generate/x"),
            "https://p.example/sync/v2/generate/x"
        );
    }
}
