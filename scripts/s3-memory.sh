#!/usr/bin/env bash
# Peak memory of a 1 GiB S3 upload and download against moto's server (see
# e2e/examples/s3_memory.rs). Usage: scripts/s3-memory.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q --release -p e2e --example s3_memory -- "${1:-1024}"
