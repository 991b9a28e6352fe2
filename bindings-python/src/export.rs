//! `write()`: events of a source or a scenario streamed straight to a file or a binary file
//! object, in any output format, without a Python object per event.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::str::FromStr;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use siemulator::export::{ExportOptions, Exporter, OutputFormat};
use siemulator::generate::Generator;

use crate::conversion::{offset_arg, optional_batch_size_arg, optional_count_arg, optional_seed_arg, timestamp_from_py, type_name};
use crate::error::{file_error, invalid_argument, Result};
use crate::event::EventSource;
use crate::generate::RequestArgs;
use crate::scenario::Scenario;

/// Bytes collected before one call of a Python file object's `write`, also the buffer size
/// of files opened by path. The CLI buffers its output the same way.
const CHUNK: usize = 1 << 20;

/// Number of events written to a source's file when `count` and `end` are both None, as the
/// CLI writes without `--count`.
const DEFAULT_COUNT: u64 = 10;

/// A `Write` that collects bytes and hands them to a Python file object's `write` in chunks,
/// attaching to the interpreter only for those calls.
struct PyFileWriter {
    file: Py<PyAny>,
    buffer: Vec<u8>,
    /// The Python exception of a failed `write`, raised again once the export stops.
    failure: Option<PyErr>,
}

impl PyFileWriter {
    fn new(file: Py<PyAny>) -> Self {
        PyFileWriter {
            file,
            buffer: Vec::with_capacity(CHUNK),
            failure: None,
        }
    }

    fn write_chunk(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let result = Python::attach(|py| -> PyResult<()> {
            let file = self.file.bind(py);
            let mut pending = &self.buffer[..];
            // A raw file object may write fewer bytes than given; the rest is written again.
            while !pending.is_empty() {
                let written: Option<usize> = file.call_method1("write", (PyBytes::new(py, pending),))?.extract()?;
                match written {
                    Some(0) | None => {
                        return Err(pyo3::exceptions::PyOSError::new_err(
                            "the file object's write() accepted no bytes; pass a blocking binary file",
                        ))
                    }
                    Some(count) => pending = &pending[count.min(pending.len())..],
                }
            }
            Ok(())
        });
        self.buffer.clear();
        result.map_err(|err| {
            self.failure = Some(err);
            io::Error::other("the file object's write() raised an exception")
        })
    }
}

impl Write for PyFileWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.write_chunk()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_chunk()
    }
}

/// Output of `write`: a buffered file, or a Python file object.
enum Destination {
    File(BufWriter<File>),
    Object(PyFileWriter),
}

impl Destination {
    /// Opens a path (str or `os.PathLike`) for writing, or wraps an object with `.write`.
    fn open(value: &Bound<'_, PyAny>) -> Result<Self> {
        let py = value.py();
        let is_path = value.is_instance_of::<PyString>() || value.hasattr("__fspath__")?;
        if is_path {
            let path: String = py.import("os")?.call_method1("fspath", (value,))?.extract()?;
            let file = File::create(&path).map_err(|err| file_error(py, &path, &err))?;
            return Ok(Destination::File(BufWriter::with_capacity(CHUNK, file)));
        }
        if value.hasattr("write")? {
            return Ok(Destination::Object(PyFileWriter::new(value.clone().unbind())));
        }
        Err(PyTypeError::new_err(format!(
            "the destination must be a path or a binary file object with write(), not {}",
            type_name(value)
        ))
        .into())
    }
}

/// Writes `events` to `out` in `format` and returns the number of events written.
fn export(events: EventSource, format: OutputFormat, options: ExportOptions, out: &mut dyn Write) -> siemulator::Result<u64> {
    match events {
        EventSource::Generator(generator) if format == OutputFormat::Raw => export_raw(*generator, out),
        events => {
            let mut exporter = Exporter::with_options(format, out, options)?;
            for event in events {
                exporter.write_event(&event)?;
            }
            let count = exporter.count();
            exporter.finish()?;
            Ok(count)
        }
    }
}

/// Writes the raw text of one source from a reused line buffer, without building `Event`
/// values, as the CLI's raw output does.
fn export_raw(mut generator: Generator, out: &mut dyn Write) -> siemulator::Result<u64> {
    let mut line = String::with_capacity(1024);
    let mut count = 0;
    while generator.next_raw(&mut line).is_some() {
        line.push('\n');
        out.write_all(line.as_bytes())?;
        count += 1;
    }
    out.flush()?;
    Ok(count)
}

