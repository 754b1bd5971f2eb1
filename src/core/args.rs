//! Method arguments read from their JSON snapshot (`JSON.stringify` of the caller's value, taken
//! once, so what is checked is what is used): list filters become query strings, with each refusal
//! naming the method and the field.

use super::error::Error;
use super::json::Json;
use super::query::Query;
use super::text::{concat, u64_text};

/// The snapshot of an optional object argument; `None` (undefined or null) reads as `{}`.
pub fn object<'a>(
    value: Option<&'a Json>,
    method: &str,
    name: &str,
) -> Result<Option<&'a Json>, Error> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(v @ Json::Object(_)) => Ok(Some(v)),
        Some(other) => Err(Error::validation(
            name,
            concat(&[
                method,
                ": ",
                name,
                " must be an object, got ",
                other.type_name(),
                ".",
            ]),
        )),
    }
}

fn field<'a>(query: Option<&'a Json>, key: &str) -> Option<&'a Json> {
    query.and_then(|q| q.get(key)).filter(|v| **v != Json::Null)
}

/// An optional string field.
pub fn string(query: Option<&Json>, key: &str, method: &str) -> Result<Option<String>, Error> {
    match field(query, key) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Error::validation(
            key,
            concat(&[
                method,
                ": ",
                key,
                " must be a string, got ",
                other.type_name(),
                ".",
            ]),
        )),
    }
}

/// A string or a list of strings (`status: "COMPLETED"` or `status: ["COMPLETED", "FAILED"]`).
pub fn string_list(query: Option<&Json>, key: &str, method: &str) -> Result<Vec<String>, Error> {
    match field(query, key) {
        None => Ok(Vec::new()),
        Some(Json::String(s)) => Ok(vec![s.clone()]),
        Some(Json::Array(items)) => items
            .iter()
            .map(|item| match item {
                Json::String(s) => Ok(s.clone()),
                other => Err(Error::validation(
                    key,
                    concat(&[
                        method,
                        ": ",
                        key,
                        " must hold strings, got ",
                        other.type_name(),
                        ".",
                    ]),
                )),
            })
            .collect(),
        Some(other) => Err(Error::validation(
            key,
            concat(&[
                method,
                ": ",
                key,
                " must be a string or an array of strings, got ",
                other.type_name(),
                ".",
            ]),
        )),
    }
}

/// `limit`: a whole number from 1 to 100, as the API accepts.
pub fn limit(query: Option<&Json>, method: &str) -> Result<Option<u32>, Error> {
    let Some(value) = field(query, "limit") else {
        return Ok(None);
    };
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (1.0..=100.0).contains(&n) => Ok(Some(n as u32)),
        _ => Err(Error::validation(
            "limit",
            concat(&[method, ": limit must be a whole number from 1 to 100."]),
        )),
    }
}

/// A date filter: an ISO 8601 string (a `Date` arrives as one, through its `toJSON`).
fn date(query: Option<&Json>, keys: &[&str], method: &str) -> Result<Option<String>, Error> {
    for key in keys {
        match field(query, key) {
            None => continue,
            Some(Json::String(s)) => return Ok(Some(s.clone())),
            Some(_) => {
                return Err(Error::validation(
                    key,
                    concat(&[
                        method,
                        ": ",
                        key,
                        " must be an ISO 8601 string or a valid Date.",
                    ]),
                ))
            }
        }
    }
    Ok(None)
}

/// A list's `limit` (the query's, else `page_size`) and `cursor` (the pager's, else the query's), as
/// query values.
fn paging(
    query: Option<&Json>,
    method: &str,
    cursor: Option<&str>,
    page_size: Option<u32>,
) -> Result<(Option<String>, Option<String>), Error> {
    let limit = limit(query, method)?
        .or(page_size)
        .map(|n| u64_text(n.into()));
    let own_cursor = string(query, "cursor", method)?;
    Ok((limit, cursor.map(str::to_owned).or(own_cursor)))
}

/// `GET /v2/generations`: `cursor` (for paging) overrides the query's own, `page_size` applies when
/// the query has no `limit`.
pub fn generations_list(
    query: Option<&Json>,
    cursor: Option<&str>,
    page_size: Option<u32>,
) -> Result<String, Error> {
    const METHOD: &str = "generations.list(query)";
    let query = object(query, METHOD, "query")?;
    let (limit, cursor) = paging(query, METHOD, cursor, page_size)?;
    let mut q = Query::new();
    q.push_list("status", &string_list(query, "status", METHOD)?)
        .push_list("ids", &string_list(query, "ids", METHOD)?)
        .push("limit", limit.as_deref())
        .push("cursor", cursor.as_deref());
    for key in ["source", "projectId"] {
        q.push(key, string(query, key, METHOD)?.as_deref());
    }
    Ok(concat(&["/v2/generations", q.finish()]))
}

