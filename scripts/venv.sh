# Sourced by scripts/test and scripts/demo: makes sure the git-ignored virtualenv .venv holds the
# local AWS's pinned requirements (tests/bed/requirements.txt), creating it on first use.
requirements=tests/bed/requirements.txt
if [ ! -x .venv/bin/python ] || ! cmp -s "$requirements" .venv/requirements.txt; then
  echo "creating .venv from $requirements (first run only)" >&2
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" .venv/requirements.txt
fi
