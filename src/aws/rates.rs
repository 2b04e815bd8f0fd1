//! The API rates AWS allows an account per Region: what the client-side limiter ([`super::limit`])
//! starts from. ECS throttles with one token bucket per group of actions (a burst, then a
//! sustained rate: AWS's page "Request throttling for the Amazon ECS API"); SSM, CloudWatch,
//! Elastic Load Balancing and CodeDeploy have their own limits. The numbers are the bed's
//! (`tests/bed/bedlib/throttling.json`, which says where each comes from; a test below keeps the
//! two equal). An account with raised limits says so with `--rate-limit` ([`RateLimit`]).

use crate::cli::RateLimit;
use crate::error::{Error, Result};

/// One group of actions that share a bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The signing name of the service: `ecs`, `ssm`, `elasticloadbalancing`, `codedeploy`,
    /// `monitoring` (CloudWatch).
    pub service: &'static str,
    /// As AWS's page names the group ("task definition modification").
    pub name: &'static str,
    /// The actions; `*` stands for every action of the service no other group names.
    pub actions: &'static [&'static str],
    /// The bucket's capacity: calls that may go at once.
    pub burst: f64,
    /// Its refill: calls a second, sustained.
    pub rate: f64,
    /// Writes: what a waiting poll makes way for (see `Limits::writes_waiting`).
    pub write: bool,
}

const fn group(
    service: &'static str,
    name: &'static str,
    actions: &'static [&'static str],
    burst: f64,
    rate: f64,
    write: bool,
) -> Group {
    Group { service, name, actions, burst, rate, write }
}

/// Every group shipper knows, as the bed's table has them.
pub const TABLE: &[Group] = &[
    group("ecs", "cluster read", &["DescribeClusters", "ListClusters"], 50.0, 20.0, false),
    group(
        "ecs",
        "task definition modification",
        &["RegisterTaskDefinition", "DeregisterTaskDefinition", "DeleteTaskDefinitions"],
        20.0,
        1.0,
        true,
    ),
    group(
        "ecs",
        "task definition read",
        &["DescribeTaskDefinition", "ListTaskDefinitions", "ListTaskDefinitionFamilies"],
        100.0,
        20.0,
        false,
    ),
    group(
        "ecs",
        "service read",
        &["DescribeServices", "ListServices", "ListServicesByNamespace"],
        100.0,
        20.0,
        false,
    ),
    group(
        "ecs",
        "service modification",
        &["CreateService", "UpdateService", "DeleteService"],
        50.0,
        5.0,
        true,
    ),
    group(
        "ecs",
        "service deployment read",
        &["ListServiceDeployments", "DescribeServiceDeployments", "DescribeServiceRevisions"],
        100.0,
        20.0,
        false,
    ),
    group(
        "ecs",
        "service deployment modification",
        &["StopServiceDeployment", "ContinueServiceDeployment"],
        50.0,
        5.0,
        true,
    ),
    group("ecs", "task read", &["DescribeTasks", "ListTasks"], 100.0, 20.0, false),
    group("ecs", "task modification", &["RunTask", "StartTask", "StopTask"], 100.0, 40.0, true),
    group("ecs", "tags", &["TagResource", "UntagResource", "ListTagsForResource"], 50.0, 5.0, true),
    group("ecs", "other ECS actions", &["*"], 50.0, 20.0, false),
    group(
        "ssm",
        "parameter reads",
        &["GetParameter", "GetParameters", "GetParametersByPath"],
        40.0,
        40.0,
        false,
    ),
    group("elasticloadbalancing", "Elastic Load Balancing actions", &["*"], 40.0, 10.0, false),
    group("codedeploy", "CodeDeploy actions", &["*"], 20.0, 10.0, false),
    group("monitoring", "DescribeAlarms", &["DescribeAlarms"], 9.0, 9.0, false),
    group("monitoring", "GetMetricData", &["GetMetricData"], 50.0, 50.0, false),
];

/// The signing name of a service as the SDK's operation metadata names it (`ECS`, `Elastic
/// Load Balancing v2`, …); `None` for services without known limits.
pub fn signing_name(sdk_service: &str) -> Option<&'static str> {
    Some(match sdk_service {
        "ECS" => "ecs",
        "SSM" => "ssm",
        "Elastic Load Balancing v2" => "elasticloadbalancing",
        "CodeDeploy" => "codedeploy",
        "CloudWatch" => "monitoring",
        _ => return None,
    })
}

