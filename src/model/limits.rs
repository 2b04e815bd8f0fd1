//! Checks the AWS model cannot express: values ECS would accept into a request and then refuse,
//! or worse, act on (a negative desired count is waited on forever). Each is caught before any
//! write, with the field's path.
//!
//! The ranges are ECS's documented ones (CreateService / RegisterTaskDefinition API reference,
//! and the service quota of 5,000 tasks per service).

use serde_json::Value;

use super::de::Problem;

/// Tasks per service (an ECS service quota that cannot be raised).
const MAX_TASKS: i64 = 5_000;

fn problem(path: impl Into<String>, message: impl Into<String>, found: Option<&Value>) -> Problem {
    Problem { path: path.into(), message: message.into(), found: found.cloned() }
}

/// A number at `pointer` outside `min..=max`.
fn range(doc: &Value, pointer: &str, min: f64, max: f64, out: &mut Vec<Problem>) {
    if let Some(value) = doc.pointer(pointer)
        && let Some(n) = value.as_f64()
        && !(min..=max).contains(&n)
    {
        let path = pointer.trim_start_matches('/').replace('/', ".");
        out.push(problem(path, format!("must be between {min} and {max}, not {n}"), Some(value)));
    }
}

pub fn task_definition(doc: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    match doc.get("containerDefinitions").and_then(Value::as_array) {
        Some(containers) if !containers.is_empty() => {
            for (i, c) in containers.iter().enumerate() {
                let name = c.get("name").and_then(Value::as_str).unwrap_or("?");
                let image = c.get("image").and_then(Value::as_str).unwrap_or_default();
                if image.trim().is_empty() {
                    out.push(problem(
                        format!("containerDefinitions[{i}].image"),
                        format!("container `{name}` has no image"),
                        None,
                    ));
                }
            }
        }
        _ => out.push(problem(
            "containerDefinitions",
            "a task definition needs at least one container",
            None,
        )),
    }
    out
}

pub fn service_definition(doc: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    range(doc, "/desiredCount", 0.0, MAX_TASKS as f64, &mut out);
    range(doc, "/healthCheckGracePeriodSeconds", 0.0, 2_147_483_647.0, &mut out);
    let dc = "/deploymentConfiguration";
    range(doc, &format!("{dc}/bakeTimeInMinutes"), 0.0, 1440.0, &mut out);
    range(doc, &format!("{dc}/maximumPercent"), 0.0, 2_147_483_647.0, &mut out);
    range(doc, &format!("{dc}/minimumHealthyPercent"), 0.0, 100.0, &mut out);
    range(doc, &format!("{dc}/linearConfiguration/stepPercent"), 3.0, 100.0, &mut out);
    range(doc, &format!("{dc}/linearConfiguration/stepBakeTimeInMinutes"), 0.0, 1440.0, &mut out);
    range(doc, &format!("{dc}/canaryConfiguration/canaryPercent"), 0.1, 100.0, &mut out);
    range(doc, &format!("{dc}/canaryConfiguration/canaryBakeTimeInMinutes"), 0.0, 1440.0, &mut out);
    if let Some(hooks) = doc.pointer(&format!("{dc}/lifecycleHooks")).and_then(Value::as_array) {
        for (i, hook) in hooks.iter().enumerate() {
            range(hook, "/timeoutConfiguration/timeoutInMinutes", 1.0, 1440.0, &mut out);
            if hook.get("targetType").and_then(Value::as_str) != Some("PAUSE") {
                continue;
            }
            // AWS refuses a pause while traffic moves: the shift stages are not pausable.
            for stage in hook.get("lifecycleStages").and_then(Value::as_array).into_iter().flatten()
            {
                if let Some(s @ ("TEST_TRAFFIC_SHIFT" | "PRODUCTION_TRAFFIC_SHIFT")) =
                    stage.as_str()
                {
                    out.push(problem(
                        format!("deploymentConfiguration.lifecycleHooks[{i}].lifecycleStages"),
                        format!("a PAUSE hook cannot be placed on {s} (ECS refuses it); use POST_{s} to pause after the shift"),
                        Some(stage),
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn task_definitions_need_containers_with_images() {
        assert_eq!(
            task_definition(&json!({"containerDefinitions": []}))[0].path,
            "containerDefinitions"
        );
        let p = task_definition(&json!({"containerDefinitions": [{"name": "app"}]}));
        assert_eq!(p[0].path, "containerDefinitions[0].image");
        assert!(
            task_definition(&json!({"containerDefinitions": [{"name": "a", "image": "x"}]}))
                .is_empty()
        );
    }

    #[test]
    fn service_ranges_and_pause_stages() {
        let p = service_definition(&json!({"desiredCount": -1}));
        assert_eq!(
            (p[0].path.as_str(), p[0].message.as_str()),
            ("desiredCount", "must be between 0 and 5000, not -1")
        );
        let p = service_definition(&json!({"deploymentConfiguration": {"lifecycleHooks": [
            {"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT", "TEST_TRAFFIC_SHIFT"]}]}}));
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("cannot be placed on TEST_TRAFFIC_SHIFT"));
        assert!(service_definition(&json!({"desiredCount": 2})).is_empty());
    }
}
