//! `client.models`: the models this key can use.

use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use super::respond;
use crate::client::ClientInner;
use crate::request::{self, Call};

/// `client.models`.
#[wasm_bindgen]
pub struct Models {
    pub(crate) client: Rc<ClientInner>,
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
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<Object>,
    ) -> Promise {
        respond(&self.client, options, move |client, options| async move {
            request::execute_reply(&client, Call::get("/v2/models".to_owned()), &options).await
        })
    }
}
