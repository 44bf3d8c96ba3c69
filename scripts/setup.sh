#!/usr/bin/env bash
# Installs the system packages tao-fleet needs on Debian/Ubuntu, only those missing.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run again (it installs nothing when all are present).
set -euo pipefail

TAO_SYSTEM_PACKAGES=(
    pkg-config
    librdkafka-dev      # Kafka client (and its mock cluster, our embedded broker)
    libopenblas-dev     # sgemm for the model engine
    libzstd-dev         # compressed weights and blobs
    libsqlite3-dev      # the text-to-SQL task executes candidate SQL on a real SQLite database
    sqlite3             # independent SQLite CLI, for cross-checks in tests
    curl                # independent HTTP client, for the health and metrics endpoint tests
    kcat                # independent Kafka client for interop tests and for feeding prompts by hand
    python3-confluent-kafka
)

missing=()
for pkg in "${TAO_SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if ((${#missing[@]})); then
    echo "tao setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python packages from the package registry, for interop tests: the official OpenAI client drives `tao serve` as a
# user's code would.
if ! python3 -c "import openai" >/dev/null 2>&1; then
    echo "tao setup: installing the openai Python client" >&2
    python3 -m pip install --quiet --disable-pip-version-check "openai>=1.40" >&2
fi

# moto's S3-compatible server (the S3 blob store's tests and the cluster topology test) and botocore (the reference
# signer the S3 signature test compares with).
if ! python3 -c "import moto.server, flask, boto3" >/dev/null 2>&1; then
    echo "tao setup: installing moto's S3 server and boto3" >&2
    python3 -m pip install --quiet --disable-pip-version-check "moto[server]>=5" boto3 >&2
fi

# check-jsonschema: the HTTP scorer's tests validate the requests it sends and the responses they read against
# docs/schemas/score-request.schema.json and score-response.schema.json.
if ! command -v check-jsonschema >/dev/null 2>&1; then
    echo "tao setup: installing check-jsonschema" >&2
    python3 -m pip install --quiet --disable-pip-version-check "check-jsonschema>=0.29" >&2
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "tao setup: the Swift toolchain (6.1 or newer) is not on PATH; install it from swift.org and try again" >&2
    exit 1
fi
