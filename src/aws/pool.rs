//! What the services of one run share (a run over several services, see [`crate::fleet`]):
//! one set of clients per way of reaching AWS (so one connection pool, and one
//! [`Batcher`] combining their DescribeServices and DescribeServiceDeployments reads), one
//! rate limiter per account and Region ([`Limits`]), one cache of SSM values, and one read of
//! each Terraform state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use super::Clients;
use super::batch::Batcher;
use super::limit::Limits;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::settings::AwsSettings;
use crate::template::ssm::SharedSsm;
use crate::template::tfstate::SharedTfState;

pub struct Pool {
    /// Clients by how they reach AWS (region, profile, endpoint, retries, timeouts): services
    /// of one account and region get the same clients, hence the same connections.
    clients: Mutex<HashMap<String, Arc<OnceCell<Clients>>>>,
    /// Rate limits by account and Region (as far as the settings tell them: region, profile,
    /// endpoint), whatever retries and timeouts the clients have.
    limits: Mutex<HashMap<String, Arc<Limits>>>,
    /// The run's own output, where a rate-limited group says so.
    out: Output,
    pub ssm: SharedSsm,
    pub tfstates: SharedTfState,
}

impl Pool {
    pub fn new(out: Output) -> Self {
        Self {
            clients: Mutex::default(),
            limits: Mutex::default(),
            out,
            ssm: SharedSsm::default(),
            tfstates: SharedTfState::default(),
        }
    }

    /// The shared clients for these settings, built once (with the DescribeServices batcher).
    pub async fn clients(&self, aws: &AwsSettings) -> Result<Clients> {
        let account = format!("{:?}|{:?}|{:?}", aws.region, aws.profile, aws.endpoint_url);
        let key = format!("{account}|{:?}|{:?}", aws.max_attempts, aws.timeout);
        let cell = Arc::clone(lock(&self.clients).entry(key).or_default());
        cell.get_or_try_init(|| async {
            let limits = {
                let mut all = lock(&self.limits);
                match all.get(&account) {
                    Some(limits) => Arc::clone(limits),
                    None => {
                        let limits = Limits::new(&aws.rate_limits, Some(self.out.clone()))?;
                        Arc::clone(all.entry(account).or_insert(Arc::new(limits)))
                    }
                }
            };
            let mut clients = Clients::connect(aws, limits).await?;
            clients.describe_batch = Some(Arc::new(Batcher::new(clients.ecs.clone())));
            Ok::<_, Error>(clients)
        })
        .await
        .cloned()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
