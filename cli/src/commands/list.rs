//! `siemulator list`: the source catalog as a table or JSON.

use std::io::Write;

use clap::Args;
use siemulator::sources::{self, CatalogFilter, SourceMeta};

use crate::errors::{print_stderr, CliError};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only sources of this category: cloud, email, endpoint, identity, infrastructure,
    /// network or web.
    #[arg(long)]
    pub category: Option<String>,

    /// Only sources that write or read this wire format, such as cef, json, syslog3164 or xml.
    #[arg(long, value_name = "WIRE_FORMAT")]
    pub format: Option<String>,

    /// Only sources whose id, alias, vendor, product or variant names contain TEXT
    /// (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// Only sources whose vendor name contains TEXT (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub vendor: Option<String>,

    /// Only sources whose parser emits this OCSF class uid, such as 3002 (Authentication).
    #[arg(long, value_name = "CLASS_UID")]
    pub ocsf_class: Option<u32>,

    /// Print the full metadata as a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs `siemulator list`.
pub fn run(args: &ListArgs) -> Result<(), CliError> {
    let filter = CatalogFilter {
        category: args.category.clone(),
        format: args.format.clone(),
        ocsf_class: args.ocsf_class,
        vendor: args.vendor.clone(),
        text: args.search.clone(),
    };
    filter.validate()?;
    let found = sources::search(&filter);

    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &found).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else if !found.is_empty() {
        write_table(&mut out, &found)?;
    }
    out.flush()?;
    if found.is_empty() {
        print_stderr(format_args!(
            "no source matches these filters; run `siemulator list` without filters to see every source"
        ));
    }
    Ok(())
}

fn write_table(out: &mut impl Write, found: &[&SourceMeta]) -> std::io::Result<()> {
    let header = ["ID", "VENDOR", "PRODUCT", "CATEGORY", "FORMATS", "OCSF", "VARIANTS", "ALIASES"];
    let rows: Vec<[String; 8]> = found
        .iter()
        .map(|m| {
            let join = |items: Vec<String>| if items.is_empty() { "-".to_string() } else { items.join(",") };
            [
                m.id.to_string(),
                m.vendor.to_string(),
                m.product.to_string(),
                m.category.to_string(),
                join(m.formats.iter().map(|f| f.as_str().to_string()).collect()),
                join(m.ocsf_classes.iter().map(u32::to_string).collect()),
                m.variants.len().to_string(),
                join(m.aliases.iter().map(|a| a.id.to_string()).collect()),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    write_row(out, &header.map(str::to_string), &widths)?;
    for row in &rows {
        write_row(out, row, &widths)?;
    }
    Ok(())
}

fn write_row(out: &mut impl Write, cells: &[String; 8], widths: &[usize; 8]) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if i + 1 == cells.len() {
            line.push_str(cell);
        } else {
            line.push_str(&format!("{cell:<width$}  "));
        }
    }
    writeln!(out, "{}", line.trim_end())
}
