//! ECR: which image tags exist, for rollback by tag and `shipper images`.

use aws_sdk_ecr::types::{ImageIdentifier, TagStatus};
use aws_smithy_types::DateTime;

use crate::aws::Clients;
use crate::error::{Error, Result};

/// An image reference in an ECR repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com`
    pub registry: String,
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// Parses an ECR image URI; `None` for images elsewhere (Docker Hub, other registries).
    pub fn parse(image: &str) -> Option<Self> {
        let (registry, rest) = image.split_once('/')?;
        if !(registry.contains(".dkr.ecr.")
            && (registry.ends_with(".amazonaws.com") || registry.ends_with(".amazonaws.com.cn")))
        {
            return None;
        }
        let (rest, digest) = match rest.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (rest, None),
        };
        let (repository, tag) = match rest.rsplit_once(':') {
            Some((r, t)) => (r.to_string(), Some(t.to_string())),
            None => (rest.to_string(), None),
        };
        Some(Self { registry: registry.to_string(), repository, tag, digest })
    }

    /// The same image at another tag.
    pub fn with_tag(&self, tag: &str) -> String {
        format!("{}/{}:{tag}", self.registry, self.repository)
    }
}

/// A tagged image in a repository.
#[derive(Debug, Clone)]
pub struct Image {
    pub tags: Vec<String>,
    pub digest: String,
    pub pushed_at: Option<DateTime>,
}

/// The digest of `repository:tag`, or `None` when the tag does not exist (any more).
pub async fn digest_of(clients: &Clients, repository: &str, tag: &str) -> Result<Option<String>> {
    let out = clients
        .ecr
        .describe_images()
        .repository_name(repository)
        .image_ids(ImageIdentifier::builder().image_tag(tag).build())
        .send()
        .await;
    match out {
        Ok(out) => {
            Ok(out.image_details().first().and_then(|d| d.image_digest()).map(ToString::to_string))
        }
        Err(e) if e.as_service_error().is_some_and(|s| s.is_image_not_found_exception()) => {
            Ok(None)
        }
        Err(e) => Err(Error::aws("ecr:DescribeImages", &format!("{repository}:{tag}"), e)),
    }
}

/// Every tagged image of a repository, newest push first.
pub async fn tagged_images(clients: &Clients, repository: &str) -> Result<Vec<Image>> {
    let mut images = Vec::new();
    let mut pages = clients
        .ecr
        .describe_images()
        .repository_name(repository)
        .filter(
            aws_sdk_ecr::types::DescribeImagesFilter::builder()
                .tag_status(TagStatus::Tagged)
                .build(),
        )
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| Error::aws("ecr:DescribeImages", repository, e))?;
        for detail in page.image_details() {
            images.push(Image {
                tags: detail.image_tags().to_vec(),
                digest: detail.image_digest().unwrap_or_default().to_string(),
                pushed_at: detail.image_pushed_at().copied(),
            });
        }
    }
    // Newest first; ties (ECR reports whole seconds) broken by tag so the order is stable.
    images.sort_by(|a, b| {
        b.pushed_at
            .map(|t| t.as_nanos())
            .cmp(&a.pushed_at.map(|t| t.as_nanos()))
            .then_with(|| b.tags.cmp(&a.tags))
    });
    Ok(images)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ecr_uris_only() {
        let r =
            ImageRef::parse("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/acme-app:v1.2.0")
                .unwrap();
        assert_eq!((r.repository.as_str(), r.tag.as_deref()), ("acme-app", Some("v1.2.0")));
        assert_eq!(
            r.with_tag("v1.0.0"),
            "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/acme-app:v1.0.0"
        );
        let r = ImageRef::parse(
            "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/team/app@sha256:abc",
        )
        .unwrap();
        assert_eq!((r.repository.as_str(), r.digest.as_deref()), ("team/app", Some("sha256:abc")));
        assert!(ImageRef::parse("nginx:1.27").is_none());
        assert!(ImageRef::parse("ghcr.io/org/app:v1").is_none());
    }
}
