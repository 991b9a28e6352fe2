//! Python bindings of siemulator, compiled as the extension module `siemulator._native`.
//!
//! Each file mirrors a core module (`sources`, `generate`, `event`, `parse`, `world`,
//! `scenario`, `export`) and only converts arguments, calls the core, and converts results
//! back. `conversion` contains the shared conversions and `error` maps every core error to its
//! exception class. Calls that do bulk work release the GIL, and no function keeps global
//! mutable state, so the module is safe to use from several threads.

mod conversion;
mod error;
mod event;
mod export;
mod generate;
mod parse;
mod scenario;
mod sources;
mod world;

use pyo3::prelude::*;

// The allocator of the CLI: parsing allocates a map per record and per nested object, and
// mimalloc serves those small allocations with fewer instructions than the system allocator.
#[global_allocator]
static ALLOCATOR: siemulator_alloc::Allocator = siemulator_alloc::Allocator;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    error::register(module)?;
    module.add_class::<sources::SourceInfo>()?;
    module.add_class::<sources::VariantInfo>()?;
    module.add_function(wrap_pyfunction!(sources::list_sources, module)?)?;
    module.add_function(wrap_pyfunction!(sources::find_source, module)?)?;
    module.add_class::<event::Event>()?;
    module.add_class::<event::EventStream>()?;
    module.add_function(wrap_pyfunction!(generate::generate, module)?)?;
    module.add_function(wrap_pyfunction!(generate::stream, module)?)?;
    module.add_function(wrap_pyfunction!(parse::parse, module)?)?;
    module.add_function(wrap_pyfunction!(parse::parse_line, module)?)?;
    module.add_function(wrap_pyfunction!(export::write, module)?)?;
    module.add_class::<scenario::Scenario>()?;
    world::register(module)?;
    Ok(())
}
