//! Helpers shared by the integration tests.

pub mod bed;
pub mod codedeploy;
pub mod fleet;
pub mod gates;
pub mod github;
pub mod init;
pub mod plugin;
pub mod project;
pub mod shipper;

/// Runs a future to completion (tests are synchronous; the SDK is async).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(future)
}

/// The service as ECS (the bed) reports it.
pub async fn service_of(
    bed: &bed::Bed,
    cluster: &str,
    service: &str,
) -> aws_sdk_ecs::types::Service {
    let ecs = aws_sdk_ecs::Client::new(&bed.sdk_config().await);
    let out = ecs
        .describe_services()
        .cluster(cluster)
        .services(service)
        .send()
        .await
        .expect("DescribeServices");
    out.services.unwrap_or_default().into_iter().next().expect("the service exists")
}

/// Copies the directory tree `from` into `to` (created if missing).
pub fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
