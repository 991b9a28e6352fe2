//! The scenario documents shown in docs/scenarios.md are valid scenarios.

use siemulator::scenario::{Scenario, SpecFormat};

/// Returns the fenced code blocks of `markdown` with their language tag.
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(language)) => current = Some((language.trim().to_string(), String::new())),
            (Some(_), Some(_)) => blocks.extend(current.take()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

#[test]
fn scenario_examples_in_docs_are_valid() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenarios.md");
    let markdown = std::fs::read_to_string(path).expect("docs/scenarios.md is readable");
    let mut checked = 0;
    for (language, body) in code_blocks(&markdown) {
        let format = match language.as_str() {
            "yaml" => SpecFormat::Yaml,
            "json" => SpecFormat::Json,
            "toml" => SpecFormat::Toml,
            _ => continue,
        };
        let scenario = Scenario::from_str(&body, format).unwrap_or_else(|e| panic!("{language} example: {e}\n{body}"));
        assert_eq!(scenario.name(), "ssh-brute-force");
        checked += 1;
    }
    assert_eq!(checked, 3, "expected one YAML, one JSON and one TOML example");
}
