//! Checks on a generation request before it is sent, for the rules the Sync docs state. Each refusal
//! names the field (`input[1].url`) and says what to do. Unknown models and fields are allowed: the
//! API is newer than any SDK.

use super::json::Json;
use super::text::{concat, u64_text};

/// A field as read from JS.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value<T> {
    #[default]
    Absent,
    /// Present with the wrong type; carries a description such as "a number".
    Wrong(&'static str),
    Present(T),
}

impl<T> Value<T> {
    pub fn present(&self) -> Option<&T> {
        match self {
            Value::Present(v) => Some(v),
            _ => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct InputView {
    /// `None` when the item is not an object.
    pub is_object: bool,
    pub kind: Value<String>,
    pub url: Value<String>,
    pub asset_id: Value<String>,
    pub ref_id: Value<String>,
    /// For `type: "text"`: `provider` is an object with `voiceId` and `script` strings.
    pub provider: Value<()>,
    pub voice_id: Value<String>,
    pub script: Value<String>,
}

#[derive(Debug, Default)]
pub struct SegmentView {
    pub is_object: bool,
    pub start: Value<f64>,
    pub end: Value<f64>,
    pub ref_id: Value<String>,
    pub audio_start: Value<f64>,
    pub audio_end: Value<f64>,
}

#[derive(Debug, Default)]
pub struct CreateView {
    pub model: Value<String>,
    pub input: Value<Vec<InputView>>,
    pub output_file_name: Value<String>,
    pub temperature: Value<f64>,
    pub segments: Value<Vec<SegmentView>>,
    pub webhook_url: Value<String>,
    /// `createWithFiles`: a video or audio file stands in for that input.
    pub video_file: bool,
    pub audio_file: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub message: String,
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> Result<(), Invalid> {
    Err(Invalid {
        field: field.into(),
        message: message.into(),
    })
}

fn wrong_type(field: &str, expected: &str, got: &str) -> Result<(), Invalid> {
    invalid(
        field,
        concat(&[field, " must be ", expected, ", got ", got, "."]),
    )
}

/// A refusal of `field` whose message starts with the field's name.
fn refuse(field: String, rest: &str) -> Result<(), Invalid> {
    let message = concat(&[&field, rest]);
    invalid(field, message)
}

/// Check a create (or cost-estimate) request.
pub fn check_create(v: &CreateView) -> Result<(), Invalid> {
    match &v.model {
        Value::Present(m) if !m.trim().is_empty() => {}
        Value::Wrong(got) => return wrong_type("model", "a model name such as \"lipsync-2\"", got),
        _ => {
            return invalid(
                "model",
                "model is required, e.g. \"lipsync-2\" or \"sync-3\".",
            )
        }
    }
    let empty = Vec::new();
    let inputs = match &v.input {
        Value::Present(items) => items,
        Value::Wrong(got) => return wrong_type("input", "an array of inputs", got),
        Value::Absent if v.video_file || v.audio_file => &empty,
        Value::Absent => {
            return invalid(
                "input",
                "input is required: one video input and at least one audio input, e.g. [{ type: \"video\", \
                 url }, { type: \"audio\", url }].",
            )
        }
    };
    let mut visuals = usize::from(v.video_file);
    let mut voices = usize::from(v.audio_file);
    for (i, item) in inputs.iter().enumerate() {
        let at = concat(&["input[", &u64_text(i as u64), "]"]);
        if !item.is_object {
            return refuse(at, " must be an object with a type.");
        }
        let kind = match &item.kind {
            Value::Present(k) => k.as_str(),
            Value::Wrong(got) => return wrong_type(&concat(&[&at, ".type"]), "a string", got),
            Value::Absent => {
                return refuse(
                    concat(&[&at, ".type"]),
                    " is required: \"video\", \"audio\" or \"text\".",
                )
            }
        };
        for (name, value) in [
            ("url", &item.url),
            ("assetId", &item.asset_id),
            ("refId", &item.ref_id),
        ] {
            if let Value::Wrong(got) = value {
                return wrong_type(&concat(&[&at, ".", name]), "a string", got);
            }
        }
        match kind {
            "video" | "image" | "audio" => {
                if item.url.present().is_none() && item.asset_id.present().is_none() {
                    return invalid(
                        concat(&[&at, ".url"]),
                        concat(&[&at, " (", kind, ") needs a url or an assetId."]),
                    );
                }
                if let Some(url) = item.url.present() {
                    if !is_http_url(url) {
                        return refuse(
                            concat(&[&at, ".url"]),
                            " must be an http(s) URL the API can download.",
                        );
                    }
                }
                if kind == "audio" {
                    voices += 1
                } else {
                    visuals += 1
                }
            }
            "text" => {
                if item.provider.present().is_none() {
                    return refuse(concat(&[&at, ".provider"]), " is required for text-to-speech, e.g. { name: \"elevenlabs\", voiceId, script }.");
                }
                for (name, value) in [("voiceId", &item.voice_id), ("script", &item.script)] {
                    if !matches!(value, Value::Present(s) if !s.is_empty()) {
                        return refuse(
                            concat(&[&at, ".provider.", name]),
                            " is required (a non-empty string).",
                        );
                    }
                }
                voices += 1;
            }
            // A type from a newer API: let the server judge it.
            _ => {}
        }
    }
    if visuals != 1 {
        return invalid(
            "input",
            if visuals == 0 {
                "input needs one video (or image) input: { type: \"video\", url }.".to_owned()
            } else {
                concat(&[
                    "input has ",
                    &u64_text(visuals as u64),
                    " video/image inputs; give exactly one.",
                ])
            },
        );
    }
    if voices == 0 {
        return invalid("input", "input needs at least one audio input ({ type: \"audio\", url }) or text-to-speech input.");
    }
    match &v.output_file_name {
        Value::Wrong(got) => return wrong_type("outputFileName", "a string", got),
        Value::Present(name) => {
            let ok_chars = name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if name.is_empty() || name.len() > 255 || !ok_chars {
                return invalid(
                    "outputFileName",
                    "outputFileName must be 1 to 255 letters, digits, '_' or '-', without an extension (.mp4 is added).",
                );
            }
        }
        Value::Absent => {}
    }
    match &v.temperature {
        Value::Wrong(got) => return wrong_type("options.temperature", "a number from 0 to 1", got),
        Value::Present(t) if !(0.0..=1.0).contains(t) => {
            return invalid(
                "options.temperature",
                "options.temperature must be from 0 to 1.",
            )
        }
        _ => {}
    }
    match &v.webhook_url {
        Value::Wrong(got) => return wrong_type("webhookUrl", "a URL string", got),
        Value::Present(url) if !is_http_url(url) => {
            return invalid(
                "webhookUrl",
                "webhookUrl must be an absolute https:// URL that accepts POST requests.",
            )
        }
        _ => {}
    }
    check_segments(v, inputs)
}

fn check_segments(v: &CreateView, inputs: &[InputView]) -> Result<(), Invalid> {
    let segments = match &v.segments {
        Value::Present(s) => s,
        Value::Wrong(got) => return wrong_type("segments", "an array", got),
        Value::Absent => return Ok(()),
    };
    let ref_ids: Vec<&str> = inputs
        .iter()
        .filter_map(|i| i.ref_id.present().map(String::as_str))
        .collect();
    for (i, seg) in segments.iter().enumerate() {
        let at = concat(&["segments[", &u64_text(i as u64), "]"]);
        if !seg.is_object {
            return invalid(
                at.clone(),
                concat(&[
                    &at,
                    " must be an object { startTime, endTime, audioInput }.",
                ]),
            );
        }
        let (start, end) = match (&seg.start, &seg.end) {
            (Value::Present(s), Value::Present(e)) => (*s, *e),
            _ => {
                return invalid(
                    concat(&[&at, ".startTime"]),
                    concat(&[&at, " needs startTime and endTime in seconds."]),
                )
            }
        };
        if !(start.is_finite() && end.is_finite()) || start < 0.0 || end <= start {
            return invalid(
                concat(&[&at, ".endTime"]),
                concat(&[&at, " needs 0 <= startTime < endTime (seconds)."]),
            );
        }
        match &seg.ref_id {
            Value::Present(r) if ref_ids.contains(&r.as_str()) => {}
            Value::Present(r) => {
                let field = concat(&[&at, ".audioInput.refId"]);
                let message = concat(&[&field, " \"", r, "\" matches no input's refId."]);
                return invalid(field, message);
            }
            _ => return refuse(concat(&[&at, ".audioInput.refId"]), " is required."),
        }
        match (&seg.audio_start, &seg.audio_end) {
            (Value::Absent, Value::Absent) => {}
            (Value::Present(s), Value::Present(e))
                if s.is_finite() && e.is_finite() && *s >= 0.0 && s < e => {}
            _ => {
                return refuse(
                    concat(&[&at, ".audioInput"]),
                    " needs both startTime and endTime (0 <= start < end), or neither.",
                )
            }
        }
    }
    Ok(())
}

/// The view of a request body from its JSON snapshot (what `JSON.stringify` of the caller's value
/// gave, which is exactly what is sent). `video_file`/`audio_file`: `createWithFiles` has a file for
/// that input.
impl CreateView {
    pub fn from_json(body: &Json, video_file: bool, audio_file: bool) -> CreateView {
        let options = body.get("options");
        CreateView {
            model: string(body.get("model")),
            input: list(body.get("input"), input_view),
            output_file_name: string(body.get("outputFileName")),
            temperature: number(options.and_then(|o| o.get("temperature"))),
            segments: list(body.get("segments"), segment_view),
            webhook_url: string(body.get("webhookUrl")),
            video_file,
            audio_file,
        }
    }
}

fn input_view(item: &Json) -> InputView {
    let provider = item.get("provider");
    InputView {
        is_object: matches!(item, Json::Object(_)),
        kind: string(item.get("type")),
        url: string(item.get("url")),
        asset_id: string(item.get("assetId")),
        ref_id: string(item.get("refId")),
        provider: match provider {
            Some(Json::Object(_)) => Value::Present(()),
            _ => Value::Absent,
        },
        voice_id: string(provider.and_then(|p| p.get("voiceId"))),
        script: string(provider.and_then(|p| p.get("script"))),
    }
}

fn segment_view(item: &Json) -> SegmentView {
    let audio = item.get("audioInput");
    SegmentView {
        is_object: matches!(item, Json::Object(_)),
        start: number(item.get("startTime")),
        end: number(item.get("endTime")),
        ref_id: string(audio.and_then(|a| a.get("refId"))),
        audio_start: number(audio.and_then(|a| a.get("startTime"))),
        audio_end: number(audio.and_then(|a| a.get("endTime"))),
    }
}

/// A field of a snapshot: `null` (what `undefined` and functions also become) counts as absent.
pub fn string(value: Option<&Json>) -> Value<String> {
    match value {
        None | Some(Json::Null) => Value::Absent,
        Some(Json::String(s)) => Value::Present(s.clone()),
        Some(other) => Value::Wrong(other.type_name()),
    }
}

pub fn number(value: Option<&Json>) -> Value<f64> {
    match value {
        None | Some(Json::Null) => Value::Absent,
        Some(v) => v
            .as_f64()
            .map_or(Value::Wrong(v.type_name()), Value::Present),
    }
}

fn list<T>(value: Option<&Json>, item: impl Fn(&Json) -> T) -> Value<Vec<T>> {
    match value {
        None | Some(Json::Null) => Value::Absent,
        Some(Json::Array(items)) => Value::Present(items.iter().map(item).collect()),
        Some(other) => Value::Wrong(other.type_name()),
    }
}

fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && lower.len() > 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: &str, url: Option<&str>) -> InputView {
        InputView {
            is_object: true,
            kind: Value::Present(kind.into()),
            url: url.map_or(Value::Absent, |u| Value::Present(u.into())),
            ..InputView::default()
        }
    }

    fn valid() -> CreateView {
        CreateView {
            model: Value::Present("lipsync-2".into()),
            input: Value::Present(vec![
                item("video", Some("https://x/v.mp4")),
                item("audio", Some("https://x/a.wav")),
            ]),
            ..CreateView::default()
        }
    }

    fn field_of(v: &CreateView) -> String {
        check_create(v).unwrap_err().field
    }

    #[test]
    fn accepts_a_normal_request() {
        assert_eq!(check_create(&valid()), Ok(()));
    }

    #[test]
    fn model_is_required() {
        let mut v = valid();
        v.model = Value::Absent;
        assert_eq!(field_of(&v), "model");
        v.model = Value::Wrong("a number");
        assert!(check_create(&v)
            .unwrap_err()
            .message
            .contains("got a number"));
    }

    #[test]
    fn needs_exactly_one_video_and_an_audio() {
        let mut v = valid();
        v.input = Value::Present(vec![item("audio", Some("https://x/a.wav"))]);
        assert!(check_create(&v)
            .unwrap_err()
            .message
            .contains("needs one video"));
        v.input = Value::Present(vec![
            item("video", Some("https://x/v")),
            item("video", Some("https://x/w")),
        ]);
        assert!(check_create(&v)
            .unwrap_err()
            .message
            .contains("2 video/image inputs"));
        v.input = Value::Present(vec![item("video", Some("https://x/v"))]);
        assert!(check_create(&v)
            .unwrap_err()
            .message
            .contains("at least one audio"));
        v.input = Value::Absent;
        assert_eq!(field_of(&v), "input");
    }

    #[test]
    fn files_stand_in_for_inputs() {
        let mut v = valid();
        v.input = Value::Absent;
        v.video_file = true;
        v.audio_file = true;
        assert_eq!(check_create(&v), Ok(()));
        v.input = Value::Present(vec![item("video", Some("https://x/v"))]);
        assert!(check_create(&v)
            .unwrap_err()
            .message
            .contains("2 video/image"));
    }

    #[test]
    fn input_items_are_checked() {
        let mut v = valid();
        v.input = Value::Present(vec![
            item("video", None),
            item("audio", Some("https://x/a")),
        ]);
        assert_eq!(field_of(&v), "input[0].url");
        v.input = Value::Present(vec![
            item("video", Some("ftp://x/v")),
            item("audio", Some("https://x/a")),
        ]);
        assert_eq!(field_of(&v), "input[0].url");
        v.input = Value::Present(vec![
            item("video", Some("https://x/v")),
            InputView::default(),
        ]);
        assert_eq!(field_of(&v), "input[1]");
        let mut tts = item("text", None);
        tts.provider = Value::Present(());
        tts.voice_id = Value::Present("v".into());
        v.input = Value::Present(vec![item("video", Some("https://x/v")), tts]);
        assert_eq!(field_of(&v), "input[1].provider.script");
        // A future input type is passed through.
        v.input = Value::Present(vec![
            item("video", Some("https://x/v")),
            item("audio", Some("https://x/a")),
            item("hologram", None),
        ]);
        assert_eq!(check_create(&v), Ok(()));
    }

    #[test]
    fn output_file_name_temperature_and_webhook() {
        let mut v = valid();
        v.output_file_name = Value::Present("my-video_1".into());
        assert_eq!(check_create(&v), Ok(()));
        for bad in ["out.mp4", "", "a b", &"x".repeat(256)] {
            v.output_file_name = Value::Present(bad.to_string());
            assert_eq!(field_of(&v), "outputFileName", "{bad}");
        }
        v.output_file_name = Value::Absent;
        v.temperature = Value::Present(1.5);
        assert_eq!(field_of(&v), "options.temperature");
        v.temperature = Value::Present(0.0);
        v.webhook_url = Value::Present("example.com/hook".into());
        assert_eq!(field_of(&v), "webhookUrl");
    }

    #[test]
    fn segments_are_checked() {
        let mut v = valid();
        let mut audio = item("audio", Some("https://x/a"));
        audio.ref_id = Value::Present("a1".into());
        v.input = Value::Present(vec![item("video", Some("https://x/v")), audio]);
        let seg = |s: f64, e: f64, r: &str| SegmentView {
            is_object: true,
            start: Value::Present(s),
            end: Value::Present(e),
            ref_id: Value::Present(r.into()),
            ..SegmentView::default()
        };
        v.segments = Value::Present(vec![seg(0.0, 2.0, "a1")]);
        assert_eq!(check_create(&v), Ok(()));
        v.segments = Value::Present(vec![seg(2.0, 1.0, "a1")]);
        assert_eq!(field_of(&v), "segments[0].endTime");
        v.segments = Value::Present(vec![seg(0.0, 1.0, "zz")]);
        assert!(check_create(&v)
            .unwrap_err()
            .message
            .contains("matches no input's refId"));
        let mut half = seg(0.0, 1.0, "a1");
        half.audio_start = Value::Present(0.5);
        v.segments = Value::Present(vec![half]);
        assert_eq!(field_of(&v), "segments[0].audioInput");
    }
}
