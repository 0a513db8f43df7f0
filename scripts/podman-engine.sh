#!/usr/bin/env bash
# A Docker-compatible Engine API for tests, served by podman on a unix socket, plus the local test image
# localhost/mcp-portal/test-mcp-server:latest (node + @modelcontextprotocol/server-memory over stdio).
# Idempotent: installs podman only when missing, starts the service only when the socket does not answer,
# builds the image only when it is missing or stale. Nothing is pulled (no registry is reachable).
# Progress goes to stderr; the last line on stdout is DOCKER_HOST=unix://…
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${MCP_PODMAN_DIR:-/tmp/mcp-portal-podman}"
SOCKET="$STATE_DIR/podman.sock"
IMAGE="localhost/mcp-portal/test-mcp-server:latest"
SERVER_PACKAGE="@modelcontextprotocol/server-memory"
IMAGE_KEY_LABEL="io.mcp-portal.test-image-key"

say() { echo "podman-engine: $*" >&2; }

# What runs the containers: podman with runc, and catatonit as the init process that `HostConfig.Init`
# asks for (podman 4.3 looks for it at /usr/libexec/podman/catatonit; naming it here also keeps apt from
# choosing tini for podman's "catatonit | tini | dumb-init" recommendation).
INIT_PATH=/usr/libexec/podman/catatonit
PACKAGES=(podman runc catatonit uidmap fuse-overlayfs slirp4netns)

install_podman() {
  if command -v podman >/dev/null 2>&1 && command -v runc >/dev/null 2>&1 && [ -x "$INIT_PATH" ]; then return; fi
  say "installing ${PACKAGES[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
  if [ ! -x "$INIT_PATH" ]; then
    say "catatonit was installed but $INIT_PATH is missing"
    exit 1
  fi
}

write_containers_conf() {
  mkdir -p "$STATE_DIR"
  local conf="$STATE_DIR/containers.conf"
  local wanted
  wanted=$(cat <<EOF
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
runtime = "runc"
init_path = "$INIT_PATH"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
)
  CONF_CHANGED=0
  if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$wanted" ]; then
    printf '%s\n' "$wanted" >"$conf"
    CONF_CHANGED=1
  fi
  export CONTAINERS_CONF="$conf"
}

socket_answers() {
  [ -S "$SOCKET" ] && curl -sf --max-time 2 --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1
}

# A service started from a folder that was deleted since (a test run's clone) still answers, but its conmon
# cannot start containers ("Failed to get working directory").
service_folder_gone() {
  local pid
  pid=$(pgrep -f "podman system service --time=0 unix://$SOCKET" | head -n 1)
  [ -n "$pid" ] && [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == *" (deleted)" ]]
}

start_service() {
  local why=""
  [ "$CONF_CHANGED" = 1 ] && why="containers.conf changed"
  service_folder_gone && why="the folder it was started from was deleted"
  if [ -n "$why" ] && socket_answers; then
    say "$why: restarting the podman service"
    pkill -f "podman system service --time=0 unix://$SOCKET" || true
    for _ in $(seq 1 50); do socket_answers || break; sleep 0.1; done
  fi
  socket_answers && return
  say "starting podman system service on $SOCKET"
  rm -f "$SOCKET"
  # setsid + nohup: the service outlives this script and the test runner that called it.
  # 9>&-: the service must not inherit the lock below, or it would hold it for its whole life.
  # From /: the service (and every conmon it starts) keeps its working folder, which must outlive the caller's.
  # exec: no shell of this script stays behind (holding the lock) as the service's parent.
  (cd / && exec setsid nohup podman system service --time=0 "unix://$SOCKET") </dev/null >"$STATE_DIR/service.log" 2>&1 9>&- &
  for _ in $(seq 1 100); do
    socket_answers && return
    sleep 0.1
  done
  say "the podman service did not answer on $SOCKET within 10 s; its log:"
  tail -n 20 "$STATE_DIR/service.log" >&2 || true
  exit 1
}

# The server package as Node would find it from the servers subgraph (nearest node_modules up the tree).
server_package_dir() {
  local dir="$ROOT/subgraphs/servers"
  while [ "$dir" != "/" ]; do
    if [ -f "$dir/node_modules/$SERVER_PACKAGE/package.json" ]; then
      readlink -f "$dir/node_modules/$SERVER_PACKAGE"
      return
    fi
    dir=$(dirname "$dir")
  done
  say "$SERVER_PACKAGE is not installed: run npm ci at the repo root"
  exit 1
}

image_key() {
  local package_dir="$1"
  local server_version
  server_version=$(node -p 'require(process.argv[1]).version' "$package_dir/package.json")
  local script_hash
  script_hash=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)
  echo "node-$(node --version)+server-memory-$server_version+script-$script_hash"
}

