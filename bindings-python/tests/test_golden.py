"""Golden vectors shared with the Rust and Node suites: the Python output must be byte-identical.

Each file under tests/golden/ at the repository root contains cases with a generation request
and either the exact raw events or the SHA-256 of the raw events, each followed by a newline.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

import siemulator
from conftest import GOLDEN_DIR

GOLDEN_FILES = sorted(GOLDEN_DIR.glob("*.json"))


def _cases() -> list[Any]:
    cases = []
    for path in GOLDEN_FILES:
        document = json.loads(path.read_text(encoding="utf-8"))
        for case in document["cases"]:
            cases.append(pytest.param(document["source"], case, id=f"{path.stem}-{case['name']}"))
    return cases


def _generate_arguments(request: dict[str, Any]) -> dict[str, Any]:
    """Translate a serialized core request into keyword arguments of ``generate``."""
    arguments = dict(request)
    arguments.pop("source")
    if isinstance(arguments.get("start"), int):
        arguments["start"] = datetime.datetime.fromtimestamp(arguments["start"], tz=datetime.timezone.utc)
    if isinstance(arguments.get("end"), int):
        arguments["end"] = datetime.datetime.fromtimestamp(arguments["end"], tz=datetime.timezone.utc)
    if "overrides" in arguments:
        arguments["overrides"] = dict(arguments["overrides"])
    return arguments


def test_golden_files_present() -> None:
    if not GOLDEN_DIR.is_dir():
        pytest.skip(f"{GOLDEN_DIR} does not exist in this checkout")
    assert GOLDEN_FILES, f"{GOLDEN_DIR} has no golden vector files"


@pytest.mark.parametrize(("source", "case"), _cases())
def test_golden_case(source: str, case: dict[str, Any]) -> None:
    request = case["request"]
    assert request["source"] == source
    events = siemulator.generate(request["source"], **_generate_arguments(request))
    if "raw" in case:
        assert events == case["raw"]
    else:
        digest = hashlib.sha256("".join(event + "\n" for event in events).encode("utf-8")).hexdigest()
        assert digest == case["sha256"]
