#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: the TAO demo on the embedded broker
# (warm start a base model, evaluate it, tune it through the four stages over Kafka, evaluate the tuned model).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product tao
exec .build/release/tao demo "$@"
