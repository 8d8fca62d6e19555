//! Panic containment: a bug in one handler becomes an error response and a log line,
//! never a dead server.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use tower_lsp_server::jsonrpc;

pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}

/// Runs a synchronous handler body; a panic is logged and answered with `InternalError`.
pub fn run<T>(method: &str, f: impl FnOnce() -> jsonrpc::Result<T>) -> jsonrpc::Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let message = panic_message(&*payload);
            tracing::error!(method, %message, "handler panicked");
            Err(jsonrpc::Error {
                code: jsonrpc::ErrorCode::InternalError,
                message: format!("dlint: internal error in {method}: {message}").into(),
                data: None,
            })
        }
    }
}

/// Like [`run`] for notifications and background work, where there is no one to answer:
/// the panic is logged and `None` returned.
pub fn quietly<T>(what: &str, f: impl FnOnce() -> T) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => Some(v),
        Err(payload) => {
            tracing::error!(what, message = %panic_message(&*payload), "panicked");
            None
        }
    }
}
