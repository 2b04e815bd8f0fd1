//! A shipper project in a temp dir for end-to-end tests: a config, its definitions and the bed's
//! seeded Terraform state, run with a clean environment plus exactly what the test sets.
//!
//! [`Project::example`] copies the `ecspresso/` example unchanged (config `config.yaml`, which is
//! not one of the discovered names, so every command gets `--config config.yaml`). Without a bed
//! ([`Project::offline`]) a command has no AWS endpoint and no credentials at all, so any AWS call
//! it attempted would fail loudly.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::bed::Bed;
use super::shipper::{Run, run, shipper};

/// The image tag the example is rendered with unless a test says otherwise.
pub const TAG: &str = "v1.2.0";

pub struct Project {
    pub dir: tempfile::TempDir,
    /// What `bed.seed()` returned (names, ARNs, `tfstate`); `Null` without a bed.
    pub seed: Value,
    env: Vec<(String, String)>,
}

impl Project {
    /// Seeds `bed` and writes the `ecspresso/` example next to the seed's Terraform state, with
    /// `TFSTATE` and `IMAGE_TAG` set.
    pub fn example(bed: &Bed) -> Self {
        let project = Self::seeded(bed);
        project.copy_example();
        project
    }

    fn copy_example(&self) {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("ecspresso");
        for entry in std::fs::read_dir(&source).expect("ecspresso/ exists") {
            let path = entry.expect("a dir entry").path();
            if path.is_file() {
                std::fs::copy(
                    &path,
                    self.path(path.file_name().and_then(|n| n.to_str()).expect("a name")),
                )
                .expect("copy the example");
            }
        }
    }

    /// The example switched to an ECS-native blue/green family strategy on the seed's blue/green
    /// target groups and listener rules: `deployment` is the `deploymentConfiguration` (its
    /// `strategy`, `lifecycleHooks`, …), `shipper` is YAML appended under `shipper:` (gates).
    pub fn blue_green(bed: &Bed, deployment: Value, shipper: &str) -> Self {
        let project = Self::example(bed);
        let mut def: Value = serde_json::from_str(&project.read("ecs-service-def.json")).unwrap();
        def["deploymentConfiguration"] = deployment;
        def["loadBalancers"][0]["advancedConfiguration"] = serde_json::json!({
            "alternateTargetGroupArn": "{{ tfstate `aws_lb_target_group.green.arn` }}",
            "productionListenerRule": "{{ tfstate `aws_lb_listener_rule.production.arn` }}",
            "testListenerRule": "{{ tfstate `aws_lb_listener_rule.test.arn` }}",
            "roleArn": "{{ tfstate `aws_iam_role.ecs_infrastructure.arn` }}"
        });
        project.write("ecs-service-def.json", &serde_json::to_string_pretty(&def).unwrap());
        if !shipper.is_empty() {
            let config = project.read("config.yaml");
            project.write("config.yaml", &format!("{config}\nshipper:\n{shipper}"));
        }
        project
    }

    /// The example switched to the seed's CodeDeploy-controlled service (`acme-dev-app-cd`,
    /// `deploymentController` CODE_DEPLOY, which the seed's deployment group `acme-dev-app-dg`
    /// deploys); `config` is YAML appended to the config (`codedeploy:`, `appspec:`, `shipper:`).
    pub fn codedeploy(bed: &Bed, config: &str) -> Self {
        let project = Self::example(bed);
        let mut def: Value = serde_json::from_str(&project.read("ecs-service-def.json")).unwrap();
        def["deploymentController"] = serde_json::json!({"type": "CODE_DEPLOY"});
        // CodeDeploy decides success: no circuit breaker. Spelled out, since the bed reports
        // the disabled breaker for CODE_DEPLOY services too (diff would show it otherwise).
        def["deploymentConfiguration"] = serde_json::json!({
            "deploymentCircuitBreaker": {"enable": false, "rollback": false},
            "maximumPercent": 200,
            "minimumHealthyPercent": 100
        });
        project.write("ecs-service-def.json", &serde_json::to_string_pretty(&def).unwrap());
        project.edit("config.yaml", "service: acme-dev-app\n", "service: acme-dev-app-cd\n");
        if !config.is_empty() {
            let text = project.read("config.yaml");
            project.write("config.yaml", &format!("{text}\n{config}"));
        }
        project
    }

    /// The example as [`Project::example`] makes it, but with the bed left EMPTY: the Terraform
    /// state is one seed's, taken once per test process. For tests that prove no AWS call was
    /// made (the request log must stay empty) and that never reach AWS anyway.
    pub fn example_unseeded(bed: &Bed) -> Self {
        static SEED: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
        let seed = SEED
            .get_or_init(|| {
                let seed = bed.seed();
                bed.control("POST", "/_bed/reset", Some(serde_json::json!({})));
                seed
            })
            .clone();
        assert!(bed.requests().is_empty(), "the bed starts empty");
        let project = Self::with_seed(bed, seed);
        project.copy_example();
        project
    }

