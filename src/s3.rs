//! One S3 read: the Terraform state behind a `tfstate` plugin's `s3://bucket/key` url.
//!
//! Not through aws-sdk-s3: for this single GetObject it linked about 1 MiB into the binary, 7 %
//! of it (CRC64 tables for seven checksum variants, S3 Express sessions, S3's endpoint rules).
//! The request is signed by aws-sigv4, the signer the SDK itself uses, with the credentials and
//! region of shipper's SDK clients, and goes to their endpoint when one is set
//! (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, `--endpoint-url`; buckets by path, as S3-compatible
//! servers want), else to the bucket's virtual host. Like the SDK's standard retry mode, a
//! throttled, failed (5xx) or unreachable request is tried up to three times.

use std::time::{Duration, SystemTime};

use aws_config::SdkConfig;
use aws_credential_types::provider::ProvideCredentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode, sign,
};
use aws_smithy_runtime_api::client::identity::Identity;

use crate::error::{Error, Result};

const OPERATION: &str = "s3:GetObject";
const ATTEMPTS: u32 = 3;

/// The object's bytes.
pub async fn get_object(conf: &SdkConfig, bucket: &str, key: &str) -> Result<Vec<u8>> {
    let resource = format!("s3://{bucket}/{key}");
    let provider = conf.credentials_provider().ok_or_else(|| {
        Error::new(format!("{OPERATION} ({resource}): no AWS credentials are configured"))
    })?;
    let credentials = provider
        .provide_credentials()
        .await
        .map_err(|e| Error::transport(OPERATION, &resource, &e, false))?;
    let identity = Identity::from(credentials);
    let region = conf.region().map(ToString::to_string).unwrap_or_default();
    let url = object_url(endpoint(conf).as_deref(), &region, bucket, key);
    let timeout = crate::reach::reached().map_or(Duration::from_secs(30), |r| r.timeouts.operation);
    let mut backoff = Duration::from_millis(250);
    let started = std::time::Instant::now();
    for attempt in 1..=ATTEMPTS {
        let signed = signed_headers(&identity, &region, &url, &[], SystemTime::now())
            .map_err(|e| Error::new(format!("{OPERATION} ({resource}): cannot sign: {e}")))?;
        let url_ = url.clone();
        let answer = tokio::task::spawn_blocking(move || call(&url_, &signed, timeout))
            .await
            .map_err(|e| Error::new(format!("{OPERATION} ({resource}): {e}")))?;
        match answer {
            Answer::Body(bytes) => {
                tracing::debug!("aws: {OPERATION} ok in {} ms", started.elapsed().as_millis());
                return Ok(bytes);
            }
            Answer::Retry(why) if attempt < ATTEMPTS => {
                tracing::debug!("aws: {OPERATION} attempt {attempt} failed ({why}); retrying");
                tokio::time::sleep(backoff).await;
                backoff *= 2;
            }
            Answer::Retry(why) | Answer::Fail(why) => {
                tracing::debug!("aws: {OPERATION} failed after {attempt} attempt(s): {why}");
                return Err(why.into_error(&resource));
            }
        }
    }
    unreachable!("the last attempt returns")
}

/// The endpoint the SDK clients were given, if any (S3's own variable first, as the SDK does).
fn endpoint(conf: &SdkConfig) -> Option<String> {
    std::env::var("AWS_ENDPOINT_URL_S3")
        .ok()
        .filter(|e| !e.is_empty())
        .or_else(|| conf.endpoint_url().map(ToString::to_string))
}

/// Where the object is: by path on a given endpoint; on AWS, on the bucket's virtual host
/// (by path for bucket names with dots, which a wildcard certificate cannot cover).
fn object_url(endpoint: Option<&str>, region: &str, bucket: &str, key: &str) -> String {
    let key = encode_key(key);
    let domain = if region.starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
    match endpoint {
        Some(endpoint) => format!("{}/{bucket}/{key}", endpoint.trim_end_matches('/')),
        None if bucket.contains('.') => format!("https://s3.{region}.{domain}/{bucket}/{key}"),
        None => format!("https://{bucket}.s3.{region}.{domain}/{key}"),
    }
}

