#!/bin/bash
# Bioconda build script for alkres (see meta.yaml).
set -euxo pipefail

# cargo caches into the work directory (conda-build does not pass HOME through).
export CARGO_HOME="$(pwd)/.cargo"
export CARGO_NET_GIT_FETCH_WITH_CLI=true

# bindgen (rust-htslib) finds libclang in the build prefix; htslib's C code and the
# compression crates find zlib/bzip2/xz headers and libraries in the host prefix.
export LIBCLANG_PATH="${BUILD_PREFIX}/lib"
export C_INCLUDE_PATH="${PREFIX}/include"
export LIBRARY_PATH="${PREFIX}/lib"
export PKG_CONFIG_PATH="${PREFIX}/lib/pkgconfig"

# Licences of every Rust dependency, shipped as about/license_file.
cargo-bundle-licenses --format yaml --output THIRDPARTY.yml

cargo install --locked --no-track --verbose --root "${PREFIX}" --path .
"${PREFIX}/bin/alkres" --version
