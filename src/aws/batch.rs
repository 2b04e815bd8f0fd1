//! ECS reads of many services in one call, while each service keeps its own schedule.
//!
//! In a run over several services every service reads itself (before its update and at each
//! poll): the service ([`crate::ecs::describe_service`]) and, while it deploys, its service
//! deployment ([`crate::wait`]). With a [`Batcher`] in the clients, such a read joins the batch
//! of its kind and cluster that is still gathering (up to ECS's limit per call: ten services for
//! DescribeServices, twenty for DescribeServiceDeployments), or opens one. A batch is sent when
//! it is full or [`WINDOW`] after it opened, whichever comes first, and answers everyone in it.
//!
//! So no service waits for another's poll: a read is delayed by at most [`WINDOW`], never until
//! some other service decides to look; and every answer comes from a call sent after the read
//! was asked for, never from an older one, so the per-service judgement in [`crate::wait`] sees
//! reads exactly as fresh as it always did. Services polling on the same interval that once shared
//! a call stay in step (they get their answers at the same moment), so they keep sharing.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_ecs::types::{Service, ServiceDeployment, ServiceField};
use tokio::sync::{Notify, OnceCell};
use tokio::time::Instant;

use super::read::Read;
use crate::error::Error;

/// How long a batch gathers reads before it is sent: a small fraction of any poll interval
/// (the shortest is 100 ms), long enough for services whose polls are due together to meet.
pub const WINDOW: Duration = Duration::from_millis(50);

/// The batched reads of one run: one lane per kind of call.
pub struct Batcher {
    services: Lane<Services>,
    deployments: Lane<Deployments>,
}

impl std::fmt::Debug for Batcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Batcher")
    }
}

impl Batcher {
    pub fn new(ecs: aws_sdk_ecs::Client) -> Self {
        Self { services: Lane::new(ecs.clone()), deployments: Lane::new(ecs) }
    }

    /// The service, or `None` when it does not exist (or is INACTIVE), as
    /// [`crate::ecs::describe_service`] answers.
    pub async fn describe(
        &self,
        cluster: &str,
        service: &str,
    ) -> crate::error::Result<Option<Service>> {
        let services = self.services.read(cluster, service).await?;
        Ok(services.into_iter().find(|s| {
            (s.service_name() == Some(service) || s.service_arn() == Some(service))
                && s.status() != Some("INACTIVE")
        }))
    }

    /// The service deployment `arn` (of a service in `cluster`), or `None` if ECS does not know
    /// it; a failure says whether the API is unavailable, as [`crate::wait`] reads it alone.
    pub async fn deployment(
        &self,
        cluster: &str,
        arn: &str,
    ) -> std::result::Result<Option<ServiceDeployment>, Read> {
        let deployments = self.deployments.read(cluster, arn).await?;
        Ok(deployments.into_iter().find(|d| d.service_deployment_arn() == Some(arn)))
    }
}

/// One kind of batched call.
trait Call {
    /// ECS's limit of names per call.
    const MAX: usize;
    type Item: Clone + Send + Sync;
    type Error: Clone + Send + Sync;
    fn send(
        ecs: &aws_sdk_ecs::Client,
        cluster: &str,
        names: Vec<String>,
    ) -> impl Future<Output = std::result::Result<Vec<Self::Item>, Self::Error>> + Send;
}

/// DescribeServices (with tags, as every single read asks).
struct Services;

impl Call for Services {
    const MAX: usize = 10;
    type Item = Service;
    type Error = Error;

    async fn send(
        ecs: &aws_sdk_ecs::Client,
        cluster: &str,
        names: Vec<String>,
    ) -> std::result::Result<Vec<Service>, Error> {
        tracing::debug!("DescribeServices for {} service(s) of {cluster}", names.len());
        let resource = format!("{cluster}/{}", names.join(","));
        let out = ecs
            .describe_services()
            .cluster(cluster)
            .set_services(Some(names))
            .include(ServiceField::Tags)
            .send()
            .await
            .map_err(|e| Error::aws("ecs:DescribeServices", &resource, e))?;
        Ok(out.services.unwrap_or_default())
    }
}

/// DescribeServiceDeployments.
struct Deployments;

impl Call for Deployments {
    const MAX: usize = 20;
    type Item = ServiceDeployment;
    type Error = Read;

