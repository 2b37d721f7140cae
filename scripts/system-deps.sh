#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing (Debian; run as root):
#   chromium   — headless Chromium with SwiftShader, for GPU kernel tests and end-to-end tests
#   libvulkan1 — the Vulkan loader, so Node's `webgpu` package (Dawn) reaches SwiftShader
#   python3-numpy — the reader the NPZ exports are checked with (numpy.load)
#   python3-h5py, python3-bmtk — the readers the SONATA and NWB (HDF5) files are checked with
#   hdf5-tools — HDF5's own h5ls and h5dump, which read the same files
#   python3-pynn — PyNN, whose import_from_sonata (with pyNN.mock) reads exported SONATA networks
# python3-brian is only for `npm run bench` and is installed by bench/cuba.ts's instructions.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ' || need+=(libvulkan1)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
/usr/bin/python3 -c 'import h5py' 2>/dev/null || need+=(python3-h5py)
/usr/bin/python3 -c 'import bmtk' 2>/dev/null || need+=(python3-bmtk)
command -v h5ls >/dev/null || need+=(hdf5-tools)
/usr/bin/python3 -c 'import pyNN' 2>/dev/null || need+=(python3-pynn)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} with apt-get"
  if [ "$(id -u)" -ne 0 ]; then echo "run as root, or install: ${need[*]}" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
