#!/usr/bin/env bash
# Generates official AWS models from ../shared/models/aws into crates of
# their own and checks each where it is written: `cargo clippy --all-targets
# -- -D warnings`, then `cargo test` (its endpoint rule tests among them).
# Prints one table row per model: model, operations, lines of generated
# Rust, generation time, result.
#
# usage: scripts/sweep.sh [--sample] [--protocols LIST] [--out FILE] [--work DIR] [MODEL...]
#
#   MODEL...          model files by name (`dynamodb`, `sagemaker.json.gz`);
#                     default: every model whose protocols the generator
#                     supports (see --protocols)
#   --sample          the fixed sample CI runs: the largest model of each
#                     supported protocol and a spread of sizes and shapes
#   --protocols LIST  comma-separated protocol traits that count as
#                     supported (default: awsJson1_0,awsJson1_1,restJson1,
#                     awsQuery,ec2Query)
#   --out FILE        also write the table, as Markdown, to FILE
#   --work DIR        where models are unpacked and crates written
#                     (default: a new temporary directory, removed at the end)
#   --generate-only   generate and count, build nothing
#
# Exits non-zero when any model fails. The whole sweep compiles every
# crate and takes hours; CI runs --sample.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The models of the CI sample: the largest awsJson1_0 and awsJson1_1 models
# (dynamodb is the largest awsJson1_0 one people use, sagemaker the largest
# model of all), models with unions, documents, event streams (Kinesis'
# over HTTP/2, CloudWatch Logs' live tail), query-compatible errors,
# endpoint rules with account ids and context parameters, and small ones;
# for restJson1, Lambda (labels, query, headers, blob payloads, response
# streaming), Bedrock Runtime (document payloads, event streams both ways)
# and SSO OIDC (unsigned operations); for awsQuery, STS (the credentials
# service) and SNS (flattened maps, lists); for restXml, S3 (its 310
# endpoint tests, unwrapped outputs, streaming, SelectObjectContent).
SAMPLE=(
    sagemaker
    glue
    dynamodb
    kinesis
    cloudwatch-logs
    secrets-manager
    kms
    ssm
    sqs
    ecs
    codecommit
    cognito-identity
    opensearchserverless
    timestream-query
    lambda
    bedrock-runtime
    sso-oidc
    sts
    sns
    s3
)

protocols="awsJson1_0,awsJson1_1,restJson1,awsQuery,ec2Query,restXml"
out=""
work=""
sample=0
generate_only=0
models=()
while [ $# -gt 0 ]; do
    case "$1" in
        --sample) sample=1 ;;
        --protocols) protocols="$2"; shift ;;
        --out) out="$2"; shift ;;
        --work) work="$2"; shift ;;
        --generate-only) generate_only=1 ;;
        -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) models+=("${1%.json.gz}") ;;
    esac
    shift
done

# shared/ beside the checkout, or beside a directory above it (worktrees).
shared=""
dir="$root"
while [ "$dir" != "/" ]; do
    dir="$(dirname "$dir")"
    if [ -f "$dir/shared/models/aws/index.json" ]; then
        shared="$dir/shared/models/aws"
        break
    fi
done
if [ -z "$shared" ]; then
    echo "cannot find shared/models/aws/index.json beside this checkout" >&2
    exit 1
fi

if [ "$sample" = 1 ]; then
    models+=("${SAMPLE[@]}")
fi
if [ ${#models[@]} -eq 0 ]; then
    # Every model all of whose protocol traits are supported
    # (awsQueryCompatible is a customisation, not a protocol).
    mapfile -t models < <(python3 - "$shared/index.json" "$protocols" <<'EOF'
import json, sys
index = json.load(open(sys.argv[1]))
supported = {"aws.protocols#" + p for p in sys.argv[2].split(",")}
for name, entry in sorted(index.items()):
    protocols = [p for p in entry["protocols"] if p != "aws.protocols#awsQueryCompatible"]
    if protocols and all(p in supported for p in protocols):
        print(name[: -len(".json.gz")])
EOF
    )
fi

cleanup=0
if [ -z "$work" ]; then
    work="$(mktemp -d "${TMPDIR:-/tmp}/lean-sweep.XXXXXX")"
    cleanup=1
fi
mkdir -p "$work/models" "$work/crates"
[ "$cleanup" = 1 ] && trap 'rm -rf "$work"' EXIT

echo "building the generator (release)" >&2
cargo build --quiet --release -p generator --manifest-path "$root/Cargo.toml"
generator="${CARGO_TARGET_DIR:-$root/target}/release/generator"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
# Each crate is built once: incremental caches would only fill the disk.
export CARGO_INCREMENTAL=0

rows=()
failed=0
header="| model | operations | lines | generation (s) | result |"
rule="|---|---:|---:|---:|---|"
echo "$header"
echo "$rule"
for model in "${models[@]}"; do
    gz="$shared/$model.json.gz"
    if [ ! -f "$gz" ]; then
        echo "no model $gz" >&2
        failed=1
        continue
    fi
    json="$work/models/$model.json"
    gunzip -c "$gz" > "$json"
    crate="$work/crates/$model"
    rm -rf "$crate"
    ops=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]["operations"])' \
        "$shared/index.json" "$model.json.gz")
    start=$(date +%s.%N)
    result="ok"
    if ! "$generator" --model "$json" --out "$crate" --crate-name "sweep-$model" \
        > "$work/$model.generate.log" 2>&1; then
        result="generation failed: $(grep -m1 -i error "$work/$model.generate.log" | cut -c1-160)"
    fi
    end=$(date +%s.%N)
    seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
    lines=0
    if [ -d "$crate" ]; then
        lines=$(find "$crate" -name '*.rs' -print0 | xargs -0 cat | wc -l)
    fi
    if [ "$result" = ok ] && [ "$generate_only" = 0 ]; then
        # The workspace's lock file pins the dependency versions, so nothing
        # new is resolved; the shared target directory reuses what is built.
        cp "$root/Cargo.lock" "$crate/"
        profile='profile.dev.package."*".opt-level=1'
        if ! (cd "$crate" && cargo --config "$profile" clippy --quiet --all-targets -- -D warnings) \
            > "$work/$model.clippy.log" 2>&1; then
            result="clippy failed: $(grep -m1 -E '^(error|warning)' "$work/$model.clippy.log" | cut -c1-160)"
        elif ! (cd "$crate" && cargo --config "$profile" test --quiet) \
            > "$work/$model.test.log" 2>&1; then
            result="tests failed: $(grep -m1 -E 'FAILED|panicked|^error' "$work/$model.test.log" | cut -c1-160)"
        fi
    fi
    if [ -f "$crate/Cargo.toml" ] && [ "$generate_only" = 0 ]; then
        # What the crate itself built (lib, tests, the CLI example) is a few
        # hundred MB per model; the dependencies stay for the next one.
        (cd "$crate" && cargo clean --quiet -p "sweep-$model") > /dev/null 2>&1 || true
    fi
    [ "$result" = ok ] || failed=1
    row="| $model | $ops | $lines | $seconds | $result |"
    echo "$row"
    rows+=("$row")
done

if [ -n "$out" ]; then
    {
        echo "$header"
        echo "$rule"
        printf '%s\n' "${rows[@]}"
    } > "$out"
fi
if [ "$failed" = 1 ]; then
    echo "some models failed; logs in $work" >&2
    [ "$cleanup" = 1 ] && trap - EXIT
fi
exit "$failed"