    async fn send(
        ecs: &aws_sdk_ecs::Client,
        cluster: &str,
        arns: Vec<String>,
    ) -> std::result::Result<Vec<ServiceDeployment>, Read> {
        tracing::debug!("DescribeServiceDeployments for {} deployment(s) of {cluster}", arns.len());
        let resource = arns.join(",");
        let out = ecs
            .describe_service_deployments()
            .set_service_deployment_arns(Some(arns))
            .send()
            .await
            .map_err(|e| Read::from_sdk("ecs:DescribeServiceDeployments", &resource, e))?;
        Ok(out.service_deployments.unwrap_or_default())
    }
}

/// The batches of one kind of call: the one still gathering, per cluster.
struct Lane<C: Call> {
    ecs: aws_sdk_ecs::Client,
    open: Mutex<HashMap<String, Arc<Batch<C>>>>,
}

struct Batch<C: Call> {
    cluster: String,
    deadline: Instant,
    names: Mutex<Gathering>,
    /// Woken when the batch fills up before its deadline.
    full: Notify,
    answer: OnceCell<std::result::Result<Vec<C::Item>, C::Error>>,
}

#[derive(Default)]
struct Gathering {
    names: Vec<String>,
    closed: bool,
}

impl<C: Call> Lane<C> {
    fn new(ecs: aws_sdk_ecs::Client) -> Self {
        Self { ecs, open: Mutex::new(HashMap::new()) }
    }

    /// Everything the call that carries `name` answered.
    async fn read(&self, cluster: &str, name: &str) -> std::result::Result<Vec<C::Item>, C::Error> {
        let batch = self.join(cluster, name);
        let full = batch.full.notified();
        tokio::pin!(full);
        full.as_mut().enable();
        if !lock(&batch.names).closed {
            tokio::select! {
                () = tokio::time::sleep_until(batch.deadline) => {}
                () = full => {}
            }
        }
        // Whoever gets here first sends the batch; the rest wait for its answer. If that one is
        // cancelled, the next one sends it.
        batch.answer.get_or_init(|| self.send(&batch)).await.clone()
    }

    fn join(&self, cluster: &str, name: &str) -> Arc<Batch<C>> {
        let mut open = lock(&self.open);
        if let Some(batch) = open.get(cluster).cloned() {
            let mut gathering = lock(&batch.names);
            if !gathering.closed {
                if !gathering.names.iter().any(|n| n == name) {
                    gathering.names.push(name.to_string());
                }
                if gathering.names.len() >= C::MAX {
                    gathering.closed = true;
                    open.remove(cluster);
                    batch.full.notify_waiters();
                }
                drop(gathering);
                return batch;
            }
        }
        let batch = Arc::new(Batch {
            cluster: cluster.to_string(),
            deadline: Instant::now() + WINDOW,
            names: Mutex::new(Gathering { names: vec![name.to_string()], closed: false }),
            full: Notify::new(),
            answer: OnceCell::new(),
        });
        open.insert(cluster.to_string(), Arc::clone(&batch));
        batch
    }