    /// Seeds `bed` and copies `examples/<name>/` (its config is `config.yaml`) next to the seed's
    /// Terraform state: `express` (an Express service) and `daemon` (an ECS daemon).
    pub fn from_example(bed: &Bed, name: &str) -> Self {
        let project = Self::seeded(bed);
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name);
        super::copy_tree(&source, project.dir.path());
        project
    }

    /// Seeds `bed`; the project holds only `terraform.tfstate` (and `TFSTATE` points at it).
    pub fn seeded(bed: &Bed) -> Self {
        Self::with_seed(bed, bed.seed())
    }

    fn with_seed(bed: &Bed, seed: Value) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(
            dir.path().join("terraform.tfstate"),
            serde_json::to_string_pretty(&seed["tfstate"]).unwrap(),
        )
        .expect("write the tfstate");
        let mut env = bed.env();
        env.push(("TFSTATE".into(), dir.path().join("terraform.tfstate").display().to_string()));
        env.push(("IMAGE_TAG".into(), TAG.into()));
        Self { dir, seed, env }
    }

    /// An empty directory with this project's environment (bed, `TFSTATE`, `IMAGE_TAG`) and
    /// seed: for commands that write a project (`shipper init`).
    pub fn sibling(&self) -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temp dir"),
            seed: self.seed.clone(),
            env: self.env.clone(),
        }
    }

    /// [`Self::sibling`] holding a copy of `dir` (relative to the repository: `ecspresso`,
    /// `examples/express`, …): a second project on the same seeded bed.
    pub fn sibling_with(&self, dir: &str) -> Self {
        let sibling = self.sibling();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(&source).expect("the directory exists") {
            let path = entry.expect("a dir entry").path();
            if path.is_file() {
                std::fs::copy(&path, sibling.dir.path().join(path.file_name().expect("a name")))
                    .expect("copy");
            }
        }
        sibling
    }

    /// A project with no AWS at all (no endpoint, region or credentials).
    pub fn offline() -> Self {
        Self { dir: tempfile::tempdir().expect("a temp dir"), seed: Value::Null, env: Vec::new() }
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    /// Writes (or replaces) a file of the project.
    pub fn write(&self, file: &str, text: &str) -> &Self {
        let path = self.path(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dirs");
        }
        std::fs::write(path, text).expect("write a project file");
        self
    }

    pub fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.path(file)).unwrap_or_else(|e| panic!("read {file}: {e}"))
    }

    /// Replaces `from` with `to` in a file; `from` must be there, so an edit never silently
    /// does nothing.
    pub fn edit(&self, file: &str, from: &str, to: &str) -> &Self {
        let text = self.read(file);
        assert!(text.contains(from), "{file} lacks {from:?}:\n{text}");
        self.write(file, &text.replacen(from, to, 1))
    }

    /// Sets (or replaces) an environment variable for every later command.
    pub fn set_env(&mut self, name: &str, value: &str) -> &mut Self {
        self.env.retain(|(k, _)| k != name);
        self.env.push((name.into(), value.into()));
        self
    }

    /// Removes an environment variable from every later command.
    pub fn unset_env(&mut self, name: &str) -> &mut Self {
        self.env.retain(|(k, _)| k != name);
        self
    }

    /// `shipper --config config.yaml ARGS…` in the project.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.bare(&["--config", "config.yaml"]);
        cmd.args(args);
        cmd
    }

    /// `shipper --config config.yaml` with `IMAGE_TAG` set to `image_tag`, arguments to follow.
    pub fn shipper(&self, image_tag: &str) -> Command {
        let mut cmd = self.cmd(&[]);
        cmd.env("IMAGE_TAG", image_tag);
        cmd
    }

    /// `shipper ARGS…` in the project, without `--config`.
    pub fn bare(&self, args: &[&str]) -> Command {
        let mut cmd = shipper(self.dir.path());
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd.args(args);
        cmd
    }

    /// Runs `shipper --config config.yaml ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        run(&mut self.cmd(args))
    }

    /// A value of the seed by JSON pointer, as a string.
    #[track_caller]
    pub fn seed_str(&self, pointer: &str) -> String {
        self.seed
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("seed{pointer}: {}", self.seed))
            .to_string()
    }
}

/// Asserts the run did not crash: no panic message, no backtrace.
#[track_caller]
pub fn no_crash(r: &Run) {
    for needle in ["panicked", "backtrace", "RUST_BACKTRACE", "thread 'main'"] {
        assert!(
            !r.stderr.contains(needle) && !r.stdout.contains(needle),
            "{needle} in the output:\n{}\n{}",
            r.stdout,
            r.stderr
        );
    }
}

/// Every JSON document printed one after another (as `render` prints them).
pub fn json_stream(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not a stream of JSON documents ({e}):\n{text}"))
}

/// SDK clients pointed at the bed, for arranging and checking things directly.
pub struct Sdk {
    pub ecs: aws_sdk_ecs::Client,
    pub ssm: aws_sdk_ssm::Client,
}

impl Sdk {
    pub async fn new(bed: &Bed) -> Self {
        let config = bed.sdk_config().await;
        Self { ecs: aws_sdk_ecs::Client::new(&config), ssm: aws_sdk_ssm::Client::new(&config) }
    }

    pub async fn put(&self, name: &str, kind: aws_sdk_ssm::types::ParameterType, value: &str) {
        self.ssm
            .put_parameter()
            .name(name)
            .r#type(kind)
            .value(value)
            .overwrite(true)
            .send()
            .await
            .expect("put_parameter");
    }

    /// The decrypted value of a parameter.
    pub async fn get(&self, name: &str) -> String {
        let out = self
            .ssm
            .get_parameter()
            .name(name)
            .with_decryption(true)
            .send()
            .await
            .expect("get_parameter");
        out.parameter().and_then(|p| p.value()).expect("a value").to_string()
    }
}

/// A value nobody could guess, for canaries.
pub fn unique(prefix: &str) -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{prefix}-{:x}-{:x}", nanos, std::process::id())
}
