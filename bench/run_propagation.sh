#!/usr/bin/env bash
# Propagation throughput: ND4J (PropagationBenchmark: propagation and raw GEMM) and PyTorch (the same
# propagation and raw GEMM), back to back, RUNS times each (default 3), then the medians of the runs.
# Each run reports the median of its own 5 timed passes after 2 warm-up passes. On a shared machine the
# passes are bimodal (other work takes a core or not): the summary also gives the fastest single passes.
#
#   bench/run_propagation.sh [RUNS] [THREADS]
#
# Needs: core compiled (./mvnw -B -ntp -q -pl core compile), Debian's python3-torch and
# libopenblas0-pthread for /usr/bin/python3. Prints one JSON line per run, then a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
threads="${2:-2}"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -B -ntp -q -pl core dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
cp="core/target/classes:$(cat "$cp_file")"
jvm=(-XX:+UseSerialGC -Xmx6g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
out="$(mktemp)"
for i in $(seq "$runs"); do
  java "${jvm[@]}" -cp "$cp" bench/Nd4jPropagation.java "$threads" | grep '^{' | tee -a "$out"
  # torch.set_num_threads does not reach the system OpenBLAS's own pthreads: pin them too.
  OPENBLAS_NUM_THREADS="$threads" /usr/bin/python3 bench/torch_propagation.py --threads "$threads" | tee -a "$out"
done
/usr/bin/python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for impl in ("nd4j", "torch"):
    r = [x for x in rows if x["impl"] == impl]
    med = lambda key: statistics.median(x[key] for x in r)
    flops = 2.0 * r[0]["points"] * r[0]["width"] ** 2 * r[0]["layers"]
    best = lambda key: flops / min(min(x[key]) for x in r) / 1e9
    print(f"{impl}: propagation {med('propagation_gflops'):.1f} GFLOP/s, raw GEMM {med('gemm_gflops'):.1f} GFLOP/s, "
          f"ratio {med('ratio'):.2f} (medians of {len(r)} runs); fastest single passes: propagation "
          f"{best('prop_s'):.1f}, GEMM {best('gemm_s'):.1f} GFLOP/s")
PY
rm -f "$out"
