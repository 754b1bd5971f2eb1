//! The exported classes (`SyncClient` and its namespaces, `PageIterator`, `verifyWebhook`) and the one
//! place Rust errors become JS errors (`edge`). Arguments are read through `crate::js::read`; the
//! work is done by `crate::net` and `crate::core`.

mod args;
mod assets;
mod batch;
mod client;
mod edge;
mod generation;
mod generations;
mod many;
mod models;
mod op;
mod options;
mod pager;
mod types;
mod webhooks;

pub use client::SyncClient;
pub use webhooks::verify_webhook;
