#!/usr/bin/env bash
# Fails when package-lock.json and package.json disagree: in a scratch copy, npm recomputes the lock
# from package.json (no install, no scripts) and the result must equal the committed file.
# `npm ci` alone is not enough: it accepts a lock whose pins still satisfy a changed range, and a
# lock that still lists a dependency package.json no longer has.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp "$root/package.json" "$root/package-lock.json" "$scratch/"
[ -f "$root/.npmrc" ] && cp "$root/.npmrc" "$scratch/"
(cd "$scratch" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund --no-update-notifier --loglevel=error >/dev/null)
if ! diff -u "$root/package-lock.json" "$scratch/package-lock.json" >"$scratch/lock.diff"; then
  echo "lock check: package-lock.json does not match package.json. Run \`npm install\` and commit package-lock.json." >&2
  head -n 40 "$scratch/lock.diff" >&2
  exit 1
fi
echo "lock check: package-lock.json matches package.json"
