#!/usr/bin/env bash
# Build the Python package and run its checks: stubtest, mypy and the pytest suite.
#
# Needs Rust (cargo) and Python 3.9 or newer. Creates bindings-python/.venv when missing,
# installs the pinned tools of requirements-dev.txt from the package index, builds the
# extension in release mode with `pip install`, and exits non-zero on the first failure.
# PYTHON selects the interpreter (default python3). The build shares the repository's
# target/ folder with the CLI unless CARGO_TARGET_DIR names another folder.
set -euo pipefail

package_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_root="$(cd "${package_dir}/.." && pwd)"
venv="${package_dir}/.venv"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${repo_root}/target}"

if [[ ! -x "${venv}/bin/python" ]]; then
    echo "creating ${venv}"
    "${PYTHON:-python3}" -m venv "${venv}"
fi
python="${venv}/bin/python"
# The maturin build backend runs the `maturin` program, which the virtual environment provides.
export PATH="${venv}/bin:${PATH}"

"${python}" -m pip install --quiet --disable-pip-version-check --requirement "${package_dir}/requirements-dev.txt"

echo "building and installing the siemulator package"
"${python}" -m pip install --quiet --disable-pip-version-check --no-build-isolation --force-reinstall --no-deps "${package_dir}"

# Run from the package folder, where no `siemulator` directory shadows the installed one.
cd "${package_dir}"

echo "checking the stubs against the compiled module"
"${python}" -m mypy.stubtest siemulator

echo "type-checking the package and its tests"
"${python}" -m mypy --strict python/siemulator
"${python}" -m mypy tests

echo "running pytest"
"${python}" -m pytest tests
