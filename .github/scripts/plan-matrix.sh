#!/usr/bin/env bash
# Turns the workflow's inputs into the job matrix: one job per scenario file and shard.
# Inputs come in the environment (never spliced into the script, so a crafted input
# cannot run as shell):
#   SCENARIOS  scenario files or names, space- or comma-separated; "all" = every file
#              in configs/ (not the shared flows). Empty: configs/smoke.yml.
#   SHARDS     machines per scenario, 1-16. Empty: 1.
#   START_LEAD_S  with shards, how far ahead the shared --start-at is set (default 180 s:
#              matrix jobs are picked up seconds to a minute or two apart, and each then sets
#              up, ~30-60 s with warm caches; a shard ready after the instant is not run, exit 3).
# Writes `matrix` (for strategy.matrix) and `plan` (one entry per scenario, read by the
# final job) to $GITHUB_OUTPUT, or to stdout outside GitHub Actions.
# Needs bash, jq and the repository checked out (run from its root).
set -euo pipefail

fail() { echo "::error title=load-test inputs::$*" >&2; exit 2; }

scenarios="${SCENARIOS:-}"
shards="${SHARDS:-}"
[ -n "${scenarios//[[:space:],]/}" ] || scenarios="configs/smoke.yml"
[ -n "$shards" ] || shards=1
[[ "$shards" =~ ^[0-9]+$ ]] && [ "$shards" -ge 1 ] && [ "$shards" -le 16 ] ||
  fail "shards must be a whole number from 1 to 16 (got \"$shards\")"

files=()
read -r -a items <<<"${scenarios//,/ }" # read, not $(...) splitting: no glob expansion of the input
for item in "${items[@]}"; do
  if [ "$item" = "all" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find configs -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) | sort)
    continue
  fi
  # A bare name means the file of that name in configs/.
  [[ "$item" == */* || "$item" == *.yml || "$item" == *.yaml ]] || item="configs/$item.yml"
  [[ "$item" =~ ^configs/[A-Za-z0-9._/-]+\.ya?ml$ && "$item" != *..* ]] ||
    fail "\"$item\" is not a scenario file under configs/ (write e.g. configs/steady.yml or steady)"
  [[ "$item" != configs/flows/* ]] || fail "$item is a shared flow, not a scenario; name a file that includes it"
  [ -f "$item" ] || fail "$item does not exist; the scenarios are: $(cd configs && ls -- *.yml | tr '\n' ' ')"
  files+=("$item")
done
[ "${#files[@]}" -gt 0 ] || fail "no scenario files found"

# Job and artifact names: the path below configs/ without extension, / -> -.
# One instant for every shard of a scenario, so their load runs together (empty for 1 shard).
start_at=""
lead="${START_LEAD_S:-180}"
[[ "$lead" =~ ^[0-9]+$ ]] || fail "START_LEAD_S must be whole seconds (got \"$lead\")"
if [ "$shards" -gt 1 ]; then start_at="$(date -u -d "+$lead seconds" +%Y-%m-%dT%H:%M:%SZ)"; fi
plan="$(printf '%s\n' "${files[@]}" | awk '!seen[$0]++' | jq -R -s -c --argjson shards "$shards" --arg startAt "$start_at" '
  split("\n") | map(select(length > 0)) |
  map({ scenario: ., name: (sub("^configs/"; "") | sub("\\.ya?ml$"; "") | gsub("/"; "-")), shards: $shards, startAt: $startAt })')"
names="$(jq -r '.[].name' <<<"$plan" | sort | uniq -d)"
[ -z "$names" ] || fail "two scenario files would share the name $names; rename one"
matrix="$(jq -c '{ include: [ .[] as $s | range(1; $s.shards + 1) | { scenario: $s.scenario, name: $s.name, shard: ., shards: $s.shards, startAt: $s.startAt } ] }' <<<"$plan")"

out="${GITHUB_OUTPUT:-/dev/stdout}"
{
  echo "matrix=$matrix"
  echo "plan=$plan"
} >>"$out"