/// `GET /v2/assets`, with `cursor` and `page_size` as for generations.
pub fn assets_list(
    query: Option<&Json>,
    cursor: Option<&str>,
    page_size: Option<u32>,
) -> Result<String, Error> {
    const METHOD: &str = "assets.list(query)";
    let query = object(query, METHOD, "query")?;
    let (limit, cursor) = paging(query, METHOD, cursor, page_size)?;
    let mut q = Query::new();
    q.push("projectId", string(query, "projectId", METHOD)?.as_deref())
        .push("limit", limit.as_deref())
        .push("cursor", cursor.as_deref())
        .push(
            "searchQuery",
            string(query, "searchQuery", METHOD)?.as_deref(),
        )
        .push("sortBy", string(query, "sortBy", METHOD)?.as_deref())
        .push_list("types", &string_list(query, "types", METHOD)?);
    Ok(concat(&["/v2/assets", q.finish()]))
}

/// `GET /v2/batch`: `status`, and `createdAfter`/`createdBefore` (also in `@sync.so/sdk`'s
/// snake_case).
pub fn batch_list(query: Option<&Json>) -> Result<String, Error> {
    const METHOD: &str = "batch.list(query)";
    let query = object(query, METHOD, "query")?;
    let mut q = Query::new();
    q.push_list("status", &string_list(query, "status", METHOD)?)
        .push(
            "created_after",
            date(query, &["createdAfter", "created_after"], METHOD)?.as_deref(),
        )
        .push(
            "created_before",
            date(query, &["createdBefore", "created_before"], METHOD)?.as_deref(),
        );
    Ok(concat(&["/v2/batch", q.finish()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::parse;

    fn snap(text: &str) -> Json {
        parse(text).expect("valid JSON")
    }

    #[test]
    fn generation_filters() {
        let q = snap(
            r#"{"status":["COMPLETED","FAILED"],"ids":"a b","limit":5,"cursor":"c1","projectId":"p","junk":1}"#,
        );
        assert_eq!(
            generations_list(Some(&q), None, None).unwrap(),
            "/v2/generations?status=COMPLETED%2CFAILED&ids=a%20b&limit=5&cursor=c1&projectId=p"
        );
        assert_eq!(
            generations_list(Some(&q), Some("c2"), Some(100)).unwrap(),
            "/v2/generations?status=COMPLETED%2CFAILED&ids=a%20b&limit=5&cursor=c2&projectId=p"
        );
        assert_eq!(
            generations_list(None, None, Some(100)).unwrap(),
            "/v2/generations?limit=100"
        );
        assert_eq!(
            generations_list(Some(&snap(r#"{"status":null}"#)), None, None).unwrap(),
            "/v2/generations"
        );
    }

    #[test]
    fn refusals_name_the_field() {
        for (text, field, message) in [
            (
                r#"{"limit":0}"#,
                "limit",
                "limit must be a whole number from 1 to 100.",
            ),
            (r#"{"limit":1.5}"#, "limit", "from 1 to 100"),
            (r#"{"limit":"5"}"#, "limit", "from 1 to 100"),
            (
                r#"{"status":5}"#,
                "status",
                "status must be a string or an array of strings, got a number.",
            ),
            (
                r#"{"ids":["a",{}]}"#,
                "ids",
                "ids must hold strings, got an object.",
            ),
            (
                r#"{"cursor":true}"#,
                "cursor",
                "cursor must be a string, got a boolean.",
            ),
            (r#"[1]"#, "query", "query must be an object, got an array."),
        ] {
            let e = generations_list(Some(&snap(text)), None, None).unwrap_err();
            assert_eq!(e.field.as_deref(), Some(field), "{text}");
            assert!(e.message().contains(message), "{text}: {}", e.message());
            assert!(
                e.message().starts_with("generations.list(query): "),
                "{}",
                e.message()
            );
        }
    }

    #[test]
    fn asset_and_batch_filters() {
        let q = snap(r#"{"types":["VIDEO","AUDIO"],"sortBy":"dateDesc","searchQuery":"a&b"}"#);
        assert_eq!(
            assets_list(Some(&q), None, Some(100)).unwrap(),
            "/v2/assets?limit=100&searchQuery=a%26b&sortBy=dateDesc&types=VIDEO%2CAUDIO"
        );
        let q = snap(
            r#"{"status":"COMPLETED","created_after":"2025-01-01T00:00:00.000Z","createdBefore":"2026-01-01"}"#,
        );
        assert_eq!(
            batch_list(Some(&q)).unwrap(),
            "/v2/batch?status=COMPLETED&created_after=2025-01-01T00%3A00%3A00.000Z&created_before=2026-01-01"
        );
        let e = batch_list(Some(&snap(r#"{"createdAfter":5}"#))).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("createdAfter"));
    }
}
