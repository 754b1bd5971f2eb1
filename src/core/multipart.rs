//! `multipart/form-data` bodies (RFC 7578), laid out as text segments around the files' bytes.
//!
//! The SDK sends one Blob made of these segments and the caller's own Blobs rather than a `FormData`:
//! Node's `fetch` copies every file of a `FormData` into memory before sending (a 256 MiB upload peaked
//! 256 MiB higher), while a Blob made of other Blobs is streamed from them as they are. The bytes of
//! the files never appear here, only their place in the body.

/// One part of a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Field {
        name: String,
        value: String,
    },
    /// A file; its bytes are the caller's (see `Segment::File`).
    File {
        name: String,
        file_name: String,
        content_type: String,
    },
}

/// A piece of the encoded body, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    /// The bytes of the `n`-th `Part::File` (counting files only, from 0).
    File(usize),
}

/// A boundary from 16 random bytes: `----sync-wasm-` and 32 hex digits, which no file is likely to
/// contain (the same approach and strength as browsers' own boundaries).
pub fn boundary(random: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut boundary = String::from("----sync-wasm-");
    for byte in random {
        boundary.push(HEX[usize::from(byte >> 4)] as char);
        boundary.push(HEX[usize::from(byte & 15)] as char);
    }
    boundary
}

/// The request's `Content-Type` for a body encoded with `boundary`.
pub fn content_type(boundary: &str) -> String {
    let mut value = String::from("multipart/form-data; boundary=");
    value.push_str(boundary);
    value
}

/// The body of `parts`: text segments (headers, field values, delimiters) with the files in between.
pub fn encode(parts: &[Part], boundary: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut text = String::new();
    let mut files = 0;
    for part in parts {
        text.push_str("--");
        text.push_str(boundary);
        text.push_str("\r\nContent-Disposition: form-data; name=\"");
        match part {
            Part::Field { name, value } => {
                push_escaped(&mut text, name);
                text.push_str("\"\r\n\r\n");
                text.push_str(value);
                text.push_str("\r\n");
            }
            Part::File {
                name,
                file_name,
                content_type,
            } => {
                push_escaped(&mut text, name);
                text.push_str("\"; filename=\"");
                push_escaped(&mut text, file_name);
                text.push_str("\"\r\nContent-Type: ");
                // A type with a line break would end the part's headers early.
                if content_type.is_empty() || content_type.contains(['\r', '\n']) {
                    text.push_str("application/octet-stream");
                } else {
                    text.push_str(content_type);
                }
                text.push_str("\r\n\r\n");
                segments.push(Segment::Text(std::mem::take(&mut text)));
                segments.push(Segment::File(files));
                files += 1;
                text.push_str("\r\n");
            }
        }
    }
    text.push_str("--");
    text.push_str(boundary);
    text.push_str("--\r\n");
    segments.push(Segment::Text(text));
    segments
}

/// A name or file name inside a quoted header parameter, escaped as browsers do (WHATWG HTML's
/// multipart/form-data encoding): `"` → `%22`, CR → `%0D`, LF → `%0A`.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, value: &str) -> Part {
        Part::Field {
            name: name.into(),
            value: value.into(),
        }
    }

    fn file(name: &str, file_name: &str, content_type: &str) -> Part {
        Part::File {
            name: name.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
        }
    }

    /// The body with each file's bytes written as `<file n>`.
    fn render(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| match s {
                Segment::Text(t) => t.clone(),
                Segment::File(n) => format!("<file {n}>"),
            })
            .collect()
    }

    #[test]
    fn lays_out_fields_and_files_as_rfc_7578() {
        let parts = [
            file("video", "face.mp4", "video/mp4"),
            field("model", "lipsync-2"),
            file("audio", "voice.wav", ""),
        ];
        let body = render(&encode(&parts, "B"));
        assert_eq!(
            body,
            "--B\r\nContent-Disposition: form-data; name=\"video\"; filename=\"face.mp4\"\r\n\
             Content-Type: video/mp4\r\n\r\n<file 0>\r\n\
             --B\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nlipsync-2\r\n\
             --B\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"voice.wav\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n<file 1>\r\n--B--\r\n"
        );
    }

    #[test]
    fn text_between_files_is_one_segment() {
        let parts = [
            field("a", "1"),
            file("f", "x", "t/t"),
            field("b", "2"),
            field("c", "3"),
        ];
        let segments = encode(&parts, "B");
        assert_eq!(segments.len(), 3, "{segments:?}");
        assert!(matches!(segments[1], Segment::File(0)));
        assert_eq!(encode(&[], "B"), [Segment::Text("--B--\r\n".into())]);
    }

    #[test]
    fn quotes_and_line_breaks_in_names_are_escaped() {
        let body = render(&encode(
            &[file("v\"x", "a\r\nb\".mp4", "video/mp4\r\nX: y")],
            "B",
        ));
        assert!(
            body.contains("name=\"v%22x\"; filename=\"a%0D%0Ab%22.mp4\""),
            "{body}"
        );
        assert!(
            body.contains("Content-Type: application/octet-stream\r\n"),
            "{body}"
        );
        assert!(!body.contains("X: y"));
    }

    #[test]
    fn boundaries_are_hex_and_headers_name_them() {
        let b = boundary([0xab; 16]);
        assert_eq!(b, format!("----sync-wasm-{}", "ab".repeat(16)));
        assert_eq!(
            content_type(&b),
            format!("multipart/form-data; boundary={b}")
        );
        assert_ne!(boundary([0; 16]), boundary([1; 16]));
    }
}
