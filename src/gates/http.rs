//! Gate provider: an HTTP probe (e.g. the test listener's `/api/health`), its status, body and
//! optionally one JSON field checked. Runs on a blocking thread (ureq), with the gate's timeout.

use std::collections::BTreeMap;

use super::{BoxFuture, Check, Env, Kind, Provider};
use crate::aws::Clients;
use crate::error::{Error, Result};

pub struct Http {
    url: String,
    method: String,
    status: u16,
    body_contains: Option<String>,
    json: Option<crate::config::gates::JsonCondition>,
    headers: BTreeMap<String, String>,
}

impl From<&Kind> for Http {
    fn from(kind: &Kind) -> Self {
        let Kind::Http { url, method, status, body_contains, json, headers } = kind else {
            unreachable!("Http is built from Kind::Http only")
        };
        Self {
            url: url.clone(),
            method: method.to_uppercase(),
            status: *status,
            body_contains: body_contains.clone(),
            json: json.clone(),
            headers: headers.clone(),
        }
    }
}

/// At most this much of an answer is read: a health endpoint answers in bytes.
const MAX_BODY: u64 = 64 * 1024;

impl Http {
    fn probe(&self) -> std::result::Result<(u16, String), String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let mut request =
            ureq::http::Request::builder().method(self.method.as_str()).uri(&self.url);
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let request = request.body(()).map_err(|e| format!("bad request: {e}"))?;
        let mut response = agent.run(request).map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body =
            response.body_mut().with_config().limit(MAX_BODY).read_to_string().unwrap_or_default();
        Ok((status, body))
    }

    fn judge(&self, status: u16, body: &str) -> Check {
        // Masked before it is cut, so a secret in the answer cannot show in part.
        let snippet: String = crate::secrets::mask(body).chars().take(120).collect();
        let seen = format!("{} {} → {status} {}", self.method, self.url, snippet.trim());
        if status != self.status {
            return Check::fail(vec![format!("{seen} (expected {})", self.status)]);
        }
        if let Some(needle) = &self.body_contains
            && !body.contains(needle.as_str())
        {
            return Check::fail(vec![format!("{seen} (the body lacks {needle:?})")]);
        }
        if let Some(cond) = &self.json {
            let value: Option<serde_json::Value> = serde_json::from_str(body).ok();
            let found = value.as_ref().and_then(|v| {
                cond.path.split('.').try_fold(v, |v, key| match key.parse::<usize>() {
                    Ok(i) => v.get(i),
                    Err(_) => v.get(key),
                })
            });
            if found != Some(&cond.equals) {
                return Check::fail(vec![format!(
                    "{seen} (`{}` is {}, expected {})",
                    cond.path,
                    found.map_or_else(|| "missing".to_string(), ToString::to_string),
                    cond.equals
                )]);
            }
        }
        Check::pass(vec![seen])
    }
}

impl Provider for Http {
    fn describe(&self) -> String {
        format!("HTTP {} {}", self.method, super::cut(&crate::secrets::mask(&self.url), 200))
    }

    fn check<'a>(&'a self, _clients: &'a Clients, _env: &'a Env) -> BoxFuture<'a, Result<Check>> {
        Box::pin(async move {
            let probe = Http {
                url: self.url.clone(),
                method: self.method.clone(),
                status: self.status,
                body_contains: self.body_contains.clone(),
                json: self.json.clone(),
                headers: self.headers.clone(),
            };
            let outcome = tokio::task::spawn_blocking(move || {
                let answer = probe.probe();
                (probe, answer)
            })
            .await
            .map_err(|e| Error::new(format!("HTTP probe {}: {e}", self.url)))?;
            Ok(match outcome {
                (probe, Ok((status, body))) => probe.judge(status, &body),
                (_, Err(e)) => Check::fail(vec![format!("{} {}: {e}", self.method, self.url)]),
            })
        })
    }
}
