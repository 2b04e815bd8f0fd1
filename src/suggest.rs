//! "Did you mean …?" for misspelled keys, functions and addresses.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["portMappings", "environment", "essential"];
        assert_eq!(closest("portMapings", keys), Some("portMappings"));
        assert_eq!(closest("enviroment", keys), Some("environment"));
        assert_eq!(closest("zzz", keys), None);
    }
}
