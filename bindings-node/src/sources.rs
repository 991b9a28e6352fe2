//! The source catalog: `sources()` and `source(id)`.

use napi::Env;
use napi_derive::napi;
use siemulator::sources::{self, CatalogFilter, SourceMeta};

use crate::error::guard;

/// An alternative id of a source.
#[napi(object)]
pub struct SourceAlias {
    /// The alias id.
    pub id: String,
    /// Variant names the alias produces; empty means all.
    pub variants: Vec<String>,
    /// Weights of `variants` in background traffic, in the same order; empty means the
    /// variants' own weights.
    pub weights: Vec<u32>,
}

/// One kind of event a source produces.
#[napi(object)]
pub struct SourceVariant {
    /// Name accepted by the `variant` option.
    pub name: String,
    /// Relative frequency in background traffic; 0 means only on request.
    pub weight: u32,
    /// Wire format of this variant.
    pub format: String,
    /// One line on what the event is.
    pub description: String,
}

/// The description of a source.
#[napi(object)]
pub struct SourceInfo {
    /// Canonical id, such as `linux_auth`.
    pub id: String,
    /// Other accepted ids.
    pub aliases: Vec<SourceAlias>,
    /// Vendor name.
    pub vendor: String,
    /// Product name.
    pub product: String,
    /// Catalog category.
    pub category: String,
    /// Wire formats, default first.
    pub formats: Vec<String>,
    /// Default Splunk sourcetype.
    pub sourcetype: String,
    /// OCSF class uids the parser emits.
    pub ocsf_classes: Vec<u32>,
    /// Vendor format documentation.
    pub doc_url: String,
    /// Product versions whose format the source follows.
    pub versions: String,
    /// Known gaps: features of the product the source does not cover yet.
    pub known_gaps: Vec<String>,
    /// Event variants with their weights.
    pub variants: Vec<SourceVariant>,
    /// Framing of text input for parsing: `lines` or `windows_xml`.
    pub framing: String,
}

/// A catalog query; every given criterion must match.
#[napi(object)]
pub struct SourceFilter {
    /// Category, such as `network`.
    pub category: Option<String>,
    /// Wire format short name, such as `cef`.
    pub format: Option<String>,
    /// OCSF class uid.
    pub ocsf_class: Option<u32>,
    /// Vendor name, case-insensitive substring.
    pub vendor: Option<String>,
    /// Free text matched against ids, aliases, vendor, product and variant names.
    pub text: Option<String>,
}

impl From<&SourceMeta> for SourceInfo {
    fn from(meta: &SourceMeta) -> Self {
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        SourceInfo {
            id: meta.id.into(),
            aliases: meta
                .aliases
                .iter()
                .map(|alias| SourceAlias {
                    id: alias.id.into(),
                    variants: strings(alias.variants),
                    weights: alias.weights.to_vec(),
                })
                .collect(),
            vendor: meta.vendor.into(),
            product: meta.product.into(),
            category: meta.category.into(),
            formats: meta.formats.iter().map(|f| f.as_str().to_string()).collect(),
            sourcetype: meta.sourcetype.into(),
            ocsf_classes: meta.ocsf_classes.to_vec(),
            doc_url: meta.doc_url.into(),
            versions: meta.versions.into(),
            known_gaps: strings(meta.known_gaps),
            variants: meta
                .variants
                .iter()
                .map(|variant| SourceVariant {
                    name: variant.name.into(),
                    weight: variant.weight,
                    format: variant.format.as_str().into(),
                    description: variant.description.into(),
                })
                .collect(),
            framing: match meta.framing {
                sources::Framing::Lines => "lines".into(),
                sources::Framing::WindowsXml => "windows_xml".into(),
                sources::Framing::Csv => "csv".into(),
            },
        }
    }
}

/// Lists the built-in sources sorted by id, or those matching `filter`. Throws
/// `invalid_argument` for a category or format that does not exist, as the CLI's `list` does.
#[napi]
pub fn sources(env: &Env, filter: Option<SourceFilter>) -> napi::Result<Vec<SourceInfo>> {
    let filter = filter.map_or_else(CatalogFilter::default, |f| CatalogFilter {
        category: f.category,
        format: f.format,
        ocsf_class: f.ocsf_class,
        vendor: f.vendor,
        text: f.text,
    });
    guard(env, || {
        filter.validate()?;
        Ok(sources::search(&filter).into_iter().map(SourceInfo::from).collect())
    })
}

/// Returns the source with canonical id or alias `id`; throws `unknown_source` with
/// `suggestions` when there is none.
#[napi]
pub fn source(env: &Env, id: String) -> napi::Result<SourceInfo> {
    guard(env, || sources::find(&id).map(|source| SourceInfo::from(source.meta())))
}
