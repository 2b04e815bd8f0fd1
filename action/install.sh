#!/usr/bin/env bash
# Installs shipper for the GitHub Actions runner this runs on: the released binary for the
# runner's OS and architecture, checked against its published SHA-256, else (no binary for this
# platform) `cargo install --locked` from the repository. Puts it on PATH for later steps.
#
# Environment (set by action.yml; tests set them to point at a local server):
#   SHIPPER_VERSION       a release tag (v1.2.3), or `latest`
#   SHIPPER_REPOSITORY    owner/name of shipper's repository
#   SHIPPER_DOWNLOAD_BASE where releases live (default: $GITHUB_SERVER_URL/$SHIPPER_REPOSITORY/releases)
#   SHIPPER_GIT_URL       what cargo install builds from (default: $GITHUB_SERVER_URL/$SHIPPER_REPOSITORY)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT (set by the runner)
set -euo pipefail

version="${SHIPPER_VERSION:-latest}"
repository="${SHIPPER_REPOSITORY:?SHIPPER_REPOSITORY is not set}"
server="${GITHUB_SERVER_URL:-https://github.com}"
base="${SHIPPER_DOWNLOAD_BASE:-$server/$repository/releases}"
git_url="${SHIPPER_GIT_URL:-$server/$repository}"
dest="${RUNNER_TEMP:?RUNNER_TEMP is not set}/shipper/$version"

fail() { echo "::error title=shipper install::$*" >&2; exit 1; }

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-gnu ;;
  Linux/ARM64) target=aarch64-unknown-linux-gnu ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  *) target="" ;;
esac

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

from_source() {
  echo "no released shipper binary for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?} ($1): building it with cargo install" >&2
  command -v cargo >/dev/null || fail "cargo is not installed; add a Rust toolchain step before this action"
  local ref=()
  if [ "$version" != latest ]; then ref=(--tag "$version"); fi
  cargo install --locked --root "$dest" --git "$git_url" ${ref[@]+"${ref[@]}"} shipper
  installed "$dest/bin"
}

installed() {
  echo "$1" >> "${GITHUB_PATH:?GITHUB_PATH is not set}"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "path=$1/shipper" >> "$GITHUB_OUTPUT"; fi
  echo "shipper installed in $1" >&2
}

if [ -z "$target" ]; then
  from_source "no release target"
  exit 0
fi

asset="shipper-$target.tar.gz"
if [ "$version" = latest ]; then url="$base/latest/download/$asset"
else url="$base/download/$version/$asset"; fi

work="$(mktemp -d "${RUNNER_TEMP}/shipper-download.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# HTTPS only, redirects included, unless the download base was set to plain HTTP on purpose
# (a mirror on a private network, the tests' local server).
proto='=https'
case "$base" in http://*) proto='=http,https' ;; esac
curl_args=(--fail --silent --show-error --location --retry 3 --proto "$proto")
status="$(curl "${curl_args[@]}" --output "$work/$asset" --write-out '%{http_code}' "$url" || true)"
if [ "$status" = 404 ]; then
  from_source "$url: not found"
  exit 0
fi
[ "$status" = 200 ] || fail "download of $url failed (HTTP ${status:-none})"
curl "${curl_args[@]}" --output "$work/$asset.sha256" "$url.sha256" \
  || fail "no checksum at $url.sha256: refusing an unverified binary"

expected="$(cut -d' ' -f1 < "$work/$asset.sha256" | tr -d '[:space:]' | tr 'A-F' 'a-f')"
actual="$(sha256 "$work/$asset")"
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || fail "$url.sha256 does not hold a SHA-256"
[ "$expected" = "$actual" ] \
  || fail "checksum mismatch for $asset: expected $expected, got $actual; refusing to install it"

mkdir -p "$dest/bin"
tar -xzf "$work/$asset" -C "$work"
bin="$(find "$work" -type f -name shipper | head -n 1)"
[ -n "$bin" ] || fail "$asset holds no shipper binary"
chmod 0755 "$bin"
# The Linux binaries link glibc as the release runners have it (2.35): an older system (a
# self-hosted runner on Amazon Linux 2, say) cannot start them. Build for it instead.
if ! "$bin" version >/dev/null 2>"$work/version.err"; then
  echo "::warning title=shipper install::the released $asset does not run on this runner ($(head -n 1 "$work/version.err"))" >&2
  from_source "the released binary does not run here"
  exit 0
fi
install -m 0755 "$bin" "$dest/bin/shipper"
installed "$dest/bin"
