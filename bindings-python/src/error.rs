//! The exception tree of the package and the mapping of every core error to it.
//!
//! `SiemulatorError` is the base class, and each stable code of `siemulator::Error::code` has
//! its own subclass. Every instance carries `.code` plus the fields of its core variant
//! (`.suggestions`, `.line`, `.offset`, `.path`, ...). `InvalidArgumentError` also derives
//! from `ValueError` and `IoError` from `OSError`, so generic `except` clauses keep working.
//! PyO3 classes take one base only, so the classes are built with `type()` when the module
//! loads; the table below is the whole tree.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use siemulator::error::ERROR_CODES;
use siemulator::Error;

/// Module that the exception classes report as theirs, matching the public import path.
const MODULE: &str = "siemulator";

/// The builtin exception a class derives from besides `SiemulatorError`.
#[derive(Clone, Copy)]
enum ExtraBase {
    None,
    ValueError,
    OsError,
}

/// One exception class: the core code it stands for, its name, extra base and docstring.
struct ErrorClass {
    code: &'static str,
    name: &'static str,
    extra_base: ExtraBase,
    doc: &'static str,
}

const CLASSES: &[ErrorClass] = &[
    ErrorClass {
        code: "unknown_source",
        name: "UnknownSourceError",
        extra_base: ExtraBase::None,
        doc: "A source id or alias that the catalog does not contain; `.suggestions` lists the closest ids.",
    },
    ErrorClass {
        code: "unknown_variant",
        name: "UnknownVariantError",
        extra_base: ExtraBase::None,
        doc: "A variant the source does not define; `.available` lists its variants.",
    },
    ErrorClass {
        code: "unknown_field",
        name: "UnknownFieldError",
        extra_base: ExtraBase::None,
        doc: "An override naming a field the event does not have; `.available` lists its fields.",
    },
    ErrorClass {
        code: "invalid_argument",
        name: "InvalidArgumentError",
        extra_base: ExtraBase::ValueError,
        doc: "An argument outside its documented domain; `.argument` names it.",
    },
    ErrorClass {
        code: "parse_error",
        name: "ParseError",
        extra_base: ExtraBase::None,
        doc: "An input event that could not be read; `.line` (1-based, or None) and `.offset` say where.",
    },
    ErrorClass {
        code: "input_too_large",
        name: "InputTooLargeError",
        extra_base: ExtraBase::None,
        doc: "An input larger than a documented limit; `.size` and `.limit` are in bytes.",
    },
    ErrorClass {
        code: "scenario_error",
        name: "ScenarioError",
        extra_base: ExtraBase::None,
        doc:
            "A malformed scenario document or an unknown built-in scenario name; `.path` names the field and `.line` the line, when known.",
    },
    ErrorClass {
        code: "invalid_record",
        name: "InvalidRecordError",
        extra_base: ExtraBase::None,
        doc: "An OCSF record that does not satisfy the schema; `.problems` lists every problem.",
    },
    ErrorClass {
        code: "io_error",
        name: "IoError",
        extra_base: ExtraBase::OsError,
        doc: "A failed read or write of a file or file object.",
    },
];

/// The created classes: the base first, then one per entry of [`CLASSES`], in order.
static TREE: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

fn build_tree(py: Python<'_>) -> PyResult<Vec<Py<PyType>>> {
    let builtins = py.import("builtins")?;
    let make_class = |name: &str, bases: Bound<'_, PyTuple>, doc: &str, code: Option<&str>| -> PyResult<Py<PyType>> {
        let namespace = PyDict::new(py);
        namespace.set_item("__module__", MODULE)?;
        namespace.set_item("__doc__", doc)?;
        if let Some(code) = code {
            namespace.set_item("code", code)?;
        }
        let class = builtins.getattr("type")?.call1((name, bases, namespace))?;
        Ok(class.cast_into::<PyType>()?.unbind())
    };

    let base = make_class(
        "SiemulatorError",
        PyTuple::new(py, [builtins.getattr("Exception")?])?,
        "Base class of every error raised by siemulator; `.code` is the stable snake_case error code.",
        None,
    )?;
    let mut tree = vec![base.clone_ref(py)];
    for class in CLASSES {
        let mut bases = vec![base.bind(py).clone().into_any()];
        match class.extra_base {
            ExtraBase::None => {}
            ExtraBase::ValueError => bases.push(builtins.getattr("ValueError")?),
            ExtraBase::OsError => bases.push(builtins.getattr("OSError")?),
        }
        tree.push(make_class(class.name, PyTuple::new(py, bases)?, class.doc, Some(class.code))?);
    }
    Ok(tree)
}

