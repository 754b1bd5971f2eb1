//! Property tests of the parsers and checks in the pure core, on arbitrary input: none may panic
//! (a panic in wasm is an opaque `RuntimeError: unreachable`), and each keeps its invariants.
//! CI runs PROPTEST_CASES (default below) cases per property; run longer by hand with e.g.
//! `PROPTEST_CASES=200000 cargo test --release --test fuzz`.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use sync_wasm::core::{
    config, error, http_date, key, query, retry, sha256, url, validate, wait, webhook,
};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

/// Text that looks like what the parsers see: mostly printable, some structure, some anything.
fn header_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "[ -~]{0,80}",
        "(t=[0-9]{0,14}|v1=[0-9a-fA-F]{0,70}|v0=[a-z]{0,4}|[a-z]{1,3}=?)(, ?(t=[0-9]{0,14}|v1=[0-9a-fA-F]{0,70}|[a-z=]{0,4})){0,4}",
        "(Mon|Tue|Sun|Xyz), [0-9]{1,3} (Jan|Feb|Nov|Foo) [0-9]{2,5} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2} (GMT|UTC)",
        "[0-9]{0,20}(\\.[0-9]{0,10})?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn retry_delay_is_always_bounded(
        retries in 0u32..100,
        after_ms in proptest::option::of(header_text()),
        after in proptest::option::of(header_text()),
        now in -1e13f64..1e13,
        random in 0f64..1.0,
    ) {
        let delay = retry::delay_ms(retries, after_ms.as_deref(), after.as_deref(), now, random);
        prop_assert!(delay.is_finite() && (0.0..=retry::MAX_SERVER_DELAY_MS).contains(&delay), "{delay}");
    }

    #[test]
    fn http_dates_parse_or_refuse(text in header_text()) {
        if let Some(ms) = http_date::parse_imf_fixdate(&text) {
            prop_assert!(ms.is_finite());
            prop_assert!(text.trim().ends_with("GMT"));
        }
    }

    #[test]
    fn signature_headers_parse_or_refuse(header in header_text(), body in ".*", secret in ".{0,40}", now in -1e12f64..1e12, tolerance in 0f64..1e6) {
        match webhook::parse_header(&header) {
            Ok(parsed) => {
                prop_assert!(!parsed.signatures.is_empty());
                let outcome = webhook::verify(&parsed, &[body.as_bytes()], &secret, now, tolerance);
                if let Err(refusal) = outcome {
                    prop_assert!(!refusal.message().is_empty());
                    prop_assert!(!refusal.message().contains(&secret) || secret.trim().is_empty() || secret.len() < 3);
                }
            }
            Err(refusal) => prop_assert!(["missing_header", "malformed_header"].contains(&refusal.code())),
        }
    }

    #[test]
    fn keys_are_validated_without_echo(raw in ".{0,64}", from_env in any::<bool>()) {
        let source = if from_env { key::KeySource::EnvVar } else { key::KeySource::Option };
        match key::validate(&raw, source) {
            Ok(k) => {
                prop_assert!(!k.expose().is_empty());
                prop_assert!(k.expose().chars().all(|c| c.is_ascii() && !c.is_whitespace() && !c.is_control()));
            }
            Err(message) => {
                let trimmed = raw.trim();
                prop_assert!(trimmed.len() < 4 || !message.contains(trimmed), "echoed: {message}");
            }
        }
    }

    #[test]
    fn base_urls_are_normalised_or_refused(raw in prop_oneof![".*", "(https?|ftp|HTTP)://[a-z0-9.:@\\[\\]-]{0,30}(/[a-z0-9/?#%.]{0,20})?"]) {
        if let Ok(base) = config::base_url(&raw) {
            prop_assert!(base.starts_with("https://") || base.starts_with("http://"), "{base}");
            prop_assert!(!base.ends_with('/') && !base.contains('?') && !base.contains('#') && !base.contains('@'));
            prop_assert!(!base.ends_with("/v2"));
        }
        let _ = config::upload_url(&raw);
    }

    #[test]
    fn path_ids_and_queries_stay_inside_their_segment(id in ".*", values in proptest::collection::vec(".*", 0..4)) {
        if let Ok(encoded) = url::path_id(&id, "id") {
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.!~*'()%".contains(&b)), "{encoded}");
            prop_assert!(encoded != "." && encoded != "..");
        }
        let mut q = query::Query::new();
        q.push("a", values.first().map(String::as_str)).push_list("b", &values);
        let text = q.finish();
        prop_assert!(!text.contains('#') && !text.contains(' '));
        prop_assert!(text.matches('&').count() <= 1);
    }

    #[test]
    fn error_messages_build_for_any_input(
        status in 0u16..1000,
        method in "[A-Z]{0,7}",
        path in ".*",
        server in proptest::option::of(".*"),
        code in proptest::option::of(".*"),
        request in proptest::option::of(".*"),
        max in 0usize..300,
    ) {
        let m = error::api_error_message(&error::ApiFailure {
            status,
            method: &method,
            path: &path,
            server_message: server.as_deref(),
            error_code: code.as_deref(),
            request_id: request.as_deref(),
            key_source: Some(key::KeySource::Option),
        });
        prop_assert!(m.starts_with(&status.to_string()));
        let _ = error::ErrorClass::for_status(status).js_name();
        let cut = error::excerpt(server.as_deref().unwrap_or(""), max);
        prop_assert!(cut.chars().count() <= max + 1);
    }

    #[test]
    fn create_checks_never_panic(
        model in proptest::option::of(".{0,12}"),
        kinds in proptest::collection::vec(proptest::option::of("video|audio|text|image|[a-z]{0,6}"), 0..5),
        urls in proptest::collection::vec(proptest::option::of(".{0,20}"), 0..5),
        name in proptest::option::of(".{0,300}"),
        temperature in proptest::option::of(-2f64..3.0),
        segments in proptest::collection::vec((any::<f64>(), any::<f64>(), proptest::option::of("[a-z]{0,3}")), 0..3),
        video_file in any::<bool>(),
        audio_file in any::<bool>(),
    ) {
        use validate::{CreateView, InputView, SegmentView, Value};
        let present = |v: Option<String>| v.map_or(Value::Absent, Value::Present);
        let inputs = kinds.iter().enumerate().map(|(i, kind)| InputView {
            is_object: true,
            kind: present(kind.clone()),
            url: present(urls.get(i).cloned().flatten()),
            ref_id: Value::Present("r".into()),
            ..InputView::default()
        }).collect();
        let view = CreateView {
            model: present(model),
            input: Value::Present(inputs),
            output_file_name: present(name),
            temperature: temperature.map_or(Value::Absent, Value::Present),
            segments: Value::Present(segments.into_iter().map(|(start, end, r)| SegmentView {
                is_object: true,
                start: Value::Present(start),
                end: Value::Present(end),
                ref_id: present(r),
                ..SegmentView::default()
            }).collect()),
            webhook_url: Value::Absent,
            video_file,
            audio_file,
        };
        if let Err(invalid) = validate::check_create(&view) {
            prop_assert!(!invalid.field.is_empty() && !invalid.message.is_empty());
        }
    }

    #[test]
    fn wait_policy_is_bounded(remaining in -1e9f64..1e12, max_hold in any::<u32>(), elapsed in 0f64..1e6, asked in 1u32..11, interval in 0f64..1e6) {
        if let Some(hold) = wait::long_poll_seconds(remaining, max_hold) {
            prop_assert!((1..=wait::MAX_LONG_POLL_SECONDS).contains(&hold));
            prop_assert!(hold <= max_hold.max(1));
            prop_assert!(f64::from(hold) * 1000.0 <= remaining);
        }
        let _ = wait::answered_at_once(elapsed, asked);
        prop_assert!(wait::next_interval(interval) <= interval.max(10_000.0));
    }

    #[test]
    fn hmac_sha256_matches_rustcrypto(key in proptest::collection::vec(any::<u8>(), 0..200), data in proptest::collection::vec(any::<u8>(), 0..600), split in 0usize..600) {
        use hmac::Mac;
        let split = split.min(data.len());
        let mut ours = sha256::HmacSha256::new(&key);
        ours.update(&data[..split]);
        ours.update(&data[split..]);
        let mut reference = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).expect("any key length");
        reference.update(&data);
        prop_assert_eq!(ours.finish().to_vec(), reference.finalize().into_bytes().to_vec());
    }
}
