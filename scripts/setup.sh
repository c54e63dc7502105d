#!/usr/bin/env bash
# Install what a fresh Debian/Ubuntu machine lacks to build alkres: libclang (rust-htslib
# generates its htslib bindings with bindgen at build time) and a C toolchain. htslib itself is
# compiled into the binary, so nothing is needed at run time. Idempotent and quiet.
set -euo pipefail
need=()
dpkg -s libclang-dev >/dev/null 2>&1 || need+=(libclang-dev)
command -v cc >/dev/null 2>&1 || need+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# The tests check every written VCF with bcftools (tests/outputs_whole.rs).
command -v bcftools >/dev/null 2>&1 || need+=(bcftools)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v cargo >/dev/null 2>&1 || { echo "setup: a Rust toolchain (cargo) is required: https://rustup.rs" >&2; exit 1; }
