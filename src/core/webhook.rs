//! Verifying webhook deliveries: `Sync-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, where the
//! HMAC key is the signing secret's UTF-8 bytes (the whole `whsec_...` string) and the message is
//! `"<t>.<raw body>"`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::text::{concat, u64_text};

type HmacSha256 = Hmac<Sha256>;

/// Default tolerance between the signature's timestamp and now, against replays.
pub const DEFAULT_TOLERANCE_SECONDS: f64 = 300.0;

/// Why a delivery was refused; `code()` is the error's `reason`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    MissingSecret,
    MissingHeader,
    MalformedHeader(&'static str),
    StaleTimestamp {
        age_seconds: i64,
        tolerance_seconds: i64,
    },
    SignatureMismatch,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::MissingSecret => "missing_secret",
            Refusal::MissingHeader => "missing_header",
            Refusal::MalformedHeader(_) => "malformed_header",
            Refusal::StaleTimestamp { .. } => "timestamp_out_of_tolerance",
            Refusal::SignatureMismatch => "signature_mismatch",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Refusal::MissingSecret => "No webhook signing secret was given: pass the whsec_... secret from \
                 the webhooks page of the Sync dashboard (not your API key)."
                .to_owned(),
            Refusal::MissingHeader => "The request has no Sync-Signature header: it was not sent by Sync, or \
                 a proxy dropped the header."
                .to_owned(),
            Refusal::MalformedHeader(what) => concat(&["The Sync-Signature header is malformed (", what, "); expected \"t=<unix seconds>,v1=<hex>\"."]),
            Refusal::StaleTimestamp { age_seconds, tolerance_seconds } => concat(&[
                "The signature's timestamp is ",
                &u64_text(age_seconds.unsigned_abs()),
                " s ",
                if *age_seconds >= 0 { "before" } else { "after" },
                " now, outside the ",
                &u64_text(tolerance_seconds.unsigned_abs()),
                " s tolerance: a replayed or delayed delivery, or a wrong clock.",
            ]),
            Refusal::SignatureMismatch => "No signature in the Sync-Signature header matches the body: check \
                 the signing secret, and pass the raw request body exactly as received (not re-serialized JSON)."
                .to_owned(),
        }
    }
}

/// The parts of a `Sync-Signature` header.
#[derive(Debug, PartialEq, Eq)]
pub struct SignatureHeader {
    pub timestamp: i64,
    pub signatures: Vec<Vec<u8>>,
}

