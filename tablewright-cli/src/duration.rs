//! Durations on the command line, the way people write them: `30s`, `2m`, `1m30s`, `500ms`,
//! `1h`. Units are required (a bare `30` could mean seconds or milliseconds), parts add up, and
//! spaces between parts are allowed (`1m 30s`).

use std::time::Duration;

/// The units, longest spelling first so `ms` is not read as `m` followed by `s`.
const UNITS: &[(&str, u64)] = &[
    ("ms", 1),
    ("s", 1_000),
    ("sec", 1_000),
    ("secs", 1_000),
    ("m", 60_000),
    ("min", 60_000),
    ("mins", 60_000),
    ("h", 3_600_000),
];

pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let usage = "write a number and a unit: 30s, 2m, 1m30s, 500ms or 1h";
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("an empty duration; {usage}"));
    }
    let mut rest = trimmed;
    let mut millis: u64 = 0;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return Err(format!("`{trimmed}` is not a duration; {usage}"));
        }
        let number: u64 = rest[..digits]
            .parse()
            .map_err(|_| format!("`{trimmed}` is too long a duration"))?;
        if rest[digits..].starts_with(['.', ',']) {
            return Err(format!("`{trimmed}`: whole numbers only (1500ms, not 1.5s)"));
        }
        // `30 s` as well as `30s`.
        rest = rest[digits..].trim_start();
        let unit_len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        if unit.is_empty() {
            return Err(format!("`{trimmed}` has a number without a unit; {usage}"));
        }
        let Some((_, factor)) = UNITS.iter().find(|(name, _)| *name == unit) else {
            return Err(format!(
                "`{unit}` in `{trimmed}` is not a unit of time; use ms, s, m or h"
            ));
        };
        millis = number
            .checked_mul(*factor)
            .and_then(|part| millis.checked_add(part))
            .ok_or_else(|| format!("`{trimmed}` is too long a duration"))?;
        rest = rest[unit_len..].trim_start();
    }
    Ok(Duration::from_millis(millis))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_units() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1m 30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("2min"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("30 s"), Ok(Duration::from_secs(30)));
    }

    #[test]
    fn what_is_refused_says_how_to_write_it() {
        for (text, expected) in [
            ("30", "a number without a unit; write a number and a unit: 30s"),
            ("", "an empty duration"),
            ("s", "`s` is not a duration"),
            ("3 days", "`days` in `3 days` is not a unit of time; use ms, s, m or h"),
            ("1.5s", "whole numbers only (1500ms, not 1.5s)"),
            ("-1s", "`-1s` is not a duration"),
            ("99999999999999999999s", "too long a duration"),
            ("18446744073709551615h", "too long a duration"),
        ] {
            let error = parse_duration(text).unwrap_err();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }
}
