#!/usr/bin/env bash
# Proves the production image: it builds, starts with its data on a volume, answers /healthz, runs
# as a non-root user, keeps the unauthenticated local channel off, keeps its data across a restart,
# and refuses unsafe settings under NODE_ENV=production.
#
#   scripts/docker-smoke.sh               Docker when an engine answers, otherwise the same steps without it
#   SMOKE_MODE=docker|local scripts/docker-smoke.sh
#
# Without Docker, the Dockerfile's steps run in a clean scratch folder as an unprivileged user:
# `npm ci`, build, `npm prune --omit=dev`, then the runtime stage's COPY lines assemble the image's
# files and the service starts from that pruned tree. A runtime dependency declared only as a
# devDependency, or a file the image forgets to copy, fails here as it would in the image.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
REFUSED_VAR=DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS
# What the EXIT trap cleans up (globals: the trap runs after the function that set them returns).
cid='' tag='' volume='' pid='' scratch=''

say() { printf 'smoke: %s\n' "$*"; }
fail() {
  printf 'smoke: FAIL: %s\n' "$*" >&2
  exit 1
}

free_port() { node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# wait_healthy <port> <seconds> [pid]: polls /healthz until it answers {"ok":true}; says why not.
# With a pid, stops waiting as soon as that process has exited.
wait_healthy() {
  local body=''
  for _ in $(seq 1 "$(($2 * 4))"); do
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then
      printf 'smoke: the service exited before /healthz answered\n' >&2
      return 1
    fi
    body="$(curl -fsS "http://127.0.0.1:$1/healthz" 2>/dev/null || true)"
    [ "$body" = '{"ok":true}' ] && return 0
    sleep 0.25
  done
  printf 'smoke: /healthz on port %s did not answer {"ok":true} within %s s; last answer: %s\n' "$1" "$2" "${body:-none}" >&2
  return 1
}

# The local JSON API has no sign-in: production keeps it off unless LOCAL_CHANNEL=on.
check_local_channel_off() {
  local status
  status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/local/messages?user=smoke")"
  [ "$status" = 404 ] || fail "the local channel answered $status in production; expected 404 (off)"
  say "local channel is off in production (404)"
}

# Production refuses to start without ENCRYPTION_KEY, so every production start gets a throwaway one.
SMOKE_KEY="$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')"

# check_refusal <exit status> <output>
check_refusal() {
  [ "$1" -ne 0 ] || fail "NODE_ENV=production with $REFUSED_VAR=true started instead of refusing"
  grep -q "$REFUSED_VAR" <<<"$2" && grep -q 'production' <<<"$2" ||
    fail "the refusal did not name $REFUSED_VAR and production: $2"
  say "NODE_ENV=production refuses $REFUSED_VAR=true (exit $1): $(grep -m1 "$REFUSED_VAR" <<<"$2")"
}

smoke_docker() {
  local port uid out status
  tag="reflect-smoke:$$" volume="reflect-smoke-$$"
  docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info failed); leave SMOKE_MODE unset for the no-Docker mode"
  cleanup() {
    if [ -n "$cid" ]; then docker rm -f "$cid" >/dev/null 2>&1 || true; fi
    docker volume rm -f "$volume" >/dev/null 2>&1 || true
    docker image rm -f "$tag" >/dev/null 2>&1 || true
  }
  trap cleanup EXIT
  say "docker build"
  docker build -q -t "$tag" "$root" >/dev/null
  docker volume create "$volume" >/dev/null
  for run in first second; do
    cid="$(docker run -d -p 127.0.0.1::3000 -e "ENCRYPTION_KEY=$SMOKE_KEY" -v "$volume:/data" "$tag")"
    port="$(docker port "$cid" 3000/tcp | head -n1 | sed 's/.*://')"
    wait_healthy "$port" 60 || { docker logs "$cid" >&2; fail "the $run container did not become healthy"; }
    say "$run container healthy on port $port with /data on volume $volume"
    uid="$(docker exec "$cid" id -u)"
    [ "$uid" != 0 ] || fail "the container runs as root"
    docker exec "$cid" test -s /data/reflect.sqlite || fail "no SQLite store on the /data volume"
    if [ "$run" = first ]; then
      say "runs as uid $uid ($(docker exec "$cid" id -un)); the store is on the volume"
      check_local_channel_off "$port"
      docker exec "$cid" node -e 'require("fs").writeFileSync("/data/smoke-marker","kept")'
    else
      [ "$(docker exec "$cid" cat /data/smoke-marker)" = kept ] || fail "the volume's data did not survive a new container"
      say "the volume's data survived a new container"
    fi
    docker rm -f "$cid" >/dev/null
    cid=''
  done
  status=0
  out="$(docker run --rm -e "ENCRYPTION_KEY=$SMOKE_KEY" -e "$REFUSED_VAR=true" "$tag" 2>&1)" || status=$?
  check_refusal "$status" "$out"
}

