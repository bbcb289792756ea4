#!/usr/bin/env bash
# Runs every command with a tiny budget and a fixed seed, writing one folder per command under OUT:
#   bench/equivalence.sh run  JAR OUT
# and compares two such trees (metrics.csv byte for byte, wall-time rows aside):
#   bench/equivalence.sh compare BEFORE AFTER
# ONLY=<regex> runs the cases whose names match it. Not part of the build or CI (it takes minutes).
# Used to check that a refactoring leaves the numbers alone. Needs EXPRESSIVITY4J_DATA (MNIST and CIFAR-10).
# The cheap cases (random networks and side results) are also a unit test, GoldenMetricsTest, against the golden
# files in trainers/src/test/resources/org/expressivity4j/trainers/golden/ (this script's metrics.csv of each).
set -euo pipefail

# command name, then its arguments
CASES=(
  "trajectory-growth|trajectory-growth --depth 3 --base-width 4 --weight-variances 1,4 --base-weight-variance 4 --widths 4,8 --networks 2 --ratio-widths 4,8 --ratio-weight-variances 1,4 --ratio-depth 2 --probes 4"
  "trajectory-growth-tanh|trajectory-growth --activations tanh --depth 2 --base-width 4 --weight-variances 4 --widths 4 --networks 2 --ratio-widths 4 --ratio-weight-variances 4 --ratio-depth 2 --probes 2"
  "transitions|transitions --widths 8,16 --weight-variances 5,10 --depth 3 --networks 2 --max-transitions 500 --plot-depths 2"
  "dichotomies|dichotomies --widths 2,4 --remaining-depths 1,3 --layer-width 4 --swept-layers 1,2 --networks 1 --max-flips 200 --inputs 7 --input-dim 10"
  "trajectory-picture|trajectory-picture --width 10 --depth 2 --points 64"
  "linearity|linearity --activations tanh,relu --depth 2 --width 10 --input-dim 4 --samples 40 --sigmas 1,0.1"
  "bn-init-counterexample|bn-init-counterexample --starts 2"
  "train-one-layer|train-one-layer --dataset mnist --hidden-layers 3 --width 10 --epochs 2 --batch 50 --train-examples 200 --test-examples 100 --train-eval-examples 100"
  "noise-robustness-mnist|noise-robustness --dataset mnist --hidden-layers 2 --width 10 --epochs 1 --batch 50 --train-examples 200 --test-examples 100 --train-eval-examples 100 --magnitudes 0,0.5 --noise-seeds 2"
  "noise-robustness-cifar10|noise-robustness --dataset cifar10 --width-multiplier 0.0625 --epochs 1 --batch 20 --batch-limit 3 --train-examples 100 --test-examples 40 --train-eval-examples 40 --magnitudes 0,1 --noise-seeds 1 --layers c1,fc2,out"
  "bn-vs-trajreg|bn-vs-trajreg --profile quick --width-multiplier 0.0625 --epochs 1 --batch 16 --batch-limit 6 --train-examples 96 --test-examples 32 --eval-every 2 --probe-every 4 --probe-points 17"
  "bench-listener|bench listener --quick --rounds 1"
  "bench-trajreg-step|bench trajreg-step --quick --rounds 1 --batch 4 --width 0.1 --layer-fits 1"
  "bench-propagation|bench propagation --no-torch --points 64 --layers 2 --width 16 --rounds 1"
  "bench-backend|bench backend --quick --rounds 1 --conv-batch 4 --no-torch"
  "bench-data-load|bench data-load --dataset mnist --rounds 1"
)

# metrics whose values are wall times, or rates and ratios of them (they differ between any two runs): their rows are
# compared without the value
TIMED='(^|_)(ms|seconds|gflops|percent)($|_)'

