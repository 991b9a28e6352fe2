//! Looking sources up by id or alias, and searching the catalog.

use serde::Serialize;

use super::{all, Source, SourceMeta, WireFormat};
use crate::error::{Error, Result};

/// A source found by id or alias, with the variants the alias allows.
#[derive(Clone, Copy)]
pub struct Resolved {
    /// The source.
    pub source: &'static dyn Source,
    /// Variant names the requested id restricts generation to; empty means all.
    pub variants: &'static [&'static str],
    /// Weights of `variants` in place of their own weights, or empty to keep their own.
    pub weights: &'static [u32],
}

impl std::fmt::Debug for Resolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolved")
            .field("source", &self.source.meta().id)
            .field("variants", &self.variants)
            .field("weights", &self.weights)
            .finish()
    }
}

/// Returns the source with canonical id or alias `id`, with any variant restriction of the
/// alias.
///
/// # Errors
/// Returns [`Error::UnknownSource`] with the closest ids when nothing matches.
pub fn resolve(id: &str) -> Result<Resolved> {
    let wanted = id.trim().to_ascii_lowercase();
    for source in all() {
        let meta = source.meta();
        if meta.id == wanted {
            return Ok(Resolved {
                source: *source,
                variants: &[],
                weights: &[],
            });
        }
        if let Some(alias) = meta.aliases.iter().find(|a| a.id == wanted) {
            return Ok(Resolved {
                source: *source,
                variants: alias.variants,
                weights: alias.weights,
            });
        }
    }
    Err(Error::UnknownSource {
        id: id.to_string(),
        suggestions: suggestions(&wanted),
    })
}

/// Returns the source with canonical id or alias `id`.
///
/// # Errors
/// Returns [`Error::UnknownSource`] with the closest ids when nothing matches.
///
/// # Examples
/// ```
/// let source = siemulator::sources::find("linux_auth").unwrap();
/// assert_eq!(source.meta().vendor, "Linux");
/// let err = siemulator::sources::find("linux_auht").unwrap_err();
/// assert!(err.to_string().contains("linux_auth"));
/// ```
pub fn find(id: &str) -> Result<&'static dyn Source> {
    resolve(id).map(|r| r.source)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// Returns the up to five known ids closest to `wanted`.
fn suggestions(wanted: &str) -> Vec<String> {
    let ids = all().iter().flat_map(|source| {
        let meta = source.meta();
        std::iter::once(meta.id).chain(meta.aliases.iter().map(|a| a.id))
    });
    closest_names(wanted, ids)
}

/// Returns the up to five `names` closest to `wanted`. Substring matches come first, then names
/// within an edit distance of a third of the longer length (at least 2).
pub(crate) fn closest_names<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut scored: Vec<(usize, &str)> = Vec::new();
    for name in names {
        let score = if !wanted.is_empty() && (name.contains(wanted) || wanted.contains(name)) {
            0
        } else {
            edit_distance(wanted, name)
        };
        if score <= (wanted.len().max(name.len()) / 3).max(2) {
            scored.push((score, name));
        }
    }
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(5).map(|(_, name)| name.to_string()).collect()
}

/// A catalog query; every set criterion must match.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CatalogFilter {
    /// Category, such as `network`.
    pub category: Option<String>,
    /// Wire format short name, such as `cef`.
    pub format: Option<String>,
    /// OCSF class uid.
    pub ocsf_class: Option<u32>,
    /// Vendor name, case-insensitive substring.
    pub vendor: Option<String>,
    /// Free text matched case-insensitively against id, aliases, vendor, product and
    /// variant names.
    pub text: Option<String>,
}

/// Catalog categories, the values `SourceMeta::category` takes.
pub const CATEGORIES: &[&str] = &["cloud", "email", "endpoint", "identity", "infrastructure", "network", "web"];

impl CatalogFilter {
    /// Checks that `category` and `format`, when set, name a catalog category and a wire
    /// format (ignoring ASCII case), so that a misspelt filter is reported instead of
    /// matching no source.
    ///
    /// # Errors
    /// Returns [`Error::InvalidArgument`] naming the filter and listing its valid values.
    pub fn validate(&self) -> Result<()> {
        let formats: Vec<&str> = WireFormat::ALL.iter().map(|format| format.as_str()).collect();
        check_known("category", "catalog category", self.category.as_deref(), CATEGORIES)?;
        check_known("format", "wire format", self.format.as_deref(), &formats)
    }
}

