#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python3 scripts/check-module-imports.py
bash scripts/validate-deploy.sh
swift build --build-tests
# Tests run OpenBLAS single-threaded: with its thread pool, Debian 12's OpenBLAS 0.3.21 can deadlock at process
# exit (gotoblas_quit joins a pool thread that never wakes) when a failing test exits while models still compute,
# turning one failure into a hung CI run. Test models are tiny; benchmarks and real runs keep the pool.
# Suites run one after another: several suites start real servers and child processes, and CPU-heavy numeric tests
# running beside them on 2 cores starved a health-server test's handler past curl's timeout.
OPENBLAS_NUM_THREADS=1 swift test --skip-build --disable-xctest --no-parallel "$@"