/// The key as S3 wants it in a path: each byte but the unreserved ones and `/` percent-encoded.
fn encode_key(key: &str) -> String {
    key.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The headers that sign a GET of `url` (SigV4, S3's flavour: the path is encoded once and not
/// normalised; the empty payload's hash is sent in `x-amz-content-sha256`).
fn signed_headers(
    identity: &Identity,
    region: &str,
    url: &str,
    headers: &[(&str, &str)],
    time: SystemTime,
) -> std::result::Result<Vec<(String, String)>, Box<dyn std::error::Error + Send + Sync>> {
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(identity)
        .region(region)
        .name("s3")
        .time(time)
        .settings(settings)
        .build()?
        .into();
    let host = url.split("://").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or_default();
    let all = std::iter::once(("host", host)).chain(headers.iter().copied());
    let request = SignableRequest::new("GET", url, all, SignableBody::Bytes(&[]))?;
    let (instructions, _) = sign(request, &params)?.into_parts();
    let signed = instructions.headers().map(|(k, v)| (k.to_string(), v.to_string()));
    Ok(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).chain(signed).collect())
}

enum Answer {
    Body(Vec<u8>),
    Retry(Failure),
    Fail(Failure),
}

enum Failure {
    /// S3 answered with an error document.
    Service {
        status: u16,
        code: String,
        message: String,
    },
    Transport {
        error: ureq::Error,
        timed_out: bool,
    },
}

impl Failure {
    fn into_error(self, resource: &str) -> Error {
        match self {
            Failure::Service { status, code, message } => {
                let code = if code.is_empty() { format!("HTTP {status}") } else { code };
                Error::aws_service(OPERATION, resource, &code, &message)
            }
            Failure::Transport { error, timed_out } => {
                Error::transport(OPERATION, resource, &error, timed_out)
            }
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Service { status, code, .. } => write!(f, "HTTP {status} {code}"),
            Failure::Transport { error, .. } => write!(f, "{error}"),
        }
    }
}

/// One attempt (blocking: run off the async threads).
fn call(url: &str, headers: &[(String, String)], timeout: Duration) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent.get(url);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let mut response = match request.call() {
        Ok(response) => response,
        Err(error) => {
            let timed_out = matches!(error, ureq::Error::Timeout(_));
            return Answer::Retry(Failure::Transport { error, timed_out });
        }
    };
    let status = response.status().as_u16();
    let body = match response.body_mut().with_config().limit(256 * 1024 * 1024).read_to_vec() {
        Ok(body) => body,
        Err(error) => return Answer::Retry(Failure::Transport { error, timed_out: false }),
    };
    if (200..300).contains(&status) {
        return Answer::Body(body);
    }
    let text = String::from_utf8_lossy(&body);
    let failure = Failure::Service {
        status,
        code: element(&text, "Code").unwrap_or_default(),
        message: element(&text, "Message").unwrap_or_else(|| "no message".into()),
    };
    match status {
        429 | 500.. => Answer::Retry(failure),
        _ if text.contains("<Code>SlowDown</Code>") => Answer::Retry(failure),
        _ => Answer::Fail(failure),
    }
}

/// The text of the first `<name>` element of S3's (flat) error document.
fn element(xml: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{name}>"))? + name.len() + 2;
    let end = start + xml[start..].find(&format!("</{name}>"))?;
    Some(xml[start..end].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::Credentials;

    /// AWS's own worked example of a signed GetObject ("Example: GET Object", Signature
    /// Calculations for the Authorization Header, Amazon S3 API reference).
    #[test]
    fn signs_as_aws_documents() {
        let identity = Identity::from(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        ));
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_369_353_600); // 2013-05-24
        let url = "https://examplebucket.s3.amazonaws.com/test.txt";
        let headers =
            signed_headers(&identity, "us-east-1", url, &[("range", "bytes=0-9")], time).unwrap();
        let get = |name: &str| {
            headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
        };
        assert_eq!(get("x-amz-date"), "20130524T000000Z");
        assert_eq!(get("range"), "bytes=0-9");
        assert_eq!(
            get("authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
        assert_eq!(
            object_url(None, "us-east-1", "examplebucket", "test.txt"),
            "https://examplebucket.s3.us-east-1.amazonaws.com/test.txt"
        );
    }

    #[test]
    fn keys_are_encoded_once_and_buckets_find_their_host() {
        assert_eq!(
            object_url(Some("http://127.0.0.1:5000/"), "ap-northeast-1", "b", "dev/a b+c.tfstate"),
            "http://127.0.0.1:5000/b/dev/a%20b%2Bc.tfstate"
        );
        assert_eq!(
            object_url(None, "eu-west-1", "my.bucket", "k"),
            "https://s3.eu-west-1.amazonaws.com/my.bucket/k"
        );
        assert_eq!(
            object_url(None, "cn-north-1", "b", "k"),
            "https://b.s3.cn-north-1.amazonaws.com.cn/k"
        );
    }

    #[test]
    fn reads_the_error_document() {
        let xml = "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>";
        assert_eq!(element(xml, "Code").as_deref(), Some("NoSuchKey"));
        assert_eq!(element(xml, "Message").as_deref(), Some("The specified key does not exist."));
        assert_eq!(element(xml, "Resource"), None);
    }
}
