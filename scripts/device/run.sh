#!/usr/bin/env bash
# Runs on the GPU machine, which has no node, npm or network: only the repo's tracked files and the
# .device/ folder that `npm run device:pack` wrote (see scripts/device-pack.ts). From the repo root:
#   .device/run.sh adapter                  which WebGPU adapter Dawn picks
#   .device/run.sh tests [--timeout=ms] [filter …]   the src/gpu tests (vitest shim)
#   .device/run.sh verify <family> [id …]   the paper checks, as `npm run verify`
#   .device/run.sh lab <args…>              the lab CLI, as `npm run lab --`
#   .device/run.sh bench[-conv] [args…]     as `npm run bench`, scripts/bench-conv.ts
#   .device/run.sh bench-gpu --peak-tflops=X [args…]   Tabula vs TF.js and jax-js WebGPU (scripts/bench-gpu.ts)
#   .device/run.sh node <args…>             the carried node itself
#   .device/run.sh gpu-log <command> [args…]   any of the above, its output also saved as
#                                           $GPU_LOG_DIR/<date>-<adapter>-<command>.log (default docs/gpu-runs)
set -euo pipefail
dev="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# verify reads public/datasets relative to the working directory, so run from the repo root.
cd "$dev/.."

# Decompresses $1 (.xz) to $2; xz may be missing there, Python's lzma is not.
unxz_to() {
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"
  else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1" >"$2"; fi
}

# Unpack outside .device/, once per pack: .device/ then stays the size that was carried (a local
# trial run must not make the next carry exceed its limit). node finds the webgpu package in
# node_modules beside the bundles; its index.js loads dist/linux-x64/dawn.node beside itself.
rt="${TMPDIR:-/tmp}/tabula-device-$(cat "$dev/pack-id")"
if [ ! -d "$rt" ]; then
  rm -rf "$rt.part" && mkdir -p "$rt.part"
  cp -r "$dev/node_modules" "$dev"/*.mjs "$rt.part/"
  for f in "$dev"/*.mjs.xz; do unxz_to "$f" "$rt.part/$(basename "$f" .xz)"; done
  unxz_to "$dev/node.xz" "$rt.part/node" && chmod +x "$rt.part/node"
  dawn="$rt.part/node_modules/webgpu/dist/linux-x64/dawn.node"
  unxz_to "$dawn.xz" "$dawn" && rm "$dawn.xz"
  mv "$rt.part" "$rt"
fi

# Vulkan: the image has NVIDIA's driver but may lack the loader (libvulkan.so.1), whose .deb files
# then travel in .gl/; the driver's ICD file is not where the loader looks by default.
if compgen -G '.gl/*.deb' >/dev/null; then
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; fi
if [ -z "${LD_LIBRARY_PATH:-}" ] && ! ldconfig -p | grep -q 'libvulkan\.so\.1 '; then
  echo "run.sh: no Vulkan loader (libvulkan.so.1) found: carry its .deb in .gl/ (see the device README)" >&2
fi

# Datasets packed with --<name>-train=N go to public/datasets/<name>/ unless one is there already.
unpack_datasets() {
  local d name tmp
  for d in "$dev"/datasets/*/; do
    [ -d "$d" ] || continue
    name="$(basename "$d")"
    [ -e "public/datasets/$name" ] && continue
    tmp="public/datasets/.$name.part"
    rm -rf "$tmp" && mkdir -p "$tmp"
    cp "$d"manifest.json "$tmp/"
    for f in "$d"*.xz; do unxz_to "$f" "$tmp/$(basename "$f" .xz)"; done
    mv "$tmp" "public/datasets/$name"
    echo "run.sh: unpacked public/datasets/$name" >&2
  done
}

# gpu-log: the logs of docs/gpu-runs/README.md, named by date and adapter (bench-gpu also writes its JSON there).
if [ "${1:-}" = gpu-log ]; then
  shift
  what="${1:?gpu-log needs a command, e.g. tests or bench-gpu}"
  dir="${GPU_LOG_DIR:-docs/gpu-runs}"
  mkdir -p "$dir"
  adapter="$("$rt/node" "$rt/adapter.mjs" | head -1 | sed 's/^WebGPU: //' | tr 'A-Z ' 'a-z-' | tr -cd 'a-z0-9-' | tr -s '-' | cut -c1-48)"
  stem="$dir/$(date -u +%Y-%m-%d)-${adapter:-unknown}-$what"
  extra=()
  [ "$what" = bench-gpu ] && extra=("--out=$stem.json")
  echo "run.sh: logging to $stem.log" >&2
  set +e
  "$0" "$@" ${extra[@]+"${extra[@]}"} 2>&1 | tee "$stem.log"
  status=${PIPESTATUS[0]}
  echo "exit status $status" | tee -a "$stem.log"
  exit "$status"
fi

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  adapter) exec "$rt/node" "$rt/adapter.mjs" ;;
  tests) exec "$rt/node" "$rt/gpu-tests.mjs" "$@" ;;
  verify | lab) unpack_datasets && exec "$rt/node" "$rt/$cmd.mjs" "$@" ;;
  bench | bench-conv | bench-gpu) exec "$rt/node" "$rt/$cmd.mjs" "$@" ;;
  node) exec "$rt/node" "$@" ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
