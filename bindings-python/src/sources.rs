//! The source catalog: `sources()`, `source(id)`, and the `SourceInfo` / `VariantInfo`
//! records that describe each source.

use pyo3::prelude::*;
use siemulator::sources::{CatalogFilter, SourceMeta};

use crate::error::Result;

/// One kind of event a source produces.
#[pyclass(module = "siemulator", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct VariantInfo {
    /// Name accepted by `variant=`.
    name: String,
    /// Relative frequency in background traffic; 0 means produced only on request.
    weight: u32,
    /// Wire format short name, such as `syslog3164`.
    format: String,
    /// One line on what the event is.
    description: String,
}

#[pymethods]
impl VariantInfo {
    fn __repr__(&self) -> String {
        format!(
            "VariantInfo(name={:?}, weight={}, format={:?})",
            self.name, self.weight, self.format
        )
    }
}

/// The description of one source, from the catalog.
#[pyclass(module = "siemulator", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub struct SourceInfo {
    /// Canonical id, such as `linux_auth`.
    id: String,
    /// Other accepted ids.
    aliases: Vec<String>,
    /// Vendor name.
    vendor: String,
    /// Product name.
    product: String,
    /// Catalog category: cloud, email, endpoint, identity, infrastructure, network or web.
    category: String,
    /// Wire format short names, default first.
    formats: Vec<String>,
    /// Default Splunk sourcetype.
    sourcetype: String,
    /// Variant names.
    variants: Vec<String>,
    /// Variants with weights, formats and descriptions.
    variant_info: Vec<VariantInfo>,
    /// OCSF class uids the parser emits.
    ocsf_classes: Vec<u32>,
    /// Vendor format documentation.
    doc_url: String,
    /// Product versions whose format the source follows.
    versions: String,
    /// Known gaps: parts of the product's output the source does not cover yet.
    known_gaps: Vec<String>,
}

#[pymethods]
impl SourceInfo {
    fn __repr__(&self) -> String {
        format!("SourceInfo(id={:?}, vendor={:?}, product={:?})", self.id, self.vendor, self.product)
    }
}

impl From<&SourceMeta> for SourceInfo {
    fn from(meta: &SourceMeta) -> Self {
        SourceInfo {
            id: meta.id.to_string(),
            aliases: meta.aliases.iter().map(|alias| alias.id.to_string()).collect(),
            vendor: meta.vendor.to_string(),
            product: meta.product.to_string(),
            category: meta.category.to_string(),
            formats: meta.formats.iter().map(|format| format.as_str().to_string()).collect(),
            sourcetype: meta.sourcetype.to_string(),
            variants: meta.variants.iter().map(|variant| variant.name.to_string()).collect(),
            variant_info: meta
                .variants
                .iter()
                .map(|variant| VariantInfo {
                    name: variant.name.to_string(),
                    weight: variant.weight,
                    format: variant.format.as_str().to_string(),
                    description: variant.description.to_string(),
                })
                .collect(),
            ocsf_classes: meta.ocsf_classes.to_vec(),
            doc_url: meta.doc_url.to_string(),
            versions: meta.versions.to_string(),
            known_gaps: meta.known_gaps.iter().map(|gap| gap.to_string()).collect(),
        }
    }
}

/// List the sources, sorted by id; every filter given must match.
///
/// `text` matches id, aliases, vendor, product and variant names case-insensitively. A
/// `category` or `format` that is not a catalog category or wire format raises
/// `InvalidArgumentError` listing the valid values.
#[pyfunction]
#[pyo3(name = "sources", signature = (*, category = None, format = None, ocsf_class = None, vendor = None, text = None))]
pub fn list_sources(
    category: Option<String>,
    format: Option<String>,
    ocsf_class: Option<u32>,
    vendor: Option<String>,
    text: Option<String>,
) -> Result<Vec<SourceInfo>> {
    let filter = CatalogFilter {
        category,
        format,
        ocsf_class,
        vendor,
        text,
    };
    filter.validate()?;
    Ok(siemulator::sources::search(&filter).into_iter().map(SourceInfo::from).collect())
}

/// Return the source with canonical id or alias `id`.
///
/// Raises `UnknownSourceError` (with `.suggestions`) when nothing matches.
#[pyfunction]
#[pyo3(name = "source")]
pub fn find_source(id: String) -> Result<SourceInfo> {
    Ok(SourceInfo::from(siemulator::sources::find(&id)?.meta()))
}