# Prints every package directory (relative to the repo root) that the package at $1 needs at run time,
# found the way Node resolves them: the nearest node_modules/<name> up the tree.
package_closure() {
  node --input-type=module -e '
    import { existsSync, readFileSync, realpathSync } from "node:fs";
    import { dirname, join, relative } from "node:path";
    const [root, start] = process.argv.slice(1);
    const seen = new Set();
    const queue = [realpathSync(start)];
    const find = (from, name) => {
      for (let dir = from; ; dir = dirname(dir)) {
        const candidate = join(dir, "node_modules", name);
        if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
        if (dir === root || dir === dirname(dir)) return undefined;
      }
    };
    while (queue.length > 0) {
      const dir = queue.shift();
      if (seen.has(dir)) continue;
      seen.add(dir);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      const names = [
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.optionalDependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ];
      for (const name of names) {
        const found = find(dir, name);
        if (found) queue.push(found);
        else if (manifest.dependencies?.[name]) throw new Error(`${name} (needed by ${dir}) is not installed`);
      }
    }
    for (const dir of seen) console.log(relative(root, dir));
  ' "$ROOT" "$1"
}

# Proof that the engine runs a container the way the tests do (through the service, init process, no
# network, read-only root, no capabilities, user 65534), before any test depends on it.
prove_engine_runs_containers() {
  local answer
  if ! answer=$(podman --url "unix://$SOCKET" run --rm --init --network none --read-only --cap-drop ALL \
    --security-opt no-new-privileges --user 65534 "$IMAGE" /usr/local/bin/node -e 'process.stdout.write("engine-ok")' 2>&1); then
    say "the engine could not run a container from $IMAGE:"
    echo "$answer" >&2
    exit 1
  fi
  if [ "$answer" != "engine-ok" ]; then
    say "a test container from $IMAGE answered \"$answer\" instead of \"engine-ok\""
    exit 1
  fi
}

build_image() {
  local package_dir key current rootfs
  package_dir=$(server_package_dir)
  key=$(image_key "$package_dir")
  current=$(podman image inspect --format "{{ index .Labels \"$IMAGE_KEY_LABEL\" }}" "$IMAGE" 2>/dev/null || true)
  [ "$current" = "$key" ] && return

  say "building $IMAGE from a local rootfs ($key)"
  local previous_id
  previous_id=$(podman image inspect --format '{{ .Id }}' "$IMAGE" 2>/dev/null || true)
  rootfs=$(mktemp -d "$STATE_DIR/rootfs.XXXXXX")
  trap "rm -rf '$rootfs'" EXIT

  local node_bin
  node_bin=$(readlink -f "$(command -v node)")
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/tmp" "$rootfs/app" "$rootfs/etc"
  chmod 1777 "$rootfs/tmp"
  cp "$node_bin" "$rootfs/usr/local/bin/node"
  # Shared libraries (the "=> /path" entries) and the dynamic loader (the bare absolute path).
  ldd "$node_bin" | awk '/=> \// { print $3 } /^\s*\// { print $1 }' | while read -r lib; do
    cp -L --parents "$lib" "$rootfs/"
  done
  echo 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >"$rootfs/etc/passwd"
  echo 'nogroup:x:65534:' >"$rootfs/etc/group"

  local relative_dir
  while read -r relative_dir; do
    mkdir -p "$rootfs/app/$(dirname "$relative_dir")"
    cp -r "$ROOT/$relative_dir" "$rootfs/app/$relative_dir"
  done < <(package_closure "$package_dir")
  chmod -R a+rX "$rootfs/app"

  local entry
  entry="/app/$(realpath --relative-to="$ROOT" "$package_dir")/dist/index.js"
  tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -cf - . | podman import --quiet \
    --change "CMD [\"/usr/local/bin/node\", \"$entry\"]" \
    --change "ENV MEMORY_FILE_PATH=/tmp/memory.jsonl" \
    --change "LABEL $IMAGE_KEY_LABEL=$key" \
    --change "WORKDIR /app" \
    - "$IMAGE" >/dev/null
  if [ -n "$previous_id" ]; then podman rmi "$previous_id" >/dev/null 2>&1 || true; fi
}

mkdir -p "$STATE_DIR"
# One run at a time: test suites of several packages may call this at once.
exec 9>"$STATE_DIR/.lock"
if ! flock -w 290 9; then
  say "another run still holds $STATE_DIR/.lock after 290 s"
  exit 1
fi

install_podman
write_containers_conf
start_service
build_image
prove_engine_runs_containers
echo "DOCKER_HOST=unix://$SOCKET"
