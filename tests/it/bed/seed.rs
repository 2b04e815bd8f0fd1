//! The seed-like infrastructure (`POST /_bed/seed`): the team's Terraform, in the bed.

use aws_sdk_ecr::types::ImageIdentifier;

use super::Aws;
use crate::support::bed::Bed;

#[tokio::test]
async fn the_seed_creates_what_the_terraform_would() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = bed.seed();
    assert!(bed.requests().is_empty(), "seeding is not part of the request log");

    // ECS: the cluster on an EC2 capacity provider with two container instances.
    let clusters = aws.ecs.describe_clusters().clusters("acme-dev-cluster").send().await.unwrap();
    let cluster = &clusters.clusters()[0];
    assert_eq!(cluster.capacity_providers(), ["acme-dev-cp"]);
    assert_eq!(cluster.default_capacity_provider_strategy()[0].capacity_provider(), "acme-dev-cp");
    let instances =
        aws.ecs.list_container_instances().cluster("acme-dev-cluster").send().await.unwrap();
    assert_eq!(instances.container_instance_arns().len(), 2);

    // ALB: blue/green target groups on port 3000 with the app's health check.
    let groups = aws
        .elb
        .describe_target_groups()
        .names("acme-dev-blue")
        .names("acme-dev-green")
        .send()
        .await
        .unwrap();
    for group in groups.target_groups() {
        assert_eq!((group.port(), group.health_check_path()), (Some(3000), Some("/api/health")));
        assert_eq!(group.target_type().map(|t| t.as_str()), Some("instance"));
    }
    let rules = aws
        .elb
        .describe_rules()
        .rule_arns(seed["rules"]["production"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let forward = rules.rules()[0].actions()[0].forward_config().unwrap();
    assert_eq!(
        forward.target_groups().iter().map(|g| g.weight()).collect::<Vec<_>>(),
        [Some(100), Some(0)]
    );

    // ECR: three releases, oldest first by push time, distinct digests, a lifecycle policy.
    let images = aws
        .ecr
        .describe_images()
        .repository_name("acme-app")
        .image_ids(ImageIdentifier::builder().image_tag("v1.0.0").build())
        .image_ids(ImageIdentifier::builder().image_tag("v1.1.0").build())
        .image_ids(ImageIdentifier::builder().image_tag("v1.2.0").build())
        .send()
        .await
        .unwrap();
    let mut details = images.image_details().to_vec();
    details.sort_by_key(|d| d.image_pushed_at().cloned().map(|t| t.as_secs_f64() as i64));
    let tags: Vec<_> = details.iter().map(|d| d.image_tags()[0].clone()).collect();
    assert_eq!(tags, ["v1.0.0", "v1.1.0", "v1.2.0"]);
    let mut digests: Vec<_> =
        details.iter().map(|d| d.image_digest().unwrap().to_owned()).collect();
    digests.dedup();
    assert_eq!(digests.len(), 3);
    let policy = aws.ecr.get_lifecycle_policy().repository_name("acme-app").send().await.unwrap();
    assert!(policy.lifecycle_policy_text().unwrap().contains("imageCountMoreThan"));

    // SSM: the /acme/dev/ layout, secrets as SecureString.
    let parameters = aws
        .ssm
        .get_parameters_by_path()
        .path("/acme/dev/")
        .recursive(true)
        .with_decryption(true)
        .send()
        .await
        .unwrap();
    assert_eq!(parameters.parameters().len(), 10);
    let password = aws
        .ssm
        .get_parameter()
        .name("/acme/dev/database/password")
        .with_decryption(true)
        .send()
        .await
        .unwrap();
    let password = password.parameter().unwrap();
    assert_eq!(password.r#type().map(|t| t.as_str()), Some("SecureString"));
    assert_eq!(password.value(), Some("seed-db-password"));

    // CodeDeploy: the application and its blue/green group.
    let group = aws
        .codedeploy
        .get_deployment_group()
        .application_name("acme-dev-app")
        .deployment_group_name("acme-dev-app-dg")
        .send()
        .await
        .unwrap();
    assert_eq!(
        group.deployment_group_info().unwrap().ecs_services()[0].service_name(),
        Some("acme-dev-app-cd")
    );

    // Terraform state: the addresses the team's templates use.
    let state = &seed["tfstate"];
    assert_eq!(state["version"], 4);
    let address = |kind: &str, name: &str| {
        state["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["type"] == kind && r["name"] == name)
            .cloned()
    };
    let blue = address("aws_lb_target_group", "blue").expect("aws_lb_target_group.blue");
    assert_eq!(blue["instances"][0]["attributes"]["arn"], seed["target_groups"]["blue"]);
    let subnets = address("aws_subnet", "private").expect("aws_subnet.private");
    assert_eq!(subnets["instances"][0]["index_key"], "ap-northeast-1a");
    for (kind, name) in [
        ("aws_ecs_cluster", "main"),
        ("aws_lb", "main"),
        ("aws_lb_target_group", "green"),
        ("aws_lb_listener", "http"),
        ("aws_lb_listener", "test"),
        ("aws_ecr_repository", "app"),
        ("aws_iam_role", "ecs_task_execution"),
        ("aws_iam_role", "ecs_task"),
        ("aws_security_group", "ecs"),
        ("aws_cloudwatch_log_group", "app"),
    ] {
        assert!(address(kind, name).is_some(), "{kind}.{name}");
    }
    let caller = address("aws_caller_identity", "current").unwrap();
    assert_eq!(caller["mode"], "data");
    assert!(state["resources"].as_array().unwrap().iter().any(|r| r["module"] == "module.network"));
}

#[tokio::test]
async fn the_seed_command_writes_the_terraform_state() {
    let bed = Bed::start();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let tfstate = dir.path().join("terraform.tfstate");
    // The CLI form, run the way a demo script would: with the bed's AWS environment.
    let output = std::process::Command::new(root.join(".venv/bin/python"))
        .arg(root.join("tests/bed/bed.py"))
        .args([
            "seed",
            "--endpoint",
            &bed.endpoint(),
            "--project",
            "shop",
            "--env",
            "stg",
            "--tfstate",
        ])
        .arg(&tfstate)
        .envs(bed.env())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["cluster"]["name"], "shop-stg-cluster");
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&tfstate).unwrap()).unwrap();
    assert_eq!(state, printed["tfstate"]);
    let aws = Aws::new(&bed).await;
    let parameter = aws.ssm.get_parameter().name("/shop/stg/app/env").send().await.unwrap();
    assert_eq!(parameter.parameter().unwrap().value(), Some("stg"));
}
