//! Migration versions: `YYYYMMDDHHMMSS` in UTC, which diesel orders as text.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current UTC time as `YYYYMMDDHHMMSS`.
pub fn utc_timestamp(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// A version after every existing one: now, or one second past the newest if the clock is
/// behind (another machine's migration, or two generations in one second).
pub fn next_version(now: SystemTime, existing: &[String]) -> String {
    let candidate = utc_timestamp(now);
    match existing
        .iter()
        .filter(|v| v.len() == 14 && v.bytes().all(|b| b.is_ascii_digit()))
        .max()
    {
        Some(newest) if *newest >= candidate => {
            let bumped: u64 = newest.parse::<u64>().expect("digits") + 1;
            format!("{bumped:014}")
        }
        _ => candidate,
    }
}

/// Days since 1970-01-01 to (year, month, day), from Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn timestamps() {
        assert_eq!(utc_timestamp(at(0)), "19700101000000");
        assert_eq!(utc_timestamp(at(951_782_400)), "20000229000000");
        assert_eq!(utc_timestamp(at(1_795_450_725)), "20261123161845");
    }

    #[test]
    fn versions_always_increase() {
        let existing = vec!["20991231235959".to_string()];
        // Not a real time, but it sorts after the newest, which is all diesel needs.
        assert_eq!(next_version(at(0), &existing), "20991231235960");
        assert_eq!(next_version(at(0), &[]), "19700101000000");
        assert_eq!(
            next_version(at(0), &["2024-01-01-000000".to_string()]),
            "19700101000000"
        );
    }
}
