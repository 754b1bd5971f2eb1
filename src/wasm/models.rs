//! `client.models`: the models this key can use.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::op::Op;
use super::{edge, options};
use crate::net::request::Call;
use crate::net::Client;

/// `client.models`.
#[wasm_bindgen]
pub struct Models {
    client: Rc<Client>,
}

impl Models {
    pub(crate) fn new(client: Rc<Client>) -> Models {
        Models { client }
    }
}

#[wasm_bindgen]
impl Models {
    /// Active models available to this key, including feature-flagged ones: `GET /v2/models`.
    ///
    /// ```ts
    /// for (const model of await client.models.list()) console.log(model.id, model.name);
    /// ```
    #[wasm_bindgen(unchecked_return_type = "SyncPromise<ModelInfo[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        let op = options::call(&options).map(|options| Op::Send {
            call: Call::get("/v2/models".to_owned()),
            options,
            generations: false,
        });
        edge::respond(&self.client, op)
    }
}
