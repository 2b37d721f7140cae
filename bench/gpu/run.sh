#!/usr/bin/env bash
# The GPU benchmark on a Linux machine with a GPU but no Node and no package registries, in one
# call of a few minutes: it unpacks what bench/gpu/prepare.sh made (.gpu-bench, .gl), points Dawn
# at the NVIDIA Vulkan driver when one is installed, and prints a table (bench/gpu/gpuBench.ts).
#   bash bench/gpu/run.sh [--quick]
set -euo pipefail
here=.gpu-bench
[ -f "$here/gpu-bench.mjs" ] || { echo "run.sh: $here is missing; run bench/gpu/prepare.sh first" >&2; exit 1; }
if ! ldconfig -p | grep -q libvulkan.so.1; then
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_DRIVER_FILES="$icd"
node=/tmp/luciole-node
[ -x "$node" ] || { xz -dc "$here/node.xz" >"$node" && chmod +x "$node"; }
cd "$here"
exec "$node" gpu-bench.mjs "$@"
