//! Output formats and file export: the `format` option, `write` and `writeAsync`.
//!
//! `write` streams events into a buffered file through the core `Exporter`, so a run of any
//! length needs memory for one event only, and returns the number of events written.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;
use siemulator::export::{render, ExportOptions, Exporter, OutputFormat, DEFAULT_BATCH_SIZE};
use siemulator::Event;

use crate::error::{catch_panic, guard, guard_writing, invalid_argument, Outcome};
use crate::generate::{prepare, GenerateOptions, Prepared};

/// Reads the `format` option; omitted means `raw`. Only the names of `OutputFormat::NAMES`
/// are accepted, spelled as the CLI's `--format` takes them.
pub fn format_from_js(env: &Env, format: Option<&str>) -> napi::Result<OutputFormat> {
    match format {
        None => Ok(OutputFormat::Raw),
        Some(name) if OutputFormat::NAMES.contains(&name) => guard(env, || name.parse::<OutputFormat>()),
        Some(name) => Err(invalid_argument(
            env,
            "format",
            format!("unknown output format '{name}'; expected one of {}", OutputFormat::NAMES.join(", ")),
        )),
    }
}

/// Reads the `batchSize` option of HEC `/raw` output.
pub fn batch_size_from_js(env: &Env, batch_size: Option<f64>) -> napi::Result<u64> {
    match batch_size {
        None => Ok(DEFAULT_BATCH_SIZE),
        Some(size) if size.fract() == 0.0 && (1.0..=u32::MAX as f64).contains(&size) => Ok(size as u64),
        Some(size) => Err(invalid_argument(
            env,
            "batchSize",
            format!("{size} is not a whole number of events from 1 to 2^32 - 1"),
        )),
    }
}

/// Renders one event as one string of `format`, without line end or file framing.
pub fn render_event(format: OutputFormat, event: &Event) -> String {
    match format {
        OutputFormat::Raw => event.raw.clone(),
        other => render(other, event),
    }
}

/// Writes `events` to a new file at `path` in `format` and returns how many were written.
pub fn write_file(path: &Path, format: OutputFormat, batch_size: u64, events: impl Iterator<Item = Event>) -> siemulator::Result<u64> {
    let file = File::create(path)?;
    let options = ExportOptions { batch_size };
    let mut exporter = Exporter::with_options(format, BufWriter::with_capacity(1 << 16, file), options)?;
    for event in events {
        exporter.write_event(&event)?;
    }
    let count = exporter.count();
    exporter.finish()?;
    Ok(count)
}

/// A converted `write` call, ready to run on any thread.
pub struct WriteJob {
    path: String,
    prepared: Prepared,
}

impl WriteJob {
    fn run(&self) -> siemulator::Result<u64> {
        let generator = self.prepared.generator()?;
        write_file(Path::new(&self.path), self.prepared.format, self.prepared.batch_size, generator)
    }
}

fn prepare_write(env: &Env, path: String, source: String, options: Option<GenerateOptions>) -> napi::Result<WriteJob> {
    let prepared = prepare(env, source, options, false)?;
    Ok(WriteJob { path, prepared })
}

/// Generates events of `source` into a new file at `path` (replacing an existing one) in the
/// `format` option's layout, and returns the number of events written.
#[napi]
pub fn write(env: &Env, path: String, source: String, options: Option<GenerateOptions>) -> napi::Result<i64> {
    let job = prepare_write(env, path, source, options)?;
    let count = guard_writing(env, &job.path, || job.run())?;
    Ok(count as i64)
}

/// File export done on a libuv worker thread.
pub struct WriteTask {
    job: WriteJob,
}

impl Task for WriteTask {
    type Output = Outcome<u64>;
    type JsValue = i64;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(catch_panic(|| self.job.run()))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        let count = output.into_napi_writing(&env, &self.job.path)?;
        Ok(count as i64)
    }
}

/// Same as `write`, computed off the JavaScript thread.
#[napi(ts_return_type = "Promise<number>")]
pub fn write_async(env: &Env, path: String, source: String, options: Option<GenerateOptions>) -> napi::Result<AsyncTask<WriteTask>> {
    let job = prepare_write(env, path, source, options)?;
    Ok(AsyncTask::new(WriteTask { job }))
}

/// Returns the output format names, in the order the CLI lists them.
#[napi]
pub fn output_formats() -> Vec<&'static str> {
    OutputFormat::NAMES.to_vec()
}
