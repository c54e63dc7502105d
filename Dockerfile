# syntax=docker/dockerfile:1
#
# alkres container image: one static-ish binary (htslib, zlib, bzip2, xz and libdeflate are
# compiled in; it needs only glibc) on debian:bookworm-slim.
#
#   docker build -t alkres:0.1.0 .
#   docker run --rm -v "$PWD:/data" -w /data alkres:0.1.0 run --sample P01 --vcf P01.vcf.gz -o out/
#   docker run --rm alkres:0.1.0 run --sample P01 --vcf /usr/share/alkres/example/P01.vcf.gz -o /tmp/out
#
# NOTE: this image was NOT built on the development machine (it has no Docker engine); the
# build steps mirror what `cargo build --release --locked` needs there (DESIGN.md §6).
#
# In pipelines: Nextflow runs `/bin/bash .command.run` in the container, which the ENTRYPOINT
# below would swallow; the Nextflow profile `local_image` therefore passes --entrypoint "".
# Snakemake/Apptainer (`exec`) ignore the ENTRYPOINT. bash and ps (procps) are present for
# Nextflow's task wrapper and metrics.

############################ build ############################
FROM rust:1-slim-bookworm AS builder

# rust-htslib generates its bindings with bindgen (libclang) and compiles htslib with cc.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libclang-dev clang pkg-config zlib1g-dev libbz2-dev liblzma-dev make \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY resources ./resources

RUN cargo build --release --locked \
 && strip target/release/alkres \
 && target/release/alkres --version

############################ runtime ############################
FROM debian:bookworm-slim

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="alkres" \
      org.opencontainers.image.description="Explains resistance in ALK-positive lung cancer from sequencing output: ALK mutations, fusions, copy number and bypass drivers, with per-TKI calls and citations. Decision support, not a prescription." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="https://github.com/alkres/alkres" \
      org.opencontainers.image.url="https://github.com/alkres/alkres" \
      org.opencontainers.image.documentation="https://github.com/alkres/alkres#readme" \
      org.opencontainers.image.vendor="alkres developers" \
      org.opencontainers.image.authors="alkres developers"
# (source/url/documentation: placeholder repository address, not fixed yet)

RUN apt-get update \
 && apt-get install -y --no-install-recommends procps ca-certificates \
 && rm -rf /var/lib/apt/lists/*

COPY --from=builder /src/target/release/alkres /usr/local/bin/alkres
COPY test-data/example/ /usr/share/alkres/example/

# Smoke test at build time: the binary runs and the shipped knowledge base validates.
RUN alkres --version && alkres kb validate > /dev/null

WORKDIR /data
ENTRYPOINT ["alkres"]
CMD ["--help"]
