//! The `ecspresso/` example as a test project: copied into a temp dir, its Terraform state taken
//! from the bed's seed, run with the bed's environment.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::bed::Bed;
use super::shipper::shipper;

pub struct Example {
    pub dir: tempfile::TempDir,
    /// What the bed's seed created (names and ARNs).
    pub seed: Value,
    env: Vec<(String, String)>,
}

impl Example {
    /// Seeds `bed` and copies the example next to the seed's Terraform state.
    pub fn new(bed: &Bed) -> Self {
        let seed = bed.seed();
        let dir = tempfile::tempdir().expect("a temp dir");
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("ecspresso");
        for entry in std::fs::read_dir(&source).expect("ecspresso/ exists") {
            let path = entry.expect("a dir entry").path();
            if path.is_file() {
                std::fs::copy(&path, dir.path().join(path.file_name().expect("a file name"))).expect("copy");
            }
        }
        std::fs::write(dir.path().join("terraform.tfstate"), seed["tfstate"].to_string()).expect("write tfstate");
        Self { dir, seed, env: bed.env() }
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    /// `shipper --config config.yaml …` for this project with `IMAGE_TAG`.
    pub fn shipper(&self, image_tag: &str) -> Command {
        let mut cmd = shipper(self.dir.path());
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd.env("TFSTATE", self.path("terraform.tfstate"));
        cmd.env("IMAGE_TAG", image_tag);
        cmd.args(["--config", "config.yaml"]);
        cmd
    }

    /// Edits a JSON file of the project (the definitions are plain JSON with templates in strings).
    pub fn edit_json(&self, file: &str, edit: impl FnOnce(&mut Value)) {
        let path = self.path(file);
        let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
        edit(&mut value);
        std::fs::write(&path, serde_json::to_string_pretty(&value).expect("serialise")).expect("write");
    }

    /// Edits a file as text.
    pub fn edit_text(&self, file: &str, edit: impl FnOnce(String) -> String) {
        let path = self.path(file);
        std::fs::write(&path, edit(std::fs::read_to_string(&path).expect("read"))).expect("write");
    }
}
