//! Generations as returned to users: the API has renamed fields over time (`outputUrl` →
//! `outputMediaUrl`, `error_code` → `errorCode`) and may send either spelling, so both are filled in
//! (`js/calls.js` `normalizeGenerations`, one call rather than a dozen property reads from Rust).
//! These are objects the SDK parsed itself (`JSON.parse` of an answer), so reading them runs no
//! caller code.

pub(crate) use crate::js::normalize_generations as normalize;
