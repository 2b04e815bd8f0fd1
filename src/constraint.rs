//! Version constraints as ecspresso writes them in `required_version`.
//!
//! ecspresso parses them with HashiCorp's go-version, so shipper accepts exactly that grammar:
//! comma-separated terms `OP VERSION`, where OP is one of `=`, `!=`, `>`, `<`, `>=`, `<=`, `~>` or
//! nothing (meaning `=`), and VERSION is `v`-prefixed or not, with any number of numeric segments
//! (missing ones count as 0), an optional `-prerelease` and an optional `+metadata` (ignored).
//! `~>` is the pessimistic operator: every segment but the last written must be equal, the last
//! may grow (`~> 1.2` is `>= 1.2, < 2`, `~> 1.2.3` is `>= 1.2.3, < 1.3`).

use std::cmp::Ordering;

/// A parsed version: numeric segments (at least three) and a prerelease label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    segments: Vec<u64>,
    /// How many segments were written (for `~>`).
    written: usize,
    prerelease: String,
}

impl Version {
    /// Parses `v1.2.3-rc.1+meta`, `1.2`, `v1`; `None` when it is not a version.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let text = text.split_once('+').map_or(text, |(v, _)| v);
        let (numbers, prerelease) = match text.split_once('-') {
            Some((n, p)) if !p.is_empty() => (n, p.to_string()),
            Some(_) => return None,
            None => (text, String::new()),
        };
        let mut segments = numbers
            .split('.')
            .map(|s| {
                if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                    None
                } else {
                    s.parse().ok()
                }
            })
            .collect::<Option<Vec<u64>>>()?;
        let written = segments.len();
        while segments.len() < 3 {
            segments.push(0);
        }
        Some(Self { segments, written, prerelease })
    }

    fn compare(&self, other: &Self) -> Ordering {
        let len = self.segments.len().max(other.segments.len());
        for i in 0..len {
            let a = self.segments.get(i).copied().unwrap_or(0);
            let b = other.segments.get(i).copied().unwrap_or(0);
            if a != b {
                return a.cmp(&b);
            }
        }
        // A prerelease sorts before its release; two prereleases compare by their labels.
        match (self.prerelease.is_empty(), other.prerelease.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => compare_prerelease(&self.prerelease, &other.prerelease),
        }
    }
}

/// SemVer's order for prerelease labels: dot-separated parts, numbers below words.
fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        return match (left.next(), right.next()) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => x.cmp(y),
                };
                if order == Ordering::Equal {
                    continue;
                }
                order
            }
        };
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Pessimistic,
}

/// A parsed constraint: every term must hold.
#[derive(Debug, Clone)]
pub struct Constraint {
    terms: Vec<(Op, Version)>,
}

impl Constraint {
    /// Parses `>= v1.0.0, < v2`; the error names the term that is not one.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut terms = Vec::new();
        for term in text.split(',') {
            let term = term.trim();
            // Two-character operators first, so `>=` is not read as `>` and `=1`.
            let (op, rest) = [
                (">=", Op::Ge),
                ("<=", Op::Le),
                ("!=", Op::Ne),
                ("~>", Op::Pessimistic),
                (">", Op::Gt),
                ("<", Op::Lt),
                ("=", Op::Eq),
            ]
            .iter()
            .find_map(|(s, op)| term.strip_prefix(s).map(|rest| (*op, rest)))
            .unwrap_or((Op::Eq, term));
            let version = Version::parse(rest)
                .filter(|_| !rest.trim().is_empty())
                .ok_or_else(|| format!("`{term}` is not a version constraint"))?;
            terms.push((op, version));
        }
        Ok(Self { terms })
    }

    /// Whether `version` satisfies every term.
    pub fn check(&self, version: &Version) -> bool {
        self.terms.iter().all(|(op, wanted)| term_holds(*op, wanted, version))
    }
}

fn term_holds(op: Op, wanted: &Version, have: &Version) -> bool {
    // As in go-version: for an ordering a prerelease only satisfies a term that names a
    // prerelease of the same release; `~>` checks prereleases itself; `=`/`!=` just compare.
    if !have.prerelease.is_empty()
        && matches!(op, Op::Gt | Op::Lt | Op::Ge | Op::Le)
        && (wanted.prerelease.is_empty() || wanted.segments != have.segments)
    {
        return false;
    }
    let order = have.compare(wanted);
    match op {
        Op::Eq => order == Ordering::Equal,
        Op::Ne => order != Ordering::Equal,
        Op::Gt => order == Ordering::Greater,
        Op::Lt => order == Ordering::Less,
        Op::Ge => order != Ordering::Less,
        Op::Le => order != Ordering::Greater,
        Op::Pessimistic => {
            if wanted.prerelease.is_empty() != have.prerelease.is_empty() || order == Ordering::Less
            {
                return false;
            }
            let last = wanted.written - 1;
            have.segments[..last] == wanted.segments[..last]
                && have.segments[last] >= wanted.segments[last]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(constraint: &str, version: &str) -> bool {
        Constraint::parse(constraint).unwrap().check(&Version::parse(version).unwrap())
    }

    /// ecspresso's own expectations (config_test.go) and go-version's documented examples.
    #[test]
    fn ecspresso_and_go_version_cases() {
        for (c, v) in [
            (">= v1.0.0", "v1.2.1"),
            ("= v1.0.0", "1.0.0"),
            ("~> v1.1.0", "1.1.5"),
            ("~> v1.0", "1.2.1"),
            (">= v1, < v2", "1.2.1"),
            (">= v1.2.1, < v2", "v1.2.1+3-g04fdc8e"),
            (">= 2.0.0, < 3", "2.8.0"),
            ("~> 2.3", "2.8.0"),
            ("2.8", "2.8.0"),
            ("~> 1", "7.0.0"),
            (">= 1.0-beta", "1.0.0"),
            ("> 1.0.0-beta", "1.0.0-rc1"),
        ] {
            assert!(holds(c, v), "{c} should accept {v}");
        }
        for (c, v) in [
            ("= v1.0.0", "v1.2.1"),
            ("~> v1.1.0", "v1.2.0"),
            (">= v1.2.2, < v2", "v1.2.1+3-g04fdc8e"),
            (">= v0, <v1", "v1.2.1"),
            ("~> 2.3.1", "2.8.0"),
            (">= 3", "2.8.0"),
            ("!= 2.8.0", "2.8.0"),
            (">= 1.0", "1.1.0-beta"),
            ("~> 1.0-beta", "1.0.0"),
        ] {
            assert!(!holds(c, v), "{c} should refuse {v}");
        }
    }

    #[test]
    fn malformed_constraints_name_the_term() {
        for bad in ["hoge", ">= 1.0, banana", "", ">=", "1..2", "=> 1.0", "1.0-"] {
            let err = Constraint::parse(bad).unwrap_err();
            assert!(err.contains("is not a version constraint"), "{bad}: {err}");
        }
        assert_eq!(Constraint::parse("1, x").unwrap_err(), "`x` is not a version constraint");
        assert!(Version::parse("current").is_none());
    }
}