run() {
  local jar=$1 out=$2
  mkdir -p "$out"
  for c in "${CASES[@]}"; do
    local name=${c%%|*} args=${c#*|}
    [[ -n "${ONLY:-}" && ! "$name" =~ ^(${ONLY})$ ]] && continue
    echo "== $name: $args"
    rm -rf "${out:?}/$name"
    # shellcheck disable=SC2086
    nice -n 19 java -XX:+UseSerialGC -jar "$jar" $args --seed 7 --offline --threads 1 --out "$out/$name" \
        > "$out/$name.log" 2>&1 || { echo "FAILED: $name (see $out/$name.log)"; }
  done
  [[ -n "${ONLY:-}" && ! plot-trajectories =~ ^(${ONLY})$ ]] && return
  # plot-trajectories reads a trajectory listener's CSV: a fixed one, written here
  mkdir -p "$out/listener-input"
  printf '%s\n' 'iteration,epoch,layer,name,type,metric,value' \
    '0,0,0,input,Input,length,1.5' '0,0,1,h1,DenseLayer,length,3.25' '0,0,1,h1,DenseLayer,sigma_w2,1' \
    '0,0,2,h2,DenseLayer,length,7.5' '0,0,2,h2,DenseLayer,sigma_w2,1.125' \
    '100,1,0,input,Input,length,1.5' '100,1,1,h1,DenseLayer,length,2.75' '100,1,1,h1,DenseLayer,sigma_w2,0.875' \
    '100,1,2,h2,DenseLayer,length,4.5' '100,1,2,h2,DenseLayer,sigma_w2,0.75' > "$out/listener-input/trajectory.csv"
  echo "== plot-trajectories: --csv $out/listener-input/trajectory.csv"
  rm -rf "${out:?}/plot-trajectories"
  nice -n 19 java -XX:+UseSerialGC -jar "$jar" plot-trajectories --csv "$out/listener-input/trajectory.csv" \
      --seed 7 --offline --threads 1 --out "$out/plot-trajectories" > "$out/plot-trajectories.log" 2>&1 \
      || echo "FAILED: plot-trajectories"
}

untimed() {
  awk -F, -v re="$TIMED" 'NR == 1 { print; next } { m = $(NF - 1); if (m !~ re) print; else { sub(/,[^,]*$/, ",*"); print } }' "$1"
}

compare() {
  local before=$1 after=$2 status=0
  for dir in "$before"/*/; do
    local name
    name=$(basename "$dir")
    if [[ ! -f "$dir/metrics.csv" ]]; then
      if [[ -f "$dir/summary.md" ]]; then
        if cmp -s <(grep -v '^Results:\|/tmp/' "$dir/summary.md") <(grep -v '^Results:\|/tmp/' "$after/$name/summary.md"); then
          echo "SAME  $name: no metrics.csv; summary.md identical (paths aside)"
        else
          echo "DIFF  $name: summary.md differs"
          status=1
        fi
      else
        echo "SKIP  $name: no metrics.csv before"
      fi
      continue
    fi
    if [[ ! -f "$after/$name/metrics.csv" ]]; then
      echo "DIFF  $name: no metrics.csv after"
      status=1
      continue
    fi
    if cmp -s "$dir/metrics.csv" "$after/$name/metrics.csv"; then
      echo "SAME  $name: metrics.csv identical ($(wc -l < "$dir/metrics.csv") lines)"
    elif diff -q <(untimed "$dir/metrics.csv") <(untimed "$after/$name/metrics.csv") > /dev/null; then
      echo "SAME  $name: identical apart from the values of wall-time rows ($(grep -c ',\*$' <(untimed "$dir/metrics.csv")) of $(wc -l < "$dir/metrics.csv") lines)"
    else
      echo "DIFF  $name:"
      diff <(untimed "$dir/metrics.csv") <(untimed "$after/$name/metrics.csv") | head -10
      status=1
    fi
  done
  return $status
}

case "${1:-}" in
  run) run "$2" "$3" ;;
  compare) compare "$2" "$3" ;;
  *) echo "usage: $0 run JAR OUT | compare BEFORE AFTER" >&2; exit 2 ;;
esac
