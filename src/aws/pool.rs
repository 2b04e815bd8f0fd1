//! What the services of one run share (a run over several services, see [`crate::fleet`]):
//! one set of clients per way of reaching AWS (so one connection pool, and one
//! [`Batcher`] combining their DescribeServices and DescribeServiceDeployments reads), one
//! cache of SSM values, and one read of each Terraform state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use super::Clients;
use super::batch::Batcher;
use crate::error::{Error, Result};
use crate::settings::AwsSettings;
use crate::template::ssm::SharedSsm;
use crate::template::tfstate::SharedTfState;

#[derive(Default)]
pub struct Pool {
    /// Clients by how they reach AWS (region, profile, endpoint, retries, timeouts): services
    /// of one account and region get the same clients, hence the same connections.
    clients: Mutex<HashMap<String, Arc<OnceCell<Clients>>>>,
    pub ssm: SharedSsm,
    pub tfstates: SharedTfState,
}

impl Pool {
    /// The shared clients for these settings, built once (with the DescribeServices batcher).
    pub async fn clients(&self, aws: &AwsSettings) -> Result<Clients> {
        let key = format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}",
            aws.region, aws.profile, aws.endpoint_url, aws.max_attempts, aws.timeout
        );
        let cell = Arc::clone(
            self.clients
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .entry(key)
                .or_default(),
        );
        cell.get_or_try_init(|| async {
            let mut clients = Clients::connect(aws).await?;
            clients.describe_batch = Some(Arc::new(Batcher::new(clients.ecs.clone())));
            Ok::<_, Error>(clients)
        })
        .await
        .cloned()
    }
}
