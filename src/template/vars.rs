//! The environment as templates see it (`env`, `must_env`, Jsonnet's `std.extVar`).

use std::collections::HashMap;

use crate::error::{Error, Result};

/// Environment variables as templates see them: the process environment overlaid with the
/// `--envfile` files (later files win), plus Jsonnet's external variables (`--ext-str`,
/// `--ext-code`). The process environment itself is never modified.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    overlay: HashMap<String, String>,
    /// `std.extVar` values: `(name, value, is_code)`.
    pub ext: Vec<(String, String, bool)>,
}

impl Vars {
    /// Loads the dotenv files in order.
    pub fn load(envfiles: &[std::path::PathBuf]) -> Result<Self> {
        let mut overlay = HashMap::new();
        for file in envfiles {
            let iter = dotenvy::from_path_iter(file)
                .map_err(|e| Error::new(format!("cannot read envfile {}: {e}", file.display())))?;
            for item in iter {
                let (key, value) = item.map_err(|e| {
                    Error::new(format!("envfile {}: {e}", file.display()))
                        .hint("each line must be KEY=VALUE (comments start with #)")
                })?;
                overlay.insert(key, value);
            }
        }
        Ok(Self { overlay, ext: Vec::new() })
    }

    /// Builds from explicit values (tests).
    pub fn from_map(overlay: HashMap<String, String>) -> Self {
        Self { overlay, ext: Vec::new() }
    }

    /// Adds Jsonnet external variables: strings, then code (later wins for a repeated name).
    pub fn with_ext(mut self, strings: &[(String, String)], code: &[(String, String)]) -> Self {
        self.ext.extend(strings.iter().map(|(k, v)| (k.clone(), v.clone(), false)));
        self.ext.extend(code.iter().map(|(k, v)| (k.clone(), v.clone(), true)));
        self
    }

    pub fn get(&self, name: &str) -> Option<String> {
        self.overlay.get(name).cloned().or_else(|| std::env::var(name).ok())
    }
}