fn tree(py: Python<'_>) -> PyResult<&Vec<Py<PyType>>> {
    TREE.get_or_try_init(py, || build_tree(py))
}

/// Returns the class raised for `code`, or the base class for a code this build does not know.
fn class_for<'py>(py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyType>> {
    let tree = tree(py)?;
    let position = CLASSES.iter().position(|class| class.code == code);
    let class = position.map_or(&tree[0], |index| &tree[index + 1]);
    Ok(class.bind(py).clone())
}

/// Adds the exception classes, `ERROR_CODES` and `ERROR_CLASSES` (code to class) to the module.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let tree = tree(py)?;
    module.add("SiemulatorError", tree[0].bind(py))?;
    let by_code = PyDict::new(py);
    for (class, created) in CLASSES.iter().zip(&tree[1..]) {
        module.add(class.name, created.bind(py))?;
        by_code.set_item(class.code, created.bind(py))?;
    }
    module.add("ERROR_CODES", ERROR_CODES.to_vec())?;
    module.add("ERROR_CLASSES", by_code)?;
    Ok(())
}

/// Builds the exception instance for a core error, with `.code` and the variant's fields.
fn to_exception<'py>(py: Python<'py>, err: &Error) -> PyResult<Bound<'py, PyAny>> {
    let class = class_for(py, err.code())?;
    let message = err.to_string();
    let instance = match err {
        // `OSError` prints "[Errno N] " itself, so the message drops Rust's " (os error N)".
        Error::Io(io) => match io.raw_os_error() {
            Some(errno) => class.call1((errno, without_os_error_suffix(&message, errno)))?,
            None => class.call1((message,))?,
        },
        _ => class.call1((message,))?,
    };
    instance.setattr("code", err.code())?;

    match err {
        Error::UnknownSource { id, suggestions } => {
            instance.setattr("id", id)?;
            instance.setattr("suggestions", suggestions.clone())?;
        }
        Error::UnknownVariant {
            source_id,
            variant,
            available,
        } => {
            instance.setattr("source_id", source_id)?;
            instance.setattr("variant", variant)?;
            instance.setattr("available", available.clone())?;
        }
        Error::UnknownField {
            source_id,
            variant,
            field,
            available,
        } => {
            instance.setattr("source_id", source_id)?;
            instance.setattr("variant", variant)?;
            instance.setattr("field", field)?;
            instance.setattr("available", available.clone())?;
        }
        Error::InvalidArgument { name, message } => {
            instance.setattr("argument", name)?;
            instance.setattr("reason", message)?;
        }
        Error::Parse { source_id, error } => {
            instance.setattr("source_id", source_id)?;
            instance.setattr("line", error.line)?;
            instance.setattr("offset", error.offset)?;
            instance.setattr("reason", &error.reason)?;
        }
        Error::InputTooLarge { what, size, limit } => {
            instance.setattr("what", *what)?;
            instance.setattr("size", *size)?;
            instance.setattr("limit", *limit)?;
        }
        Error::Scenario { path, line, message } => {
            instance.setattr("path", path)?;
            instance.setattr("line", *line)?;
            instance.setattr("reason", message)?;
        }
        Error::InvalidRecord { class_uid, problems } => {
            instance.setattr("class_uid", *class_uid)?;
            instance.setattr("problems", problems.clone())?;
        }
        _ => {}
    }
    Ok(instance)
}

