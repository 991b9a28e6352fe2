#!/usr/bin/env bash
# Runs every test of the repository: the Rust workspace, then the Python and Node bindings.
# Needs only the Rust toolchain, Python 3 and Node.js; each binding script installs its own
# tools (a virtual environment for Python, npm packages for Node) inside its folder.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "Rust: cargo test --workspace"
cargo test --workspace --locked

step "Rust: library docs, with broken or private links as errors"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -p siemulator

step "Rust: release build of the CLI (used by the binding tests for comparisons)"
cargo build --release --locked --bin siemulator

step "Python binding"
bash bindings-python/scripts/test.sh

step "Node binding"
bash bindings-node/scripts/test.sh

step "All test suites passed"
