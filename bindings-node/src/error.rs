//! The one place where core errors become JavaScript `Error` objects.
//!
//! Every thrown or rejected error is a plain `Error` whose `code` is the core's stable
//! snake_case code (`siemulator::error::ERROR_CODES`) and whose extra properties carry the
//! structured details: `line`, `offset`, `path`, `suggestions` and the others listed in
//! [`set_details`]. A panic inside the core never unwinds into Node: [`guard`] catches it and
//! throws an `Error` with the code [`INTERNAL_ERROR`].

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::{Null, Object};
use napi::{Env, JsValue};
use napi_derive::napi;
use siemulator::Error;

/// Code of the error thrown when the core panicked, which is always a bug in siemulator.
pub const INTERNAL_ERROR: &str = "internal_error";

/// Code of the TypeError that `index.js` throws when a class is called without `new`, or when
/// a class without a public constructor is called.
pub const INVALID_CONSTRUCTOR_CALL: &str = "invalid_constructor_call";

/// Returns every error code the package throws: the core's codes, then the binding's own
/// `internal_error` and `invalid_constructor_call`.
#[napi]
pub fn error_codes() -> Vec<&'static str> {
    let mut codes = siemulator::error::ERROR_CODES.to_vec();
    codes.push(INTERNAL_ERROR);
    codes.push(INVALID_CONSTRUCTOR_CALL);
    codes
}

/// Converts a core error into a `napi::Error` that throws (or rejects with) a JavaScript
/// `Error` carrying `code` and the error's details.
pub fn to_napi(env: &Env, err: Error) -> napi::Error {
    match build(env, err.code(), &binding_terms(&err.to_string()), |object| {
        set_details(object, &err)
    }) {
        Ok(error) => error,
        Err(failed) => failed,
    }
}

/// Hints of core messages that name the CLI, with the binding's own terms for the same thing.
const CLI_HINTS: [(&str, &str); 2] = [
    ("set a received time (CLI: --received-time)", "set the receivedTime option"),
    ("run `siemulator list` to see every source", "call sources() to see every source"),
];

/// Rewrites the CLI hints of a core message in the binding's terms.
fn binding_terms(message: &str) -> String {
    CLI_HINTS
        .iter()
        .fold(message.to_string(), |text, (cli, binding)| text.replace(cli, binding))
}

/// Builds the error of a panic, with the panic message when it is text.
fn panic_error(env: &Env, payload: &(dyn std::any::Any + Send)) -> napi::Error {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    let message = format!("siemulator panicked, which is a bug; please report it with the request that caused it: {detail}");
    build(env, INTERNAL_ERROR, &message, |_| Ok(())).unwrap_or_else(|failed| failed)
}

/// Runs `body` and converts its error, or a panic inside it, into a JavaScript error.
pub fn guard<T>(env: &Env, body: impl FnOnce() -> siemulator::Result<T>) -> napi::Result<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(to_napi(env, err)),
        Err(payload) => Err(panic_error(env, payload.as_ref())),
    }
}

/// Runs `body` on a worker thread and keeps a panic as a value, so the task can reject its
/// promise on the JavaScript thread instead of unwinding through libuv.
pub fn catch_panic<T>(body: impl FnOnce() -> siemulator::Result<T>) -> Outcome<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => Outcome::Done(result),
        Err(payload) => Outcome::Panicked(payload),
    }
}

/// The result of work done off the JavaScript thread.
pub enum Outcome<T> {
    /// The core returned.
    Done(siemulator::Result<T>),
    /// The core panicked with this payload.
    Panicked(Box<dyn std::any::Any + Send>),
}

impl<T> Outcome<T> {
    /// Converts the outcome on the JavaScript thread.
    pub fn into_napi(self, env: &Env) -> napi::Result<T> {
        match self {
            Outcome::Done(Ok(value)) => Ok(value),
            Outcome::Done(Err(err)) => Err(to_napi(env, err)),
            Outcome::Panicked(payload) => Err(panic_error(env, payload.as_ref())),
        }
    }

    /// Converts the outcome of writing the file at `path` on the JavaScript thread.
    pub fn into_napi_writing(self, env: &Env, path: &str) -> napi::Result<T> {
        match self {
            Outcome::Done(Err(err)) => Err(to_napi_writing(env, err, path)),
            other => other.into_napi(env),
        }
    }
}

