#!/usr/bin/env bash
# Builds tao-fuzz with libFuzzer and AddressSanitizer and fuzzes one target (Fuzz/README.md).
#   scripts/fuzz.sh TARGET [SECONDS]   e.g. scripts/fuzz.sh gguf 600
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-300}
swift build --scratch-path .build/fuzz --product tao-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library
.build/debug/tao-fuzz seeds .build/fuzz/seeds >/dev/null 2>&1 || swift run -q tao-fuzz seeds .build/fuzz/seeds
corpus=.build/fuzz/corpus/$target
mkdir -p "$corpus" .build/fuzz/crashes
cp -n .build/fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true
TAO_FUZZ_TARGET=$target .build/fuzz/debug/tao-fuzz "$corpus" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=4096 -max_len=262144 -artifact_prefix=.build/fuzz/crashes/"$target"- -print_final_stats=1
