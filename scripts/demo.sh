#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job on the embedded broker.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product tao
exec .build/release/tao kafka-smoke "$@"
