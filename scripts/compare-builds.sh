#!/usr/bin/env bash
# Builds the same minimal program twice, side by side in one run: once with
# the generated `proton` crate (compare/builds/lean) and once with the
# official AWS SDK for Rust, `aws-sdk-proton` + `aws-config` with default
# features (compare/builds/aws). Each build starts from an empty target
# directory. Reports clean debug and release build times, the number of
# crates in each normal dependency tree, and the stripped release binary
# sizes, then the ratios lean/aws.
#
# usage: scripts/compare-builds.sh [--no-incremental-libraries] [dynamodb] [WORK_DIR]
#
# With `dynamodb`, the program uses the whole DynamoDB client instead: the
# crate generated from ../shared/models/aws/dynamodb.json.gz into
# compare/builds/lean-dynamodb/dynamodb (every operation), against
# `aws-sdk-dynamodb` + `aws-config` (compare/builds/aws-dynamodb). Debug
# builds only; the last line is
# `clean debug build ratio lean/aws-sdk-dynamodb: X`.
#
# By default each build is cargo's default debug build, in which the
# program's path dependencies (our runtime and generated crate; the
# official side has none but the program) are compiled incrementally,
# while registry crates (all of the official side's libraries) are not.
# `--no-incremental-libraries` compiles our two libraries without
# incremental compilation too (`profile.dev.package.<crate>.incremental =
# false`, what README.md suggests for a generated crate), so that every
# library on both sides is built the same way and only the two programs
# are incremental.
#
# WORK_DIR (default: a new temporary directory) receives one target
# directory per build; any previous content of those is removed first.
# Sources are downloaded before the clock starts, so the times are
# compile times only. Absolute times depend on the machine and its load;
# the ratios, measured in the same run, are what the comparison is about.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
libraries=incremental
if [ "${1:-}" = --no-incremental-libraries ]; then
    libraries=not-incremental
    shift
fi
service=proton
if [ "${1:-}" = dynamodb ]; then
    service=dynamodb
    shift
fi
work="${1:-$(mktemp -d "${TMPDIR:-/tmp}/lean-compare-builds.XXXXXX")}"
mkdir -p "$work"
if [ "$service" = dynamodb ]; then
    lean="$root/compare/builds/lean-dynamodb"
    aws="$root/compare/builds/aws-dynamodb"
    # shared/ beside the checkout, or beside a directory above it.
    model=""
    dir="$root"
    while [ "$dir" != "/" ]; do
        dir="$(dirname "$dir")"
        if [ -f "$dir/shared/models/aws/dynamodb.json.gz" ]; then
            model="$dir/shared/models/aws/dynamodb.json.gz"
            break
        fi
    done
    [ -n "$model" ] || { echo "cannot find shared/models/aws/dynamodb.json.gz" >&2; exit 1; }
    gunzip -c "$model" > "$work/dynamodb.json"
    (cd "$root" && cargo run --quiet --release -p generator -- \
        --model "$work/dynamodb.json" --out "$lean/dynamodb" --crate-name dynamodb) >&2
else
    lean="$root/compare/builds/lean"
    aws="$root/compare/builds/aws"
fi

unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR RUSTFLAGS CARGO_INCREMENTAL

echo "machine: $(nproc) cores, $(uname -sm), $(rustc --version)"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "work dir: $work"
echo "our libraries: $libraries"

for dir in "$lean" "$aws"; do
    (cd "$dir" && cargo fetch --locked --quiet)
done

# Seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }

# build NAME DIR PROFILE: a clean build; prints its wall time in seconds.
build() {
    local name=$1 dir=$2 profile=$3
    local target="$work/$name-$profile"
    rm -rf "$target"
    mkdir -p "$target"
    local flag=()
    [ "$profile" = release ] && flag=(--release)
    if [ "$name" = lean ] && [ "$libraries" = not-incremental ]; then
        flag+=(--config "profile.dev.package.$service.incremental=false"
            --config 'profile.dev.package."lean-runtime".incremental=false')
    fi
    local start end
    start=$(now)
    (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build --locked --quiet "${flag[@]}") >&2
    end=$(now)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}

# crates DIR: distinct packages in the normal (non-dev, non-build)
# dependency tree, the program itself included.
crates() {
    (cd "$1" && cargo tree --locked -e normal --prefix none) |
        sed 's/ (\*)$//' | grep -v '^$' | sort -u | wc -l
}

# stripped_size NAME BINARY: size in bytes of a stripped copy.
stripped_size() {
    local copy="$work/$1.stripped"
    cp "$2" "$copy"
    strip "$copy"
    stat -c %s "$copy"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Interleaved, so a change in the machine's load shows in both columns.
lean_debug=$(build lean "$lean" debug)
aws_debug=$(build aws "$aws" debug)
if [ "$service" = dynamodb ]; then
    lean_crates=$(crates "$lean")
    aws_crates=$(crates "$aws")
    lines=$(find "$lean/dynamodb" -name '*.rs' -print0 | xargs -0 cat | wc -l)
    echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "generated dynamodb crate: $lines lines"
    echo
    printf '%-28s %12s %12s %8s\n' "" "lean" "aws-sdk" "ratio"
    printf '%-28s %12s %12s %8s\n' "crates (cargo tree -e normal)" "$lean_crates" "$aws_crates" "$(ratio "$lean_crates" "$aws_crates")"
    printf '%-28s %12s %12s %8s\n' "clean debug build (s)" "$lean_debug" "$aws_debug" "$(ratio "$lean_debug" "$aws_debug")"
    echo "clean debug build ratio lean/aws-sdk-dynamodb: $(ratio "$lean_debug" "$aws_debug")"
    exit 0
fi
lean_release=$(build lean "$lean" release)
aws_release=$(build aws "$aws" release)

lean_crates=$(crates "$lean")
aws_crates=$(crates "$aws")
lean_size=$(stripped_size lean "$work/lean-release/release/min-lean")
aws_size=$(stripped_size aws "$work/aws-release/release/min-aws")

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-28s %12s %12s %8s\n' "" "lean" "aws-sdk" "ratio"
printf '%-28s %12s %12s %8s\n' "clean debug build (s)" "$lean_debug" "$aws_debug" "$(ratio "$lean_debug" "$aws_debug")"
printf '%-28s %12s %12s %8s\n' "clean release build (s)" "$lean_release" "$aws_release" "$(ratio "$lean_release" "$aws_release")"
printf '%-28s %12s %12s %8s\n' "crates (cargo tree -e normal)" "$lean_crates" "$aws_crates" "$(ratio "$lean_crates" "$aws_crates")"
printf '%-28s %12s %12s %8s\n' "stripped release binary (B)" "$lean_size" "$aws_size" "$(ratio "$lean_size" "$aws_size")"
