//! The bad-input corpus: one table of mistakes across the config, templates, definitions (JSON
//! and YAML), gates, envfiles, Terraform state, command-line flags and pathological files (huge,
//! deep, empty, binary). Each must end with exit 1, a short message naming the file, line or field,
//! no crash, nothing on stdout, and no AWS call at all (every one is detectable without AWS).

use crate::support::bed::Bed;
use crate::support::project::{Project, no_crash};
use crate::support::shipper::run;

const CONFIG: &str = "config.yaml";
const TD: &str = "ecs-task-def.json";
const SD: &str = "ecs-service-def.json";

/// serde's vocabulary, which no message shows: it names Rust types and serde's machinery.
const SERDE_WORDS: &[&str] = &[
    "untagged enum",
    "variant",
    "missing field",
    "invalid type:",
    "expected u",
    "expected i",
    "expected f",
    "expected struct",
];

/// How a case changes the example project.
enum Edit {
    /// Replace the first `from` with `to` in a file.
    Replace(&'static str, &'static str, &'static str),
    /// Write a file whole.
    Write(&'static str, String),
    /// Append to a file.
    Append(&'static str, &'static str),
    /// The task definition as YAML: `td.yaml` holds the text and the config points at it.
    YamlTd(&'static str),
    /// Change nothing (the case is in the flags).
    None,
}

struct Case {
    edit: Edit,
    args: &'static [&'static str],
    expect: &'static [&'static str],
}

fn case(edit: Edit, expect: &'static [&'static str]) -> Case {
    Case { edit, args: &["deploy"], expect }
}

fn flags(args: &'static [&'static str], expect: &'static [&'static str]) -> Case {
    Case { edit: Edit::None, args, expect }
}

fn r(file: &'static str, from: &'static str, to: &'static str) -> Edit {
    Edit::Replace(file, from, to)
}

fn gate(yaml: &'static str) -> Edit {
    Edit::Append(CONFIG, yaml)
}