smoke_local() {
  local ctx build app data port status out user_note
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/reflect-smoke.XXXXXX")"
  ctx="$scratch/context" build="$scratch/build" app="$scratch/app" data="$scratch/data"
  cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
    rm -rf "$scratch"
  }
  trap cleanup EXIT
  mkdir -p "$ctx" "$build" "$app" "$data" "$scratch/home"

  # The build context: the repository's files as a clean clone has them (no node_modules, dist, .env).
  (cd "$root" && git ls-files -co --exclude-standard -z | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
    tar -C "$ctx" -xf -

  # Run as an unprivileged user: this one if it is not root, else `nobody`.
  local as=() run_path="$PATH" nodedir="${npm_config_nodedir:-}"
  if [ "$(id -u)" = 0 ]; then
    as=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    # The user cannot run a Node kept in a private home folder (it may find an older one on PATH
    # instead): give it a copy of this one.
    if [ "$("${as[@]}" env node --version 2>/dev/null || true)" != "$(node --version)" ]; then
      local prefix
      prefix="$(dirname "$(dirname "$(command -v node)")")"
      mkdir -p "$scratch/node/bin"
      cp "$(command -v node)" "$scratch/node/bin/"
      # npm too, when it lives beside that Node (nvm and fnm install it there).
      if [[ "$(command -v npm)" == "$prefix"/* ]] && [ -d "$prefix/lib/node_modules/npm" ]; then
        mkdir -p "$scratch/node/lib/node_modules"
        cp -r "$prefix/lib/node_modules/npm" "$scratch/node/lib/node_modules/"
        ln -s ../lib/node_modules/npm/bin/npm-cli.js "$scratch/node/bin/npm"
      fi
      # Native addons build against these headers when npm_config_nodedir points at that Node.
      if [ -n "$nodedir" ] && [ -d "$nodedir/include" ]; then
        cp -r "$nodedir/include" "$scratch/node/"
        nodedir="$scratch/node"
      fi
      run_path="$scratch/node/bin:$PATH"
    fi
    user_note="nobody"
  else
    user_note="$(id -un)"
  fi
  # A clean environment, but the network settings npm needs to reach its registry pass through.
  local net=() var
  for var in HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy NODE_EXTRA_CA_CERTS SSL_CERT_FILE \
    SSL_CERT_DIR npm_config_registry; do
    [ -n "${!var:-}" ] && net+=("$var=${!var}")
  done
  as_user() {
    env -i PATH="$run_path" HOME="$scratch/home" npm_config_cache="$scratch/npm-cache" "${net[@]}" \
      npm_config_update_notifier=false ${nodedir:+npm_config_nodedir="$nodedir"} "$@"
  }

  # Build stage, as the Dockerfile has it.
  grep -q '^RUN npm ci' "$root/Dockerfile" && grep -q 'npm prune --omit=dev' "$root/Dockerfile" ||
    fail "the Dockerfile no longer installs with npm ci and prunes with npm prune --omit=dev; update this script"
  cp "$ctx/package.json" "$ctx/package-lock.json" "$ctx/.npmrc" "$ctx/tsconfig.json" "$ctx/tsconfig.build.json" "$build/"
  cp -r "$ctx/src" "$build/"
  [ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$scratch"
  say "no Docker engine: building in $scratch as $user_note with node $(as_user "${as[@]}" env node --version)"
  (cd "$build" && as_user "${as[@]}" npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
  (cd "$build" && as_user "${as[@]}" npm run build --silent) || fail "the build failed"
  (cd "$build" && as_user "${as[@]}" npm prune --omit=dev --no-audit --no-fund --loglevel=error) || fail "npm prune failed"
  say "npm ci, build and npm prune --omit=dev done"

  # Runtime stage: exactly the files its COPY lines name.
  local line from dest srcs base
  while read -r line; do
    read -ra words <<<"$line"
    from=''
    srcs=()
    for w in "${words[@]:1}"; do
      case "$w" in
        --from=*) from="${w#--from=}" ;;
        --*) ;;
        *) srcs+=("$w") ;;
      esac
    done
    dest="${srcs[-1]}"
    unset 'srcs[-1]'
    for s in "${srcs[@]}"; do
      if [ -n "$from" ]; then base="$build/${s#/app/}"; else base="$ctx/$s"; fi
      [ -e "$base" ] || fail "the image copies $s${from:+ from stage $from}, which does not exist"
      if [[ "$dest" == */ ]]; then cp -r "$base" "$app/$dest"; else cp -r "$base" "$app/${dest#./}"; fi
    done
  done < <(awk '/^FROM /{n++; delete lines; c=0} /^COPY /{lines[c++]=$0} END{for(i=0;i<c;i++) print lines[i]}' "$root/Dockerfile")
  [ -f "$app/dist/main.js" ] || fail "the runtime files have no dist/main.js"
  for dev in typescript jest @swc/core; do
    [ ! -e "$app/node_modules/$dev" ] || fail "devDependency $dev is in the runtime tree: npm prune --omit=dev did not run"
  done
  [ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$app" "$data"
  say "runtime tree assembled from the Dockerfile's COPY lines; no devDependencies in it"

  # Start from the pruned tree with the image's environment; DATA_DIR stands in for the volume.
  for run in first second; do
    port="$(free_port)"
    (cd "$app" && exec "${as[@]}" env -i PATH="$run_path" HOME="$scratch/home" NODE_ENV=production \
      ENCRYPTION_KEY="$SMOKE_KEY" PORT="$port" DATA_DIR="$data" node dist/main.js >>"$scratch/server.log" 2>&1) &
    pid=$!
    wait_healthy "$port" 60 "$pid" || { head -n 30 "$scratch/server.log" >&2; fail "the service did not become healthy"; }
    # The subshell exec()s setpriv, env and node in turn, so $pid is the service's own process.
    local uid
    uid="$(ps -o uid= -p "$pid" | tr -d ' ')"
    [ "$(ps -o comm= -p "$pid")" = node ] || fail "process $pid is not the service"
    [ -n "$uid" ] && [ "$uid" != 0 ] || fail "the service runs as root"
    [ -s "$data/reflect.sqlite" ] || fail "no SQLite store in DATA_DIR"
    if [ "$run" = first ]; then
      say "healthy on port $port from the pruned tree, running as uid $uid; the store is in DATA_DIR"
      check_local_channel_off "$port"
      echo kept >"$data/smoke-marker"
    else
      [ "$(cat "$data/smoke-marker")" = kept ] || fail "DATA_DIR's contents did not survive a restart"
      say "restarted on the same DATA_DIR: healthy again, data kept"
    fi
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    pid=''
  done

  status=0
  out="$(cd "$app" && "${as[@]}" env -i PATH="$run_path" HOME="$scratch/home" NODE_ENV=production PORT="$(free_port)" \
    ENCRYPTION_KEY="$SMOKE_KEY" DATA_DIR="$data" "$REFUSED_VAR=true" timeout 30 node dist/main.js 2>&1)" || status=$?
  [ "$status" -ne 124 ] || fail "NODE_ENV=production with $REFUSED_VAR=true was still running after 30 s"
  check_refusal "$status" "$out"
}

mode="${SMOKE_MODE:-auto}"
if [ "$mode" = auto ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then mode=docker; else mode=local; fi
fi
case "$mode" in
  docker) smoke_docker ;;
  local) smoke_local ;;
  *) fail "SMOKE_MODE must be docker or local, not $mode" ;;
esac
say "passed ($mode mode)"
