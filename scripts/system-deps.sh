#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing (Debian; run as root):
#   chromium   — headless Chromium with SwiftShader, for GPU kernel tests and end-to-end tests
#   libvulkan1 — the Vulkan loader, so Node's `webgpu` package (Dawn) reaches SwiftShader
#   python3-numpy — the reader the NPZ exports are checked with (numpy.load)
#   python3-h5py, python3-bmtk — the readers the SONATA (HDF5) spike reports are checked with
# python3-brian is only for `npm run bench` and is installed by bench/cuba.ts's instructions.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ' || need+=(libvulkan1)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
/usr/bin/python3 -c 'import h5py' 2>/dev/null || need+=(python3-h5py)
/usr/bin/python3 -c 'import bmtk' 2>/dev/null || need+=(python3-bmtk)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} with apt-get"
  if [ "$(id -u)" -ne 0 ]; then echo "run as root, or install: ${need[*]}" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