fn corpus() -> Vec<Case> {
    use Edit::Write;
    let deep_json = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let deep_yaml =
        (0..80).map(|i| format!("{}k{i}:", "  ".repeat(i))).collect::<Vec<_>>().join("\n");
    let huge = format!("{{\"family\": \"x\", \"pad\": \"{}\"}}", "x".repeat(5 * 1024 * 1024));
    let long_line = format!(
        "{{\"family\": \"f\", \"containerDefinitions\": [{}{{\"name\": \"a\", \"image\": \"i\"}},]}}",
        "{\"name\": \"a\", \"image\": \"i\"},".repeat(20_000)
    );
    vec![
        // --- the config
        case(
            r(CONFIG, "cluster: acme-dev-cluster", "cluster: [acme"),
            &["config.yaml:", "invalid YAML"],
        ),
        case(
            r(CONFIG, "cluster:", "clustr:"),
            &["unknown key `clustr`", "did you mean `cluster`?"],
        ),
        case(r(CONFIG, "service: acme-dev-app", "servce: acme-dev-app"), &["unknown key `servce`"]),
        case(r(CONFIG, "timeout: 10m", "timeout: ten minutes"), &["`timeout`"]),
        case(r(CONFIG, "timeout: 10m", "timeout: [1]"), &["`timeout` must be a duration"]),
        case(r(CONFIG, "region: ap-northeast-1", "region: [a]"), &["config.yaml", "region"]),
        case(
            Edit::Append(CONFIG, "required_version: '>= 9'\n"),
            &["required_version", "not satisfied"],
        ),
        case(Edit::Append(CONFIG, "required_version: banana\n"), &["is not a version constraint"]),
        case(
            Edit::Append(CONFIG, "codedeploy:\n  application: x\n"),
            &["unknown key `codedeploy.application`"],
        ),
        case(Edit::Append(CONFIG, "ignore:\n  tag: [x]\n"), &["unknown key `ignore.tag`"]),
        case(
            Edit::Append(CONFIG, "sdk_options:\n  retries: 3\n"),
            &["unknown key `sdk_options.retries`"],
        ),
        case(
            Edit::Append(CONFIG, "shipper:\n  ignored: [x]\n"),
            &["unknown key `shipper.ignored`"],
        ),
        case(r(CONFIG, "name: tfstate", "name: tfstat"), &["plugin `tfstat` is not supported"]),
        case(r(CONFIG, "path: '{{", "pth: '{{"), &["unknown key `plugins[0].config.pth`"]),
        case(Write(CONFIG, String::new()), &["config.yaml", "mapping"]),
        case(Write(CONFIG, "- a\n- b\n".into()), &["config.yaml: the config must be a mapping"]),
        case(Write(CONFIG, "just text\n".into()), &["config.yaml: the config must be a mapping"]),
        case(Write(CONFIG, deep_yaml.clone()), &["config.yaml:", "levels deep"]),
        case(
            r(CONFIG, "service_definition: ecs-service-def.json", "service_definition: nope.json"),
            &["cannot read", "nope.json"],
        ),
        case(
            r(CONFIG, "task_definition: ecs-task-def.json", "task_definition: nope.json"),
            &["cannot read", "nope.json"],
        ),
        case(
            r(CONFIG, "service: acme-dev-app", "service: '{{ must_env `NO_SUCH_VAR` }}'"),
            &["config.yaml", "NO_SUCH_VAR"],
        ),
        case(
            r(CONFIG, "service: acme-dev-app", "service: '{{ nosuchfn `x` }}'"),
            &["config.yaml", "nosuchfn"],
        ),
        // --- gates
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: bake, prefx: x}\n",
            ),
            &["config.yaml:", "gate `a`: unknown key `prefx`", "did you mean `prefix`?"],
        ),
        case(
            gate("shipper:\n  gates:\n    checks:\n      - {name: a, type: alarm, phase: bake}\n"),
            &["gate `a`: `type: alarm` is not one of", "did you mean `alarms`?"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: later, prefix: x}\n",
            ),
            &["gate `a`: `phase: later` is not one of test, production, steps, bake"],
        ),
        case(
            gate("shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: bake}\n"),
            &["an alarms gate needs `names` or `prefix`"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: bake, prefix: x, interval: soon}\n",
            ),
            &["gate `a`: `interval`", "soon"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: bake, prefix: x, interval: 1ms}\n",
            ),
            &["interval` must be at least 100ms"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: bake, prefix: x, passes: 0}\n",
            ),
            &["passes` must be at least 1"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: bake, prefix: x}\n      - {name: a, type: alarms, phase: bake, prefix: y}\n",
            ),
            &["gate `a`: the name is used twice"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: m, type: metric, phase: bake, namespace: n, metric: m, threshold: 1, comparison: '=='}\n",
            ),
            &["gate `m`: `comparison: ==` is not one of <, <=, >, >="],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: m, type: metric, phase: bake, namespace: n, metric: m}\n",
            ),
            &["gate `m`: `threshold` is missing"],
        ),
        case(
            gate("shipper:\n  gates:\n    checks:\n      - {name: h, type: http, phase: test}\n"),
            &["gate `h`: `url` is missing"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: c, type: command, phase: test}\n",
            ),
            &["gate `c`: `run` is missing"],
        ),
        case(
            gate("shipper:\n  gates:\n    checks:\n      - {type: command, phase: bake, run: x}\n"),
            &["`shipper.gates.checks[0]`: `name` is missing", "every gate needs a `name`"],
        ),
        case(
            gate("shipper:\n  gates:\n    check: []\n"),
            &["unknown key `shipper.gates.check`", "`checks`"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: baking, prefix: x}\n",
            ),
            &["gate `a`: `phase: baking` is not one of", "did you mean `bake`?"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, typ: alarms, phase: bake, prefix: x}\n",
            ),
            &["gate `a`: `type` is missing", "did you mean `type` for `typ`?"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: [test, bkae], prefix: x}\n",
            ),
            &["gate `a`: `phase: bkae` is not one of", "did you mean `bake`?"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: bake, prefix: x, passes: three}\n",
            ),
            &["gate `a`: `passes` must be a whole number (0 or more), not `three`"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: bake, prefix: x, passes: -1}\n",
            ),
            &["gate `a`: `passes` must be a whole number (0 or more), not `-1`"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: a, type: alarms, phase: bake, prefix: x, interval: [1]}\n",
            ),
            &[
                "gate `a`: `interval` must be a duration like 30s or 2m, or a number of seconds, not a list",
            ],
        ),
        case(
            gate("shipper:\n  gates:\n    checks:\n      - {name: a, phase: bake, prefix: x}\n"),
            &["gate `a`: `type` is missing", "the gate types: target_health, alarms"],
        ),
        case(gate("shipper:\n  gates: [a]\n"), &["`shipper.gates` must be a mapping"]),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: t, type: target_health, phase: test}\n",
            ),
            &["gate `t` runs at the test phase, which a ROLLING deployment does not have"],
        ),
        case(
            gate(
                "shipper:\n  gates:\n    checks:\n      - {name: s, type: alarms, phase: steps, prefix: x}\n",
            ),
            &["gate `s` runs at the steps phase"],
        ),
        // --- task definition, JSON
        case(r(TD, "\"cpu\": 256,", "\"cpu\": 256"), &["ecs-task-def.json:", "invalid JSON"]),
        case(r(TD, "\"cpu\": 256,", "\"cpu\": 256,,"), &["ecs-task-def.json:", "invalid JSON"]),
        case(
            r(TD, "\"family\": \"acme-dev-app\",", "\"family\": \"acme-dev-app,"),
            &["ecs-task-def.json:", "invalid JSON"],
        ),
        case(
            r(TD, "\"cpu\": 256,", "\"cpu\": \"lots\","),
            &["containerDefinitions[0].cpu", "expected an integer"],
        ),
        case(r(TD, "\"cpu\": 256,", "\"cpu\": 2.5,"), &["containerDefinitions[0].cpu"]),
        case(
            r(TD, "\"essential\": true,", "\"essential\": \"yes\","),
            &["containerDefinitions[0].essential"],
        ),
        case(
            r(TD, "\"memoryReservation\": 512,", "\"memoryReservation\": [512],"),
            &["containerDefinitions[0].memoryReservation"],
        ),
        case(
            r(TD, "\"networkMode\": \"bridge\",", "\"networkMode\": \"awsvcp\","),
            &["networkMode", "awsvpc"],
        ),
        case(
            r(TD, "\"protocol\": \"tcp\"", "\"protocol\": \"tpc\""),
            &["containerDefinitions[0].portMappings[0].protocol"],
        ),
        case(
            r(TD, "\"logDriver\": \"awslogs\",", "\"logDriver\": \"awslog\","),
            &["logConfiguration.logDriver", "awslogs"],
        ),
        case(
            r(TD, "\"essential\": true,", "\"esential\": true,"),
            &["containerDefinitions[0].esential", "essential"],
        ),
        case(r(TD, "\"portMappings\":", "\"portMapings\":"), &["portMapings", "portMappings"]),
        case(
            r(TD, "\"family\": \"acme-dev-app\",", "\"familly\": \"acme-dev-app\","),
            &["familly"],
        ),
        case(r(TD, "\"family\": \"acme-dev-app\",", ""), &["ecs-task-def.json", "family"]),
        case(
            r(
                TD,
                "\"image\": \"{{ tfstate `aws_ecr_repository.app.repository_url` }}:{{ must_env `IMAGE_TAG` }}\",",
                "",
            ),
            &["containerDefinitions[0].image: container `app` has no image"],
        ),
        case(
            r(
                TD,
                "\"image\": \"{{ tfstate `aws_ecr_repository.app.repository_url` }}:{{ must_env `IMAGE_TAG` }}\",",
                "\"image\": \" \",",
            ),
            &["containerDefinitions[0].image: container `app` has no image"],
        ),
        case(
            Write(TD, "{\"family\": \"f\", \"containerDefinitions\": []}".into()),
            &["containerDefinitions: a task definition needs at least one container"],
        ),
        case(Write(TD, "{\"family\": \"f\"}".into()), &["containerDefinitions"]),
        case(Write(TD, "[]".into()), &["ecs-task-def.json"]),
        case(Write(TD, "\"a string\"".into()), &["ecs-task-def.json"]),
        case(Write(TD, String::new()), &["ecs-task-def.json", "invalid JSON"]),
        case(Write(TD, deep_json.clone()), &["ecs-task-def.json:1", "nested 65 levels deep"]),
        case(
            Write(TD, huge.clone()),
            &["ecs-task-def.json", "bytes; a config or definition is at most"],
        ),
        case(Write(TD, long_line.clone()), &["ecs-task-def.json:1:", "invalid JSON"]),
        case(
            r(TD, "\"healthCheck\": {", "\"healthCheck\": {\"bogus\": 1,"),
            &["containerDefinitions[0].healthCheck.bogus"],
        ),
        case(
            r(
                TD,
                "\"requiresCompatibilities\": [\"EC2\"],",
                "\"requiresCompatibilities\": [\"EC3\"],",
            ),
            &["requiresCompatibilities", "EC2"],
        ),
        case(
            r(
                TD,
                "\"requiresCompatibilities\": [\"EC2\"],",
                "\"requiresCompatibilities\": \"EC2\",",
            ),
            &["requiresCompatibilities"],
        ),
        case(
            r(TD, "\"secrets\": [", "\"secrets\": [{\"name\": \"X\"},"),
            &["containerDefinitions[0].secrets[0]", "valueFrom"],
        ),
        // --- templates in definitions
        case(
            r(TD, "{{ must_env `IMAGE_TAG` }}", "{{ must_env `NO_SUCH_TAG_VAR` }}"),
            &["ecs-task-def.json", "NO_SUCH_TAG_VAR"],
        ),
        case(
            r(TD, "{{ must_env `IMAGE_TAG` }}", "{{ nosuch `x` }}"),
            &["ecs-task-def.json", "nosuch"],
        ),
        case(
            r(TD, "{{ must_env `IMAGE_TAG` }}", "{{ .Env.IMAGE_TAG }}"),
            &["ecs-task-def.json", ".Env"],
        ),
        case(
            r(TD, "{{ must_env `IMAGE_TAG` }}", "{{ must_env `IMAGE_TAG` "),
            &["ecs-task-def.json"],
        ),
        case(
            r(TD, "{{ must_env `IMAGE_TAG` }}", "{{ range .x }}{{ end }}"),
            &["ecs-task-def.json", "range"],
        ),
        case(
            r(TD, "aws_ecr_repository.app.repository_url", "aws_ecr_repository.ap.repository_url"),
            &["ecs-task-def.json", "aws_ecr_repository.ap"],
        ),
        case(
            r(TD, "aws_ecr_repository.app.repository_url", "nonsense"),
            &["ecs-task-def.json", "nonsense"],
        ),
        case(
            r(TD, "{{ ssm `/acme/dev/app/env` }}", "{{ ssm }}"),
            &["ecs-task-def.json:19", "ssm: missing argument 1 (the parameter's name)"],
        ),
        case(
            r(TD, "{{ ssm `/acme/dev/app/env` }}", "{{ ssm `/a` `b` `c` }}"),
            &["ecs-task-def.json"],
        ),
        case(
            r(TD, "{{ ssm `/acme/dev/app/env` }}", "{{ env }}"),
            &["ecs-task-def.json:19", "env: missing argument 1 (the variable's name)"],
        ),
        case(
            r(TD, "{{ ssm `/acme/dev/app/env` }}", "{{ ssm(1, 2, 3) }}"),
            &["ecs-task-def.json:19"],
        ),
        case(
            // An `if` never closed (a closed one is valid Go template).
            r(TD, "{{ ssm `/acme/dev/app/env` }}", "{{ if true }}x"),
            &["ecs-task-def.json"],
        ),
        case(r(TD, "{{ ssm `/acme/dev/app/env` }}", "{% for x in y %}"), &["ecs-task-def.json"]),
        // --- task definition, YAML
        case(Edit::YamlTd("family: [\n"), &["td.yaml:", "invalid YAML"]),
        case(Edit::YamlTd("family: f\n containerDefinitions: []\n"), &["td.yaml:", "invalid YAML"]),
        case(
            Edit::YamlTd(
                "family: f\ncontainerDefinitions:\n  - name: a\n    image: i\n    cpu: lots\n",
            ),
            &["containerDefinitions[0].cpu"],
        ),
        case(
            Edit::YamlTd("family: f\ncontainerDefinitions:\n  - name: a\n    imag: i\n"),
            &["containerDefinitions[0].imag", "image"],
        ),
        case(
            Edit::YamlTd("family: f\ncontainerDefinitions: []\n"),
            &["a task definition needs at least one container"],
        ),
        case(
            Edit::YamlTd(
                "family: f\nnetworkMode: awsvcp\ncontainerDefinitions:\n  - {name: a, image: i}\n",
            ),
            &["networkMode", "awsvpc"],
        ),
        case(
            Edit::YamlTd(
                "family: f\ncontainerDefinitions:\n  - name: a\n    image: i\n    essential: maybe\n",
            ),
            &["containerDefinitions[0].essential"],
        ),
        case(
            Edit::YamlTd(
                "Family: f\nContainerDefinitions:\n  - Name: a\n    Image: i\n    PortMappings: [{ContainerPort: x}]\n",
            ),
            &["ContainerDefinitions[0].PortMappings[0].ContainerPort", "expected an integer"],
        ),
        case(
            Edit::YamlTd(
                "family: f\ncontainerDefinitions:\n  - name: a\n    image: \"{{ must_env `NOPE_VAR` }}\"\n",
            ),
            &["td.yaml", "NOPE_VAR"],
        ),
        case(Edit::YamlTd("\t- tabs\n"), &["td.yaml:", "invalid YAML"]),
        // --- service definition
        case(
            r(SD, "\"desiredCount\": 2,", "\"desiredCount\": -1,"),
            &["desiredCount: must be between 0 and 5000, not -1"],
        ),
        case(
            r(SD, "\"desiredCount\": 2,", "\"desiredCount\": 999999,"),
            &["desiredCount: must be between 0 and 5000"],
        ),
        case(r(SD, "\"desiredCount\": 2,", "\"desiredCount\": \"two\","), &["desiredCount"]),
        case(
            r(SD, "\"schedulingStrategy\": \"REPLICA\",", "\"schedulingStrategy\": \"REPLICAS\","),
            &["schedulingStrategy", "REPLICA"],
        ),
        case(
            r(SD, "\"propagateTags\": \"SERVICE\",", "\"propagateTags\": \"SERVIC\","),
            &["propagateTags"],
        ),
        case(
            r(SD, "\"maximumPercent\": 200,", "\"maximumPercent\": -5,"),
            &["deploymentConfiguration.maximumPercent"],
        ),
        case(
            r(SD, "\"minimumHealthyPercent\": 100", "\"minimumHealthyPercent\": 150"),
            &["deploymentConfiguration.minimumHealthyPercent: must be between 0 and 100"],
        ),
        case(
            r(
                SD,
                "\"minimumHealthyPercent\": 100",
                "\"minimumHealthyPercent\": 100, \"bakeTimeInMinutes\": 5000",
            ),
            &["deploymentConfiguration.bakeTimeInMinutes: must be between 0 and 1440"],
        ),
        case(
            r(
                SD,
                "\"minimumHealthyPercent\": 100",
                "\"minimumHealthyPercent\": 100, \"strategy\": \"LINEAR\", \"linearConfiguration\": {\"stepPercent\": 1}",
            ),
            &["linearConfiguration.stepPercent: must be between 3 and 100"],
        ),
        case(
            r(
                SD,
                "\"minimumHealthyPercent\": 100",
                "\"minimumHealthyPercent\": 100, \"strategy\": \"CANARY\", \"canaryConfiguration\": {\"canaryPercent\": 0}",
            ),
            &["canaryConfiguration.canaryPercent"],
        ),
        case(
            r(
                SD,
                "\"minimumHealthyPercent\": 100",
                "\"minimumHealthyPercent\": 100, \"strategy\": \"BLUEGREEN\"",
            ),
            &["deploymentConfiguration.strategy", "BLUE_GREEN"],
        ),
        case(
            r(
                SD,
                "\"minimumHealthyPercent\": 100",
                "\"minimumHealthyPercent\": 100, \"lifecycleHooks\": [{\"targetType\": \"PAUSE\", \"lifecycleStages\": [\"PRODUCTION_TRAFFIC_SHIFT\"]}]",
            ),
            &["a PAUSE hook cannot be placed on PRODUCTION_TRAFFIC_SHIFT"],
        ),
        case(
            r(
                SD,
                "\"minimumHealthyPercent\": 100",
                "\"minimumHealthyPercent\": 100, \"strategy\": \"BLUE_GREEN\"",
            ),
            &["loadBalancers[0].advancedConfiguration.alternateTargetGroupArn is missing"],
        ),
        case(
            r(
                SD,
                "\"healthCheckGracePeriodSeconds\": 60,",
                "\"healthCheckGracePeriodSeconds\": -60,",
            ),
            &["healthCheckGracePeriodSeconds"],
        ),
        case(
            r(SD, "\"enableECSManagedTags\": true,", "\"enableEcsManagedTags\": true,"),
            &["enableEcsManagedTags", "enableECSManagedTags"],
        ),
        case(
            r(SD, "\"containerPort\": 3000,", "\"containerPort\": \"3000\","),
            &["loadBalancers[0].containerPort"],
        ),
        case(
            r(
                SD,
                "\"deploymentController\": { \"type\": \"ECS\" },",
                "\"deploymentController\": { \"type\": \"EXTERNAL\" },",
            ),
            &["deploymentController EXTERNAL"],
        ),
        case(
            r(SD, "\"desiredCount\": 2,", "\"desiredCount\": 2,,"),
            &["ecs-service-def.json:", "invalid JSON"],
        ),
        case(Write(SD, "{".into()), &["ecs-service-def.json:", "invalid JSON"]),
        case(Write(SD, deep_json), &["ecs-service-def.json:1", "levels deep"]),
        // --- envfiles
        Case {
            edit: Edit::None,
            args: &["--envfile", "nope.env", "deploy"],
            expect: &["nope.env"],
        },
        Case {
            edit: Write("bad.env", "NOT A LINE\n".into()),
            args: &["--envfile", "bad.env", "deploy"],
            expect: &["bad.env"],
        },
        // --- flags
        flags(&["deploy", "--tasks", "-1"], &["a task count cannot be negative"]),
        flags(&["deploy", "--tasks", "many"], &["--tasks", "many"]),
        flags(&["deploy", "--poll-interval", "0s"], &["is too short: at least 100ms"]),
        flags(&["deploy", "--poll-interval", "soon"], &["--poll-interval", "soon"]),
        flags(&["--timeout", "banana", "deploy"], &["--timeout", "banana"]),
        flags(
            &["deploy", "--image", "app"],
            &["--image app: expected CONTAINER=IMAGE or CONTAINER=TAG"],
        ),
        flags(&["deploy", "--revision", "abc"], &["--revision", "abc"]),
        flags(&["deploy", "--wait-until", "HALFWAY"], &["--wait-until", "HALFWAY"]),
        flags(&["--output", "xml", "deploy"], &["--output", "xml"]),
        flags(&["diff", "--format", "html"], &["--format", "html"]),
        flags(&["scale", "--tasks", "-3"], &["a task count cannot be negative"]),
        flags(&["deploy", "--bogus"], &["--bogus"]),
        flags(&["depoly"], &["depoly"]),
        flags(&["render", "taskdefinitions"], &["taskdefinitions"]),
        flags(&["rollback", "--count", "1", "--to-revision", "2"], &["--to-revision"]),
        flags(
            &["deploy", "--revision", "2", "--latest-task-definition"],
            &["--latest-task-definition"],
        ),
    ]
}