fn check_known(name: &str, description: &str, value: Option<&str>, known: &[&str]) -> Result<()> {
    match value {
        Some(value) if !known.iter().any(|k| k.eq_ignore_ascii_case(value)) => Err(Error::invalid_argument(
            name,
            format!("'{value}' is not a {description}; use one of {}", known.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// Returns the sources matching `filter`, sorted by id.
///
/// A category or format that no source has matches nothing; call
/// [`CatalogFilter::validate`] first to reject values that are not categories or formats.
pub fn search(filter: &CatalogFilter) -> Vec<&'static SourceMeta> {
    let lower = |s: &Option<String>| s.as_ref().map(|s| s.to_ascii_lowercase());
    let category = lower(&filter.category);
    let format = lower(&filter.format);
    let vendor = lower(&filter.vendor);
    let text = lower(&filter.text);
    let mut found: Vec<&'static SourceMeta> = all()
        .iter()
        .map(|s| s.meta())
        .filter(|m| category.as_ref().is_none_or(|c| m.category == c))
        .filter(|m| {
            format
                .as_ref()
                .is_none_or(|f| m.formats.iter().any(|w: &WireFormat| w.as_str() == f))
        })
        .filter(|m| filter.ocsf_class.is_none_or(|c| m.ocsf_classes.contains(&c)))
        .filter(|m| vendor.as_ref().is_none_or(|v| m.vendor.to_ascii_lowercase().contains(v)))
        .filter(|m| {
            text.as_ref().is_none_or(|t| {
                m.id.contains(t)
                    || m.aliases.iter().any(|a| a.id.contains(t))
                    || m.vendor.to_ascii_lowercase().contains(t)
                    || m.product.to_ascii_lowercase().contains(t)
                    || m.variants.iter().any(|v| v.name.to_ascii_lowercase().contains(t))
            })
        })
        .collect();
    found.sort_by_key(|m| m.id);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn registry_ids_are_unique_and_sorted() {
        let ids: Vec<&str> = all().iter().map(|s| s.meta().id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted, "register sources in id order, once each");
    }

    #[test]
    fn source_categories_are_listed() {
        for source in all() {
            let meta = source.meta();
            assert!(
                CATEGORIES.contains(&meta.category),
                "{}: add '{}' to CATEGORIES",
                meta.id,
                meta.category
            );
        }
    }

    #[test]
    fn alias_variants_and_weights_match() {
        for source in all() {
            let meta = source.meta();
            for alias in meta.aliases {
                for name in alias.variants {
                    assert!(
                        meta.variant_index(name).is_ok(),
                        "{}: alias {} names no variant '{name}'",
                        meta.id,
                        alias.id
                    );
                }
                if !alias.weights.is_empty() {
                    assert_eq!(
                        alias.weights.len(),
                        alias.variants.len(),
                        "{}: alias {} needs one weight per variant",
                        meta.id,
                        alias.id
                    );
                    assert!(
                        alias.weights.iter().any(|weight| *weight > 0),
                        "{}: alias {} has only weights of 0",
                        meta.id,
                        alias.id
                    );
                }
            }
        }
    }

    #[test]
    fn wire_format_list_is_complete() {
        // A new variant fails to compile here until it gets a position, and the count
        // check below then fails until `WireFormat::ALL` lists it.
        let position = |format: WireFormat| match format {
            WireFormat::Syslog3164 => 0,
            WireFormat::Syslog5424 => 1,
            WireFormat::Cef => 2,
            WireFormat::Leef => 3,
            WireFormat::Kv => 4,
            WireFormat::Csv => 5,
            WireFormat::Json => 6,
            WireFormat::W3c => 7,
            WireFormat::WindowsXml => 8,
            WireFormat::Text => 9,
        };
        assert_eq!(WireFormat::ALL.len(), 10);
        for (index, format) in WireFormat::ALL.iter().enumerate() {
            assert_eq!(position(*format), index, "{}", format.as_str());
        }
    }

    #[test]
    fn filter_validation_lists_valid_values() {
        let filter = CatalogFilter {
            category: Some("spaceships".to_string()),
            ..CatalogFilter::default()
        };
        let err = filter.validate().unwrap_err();
        assert_eq!(err.code(), "invalid_argument");
        assert!(err.to_string().contains("endpoint, identity"), "{err}");

        let filter = CatalogFilter {
            format: Some("morse".to_string()),
            ..CatalogFilter::default()
        };
        let err = filter.validate().unwrap_err();
        assert!(err.to_string().contains("syslog3164"), "{err}");

        let filter = CatalogFilter {
            category: Some("Network".to_string()),
            format: Some("XML".to_string()),
            ..CatalogFilter::default()
        };
        assert!(filter.validate().is_ok());
    }

    #[test]
    fn unknown_id_suggests_close_ids() {
        let err = resolve("linux_aut").unwrap_err();
        assert_eq!(err.code(), "unknown_source");
        assert!(err.to_string().contains("linux_auth"), "{err}");
    }
}
