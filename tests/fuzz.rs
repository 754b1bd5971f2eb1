//! Property tests of the parsers and checks in the pure core, on arbitrary input: none may panic
//! (a panic in wasm is an opaque `RuntimeError: unreachable`), and each keeps its invariants.
//! CI runs PROPTEST_CASES (default below) cases per property; run longer by hand with e.g.
//! `PROPTEST_CASES=200000 cargo test --release --test fuzz`.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use sync_wasm::core::{
    config, error, http_date, json, key, query, retry, text, url, validate, wait, webhook,
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
    fn error_bodies_and_headers_of_any_shape_are_parsed_and_redacted(
        status in 0u16..1000,
        body in prop_oneof![".*", "\\{\"(message|errorCode|error_code|error|requestId)\":\"[^\"]{0,30}\"\\}"],
        headers in proptest::collection::vec(("[a-z-]{1,12}", ".{0,40}"), 0..4),
        at in 0usize..300,
    ) {
        const KEY: &str = "sk-fuzz-0123456789";
        // Plant the key somewhere in the body and in a header.
        let cut = body.char_indices().nth(at.min(body.chars().count())).map_or(body.len(), |(i, _)| i);
        let planted = [&body[..cut], KEY, &body[cut..]].concat();
        let mut headers = headers;
        headers.push(("x-request-id".into(), ["req ", KEY].concat()));
        let mut e = error::Error::from_status(status, "GET", "/v2/x".into(), planted, headers, None);
        let _ = e.message();
        e.redact(KEY);
        let m = e.message();
        prop_assert!(m.starts_with(&status.to_string()));
        prop_assert!(!m.contains(KEY), "{}", m);
        let debug = format!("{:?}", e);
        prop_assert!(!debug.contains(KEY), "{}", debug);
    }

    #[test]
    fn json_parses_any_text_without_panicking_and_round_trips(text in prop_oneof![".*", "[\\[\\]{}:,\"0-9a-z\\\\. -]{0,40}"]) {
        if let Some(v) = json::parse(&text) {
            let written = v.to_text();
            prop_assert_eq!(json::parse(&written), Some(v.clone()));
            let _ = v.as_f64();
        }
    }

    #[test]
    fn byte_search_agrees_with_std(hay in ".{0,60}", needle in ".{0,6}") {
        prop_assert_eq!(text::find(&hay, &needle), hay.find(needle.as_str()));
        if !needle.is_empty() {
            let ours = text::replace_all(&hay, &needle, "[x]").unwrap_or_else(|| hay.clone());
            prop_assert_eq!(ours, hay.replace(needle.as_str(), "[x]"));
        }
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
    fn the_wait_never_schedules_past_its_deadline(
        timeout in 1f64..1e7,
        max_hold in any::<u32>(),
        interval in 0f64..1e5,
        answers in proptest::collection::vec((0u8..4, 0f64..2e4), 1..40),
    ) {
        let mut w = wait::Wait::new(0.0, timeout, interval, max_hold);
        let mut now = 0.0;
        let mut step = w.next(now, wait::Answer::Start);
        for (kind, took) in answers {
            let answer = match step {
                wait::Step::Get { hold } => {
                    if let Some(hold) = hold {
                        prop_assert!((1..=wait::MAX_LONG_POLL_SECONDS).contains(&hold));
                        prop_assert!(now + f64::from(hold) * 1000.0 <= timeout + 1e-6, "a hold past the deadline");
                    }
                    now += took;
                    match kind {
                        0 => wait::Answer::HoldRefused,
                        1 => wait::Answer::Generation("COMPLETED"),
                        _ => wait::Answer::Generation("PROCESSING"),
                    }
                }
                wait::Step::Sleep(ms) => {
                    // (`now + (deadline - now)` may exceed the deadline by a rounding step.)
                    prop_assert!(ms >= 0.0 && now + ms <= timeout + 1e-6, "a pause past the deadline");
                    now += ms;
                    wait::Answer::Slept
                }
                _ => break,
            };
            step = w.next(now, answer);
            let scheduled = matches!(step, wait::Step::Get { .. } | wait::Step::Sleep(_));
            prop_assert!(now < timeout || !scheduled, "something scheduled at {} of {}", now, timeout);
        }
    }
}
