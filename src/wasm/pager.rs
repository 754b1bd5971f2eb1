//! `listAll`: an async iterator over every item of a paginated list, fetching pages on demand. It is
//! generic over how a list's pages link (`Pages`).
//!
//! Its state is borrowed only between awaits, never across one, so overlapping calls cannot collide:
//! a `next()` while another is fetching is refused with an error, and `return()` at any time ends the
//! iteration (a page still arriving is then dropped).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;

use super::edge;
use crate::core::error::Error;
use crate::js::{read, Failure};
use crate::net::request::{self, Call};
use crate::net::{CallOptions, Client};

/// How a list's pages link.
pub(crate) trait Pages {
    /// The path of the page after `cursor` (the first page for `None`).
    fn path(&self, cursor: Option<&str>) -> Result<String, Failure>;
    /// A page's items, and the cursor of the next page (`None` after the last). The pager stops at a
    /// cursor that does not move, so a page parser need not check that.
    fn page(&self, data: &JsValue) -> (Array, Option<String>);
}

#[derive(Default)]
struct State {
    buffer: VecDeque<JsValue>,
    cursor: Option<String>,
    done: bool,
    /// Set while a page is being fetched.
    busy: bool,
}

/// An async iterator (`for await (const item of iterator)`) over every item of a list. Its
/// TypeScript type, generic over the item, is declared in `types.rs`.
#[wasm_bindgen(skip_typescript)]
pub struct PageIterator {
    client: Rc<Client>,
    pages: Rc<(Box<dyn Pages>, CallOptions)>,
    state: Rc<RefCell<State>>,
}

impl PageIterator {
    /// The iterator, or the JS error that `listAll` throws for a refused query or options object.
    pub(crate) fn new(
        client: &Rc<Client>,
        pages: Result<Box<dyn Pages>, Failure>,
        options: Result<CallOptions, Failure>,
    ) -> Result<PageIterator, JsValue> {
        let setup = options
            .and_then(|options| Ok((pages?, options)))
            .map_err(|failure| edge::to_js(failure, client.key.expose()))?;
        Ok(PageIterator {
            client: client.clone(),
            pages: Rc::new(setup),
            state: Rc::new(RefCell::new(State::default())),
        })
    }
}

fn step(value: &JsValue, done: bool) -> JsValue {
    let o: JsValue = Object::new().into();
    read::set(&o, "value", value);
    read::set(&o, "done", &JsValue::from_bool(done));
    o
}

/// What a `next()` does, decided with the state borrowed and released at once.
enum Turn {
    Item(JsValue),
    Done,
    Busy,
    Fetch(Option<String>),
}

#[wasm_bindgen]
impl PageIterator {
    /// The next item: `{ value, done }`, fetching the next page when needed.
    #[wasm_bindgen(unchecked_return_type = "Promise<IteratorResult<any, undefined>>")]
    pub fn next(&self) -> Promise {
        let client = self.client.clone();
        let pages = self.pages.clone();
        let state = self.state.clone();
        let turn = match state.try_borrow_mut() {
            Ok(mut s) => {
                if let Some(item) = s.buffer.pop_front() {
                    Turn::Item(item)
                } else if s.done {
                    Turn::Done
                } else if s.busy {
                    Turn::Busy
                } else {
                    s.busy = true;
                    Turn::Fetch(s.cursor.clone())
                }
            }
            Err(_) => Turn::Busy,
        };
        edge::promise(
            client.clone(),
            Box::pin(async move {
                let cursor = match turn {
                    Turn::Item(item) => return Ok(step(&item, false)),
                    Turn::Done => return Ok(step(&JsValue::UNDEFINED, true)),
                    Turn::Busy => return Err(Error::configuration(
                        "PageIterator.next() was called again before the previous call finished; \
                         await each call (for await ... of does this).",
                    )
                    .into()),
                    Turn::Fetch(cursor) => cursor,
                };
                let page = fetch_page(&client, &pages, cursor.as_deref()).await;
                let Ok(mut s) = state.try_borrow_mut() else {
                    return Ok(step(&JsValue::UNDEFINED, true));
                };
                s.busy = false;
                if s.done {
                    // `return()` was called while the page was on its way.
                    return Ok(step(&JsValue::UNDEFINED, true));
                }
                let (items, next_cursor) = match page {
                    Ok(page) => page,
                    Err(failure) => return Err(failure),
                };
                s.buffer.extend(items.iter());
                s.done = next_cursor.is_none();
                s.cursor = next_cursor;
                Ok(match s.buffer.pop_front() {
                    Some(item) => step(&item, false),
                    None => {
                        s.done = true;
                        step(&JsValue::UNDEFINED, true)
                    }
                })
            }),
        )
    }

    /// Stop early (called by `break` in `for await`).
    #[wasm_bindgen(
        js_name = "return",
        unchecked_return_type = "Promise<IteratorResult<any, undefined>>"
    )]
    pub fn finish(&self) -> Promise {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.done = true;
            s.buffer.clear();
        }
        Promise::resolve(&step(&JsValue::UNDEFINED, true))
    }

    #[wasm_bindgen(
        js_name = "[Symbol.asyncIterator]",
        unchecked_return_type = "PageIterator"
    )]
    pub fn iterator(&self) -> PageIterator {
        PageIterator {
            client: self.client.clone(),
            pages: self.pages.clone(),
            state: self.state.clone(),
        }
    }
}

async fn fetch_page(
    client: &Client,
    (pages, options): &(Box<dyn Pages>, CallOptions),
    cursor: Option<&str>,
) -> Result<(Array, Option<String>), Failure> {
    let path = pages.path(cursor)?;
    let reply = request::execute(client, Call::get(path), options).await?;
    let (items, next) = pages.page(&reply.data);
    // A cursor that does not move, or an empty page, would loop forever.
    let next = next.filter(|n| Some(n.as_str()) != cursor && items.length() > 0);
    Ok((items, next))
}
