//! Node.js bindings of siemulator, built with napi-rs.
//!
//! One file per core module, each function converting its arguments, calling the core and
//! converting the result back; the behaviour lives in the core crate. Core errors become
//! JavaScript `Error` objects with a stable `code` in [`error`].
#![deny(missing_docs)]

pub mod error;
pub mod event;
pub mod export;
pub mod generate;
pub mod json;
pub mod parse;
pub mod scenario;
pub mod sources;
pub mod world;

// The allocator of the CLI: parsing allocates a map per record and per nested object, and
// mimalloc serves those small allocations with fewer instructions than the system allocator.
#[global_allocator]
static ALLOCATOR: siemulator_alloc::Allocator = siemulator_alloc::Allocator;