/// Converts a core error into the Python exception of its code.
pub fn to_pyerr(py: Python<'_>, err: &Error) -> PyErr {
    match to_exception(py, err) {
        Ok(instance) => PyErr::from_value(instance),
        Err(failure) => failure,
    }
}

/// Builds a `ParseError` exception object (not raised) for one bad event of a parse run.
pub fn parse_error_object<'py>(py: Python<'py>, source_id: &str, error: siemulator::ParseError) -> PyResult<Bound<'py, PyAny>> {
    let err = Error::Parse {
        source_id: source_id.to_string(),
        error,
    };
    to_exception(py, &err)
}

/// Removes the " (os error N)" that Rust's `io::Error` appends to the system's description.
fn without_os_error_suffix(message: &str, errno: i32) -> &str {
    message.strip_suffix(&format!(" (os error {errno})")).unwrap_or(message)
}

/// Builds the `IoError` for a file that could not be opened or read.
///
/// An operating system error gets `.errno`, `.strerror` and `.filename`, so the message
/// reads as Python's own, such as "[Errno 2] No such file or directory: 'x.yaml'". Other
/// errors, such as a file that is not UTF-8, name the path in the message.
pub fn file_error(py: Python<'_>, path: &str, err: &std::io::Error) -> PyErr {
    let build = || -> PyResult<Bound<'_, PyAny>> {
        let class = class_for(py, "io_error")?;
        let description = err.to_string();
        let instance = match err.raw_os_error() {
            Some(errno) => class.call1((errno, without_os_error_suffix(&description, errno), path))?,
            None => class.call1((format!("{path}: {description}"),))?,
        };
        instance.setattr("code", "io_error")?;
        Ok(instance)
    };
    match build() {
        Ok(instance) => PyErr::from_value(instance),
        Err(failure) => failure,
    }
}

/// Builds the `ScenarioError` for a name that is not a built-in scenario, with `message`
/// (which lists the built-in names) as `.reason`, an empty `.path` because no document
/// was read, and `.line` None.
pub fn unknown_builtin_scenario(py: Python<'_>, message: &str) -> PyErr {
    let build = || -> PyResult<Bound<'_, PyAny>> {
        let instance = class_for(py, "scenario_error")?.call1((message,))?;
        instance.setattr("code", "scenario_error")?;
        instance.setattr("path", "")?;
        instance.setattr("line", py.None())?;
        instance.setattr("reason", message)?;
        Ok(instance)
    };
    match build() {
        Ok(instance) => PyErr::from_value(instance),
        Err(failure) => failure,
    }
}

/// The error of a binding function: a core error, mapped to its class when raised, or a
/// Python error such as a `TypeError` from argument conversion.
#[derive(Debug)]
pub enum BindingError {
    /// An error returned by the core library.
    Core(Error),
    /// An error already in Python form.
    Python(PyErr),
}

/// A `Result` whose error converts into the right Python exception.
pub type Result<T> = std::result::Result<T, BindingError>;

impl From<Error> for BindingError {
    fn from(err: Error) -> Self {
        BindingError::Core(err)
    }
}

impl From<PyErr> for BindingError {
    fn from(err: PyErr) -> Self {
        BindingError::Python(err)
    }
}

impl From<std::io::Error> for BindingError {
    fn from(err: std::io::Error) -> Self {
        BindingError::Core(Error::Io(err))
    }
}

impl From<BindingError> for PyErr {
    fn from(err: BindingError) -> Self {
        match err {
            BindingError::Core(core) => Python::attach(|py| to_pyerr(py, &core)),
            BindingError::Python(python) => python,
        }
    }
}

/// Builds an `InvalidArgumentError` for argument `name`.
pub fn invalid_argument(name: &str, message: impl Into<String>) -> BindingError {
    BindingError::Core(Error::invalid_argument(name, message))
}
