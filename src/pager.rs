//! `listAll`: an async iterator over every item of a paginated list, fetching pages on demand.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::client::ClientInner;
use crate::js_errors::Fields;
use crate::request::{self, Call};
use crate::resources::{assets, call_options, generations};

/// What is being paged, and how its pages link.
pub(crate) enum Paging {
    /// `GET /v2/assets`: `{ items, nextCursor }`.
    Assets { query: JsValue },
    /// `GET /v2/generations`: an array; the next cursor is the last item's id, and a page shorter than
    /// `limit` is the last.
    Generations { query: JsValue },
}

/// Page size when the caller gives no `limit`.
const DEFAULT_PAGE_SIZE: u32 = 100;

struct State {
    buffer: VecDeque<JsValue>,
    cursor: Option<String>,
    done: bool,
    /// Set while a page is being fetched: overlapping `next()` calls are refused rather than
    /// fetching the same page twice.
    busy: bool,
}

/// An async iterator (`for await (const item of iterator)`) over every item of a list. Its
/// TypeScript type, generic over the item, is declared in `types.rs`.
#[wasm_bindgen(skip_typescript)]
pub struct PageIterator {
    client: Rc<ClientInner>,
    paging: Rc<Paging>,
    options: Option<Object>,
    state: Rc<RefCell<State>>,
}

impl PageIterator {
    pub(crate) fn new(
        client: Rc<ClientInner>,
        paging: Paging,
        options: Option<Object>,
    ) -> PageIterator {
        PageIterator {
            client,
            paging: Rc::new(paging),
            options,
            state: Rc::new(RefCell::new(State {
                buffer: VecDeque::new(),
                cursor: None,
                done: false,
                busy: false,
            })),
        }
    }
}

fn step(value: JsValue, done: bool) -> JsValue {
    Fields::new()
        .with("value", value)
        .with("done", done)
        .into_object()
}

#[wasm_bindgen]
impl PageIterator {
    /// The next item: `{ value, done }`, fetching the next page when needed.
    #[wasm_bindgen(unchecked_return_type = "Promise<IteratorResult<any, undefined>>")]
    pub fn next(&self) -> Promise {
        let client = self.client.clone();
        let paging = self.paging.clone();
        let state = self.state.clone();
        let options = self.options.clone();
        future_to_promise(async move {
            {
                let mut s = state.borrow_mut();
                if let Some(item) = s.buffer.pop_front() {
                    return Ok(step(item, false));
                }
                if s.done {
                    return Ok(step(JsValue::UNDEFINED, true));
                }
                if s.busy {
                    return Err(crate::js_errors::configuration(
                        "PageIterator.next() was called again before the previous call finished; await each call \
                         (for await ... of does this).",
                    ));
                }
                s.busy = true;
            }
            let page = fetch_page(
                &client,
                &paging,
                options.as_ref(),
                state.borrow().cursor.clone(),
            )
            .await;
            let mut s = state.borrow_mut();
            s.busy = false;
            let (items, next_cursor) = page?;
            s.buffer.extend(items);
            s.cursor = next_cursor;
            s.done = s.cursor.is_none();
            Ok(match s.buffer.pop_front() {
                Some(item) => step(item, false),
                None => {
                    s.done = true;
                    step(JsValue::UNDEFINED, true)
                }
            })
        })
    }

    /// Stop early (called by `break` in `for await`).
    #[wasm_bindgen(
        js_name = "return",
        unchecked_return_type = "Promise<IteratorResult<any, undefined>>"
    )]
    pub fn finish(&self) -> Promise {
        let mut s = self.state.borrow_mut();
        s.done = true;
        s.buffer.clear();
        Promise::resolve(&step(JsValue::UNDEFINED, true))
    }

    #[wasm_bindgen(
        js_name = "[Symbol.asyncIterator]",
        unchecked_return_type = "PageIterator"
    )]
    pub fn iterator(&self) -> PageIterator {
        PageIterator {
            client: self.client.clone(),
            paging: self.paging.clone(),
            options: self.options.clone(),
            state: self.state.clone(),
        }
    }
}

async fn fetch_page(
    client: &ClientInner,
    paging: &Paging,
    options: Option<&Object>,
    cursor: Option<String>,
) -> Result<(Vec<JsValue>, Option<String>), JsValue> {
    let options = call_options(client, options)?;
    match paging {
        Paging::Assets { query } => {
            let path = assets::list_path(query, cursor.as_deref(), Some(DEFAULT_PAGE_SIZE))?;
            let page = request::execute(client, Call::get(path), &options).await?;
            let items = Reflect::get(&page, &"items".into()).unwrap_or(JsValue::UNDEFINED);
            let items: Vec<JsValue> = if Array::is_array(&items) {
                Array::from(&items).to_vec()
            } else {
                Vec::new()
            };
            let next = Reflect::get(&page, &"nextCursor".into())
                .ok()
                .and_then(|c| c.as_string())
                .filter(|c| !c.is_empty());
            // A cursor that does not move would loop forever.
            let next = next.filter(|n| Some(n) != cursor.as_ref() && !items.is_empty());
            Ok((items, next))
        }
        Paging::Generations { query } => {
            let limit = Reflect::get(query, &"limit".into())
                .ok()
                .and_then(|l| l.as_f64());
            let page_size = limit.map_or(DEFAULT_PAGE_SIZE, |l| l as u32);
            let with_limit = if limit.is_some() {
                query.clone()
            } else {
                let copy = Object::assign(&Object::new(), query.unchecked_ref::<Object>());
                let _ = Reflect::set(&copy, &"limit".into(), &JsValue::from(DEFAULT_PAGE_SIZE));
                copy.into()
            };
            let path = generations::list_path(&with_limit, cursor.as_deref())?;
            let page = request::execute(client, Call::get(path), &options).await?;
            crate::generation::normalize(&page);
            let items: Vec<JsValue> = if Array::is_array(&page) {
                Array::from(&page).to_vec()
            } else {
                Vec::new()
            };
            let next = if items.len() < page_size as usize {
                None
            } else {
                items
                    .last()
                    .and_then(|g| Reflect::get(g, &"id".into()).ok())
                    .and_then(|id| id.as_string())
            };
            Ok((items, next.filter(|n| Some(n) != cursor.as_ref())))
        }
    }
}