/// Builds an `io_error` that names the file and the action (`read` or `write`), with the
/// file under `path` and the `std::io::ErrorKind` name under `ioKind`.
pub fn file_error(env: &Env, action: &str, path: &str, err: &std::io::Error) -> napi::Error {
    let message = format!("cannot {action} '{path}': {err}");
    let kind = format!("{:?}", err.kind());
    build(env, "io_error", &message, |object| {
        object.set("path", path)?;
        object.set("ioKind", kind)
    })
    .unwrap_or_else(|failed| failed)
}

/// Converts the error of writing the file at `path`: an I/O failure names the file, and any
/// other error converts as [`to_napi`] does.
pub fn to_napi_writing(env: &Env, err: Error, path: &str) -> napi::Error {
    match err {
        Error::Io(io) => file_error(env, "write", path, &io),
        other => to_napi(env, other),
    }
}

/// Runs `body`, which writes the file at `path`, converting errors as [`to_napi_writing`].
pub fn guard_writing<T>(env: &Env, path: &str, body: impl FnOnce() -> siemulator::Result<T>) -> napi::Result<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(to_napi_writing(env, err, path)),
        Err(payload) => Err(panic_error(env, payload.as_ref())),
    }
}

/// Builds an `invalid_argument` error for a value the binding rejects before calling the core.
pub fn invalid_argument(env: &Env, name: &str, message: impl Into<String>) -> napi::Error {
    to_napi(env, Error::invalid_argument(name, message))
}

/// Creates the `Error` object, sets `code` and the details, and wraps it for throwing.
/// When creating the object fails, returns that failure as the error to throw instead.
fn build(env: &Env, code: &str, message: &str, details: impl FnOnce(&mut Object) -> napi::Result<()>) -> Result<napi::Error, napi::Error> {
    let mut object = env.create_error(napi::Error::new(napi::Status::GenericFailure, message))?;
    object.set("code", code)?;
    details(&mut object)?;
    Ok(napi::Error::from(object.to_unknown()))
}

/// Copies the structured fields of `err` onto the JavaScript error, under camelCase names.
fn set_details(object: &mut Object, err: &Error) -> napi::Result<()> {
    match err {
        Error::UnknownSource { id, suggestions } => {
            object.set("id", id.as_str())?;
            object.set("suggestions", suggestions.clone())?;
        }
        Error::UnknownVariant {
            source_id,
            variant,
            available,
        } => {
            object.set("sourceId", source_id.as_str())?;
            object.set("variant", variant.as_str())?;
            object.set("available", available.clone())?;
        }
        Error::UnknownField {
            source_id,
            variant,
            field,
            available,
        } => {
            object.set("sourceId", source_id.as_str())?;
            object.set("variant", variant.as_str())?;
            object.set("field", field.as_str())?;
            object.set("available", available.clone())?;
        }
        Error::InvalidArgument { name, message } => {
            // `name` is taken by `Error.prototype.name`, so the argument goes under `argument`.
            object.set("argument", name.as_str())?;
            object.set("reason", message.as_str())?;
        }
        Error::Parse { source_id, error } => {
            object.set("sourceId", source_id.as_str())?;
            set_optional_number(object, "line", error.line)?;
            object.set("offset", error.offset as f64)?;
            object.set("reason", binding_terms(&error.reason))?;
        }
        Error::InputTooLarge { what, size, limit } => {
            object.set("what", *what)?;
            object.set("size", *size as f64)?;
            object.set("limit", *limit as f64)?;
        }
        Error::Scenario { path, line, message } => {
            object.set("path", path.as_str())?;
            set_optional_number(object, "line", *line)?;
            object.set("reason", message.as_str())?;
        }
        Error::InvalidRecord { class_uid, problems } => {
            object.set("classUid", *class_uid as f64)?;
            object.set("problems", problems.clone())?;
        }
        Error::Io(io) => {
            object.set("ioKind", format!("{:?}", io.kind()))?;
        }
        // The core error type is non-exhaustive: a new kind still carries its code and message.
        _ => {}
    }
    Ok(())
}

fn set_optional_number(object: &mut Object, key: &str, value: Option<u64>) -> napi::Result<()> {
    match value {
        Some(value) => object.set(key, value as f64),
        None => object.set(key, Null),
    }
}
