//! Durations as people write them, in flags (`--timeout 10m`) and in config files
//! (`timeout: 90`, a gate's `interval: 5s`, an external plugin's `timeout`).

use std::time::Duration;

/// Parses `90s`, `10m`, `1h30m` (humantime) or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Ok(Duration::from_secs(seconds));
    }
    humantime::parse_duration(text)
        // humantime's own words (`expected number at 0`) point at parser internals, not at a fix.
        .map_err(|_| format!("`{text}` is not a duration; use e.g. 90s, 10m or 1h30m"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_accept_seconds_and_units() {
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("10m").unwrap(), Duration::from_secs(600));
        assert!(parse_duration("ten minutes").is_err());
    }
}
