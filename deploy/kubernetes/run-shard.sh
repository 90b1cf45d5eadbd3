#!/bin/sh
# One pod of the Indexed Job (loadspec-shards.yaml): Kubernetes sets JOB_COMPLETION_INDEX
# (0..n-1); it becomes --shard k/n with k = index + 1. Every pod gets the same --start-at from
# the loadspec-run ConfigMap, so the shards' load begins together.
#
# Exit code: 0 when the shard ran and was judged (its own verdict, 0/1/5, is in its
# summary.json; the merge Job judges the whole run), else loadspec's (2, 3, 4, 130, 143).
# A shard failing a criterion must not fail the Job: with backoffLimit 0 Kubernetes would
# then stop every other shard mid-run.
set -eu
: "${JOB_COMPLETION_INDEX:?is set by Kubernetes for a Job with completionMode: Indexed}"
: "${SHARDS:?set SHARDS in the loadspec-run ConfigMap (= the Job completions)}"
: "${SCENARIO:?set SCENARIO in the loadspec-run ConfigMap (a scenario file in the image, e.g. configs/steady.yml)}"
: "${START_AT:?set START_AT in the loadspec-run ConfigMap (ISO-8601 with zone, a few minutes ahead)}"
: "${RUN_ID:?set RUN_ID in the loadspec-run ConfigMap (names this run in the results volume)}"
home="${LOADSPEC_HOME:-/app}"
results="${RESULTS_DIR:-/results}/$RUN_ID"
k=$((JOB_COMPLETION_INDEX + 1))
out="$results/shard-$k-of-$SHARDS"
mkdir -p "$out"
set -- run "$SCENARIO" --shard "$k/$SHARDS" --start-at "$START_AT" --results "$out" --no-monitor
if [ -n "${TARGET_URL:-}" ]; then set -- "$@" --target "$TARGET_URL"; fi
cd "$home"
code=0
node "$home/src/cli.ts" "$@" || code=$?
case "$code" in
  0|1|5) exit 0 ;;
  *) exit "$code" ;;
esac
