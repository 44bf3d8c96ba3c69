#!/bin/sh
# Creates the run's topics with the partition counts of docs/topics.md (idempotent: --if-not-exists).
# Environment: BOOTSTRAP, RUN_ID (default tao), REPLICATION (default 3), MIN_INSYNC (default 2).
set -eu
run="${RUN_ID:-tao}"
replication="${REPLICATION:-3}"
min_insync="${MIN_INSYNC:-2}"
for spec in prompts:6 candidates:6 rollouts:6 updates:1 policy:1 dead-letter:1 promotions:1 nightly:1 blobs:24; do
    name="$run.${spec%%:*}"
    partitions="${spec##*:}"
    /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" \
        --partitions "$partitions" --replication-factor "$replication" --config min.insync.replicas="$min_insync"
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --list