#[test]
fn every_mistake_in_the_corpus_is_refused_briefly_before_any_aws_call() {
    let bed = Bed::start();
    let cases = corpus();
    assert!(cases.len() >= 100, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        bed.clear_requests();
        let p = Project::example_unseeded(&bed);
        match &case.edit {
            Edit::Replace(file, from, to) => {
                p.edit(file, from, to);
            }
            Edit::Write(file, text) => {
                p.write(file, text);
            }
            Edit::Append(file, text) => {
                let old = p.read(file);
                p.write(file, &format!("{old}\n{text}"));
            }
            Edit::YamlTd(text) => {
                p.write("td.yaml", text);
                p.edit(CONFIG, "task_definition: ecs-task-def.json", "task_definition: td.yaml");
            }
            Edit::None => {}
        }
        bed.clear_requests();
        let r = run(&mut p.cmd(case.args));
        no_crash(&r);
        let mut problems = Vec::new();
        if r.code != 1 {
            problems.push(format!("exit {} (expected 1)", r.code));
        }
        for needle in case.expect {
            if !r.stderr.contains(needle) {
                problems.push(format!("stderr lacks {needle:?}"));
            }
        }
        // serde's words for a programmer never reach the user.
        for word in SERDE_WORDS {
            if r.stderr.contains(word) {
                problems.push(format!("stderr has serde's {word:?}"));
            }
        }
        if r.stderr.len() > 4096 {
            problems.push(format!("stderr has {} bytes", r.stderr.len()));
        }
        if !r.stdout.is_empty() {
            problems.push("something on stdout".into());
        }
        let calls = bed.requests();
        if !calls.is_empty() {
            problems.push(format!("{} AWS call(s), e.g. {}", calls.len(), calls[0].action));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "case {i} {:?}: {}\n{}",
                case.args,
                problems.join("; "),
                r.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The examples of an Express service and a daemon, on an empty bed (see
/// [`Project::example_unseeded`]), their files as `examples/<dir>/` has them.
fn workload(bed: &Bed, dir: &str) -> Project {
    let p = Project::example_unseeded(bed);
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(dir);
    crate::support::copy_tree(&source, p.dir.path());
    p
}

#[test]
fn express_and_daemon_mistakes_are_refused_before_any_aws_call_naming_the_field() {
    let bed = Bed::start();
    let express = "ecs-express-def.json";
    let daemon = "ecs-daemon-def.json";
    let daemon_td = "ecs-daemon-task-def.json";
    let cases: &[(&str, &str, &str, &str, &[&str])] = &[
        (
            "express",
            express,
            "\"containerPort\": 3000",
            "\"containerPrt\": 3000",
            &[
                "ecs-express-def.json: primaryContainer.containerPrt: unknown field `containerPrt` (did you mean `containerPort`?)",
            ],
        ),
        (
            "express",
            express,
            "\"infrastructureRoleArn\"",
            "\"infraRoleArn\"",
            &["infrastructureRoleArn: required field is missing", "unknown field `infraRoleArn`"],
        ),
        (
            "express",
            express,
            "\"cpu\": \"512\"",
            "\"cpu\": \"512\", \"cpuArchitecture\": \"x86\"",
            &["cpuArchitecture: `x86` is not valid (did you mean `X86_64`?)"],
        ),
        (
            "express",
            "config.yaml",
            "express_definition:",
            "task_definition: td.json\nexpress_definition:",
            &["`express_definition` and `task_definition` are both set"],
        ),
        (
            "daemon",
            daemon,
            "\"capacityProviderArns\"",
            "\"capacityProviders\"",
            &[
                "ecs-daemon-def.json: capacityProviders: unknown field",
                "capacityProviderArns: required field is missing",
                "did you mean `capacityProviderArns`?",
            ],
        ),
        (
            "daemon",
            daemon,
            "\"capacityProviderArns\": [\"{{ tfstate `aws_ecs_capacity_provider.main.arn` }}\"],",
            "",
            &["ecs-daemon-def.json: capacityProviderArns: required field is missing"],
        ),
        (
            "daemon",
            daemon,
            "\"propagateTags\": \"DAEMON\"",
            "\"propagateTags\": \"SERVICE\", \"clusterArn\": \"x\"",
            &[
                "propagateTags: `SERVICE` is not one of: DAEMON, NONE",
                "clusterArn: set by the config's `cluster`",
            ],
        ),
        (
            "daemon",
            daemon_td,
            "\"image\":",
            "\"imagee\":",
            &[
                "ecs-daemon-task-def.json: containerDefinitions[0].imagee: unknown field `imagee` (did you mean `image`?)",
                "containerDefinitions[0].image: required field is missing",
            ],
        ),
        (
            "daemon",
            "config.yaml",
            "daemon: acme-dev-log-router",
            "daemon: acme-dev-log-router\nservice: x",
            &["`daemon` and `service` are both set"],
        ),
    ];
    let mut failures = Vec::new();
    for (dir, file, from, to, expect) in cases {
        let p = workload(&bed, dir);
        p.edit(file, from, to);
        bed.clear_requests();
        let r = run(&mut p.cmd(&["deploy"]));
        no_crash(&r);
        let mut problems: Vec<String> = expect
            .iter()
            .filter(|n| !r.stderr.contains(*n))
            .map(|n| format!("stderr lacks {n:?}"))
            .collect();
        if r.code != 1 || !r.stdout.is_empty() {
            problems.push(format!("exit {}, stdout {:?}", r.code, r.stdout));
        }
        if !bed.requests().is_empty() {
            problems.push(format!(
                "AWS calls: {:?}",
                bed.requests().iter().map(|r| &r.action).collect::<Vec<_>>()
            ));
        }
        if !problems.is_empty() {
            failures.push(format!("{dir} {file} {to}: {}\n{}", problems.join("; "), r.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A mistake in the config names its line, and one in a gate names the gate (by its `name`, by
/// its index only when it has none), the valid values and the likely intended one: each case is
/// one edit of a config whose lines the test knows.
#[test]
fn config_and_gate_mistakes_name_the_line_and_the_valid_values() {
    const BASE: &str = "\
region: ap-northeast-1
cluster: acme-dev-cluster
service: acme-dev-app
service_definition: ecs-service-def.json
task_definition: ecs-task-def.json
shipper:
  gates:
    checks:
      - name: green
        type: http
        url: http://127.0.0.1:9/api/health
        phase: test
      - name: soak
        type: alarms
        prefix: acme-dev-
        phase: bake
";
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "service_definition:",
            "servce_definition:",
            &[
                "config.yaml:4: unknown key `servce_definition`",
                "did you mean `service_definition`?",
            ],
        ),
        (
            "region: ap-northeast-1",
            "region: [a]",
            &["config.yaml:1: `region` must be text, not a list"],
        ),
        (
            "phase: bake",
            "phase: baking",
            &[
                "config.yaml:16: gate `soak`: `phase: baking` is not one of test, production, steps, bake",
                "did you mean `bake`?",
            ],
        ),
        (
            "phase: bake",
            "phase: bake\n        passes: three",
            &[
                "config.yaml:17: gate `soak`: `passes` must be a whole number (0 or more), not `three`",
            ],
        ),
        (
            "      - name: soak\n        type",
            "      - type",
            &[
                "config.yaml:13: `shipper.gates.checks[1]`: `name` is missing",
                "every gate needs a `name`",
            ],
        ),
        (
            "type: alarms",
            "type: alarm",
            &["config.yaml:14: gate `soak`: `type: alarm` is not one of", "did you mean `alarms`?"],
        ),
        (
            "prefix: acme-dev-",
            "prefx: acme-dev-",
            &["config.yaml:15: gate `soak`: unknown key `prefx`", "did you mean `prefix`?"],
        ),
        (
            "url: http://127.0.0.1:9/api/health",
            "url: http://127.0.0.1:9/api/health\n        interval: soon",
            &["config.yaml:12: gate `green`: `interval`: ", "soon"],
        ),
    ];
    let bed = Bed::start();
    for (from, to, expect) in cases {
        let p = Project::example_unseeded(&bed);
        p.write(CONFIG, &BASE.replacen(from, to, 1));
        bed.clear_requests();
        let r = run(&mut p.cmd(&["deploy"]));
        no_crash(&r);
        r.code(1);
        for needle in *expect {
            r.stderr_has(needle);
        }
        for word in SERDE_WORDS {
            assert!(!r.stderr.contains(word), "serde's {word:?} in:\n{}", r.stderr);
        }
        assert!(bed.requests().is_empty(), "an AWS call for a mistake in the config");
    }
}
