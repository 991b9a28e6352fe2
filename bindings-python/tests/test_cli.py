"""The Python API and the native CLI give the same bytes for the same request.

The session fixture builds the CLI from the repository root with `cargo build --release`,
which does nothing when the binary is up to date. Set SIEMULATOR_CLI to use another binary.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

import siemulator


@pytest.fixture(scope="session")
def cli(repo_root: Path) -> Path:
    explicit = os.environ.get("SIEMULATOR_CLI")
    if explicit:
        return Path(explicit)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "siemulator"], cwd=repo_root, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", repo_root / "target"))
    binary = target / "release" / "siemulator"
    assert binary.is_file(), f"cargo build did not produce {binary}"
    return binary


def _run_cli(cli: Path, *arguments: str) -> bytes:
    result = subprocess.run([str(cli), *arguments], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout


# (intent, generate() keyword arguments, equivalent `siemulator generate` options)
CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("defaults", {}, []),
    ("count_and_seed", {"count": 500, "seed": 42}, ["--count", "500", "--seed", "42"]),
    ("variant", {"count": 50, "variant": "ssh_failed_password"}, ["--count", "50", "--variant", "ssh_failed_password"]),
    (
        "start_rate_profile",
        {"count": 300, "start": "2025-12-31T23:59:00Z", "rate": 3.5, "profile": "jittered"},
        ["--count", "300", "--start", "2025-12-31T23:59:00Z", "--rate", "3.5", "--profile", "jittered"],
    ),
    (
        "overrides",
        {"count": 20, "variant": "ssh_invalid_user", "overrides": {"user": "mallory", "src_ip": "203.0.113.9"}},
        ["--count", "20", "--variant", "ssh_invalid_user", "--set", "user=mallory", "--set", "src_ip=203.0.113.9"],
    ),
    ("offset_slice", {"count": 100, "offset": 12345, "seed": 9}, ["--count", "100", "--offset", "12345", "--seed", "9"]),
    ("end", {"count": None, "end": "2026-01-05T09:01:00Z", "rate": 2.0}, ["--end", "2026-01-05T09:01:00Z", "--rate", "2"]),
]


@pytest.mark.parametrize(("arguments", "options"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_cli_generate_raw_matches(cli: Path, arguments: dict[str, Any], options: list[str]) -> None:
    output = _run_cli(cli, "generate", "linux_auth", "--no-progress", *options)
    assert siemulator.generate("linux_auth", **arguments) == output.decode().splitlines()


@pytest.mark.parametrize("format", ["raw", "ndjson", "json", "csv", "hec", "hec-raw"])
def test_cli_write_formats_match(cli: Path, tmp_path: Path, format: str) -> None:
    native = tmp_path / "native.out"
    _run_cli(cli, "generate", "linux_auth", "--count", "1000", "--seed", "5", "--format", format, "--output", str(native), "--no-progress")
    python = tmp_path / "python.out"
    assert siemulator.write(python, "linux_auth", 1000, seed=5, format=format) == 1000
    assert python.read_bytes() == native.read_bytes()


@pytest.mark.parametrize("seed", [None, 11])
def test_cli_scenario_run_matches(cli: Path, tmp_path: Path, seed: int | None) -> None:
    seed_options = [] if seed is None else ["--seed", str(seed)]
    native = tmp_path / "native.ndjson"
    _run_cli(cli, "scenario", "run", "ssh-brute-force", "--format", "ndjson", "--output", str(native), "--no-progress", *seed_options)
    python = tmp_path / "python.ndjson"
    siemulator.Scenario.builtin("ssh-brute-force").write(python, "ndjson", seed=seed)
    assert python.read_bytes() == native.read_bytes()
