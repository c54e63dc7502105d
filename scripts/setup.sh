#!/usr/bin/env bash
# Install what a fresh Debian/Ubuntu machine lacks to build and test alkres: libclang (rust-htslib
# generates its htslib bindings with bindgen at build time), a C toolchain, and bcftools/tabix
# (tests check that every VCF alkres writes is one bcftools reads). htslib itself is compiled
# into the binary, so nothing is needed at run time. `--bench` adds the truth-set benchmark's
# tools (ART read simulator, bwa, samtools) and hyperfine. Idempotent and quiet.
set -euo pipefail
need=()
dpkg -s libclang-dev >/dev/null 2>&1 || need+=(libclang-dev)
command -v cc >/dev/null 2>&1 || need+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v bcftools >/dev/null 2>&1 || need+=(bcftools)
command -v tabix >/dev/null 2>&1 || need+=(tabix)
if [ "${1:-}" = "--bench" ]; then
  command -v art_illumina >/dev/null 2>&1 || need+=(art-nextgen-simulation-tools)
  command -v bwa >/dev/null 2>&1 || need+=(bwa)
  command -v samtools >/dev/null 2>&1 || need+=(samtools)
  command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v cargo >/dev/null 2>&1 || { echo "setup: a Rust toolchain (cargo) is required: https://rustup.rs" >&2; exit 1; }
