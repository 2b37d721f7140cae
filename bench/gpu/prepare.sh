#!/usr/bin/env bash
# Prepares what bench/gpu/run.sh takes to a GPU machine that has no Node and no registries:
#   .gpu-bench/gpu-bench.mjs               the benchmark and the engine, bundled (bench/gpu/bundle.mjs)
#   .gpu-bench/node.xz                     this machine's node binary, xz-compressed (about 24 MB)
#   .gpu-bench/node_modules/webgpu/        the webgpu package's JS and dist/linux-x64/dawn.node
#   .gl/*.deb                              the Vulkan loader (libvulkan1), if apt can download it
# Run from the repository root after `npm ci`; both folders are git-ignored (about 50 MB).
set -euo pipefail
out=.gpu-bench
rm -rf "$out"
mkdir -p "$out/node_modules/webgpu/dist/linux-x64"
node bench/gpu/bundle.mjs "$out/gpu-bench.mjs"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$out/node_modules/webgpu/"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$out/node_modules/webgpu/dist/linux-x64/"
xz -T0 -6 -c "$(command -v node)" >"$out/node.xz"
if [ ! -d .gl ] || ! ls .gl/libvulkan1_*.deb >/dev/null 2>&1; then
  mkdir -p .gl /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  # shellcheck disable=SC2086
  (apt-get $o update -qq && cd .gl && apt-get $o download -qq libvulkan1) || echo "prepare: could not download libvulkan1; bring a Vulkan loader another way" >&2
fi
du -sh "$out" .gl 2>/dev/null || true
