#!/bin/sh
# The merge Job (loadspec-merge.yaml): waits until every shard of RUN_ID has written its
# summary.json to the results volume (at most MERGE_WAIT_S seconds), then merges them and
# judges the whole run. Its exit code is loadspec's for the merged run (README: Exit codes);
# a shard still missing after the wait is named, and the merged run is errored (exit 4).
set -eu
: "${SHARDS:?set SHARDS in the loadspec-run ConfigMap}"
: "${RUN_ID:?set RUN_ID in the loadspec-run ConfigMap}"
home="${LOADSPEC_HOME:-/app}"
results="${RESULTS_DIR:-/results}/$RUN_ID"
deadline=$(( $(date +%s) + ${MERGE_WAIT_S:-3600} ))
summaries() { find "$results" -path "$results/shard-*" -name summary.json 2>/dev/null; }
while [ "$(summaries | wc -l)" -lt "$SHARDS" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 5; done
dirs=$(summaries | xargs -r -n1 dirname | sort)
if [ -z "$dirs" ]; then
  echo "merge: no shard of run $RUN_ID wrote results under $results within ${MERGE_WAIT_S:-3600} s" >&2
  exit 4
fi
cd "$home"
# shellcheck disable=SC2086 # one directory per line, no spaces in these paths
exec node "$home/src/cli.ts" merge $dirs --out "$results/merged"