    async fn send(&self, batch: &Arc<Batch<C>>) -> std::result::Result<Vec<C::Item>, C::Error> {
        let names = {
            let mut open = lock(&self.open);
            if open.get(&batch.cluster).is_some_and(|b| Arc::ptr_eq(b, batch)) {
                open.remove(&batch.cluster);
            }
            let mut gathering = lock(&batch.names);
            gathering.closed = true;
            gathering.names.clone()
        };
        C::send(&self.ecs, &batch.cluster, names).await
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use aws_sdk_ecs::Client;
    use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    use super::*;

    /// The DescribeServices calls a client got: (cluster, services).
    type Calls = Arc<Mutex<Vec<(String, Vec<String>)>>>;

    /// A client whose DescribeServices answers every named service as ACTIVE, and its calls.
    fn ecs() -> (Client, Calls) {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&calls);
        // Answers every call (a computed rule repeats).
        let rule = mock!(Client::describe_services).then_compute_output(move |input| {
            let names = input.services().to_vec();
            lock(&seen).push((input.cluster().unwrap_or_default().to_string(), names.clone()));
            let services =
                names.iter().map(|n| Service::builder().service_name(n).status("ACTIVE").build());
            DescribeServicesOutput::builder().set_services(Some(services.collect())).build()
        });
        (mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&rule]), calls)
    }

    async fn read(batcher: &Batcher, cluster: &str, name: String) -> (String, Option<String>) {
        let service = batcher.describe(cluster, &name).await.unwrap();
        (name, service.and_then(|s| s.service_name().map(str::to_string)))
    }

    #[tokio::test(start_paused = true)]
    async fn twelve_reads_at_once_make_a_call_of_ten_and_one_of_two_each_answered_its_own() {
        let (client, calls) = ecs();
        let batcher = Batcher::new(client);
        let names: Vec<String> = (0..12).map(|i| format!("svc{i:02}")).collect();
        let answers =
            futures_util::future::join_all(names.iter().map(|n| read(&batcher, "c", n.clone())))
                .await;
        for (name, answer) in &answers {
            assert_eq!(answer.as_deref(), Some(name.as_str()));
        }
        let calls = lock(&calls).clone();
        let sizes: Vec<usize> = calls.iter().map(|(_, names)| names.len()).collect();
        assert_eq!(sizes, [10, 2], "{calls:?}");
        let mut asked: Vec<String> = calls.into_iter().flat_map(|(_, n)| n).collect();
        asked.sort();
        assert_eq!(asked, names, "every service asked for exactly once");
    }

    #[tokio::test(start_paused = true)]
    async fn a_read_after_a_call_went_out_gets_a_fresh_call_and_clusters_never_share() {
        let (client, calls) = ecs();
        let batcher = Batcher::new(client);
        let first = read(&batcher, "c", "a".into());
        let late = async {
            tokio::time::sleep(WINDOW * 2).await;
            read(&batcher, "c", "a".into()).await
        };
        let other = read(&batcher, "d", "b".into());
        let (first, late, other) = tokio::join!(first, late, other);
        assert_eq!(
            (first.1, late.1, other.1),
            (Some("a".into()), Some("a".into()), Some("b".into()))
        );
        let mut calls = lock(&calls).clone();
        calls.sort();
        // The late read was not answered by the call before it: a call of its own.
        assert_eq!(
            calls,
            [
                ("c".into(), vec!["a".to_string()]),
                ("c".into(), vec!["a".into()]),
                ("d".into(), vec!["b".into()])
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_lone_read_waits_one_window_at_most() {
        let (client, _) = ecs();
        let batcher = Batcher::new(client);
        let start = Instant::now();
        read(&batcher, "c", "a".into()).await;
        assert_eq!(start.elapsed(), WINDOW);
    }

    /// A client whose DescribeServiceDeployments answers every ARN, and the ARNs of each call.
    fn deployments() -> (Client, Arc<Mutex<Vec<Vec<String>>>>) {
        use aws_sdk_ecs::operation::describe_service_deployments::DescribeServiceDeploymentsOutput;
        let calls = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&calls);
        let rule = mock!(Client::describe_service_deployments).then_compute_output(move |input| {
            let arns = input.service_deployment_arns().to_vec();
            lock(&seen).push(arns.clone());
            let found =
                arns.iter().map(|a| ServiceDeployment::builder().service_deployment_arn(a).build());
            DescribeServiceDeploymentsOutput::builder()
                .set_service_deployments(Some(found.collect()))
                .build()
        });
        (mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&rule]), calls)
    }

    #[tokio::test(start_paused = true)]
    async fn deployments_go_twenty_to_a_call_each_answered_its_own() {
        let (client, calls) = deployments();
        let batcher = Batcher::new(client);
        let arns: Vec<String> = (0..25).map(|i| format!("arn:sd/c/svc/{i:02}")).collect();
        let answers = futures_util::future::join_all(arns.iter().map(|a| async {
            let found = batcher.deployment("c", a).await.unwrap();
            (a.clone(), found.and_then(|d| d.service_deployment_arn().map(str::to_string)))
        }))
        .await;
        for (arn, found) in &answers {
            assert_eq!(found.as_deref(), Some(arn.as_str()));
        }
        let sizes: Vec<usize> = lock(&calls).iter().map(Vec::len).collect();
        assert_eq!(sizes, [20, 5]);
    }

    /// A refusal of the API reaches every reader of the batch as "unavailable", so each watcher
    /// falls back as it would reading alone.
    #[tokio::test(start_paused = true)]
    async fn an_unavailable_api_is_unavailable_to_every_reader_of_the_batch() {
        use aws_smithy_runtime_api::http::{Response, StatusCode};
        use aws_smithy_types::body::SdkBody;
        let rule = mock!(Client::describe_service_deployments).then_http_response(|| {
            Response::new(
                StatusCode::try_from(400).unwrap(),
                SdkBody::from(r#"{"__type":"AccessDeniedException","message":"not allowed"}"#),
            )
        });
        let batcher = Batcher::new(mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&rule]));
        let (a, b) =
            tokio::join!(batcher.deployment("c", "arn:sd/a"), batcher.deployment("c", "arn:sd/b"));
        for read in [a, b] {
            assert!(matches!(read, Err(Read::Unavailable(_))), "{read:?}");
        }
        assert_eq!(rule.num_calls(), 1);
    }
}
