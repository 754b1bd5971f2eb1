//! Query strings: values percent-encoded like `encodeURIComponent`, lists sent comma-separated (the
//! form the Sync docs describe), empty values left out.

use super::url::encode_segment;

#[derive(Default)]
pub struct Query(String);

impl Query {
    pub fn new() -> Self {
        Query(String::new())
    }

    /// Add `name=value`; `None` adds nothing.
    pub fn push(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.0.push(if self.0.is_empty() { '?' } else { '&' });
            self.0.push_str(name);
            self.0.push('=');
            self.0.push_str(&encode_segment(value));
        }
        self
    }

    /// Add `name=a,b,c`; an empty list adds nothing.
    pub fn push_list(&mut self, name: &str, values: &[String]) -> &mut Self {
        if !values.is_empty() {
            let joined = super::text::join(values.iter().map(String::as_str), ",");
            self.push(name, Some(&joined));
        }
        self
    }

    /// `?a=1&b=2`, or an empty string.
    pub fn finish(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_encoded_query() {
        let mut q = Query::new();
        q.push("limit", Some("10"))
            .push("cursor", None)
            .push_list("status", &["COMPLETED".into(), "FAILED".into()])
            .push_list("ids", &[])
            .push("searchQuery", Some("a b&c"));
        assert_eq!(
            q.finish(),
            "?limit=10&status=COMPLETED%2CFAILED&searchQuery=a%20b%26c"
        );
        assert_eq!(Query::new().finish(), "");
    }
}