/// The index in `table` of the group of `action` (of `service`, a signing name), if any.
pub fn group_of(table: &[Group], service: &str, action: &str) -> Option<usize> {
    let mut fallback = None;
    for (i, group) in table.iter().enumerate().filter(|(_, g)| g.service == service) {
        if group.actions.contains(&action) {
            return Some(i);
        }
        if group.actions.contains(&"*") {
            fallback = Some(i);
        }
    }
    fallback
}

/// The table with the overrides applied (none at all for `off`); an action no group has is an
/// error naming it.
pub fn with_overrides(overrides: &[RateLimit]) -> Result<Vec<Group>> {
    let mut table = TABLE.to_vec();
    for o in overrides {
        let RateLimit::Action { action: name, burst, rate } = o else { return Ok(Vec::new()) };
        let (service, action) = name.split_once(':').unwrap_or(("ecs", name));
        // ECS's catch-all takes no override: a misspelt ECS action must not pass for one.
        let index = group_of(TABLE, service, action)
            .filter(|&i| TABLE[i].actions.contains(&action) || service != "ecs")
            .ok_or_else(|| {
                Error::new(format!("--rate-limit {name}: no rate-limited group has this action"))
                    .hint(format!("name an action of one of these groups: {}", known()))
            })?;
        table[index].burst = *burst;
        table[index].rate = *rate;
    }
    Ok(table)
}

/// Every named action, for the hint of an unknown one.
fn known() -> String {
    let names: Vec<String> = TABLE
        .iter()
        .flat_map(|g| {
            g.actions.iter().filter(|a| **a != "*").map(move |a| match g.service {
                "ecs" => (*a).to_string(),
                service => format!("{service}:{a}"),
            })
        })
        .collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bed is AWS in the tests: shipper must start from the very numbers it throttles with.
    #[test]
    fn the_table_is_the_beds() {
        let bed: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/bed/bedlib/throttling.json")).unwrap();
        let groups = bed["groups"].as_array().unwrap();
        assert_eq!(groups.len(), TABLE.len());
        for (theirs, ours) in groups.iter().zip(TABLE) {
            let actions: Vec<&str> =
                theirs["actions"].as_array().unwrap().iter().filter_map(|a| a.as_str()).collect();
            assert_eq!(
                (
                    theirs["service"].as_str().unwrap(),
                    theirs["group"].as_str().unwrap(),
                    actions.as_slice(),
                    theirs["burst"].as_f64().unwrap(),
                    theirs["rate"].as_f64().unwrap(),
                    theirs["write"].as_bool().unwrap()
                ),
                (ours.service, ours.name, ours.actions, ours.burst, ours.rate, ours.write)
            );
        }
    }

    #[test]
    fn actions_find_their_group_and_unnamed_ones_the_services_catch_all() {
        let group = |s, a| group_of(TABLE, s, a).map(|i| TABLE[i].name);
        assert_eq!(group("ecs", "UpdateService"), Some("service modification"));
        assert_eq!(group("ecs", "DescribeCapacityProviders"), Some("other ECS actions"));
        assert_eq!(group("ssm", "GetParameters"), Some("parameter reads"));
        assert_eq!(group("ssm", "PutParameter"), None);
        assert_eq!(group("ecr", "DescribeImages"), None);
    }

    #[test]
    fn overrides_replace_a_groups_numbers_and_name_an_unknown_action() {
        let o: RateLimit = "RegisterTaskDefinition=40/2".parse().unwrap();
        let table =
            with_overrides(&[o.clone(), "ssm:GetParameter=100/100".parse().unwrap()]).unwrap();
        let td = &table[group_of(&table, "ecs", "DeregisterTaskDefinition").unwrap()];
        assert_eq!((td.burst, td.rate), (40.0, 2.0));
        assert_eq!(table[group_of(&table, "ssm", "GetParameters").unwrap()].rate, 100.0);
        assert!(with_overrides(&[o.clone(), RateLimit::Off]).unwrap().is_empty(), "off: no limits");
        let err = with_overrides(&["RegisterTask=1/1".parse().unwrap()]).unwrap_err();
        assert!(err.message().contains("RegisterTask"), "{}", err.message());
        assert!(err.hint_text().unwrap().contains("RegisterTaskDefinition"));
        assert_eq!(" OFF ".parse::<RateLimit>(), Ok(RateLimit::Off));
        for bad in ["RegisterTaskDefinition", "RegisterTaskDefinition=4", "X=0/1", "X=2/0", "X=a/b"]
        {
            assert!(bad.parse::<RateLimit>().is_err(), "{bad}");
        }
    }
}
