"""ECR lookups the ECS simulation needs: the digest behind an image reference."""

import re

from moto.ecr.models import ecr_backends

# <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag | @digest]
_ECR_IMAGE = re.compile(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/([^:@]+)(?::([^@]+))?(?:@(sha256:[0-9a-f]+))?$")


def resolve_digest(image: str | None, account_id: str) -> str | None:
    """The digest ECS would resolve for `image`, if it is in this account's (moto) ECR."""
    match = _ECR_IMAGE.match(image or "")
    if not match or match.group(1) != account_id:
        return None
    _, region, repository_name, tag, digest = match.groups()
    if digest:
        return digest
    repository = ecr_backends[account_id][region].repositories.get(repository_name)
    wanted = tag or "latest"
    image_found = next((i for i in repository.images if wanted in i.image_tags), None) if repository else None
    return image_found.get_image_digest() if image_found else None
