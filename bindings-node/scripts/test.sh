#!/usr/bin/env bash
# Builds the Node binding from source and runs its tests: the node:test suites (ES module and
# CommonJS) and the TypeScript check of the declarations. Needs Rust (cargo) and Node 20.17
# or later; npm installs the pinned tools from package-lock.json into node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> node binding: %s\n' "$*"; }

step "install npm packages"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

step "release build of the addon"
npm run build

step "node --test"
node --test test/*.test.mjs test/*.test.cjs

step "tsc --noEmit on test/example.ts"
npx tsc --noEmit -p test/tsconfig.json

step "passed"
