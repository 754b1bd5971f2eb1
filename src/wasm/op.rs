//! What a method does once its arguments are read: one value per kind of work, run by one async
//! function. Every method's promise is this one state machine, so the wasm holds one copy of the
//! promise machinery instead of one per method.

use wasm_bindgen::JsValue;

use super::generation::normalize;
use super::options::WaitOptions;
use super::{assets, batch, generations};
use crate::core::json::Json;
use crate::js::Failure;
use crate::net::request::{self, Call, Reply};
use crate::net::{CallOptions, Client};

pub(crate) enum Op {
    /// One request; with `generations`, both field spellings are filled in on the answer.
    Send {
        call: Call,
        options: CallOptions,
        generations: bool,
    },
    /// `POST /v2/generate` with an idempotency key.
    Create {
        call: Call,
        options: CallOptions,
    },
    CreateWithFiles {
        video: JsValue,
        audio: JsValue,
        fields: Json,
        options: CallOptions,
    },
    Wait {
        id: String,
        wait: WaitOptions,
    },
    CreateAndWait {
        body: String,
        wait: WaitOptions,
    },
    Upload {
        file: JsValue,
        file_name: Option<String>,
        content_type: Option<String>,
        options: CallOptions,
    },
    Batch {
        input: JsValue,
        webhook_url: Option<String>,
        dry_run: Option<bool>,
        options: CallOptions,
    },
}

pub(crate) async fn run(client: &Client, op: Op) -> Result<Reply, Failure> {
    let (reply, generations) = match op {
        Op::Send {
            call,
            options,
            generations,
        } => (request::execute(client, call, &options).await?, generations),
        Op::Create { call, options } => (generations::create(client, call, options).await?, true),
        Op::CreateWithFiles {
            video,
            audio,
            fields,
            options,
        } => (
            generations::create_with_files(client, video, audio, fields, options).await?,
            true,
        ),
        Op::Wait { id, wait } => (
            generations::wait_for(client, &id, &wait, None).await?,
            false,
        ),
        Op::CreateAndWait { body, wait } => (
            generations::create_and_wait(client, body, &wait).await?,
            false,
        ),
        Op::Upload {
            file,
            file_name,
            content_type,
            options,
        } => (
            assets::upload(client, file, file_name, content_type, options).await?,
            false,
        ),
        Op::Batch {
            input,
            webhook_url,
            dry_run,
            options,
        } => (
            batch::create(client, input, webhook_url, dry_run, options).await?,
            false,
        ),
    };
    if generations {
        normalize(&reply.data);
    }
    Ok(reply)
}
