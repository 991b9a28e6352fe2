//! JSON values as JavaScript receives them.
//!
//! napi-rs 3 converts a `serde_json` integer outside -(2^53 - 1) to 2^53 - 1 into a `BigInt`,
//! which `JSON.stringify` rejects. Records, vendor fields and documents pass through
//! [`to_js_numbers`] first, so every number reaches JavaScript as a plain number.

use serde_json::{Map, Number, Value};

/// Largest integer that a JavaScript number represents exactly (2^53 - 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Rewrites every integer of `value` outside -(2^53 - 1) to 2^53 - 1 as the nearest `f64`,
/// the number `JSON.parse` returns for the same integer text.
pub fn to_js_numbers(value: &mut Value) {
    match value {
        Value::Number(number) => {
            if let Some(float) = unsafe_integer(number) {
                // Every u64 and i64 rounds to a finite f64, so `from_f64` returns a number.
                if let Some(rounded) = Number::from_f64(float) {
                    *number = rounded;
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(to_js_numbers),
        Value::Object(map) => map.values_mut().for_each(to_js_numbers),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

/// Returns `map` with every integer rewritten as [`to_js_numbers`] does.
pub fn map_with_js_numbers(mut map: Map<String, Value>) -> Map<String, Value> {
    map.values_mut().for_each(to_js_numbers);
    map
}

/// Returns the integer as an `f64` when JavaScript cannot hold it exactly, else `None`.
fn unsafe_integer(number: &Number) -> Option<f64> {
    if let Some(unsigned) = number.as_u64() {
        return (unsigned > MAX_SAFE_INTEGER).then_some(unsigned as f64);
    }
    let signed = number.as_i64()?;
    (signed.unsigned_abs() > MAX_SAFE_INTEGER).then_some(signed as f64)
}
