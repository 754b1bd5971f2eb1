//! Reading a generation request from JS into `core::validate`'s view of it.

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use crate::core::validate::{CreateView, InputView, SegmentView, Value};
use crate::js_value::{self, type_name};

fn field(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string(object: &JsValue, key: &str) -> Value<String> {
    let v = field(object, key);
    if v.is_undefined() || v.is_null() {
        Value::Absent
    } else {
        v.as_string()
            .map_or(Value::Wrong(type_name(&v)), Value::Present)
    }
}

fn number(object: &JsValue, key: &str) -> Value<f64> {
    let v = field(object, key);
    if v.is_undefined() || v.is_null() {
        Value::Absent
    } else {
        v.as_f64()
            .map_or(Value::Wrong(type_name(&v)), Value::Present)
    }
}

fn list<T>(object: &JsValue, key: &str, item: impl Fn(&JsValue) -> T) -> Value<Vec<T>> {
    let v = field(object, key);
    if v.is_undefined() || v.is_null() {
        Value::Absent
    } else if Array::is_array(&v) {
        Value::Present(Array::from(&v).iter().map(|i| item(&i)).collect())
    } else {
        Value::Wrong(type_name(&v))
    }
}

fn input(item: &JsValue) -> InputView {
    let provider = field(item, "provider");
    InputView {
        is_object: js_value::is_object(item),
        kind: string(item, "type"),
        url: string(item, "url"),
        asset_id: string(item, "assetId"),
        ref_id: string(item, "refId"),
        provider: if js_value::is_object(&provider) {
            Value::Present(())
        } else {
            Value::Absent
        },
        voice_id: string(&provider, "voiceId"),
        script: string(&provider, "script"),
    }
}

fn segment(item: &JsValue) -> SegmentView {
    let audio = field(item, "audioInput");
    SegmentView {
        is_object: js_value::is_object(item),
        start: number(item, "startTime"),
        end: number(item, "endTime"),
        ref_id: string(&audio, "refId"),
        audio_start: number(&audio, "startTime"),
        audio_end: number(&audio, "endTime"),
    }
}

/// The view of a `CreateGenerationRequest` body.
pub(crate) fn create_view(body: &JsValue, video_file: bool, audio_file: bool) -> CreateView {
    CreateView {
        model: string(body, "model"),
        input: list(body, "input", input),
        output_file_name: string(body, "outputFileName"),
        temperature: number(&field(body, "options"), "temperature"),
        segments: list(body, "segments", segment),
        webhook_url: string(body, "webhookUrl"),
        video_file,
        audio_file,
    }
}
