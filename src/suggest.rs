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

/// Whether `a` and `b` are one typo apart: the same but for case, or one letter inserted,
/// deleted or replaced, or two adjacent letters swapped. A difference in digits is no typo
/// (`web-2` beside `web-1`, `api-10` beside `api-1` are different things), nor is anything
/// longer (`api-canary` beside `api`). Identical names are not a typo of each other.
pub fn one_typo_apart(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) =
        (a.to_lowercase().chars().collect(), b.to_lowercase().chars().collect());
    if a == b {
        return true;
    }
    let typo = |c: &char| !c.is_ascii_digit();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // Over what follows the common prefix, so the two never overlap.
    let suffix =
        a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (da, db) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    match (da, db) {
        // One letter inserted (or deleted, seen from the other side).
        ([x], []) | ([], [x]) => typo(x),
        // One letter replaced.
        ([x], [y]) => typo(x) && typo(y),
        // Two adjacent letters swapped.
        ([x1, x2], [y1, y2]) => x1 == y2 && x2 == y1 && typo(x1) && typo(x2),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{closest, one_typo_apart};

    #[test]
    fn one_typo_is_a_letter_more_less_other_or_swapped_or_case() {
        for (a, b) in [
            ("acme-dev-ap", "acme-dev-app"),
            ("acme-dev-appp", "acme-dev-app"),
            ("acme-dex-app", "acme-dev-app"),
            ("acme-dve-app", "acme-dev-app"),
            ("Acme-Dev-App", "acme-dev-app"),
            ("web2", "web-2"),
        ] {
            assert!(one_typo_apart(a, b), "{a} / {b}");
            assert!(one_typo_apart(b, a), "{b} / {a}");
        }
        for (a, b) in [
            ("acme-dev-app", "acme-dev-app"),
            ("web-2", "web-1"),
            ("api-10", "api-1"),
            ("api12", "api21"),
            ("api-canary", "api"),
            ("acme-stg-app", "acme-dev-app"),
            ("a", "bc"),
        ] {
            assert!(!one_typo_apart(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["portMappings", "environment", "essential"];
        assert_eq!(closest("portMapings", keys), Some("portMappings"));
        assert_eq!(closest("enviroment", keys), Some("environment"));
        assert_eq!(closest("zzz", keys), None);
    }
}
