#!/usr/bin/env bash
# Propagation throughput, ND4J beside PyTorch: runs `expressivity4j bench propagation`, which times
# ND4J's propagation (Network.propagate), ND4J's raw GEMM on the same shapes, and PyTorch doing the
# same propagation (bench/torch_propagation.py with /usr/bin/python3), rounds alternating ND4J and
# PyTorch, and writes a run folder (summary.md, metrics.csv with every timed pass, manifest.json).
#
#   bench/run_propagation.sh [OPTIONS...]      e.g. --rounds 5, --threads 2, --quick, --no-torch
#
# Defaults: 10^4 points, 12 layers of width 1000, hard tanh, float32, 2 threads, 3 rounds.
# Needs the jar (built here if missing) and, for the PyTorch side, Debian's python3-torch and
# libopenblas0-pthread (without the latter torch runs on the reference BLAS, ~30x slower).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f cli/target/expressivity4j.jar ]]; then
  ./mvnw -B -ntp -q -DskipTests package
fi
exec ./expressivity4j bench propagation --torch-script bench/torch_propagation.py "$@"