pub fn parse_header(header: &str) -> Result<SignatureHeader, Refusal> {
    let header = header.trim();
    if header.is_empty() {
        return Err(Refusal::MissingHeader);
    }
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        let Some((key, value)) = part.trim().split_once('=') else {
            return Err(Refusal::MalformedHeader("a part without '='"));
        };
        match key.trim() {
            "t" => {
                let value = value.trim();
                if value.is_empty()
                    || value.len() > 12
                    || !value.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(Refusal::MalformedHeader(
                        "t is not a unix timestamp in seconds",
                    ));
                }
                timestamp = super::text::parse_digits(value).map(|t| t as i64);
            }
            "v1" => signatures
                .push(decode_hex(value.trim()).ok_or(Refusal::MalformedHeader("v1 is not hex"))?),
            // Other schemes (future versions) are ignored, as in other signature formats.
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(Refusal::MalformedHeader("no t="))?;
    if signatures.is_empty() {
        return Err(Refusal::MalformedHeader("no v1="));
    }
    Ok(SignatureHeader {
        timestamp,
        signatures,
    })
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.is_empty() || text.len() % 2 != 0 {
        return None;
    }
    let nibble = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    };
    text.as_bytes()
        .chunks(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

/// Check the timestamp against `now_seconds` and each `v1` signature against `bodies` (the raw body
/// first; callers may add a compact re-serialization as a fallback). Comparison is constant-time.
pub fn verify(
    header: &SignatureHeader,
    bodies: &[&[u8]],
    secret: &str,
    now_seconds: f64,
    tolerance_seconds: f64,
) -> Result<(), Refusal> {
    if secret.trim().is_empty() {
        return Err(Refusal::MissingSecret);
    }
    let age = now_seconds.floor() as i64 - header.timestamp;
    let tolerance = tolerance_seconds.floor() as i64;
    if age.abs() > tolerance {
        return Err(Refusal::StaleTimestamp {
            age_seconds: age,
            tolerance_seconds: tolerance,
        });
    }
    // Parsed from at most 12 digits, so never negative.
    let prefix = u64_text(header.timestamp.unsigned_abs());
    for body in bodies {
        // HMAC takes a key of any length, so this never fails.
        let Ok(mut mac) = HmacSha256::new_from_slice(secret.as_bytes()) else {
            return Err(Refusal::MissingSecret);
        };
        mac.update(prefix.as_bytes());
        mac.update(b".");
        mac.update(body);
        // Every signature is compared (in constant time, by `hmac`), so the time does not tell
        // which one matched.
        let mut matched = false;
        for signature in &header.signatures {
            matched |= mac.clone().verify_slice(signature).is_ok();
        }
        if matched {
            return Ok(());
        }
    }
    Err(Refusal::SignatureMismatch)
}

/// `t=<t>,v1=<hex>` for a body, as Sync signs it (tests only; the mock server signs in JS).
#[cfg(test)]
fn sign(body: &[u8], secret: &str, timestamp: i64) -> String {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let mut out = format!("t={timestamp},v1=");
    for b in mac.finalize().into_bytes() {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";

    #[test]
    fn hmac_matches_an_independent_computation() {
        // printf '%s' '1700000000.{"id":"g1","status":"COMPLETED"}' | openssl dgst -sha256 -hmac whsec_test_secret
        let body = br#"{"id":"g1","status":"COMPLETED"}"#;
        let expected =
            "t=1700000000,v1=94a0ceed1df2903dd881c74a18a6faf5f56ff26f963355194ed67d91a0e3947f";
        assert_eq!(sign(body, SECRET, 1_700_000_000), expected);
        let header = parse_header(expected).unwrap();
        assert_eq!(
            verify(&header, &[body], SECRET, 1_700_000_000.0, 300.0),
            Ok(())
        );
    }

    #[test]
    fn accepts_a_valid_signature() {
        let body = br#"{"id":"g1","status":"COMPLETED"}"#;
        let header = parse_header(&sign(body, SECRET, 1_700_000_000)).unwrap();
        assert_eq!(
            verify(&header, &[body], SECRET, 1_700_000_100.0, 300.0),
            Ok(())
        );
        // A second body (the fallback) can match when the first does not.
        assert_eq!(
            verify(&header, &[b"other", body], SECRET, 1_700_000_000.0, 300.0),
            Ok(())
        );
    }

    #[test]
    fn refusals() {
        let body = b"{}";
        let header = parse_header(&sign(body, SECRET, 1_700_000_000)).unwrap();
        assert_eq!(
            verify(&header, &[b"{ }"], SECRET, 1_700_000_000.0, 300.0),
            Err(Refusal::SignatureMismatch)
        );
        assert_eq!(
            verify(&header, &[body], "whsec_other", 1_700_000_000.0, 300.0),
            Err(Refusal::SignatureMismatch)
        );
        assert_eq!(
            verify(&header, &[body], " ", 1_700_000_000.0, 300.0),
            Err(Refusal::MissingSecret)
        );
        let stale = verify(&header, &[body], SECRET, 1_700_000_301.0, 300.0).unwrap_err();
        assert_eq!(
            stale,
            Refusal::StaleTimestamp {
                age_seconds: 301,
                tolerance_seconds: 300
            }
        );
        assert!(
            stale.message().contains("301 s before now"),
            "{}",
            stale.message()
        );
        let future = verify(&header, &[body], SECRET, 1_699_999_000.0, 300.0).unwrap_err();
        assert!(
            future.message().contains("1000 s after now"),
            "{}",
            future.message()
        );
    }

    #[test]
    fn header_parsing() {
        assert_eq!(parse_header("").unwrap_err(), Refusal::MissingHeader);
        assert_eq!(
            parse_header("v1=ab").unwrap_err().code(),
            "malformed_header"
        );
        assert_eq!(parse_header("t=12").unwrap_err().code(), "malformed_header");
        assert_eq!(
            parse_header("t=abc,v1=ab").unwrap_err().code(),
            "malformed_header"
        );
        assert_eq!(
            parse_header("t=1,v1=xyz").unwrap_err().code(),
            "malformed_header"
        );
        assert_eq!(
            parse_header("garbage").unwrap_err().code(),
            "malformed_header"
        );
        let h = parse_header(" t=5 , v1=0aFF , v0=zz, v1=00 ").unwrap();
        assert_eq!(
            h,
            SignatureHeader {
                timestamp: 5,
                signatures: vec![vec![0x0a, 0xff], vec![0]]
            }
        );
    }
}