/// Runs an export with the GIL released and raises the file object's own exception when its
/// `write` failed.
pub fn write_to(
    py: Python<'_>,
    destination: &Bound<'_, PyAny>,
    events: EventSource,
    format: OutputFormat,
    options: ExportOptions,
) -> Result<u64> {
    match Destination::open(destination)? {
        Destination::File(mut file) => Ok(py.detach(|| export(events, format, options, &mut file))?),
        Destination::Object(mut writer) => {
            let result = py.detach(|| export(events, format, options, &mut writer));
            if let Some(failure) = writer.failure.take() {
                return Err(failure.into());
            }
            Ok(result?)
        }
    }
}

/// Reads the `format` and `batch_size` arguments.
pub fn format_options(format: &str, batch_size: Option<u64>) -> Result<(OutputFormat, ExportOptions)> {
    let format = OutputFormat::from_str(format)?;
    let mut options = ExportOptions::default();
    if let Some(batch_size) = batch_size {
        options.batch_size = batch_size;
    }
    Ok((format, options))
}

/// Write events to `destination` and return the number of events written.
///
/// `destination` is a path (`str` or `os.PathLike`, created or truncated) or a binary file
/// object with `write()`; output goes out in 1 MiB chunks. `source_or_scenario` is a source
/// id or a `Scenario`. For a source, `count=None` writes 10 events, or every event before
/// `end` when `end` is given, as the CLI does. For a scenario it writes the whole run, and a
/// count stops it early. Scenario runs take only `seed` (None means the document's seed),
/// `start`, `count`, `format` and `batch_size`. `batch_size` is the number of events per
/// request body of the `hec-raw` format.
#[pyfunction]
#[pyo3(signature = (destination, source_or_scenario, count = None, *, format = "ndjson".to_string(), seed = None, start = None, end = None, rate = None, profile = None, variant = None, overrides = None, offset = 0, world = None, batch_size = None))]
#[pyo3(
    text_signature = "(destination, source_or_scenario, count=None, *, format='ndjson', seed=None, start=None, end=None, rate=None, profile=None, variant=None, overrides=None, offset=0, world=None, batch_size=None)"
)]
#[allow(clippy::too_many_arguments)]
pub fn write<'py>(
    py: Python<'py>,
    destination: &Bound<'py, PyAny>,
    source_or_scenario: &Bound<'py, PyAny>,
    #[pyo3(from_py_with = optional_count_arg)] count: Option<u64>,
    format: String,
    #[pyo3(from_py_with = optional_seed_arg)] seed: Option<u64>,
    start: Option<&Bound<'py, PyAny>>,
    end: Option<&Bound<'py, PyAny>>,
    rate: Option<f64>,
    profile: Option<&Bound<'py, PyAny>>,
    variant: Option<String>,
    overrides: Option<&Bound<'py, PyAny>>,
    #[pyo3(from_py_with = offset_arg)] offset: u64,
    world: Option<&Bound<'py, PyAny>>,
    #[pyo3(from_py_with = optional_batch_size_arg)] batch_size: Option<u64>,
) -> Result<u64> {
    let (format, options) = format_options(&format, batch_size)?;

    if let Ok(scenario) = source_or_scenario.cast::<Scenario>() {
        let source_only = [
            ("end", end.is_some()),
            ("rate", rate.is_some()),
            ("profile", profile.is_some()),
            ("variant", variant.is_some()),
            ("overrides", overrides.is_some()),
            ("offset", offset != 0),
            ("world", world.is_some()),
        ];
        if let Some((name, _)) = source_only.iter().find(|(_, given)| *given) {
            return Err(invalid_argument(
                name,
                "applies to a source, not a scenario; set it in the scenario document instead",
            ));
        }
        let start = start.map(|value| timestamp_from_py("start", value)).transpose()?;
        let events = scenario.get().run(py, seed, start, count)?;
        return write_to(py, destination, events, format, options);
    }

    let source: String = source_or_scenario.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "source_or_scenario must be a source id or a Scenario, not {}",
            type_name(source_or_scenario)
        ))
    })?;
    let count = match (count, end.is_some()) {
        (Some(count), _) => Some(count),
        (None, true) => None,
        (None, false) => Some(DEFAULT_COUNT),
    };
    let prepared = RequestArgs {
        source,
        count,
        seed: seed.unwrap_or(0),
        start,
        end,
        rate,
        profile,
        variant,
        overrides,
        offset,
        world,
    }
    .prepare()?;
    let generator = py.detach(|| prepared.generator())?;
    write_to(py, destination, EventSource::Generator(Box::new(generator)), format, options)
}
