"""Scenario: loading, describing, running, and writing labelled runs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import siemulator

NAME = "ssh-brute-force"


def test_scenario_builtin_names() -> None:
    assert NAME in siemulator.Scenario.builtin_names()
    assert siemulator.Scenario.builtin(NAME).name == NAME


def test_scenario_unknown_builtin() -> None:
    with pytest.raises(siemulator.ScenarioError) as caught:
        siemulator.Scenario.builtin("no-such-scenario")
    error = caught.value
    assert not isinstance(error, siemulator.InvalidArgumentError)
    assert error.code == "scenario_error"
    assert "'no-such-scenario'" in str(error)
    assert all(name in str(error) for name in siemulator.Scenario.builtin_names())
    assert error.reason == str(error)
    assert error.path == ""
    assert error.line is None


def test_scenario_unknown_builtin_text() -> None:
    with pytest.raises(siemulator.ScenarioError) as caught:
        siemulator.Scenario.builtin_text("no-such-scenario")
    assert NAME in str(caught.value)


def test_scenario_describe_counts_match_run() -> None:
    scenario = siemulator.Scenario.builtin(NAME)
    description = scenario.describe(seed=7)
    events = list(scenario.events(seed=7))
    assert len(events) == description["total_events"]
    assert sum(event.labels["malicious"] for event in events) == description["attack_events"]


def test_scenario_events_time_ordered_and_labelled() -> None:
    events = list(siemulator.Scenario.builtin(NAME).events())
    times = [event.time_text for event in events]
    assert times == sorted(times)
    attacks = [event for event in events if event.labels["malicious"]]
    assert attacks
    assert all(event.labels["scenario"] == NAME for event in attacks)
    assert all(event.labels["technique"].startswith("T") for event in attacks)
    background = [event for event in events if "phase" not in event.labels]
    assert background
    assert all(event.labels == {"scenario": NAME, "malicious": False} for event in background)


def test_scenario_run_is_deterministic() -> None:
    scenario = siemulator.Scenario.builtin(NAME)
    assert [event.raw for event in scenario.events(seed=3)] == [event.raw for event in scenario.events(seed=3)]
    assert [event.raw for event in scenario.events(seed=3)] != [event.raw for event in scenario.events(seed=4)]


def test_scenario_start_shifts_run() -> None:
    scenario = siemulator.Scenario.builtin(NAME)
    first = next(scenario.events(start="2025-07-01T00:00:00Z"))
    assert first.time_text.startswith("2025-07-01T00:0")


def test_scenario_events_lazy() -> None:
    stream = siemulator.Scenario.builtin(NAME).events()
    total = stream.remaining
    assert total is not None
    next(stream)
    assert stream.remaining == total - 1


def test_scenario_round_trip_dict_text_file(tmp_path: Path) -> None:
    scenario = siemulator.Scenario.builtin(NAME)
    assert siemulator.Scenario.from_dict(scenario.to_dict()) == scenario
    text = siemulator.Scenario.builtin_text(NAME)
    assert siemulator.Scenario.from_text(text) == scenario
    yaml_file = tmp_path / "copy.yaml"
    yaml_file.write_text(text)
    assert siemulator.Scenario.from_file(yaml_file) == scenario
    json_file = tmp_path / "copy.json"
    json_file.write_text(json.dumps(scenario.to_dict()))
    assert siemulator.Scenario.from_file(str(json_file)) == scenario
    assert siemulator.Scenario.from_text(json.dumps(scenario.to_dict()), format="json") == scenario


def test_scenario_error_has_path() -> None:
    document = siemulator.Scenario.builtin(NAME).to_dict()
    document["phases"][0]["steps"][0]["source"] = "no_such_source"
    with pytest.raises(siemulator.ScenarioError) as caught:
        siemulator.Scenario.from_dict(document)
    error = caught.value
    assert error.code == "scenario_error"
    assert error.path.startswith("phases[0].steps[0]")
    assert error.line is None


def test_scenario_syntax_error_has_line() -> None:
    text = siemulator.Scenario.builtin_text(NAME) + "\n  - [unclosed\n"
    with pytest.raises(siemulator.ScenarioError) as caught:
        siemulator.Scenario.from_text(text)
    assert isinstance(caught.value.line, int)


def test_scenario_missing_file(tmp_path: Path) -> None:
    with pytest.raises(siemulator.IoError) as caught:
        siemulator.Scenario.from_file(tmp_path / "absent.yaml")
    assert caught.value.errno == 2


def test_scenario_bad_inputs() -> None:
    with pytest.raises(TypeError):
        siemulator.Scenario.from_dict(["not", "a", "dict"])  # type: ignore[arg-type]
    with pytest.raises(siemulator.InvalidArgumentError):
        siemulator.Scenario.from_text("name: x", format="ini")  # type: ignore[arg-type]


def test_scenario_write_matches_events(tmp_path: Path) -> None:
    scenario = siemulator.Scenario.builtin(NAME)
    target = tmp_path / "run.ndjson"
    written = scenario.write(target, seed=2)
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert written == len(lines) == scenario.describe(seed=2)["total_events"]
    assert [line["raw"] for line in lines] == [event.raw for event in scenario.events(seed=2)]
    assert siemulator.write(tmp_path / "same.ndjson", scenario, seed=2) == written
    assert (tmp_path / "same.ndjson").read_bytes() == target.read_bytes()


def test_scenario_write_count_stops_early() -> None:
    buffer = io.BytesIO()
    assert siemulator.Scenario.builtin(NAME).write(buffer, "raw", count=25) == 25
    assert len(buffer.getvalue().splitlines()) == 25


def test_scenario_write_rejects_source_arguments() -> None:
    with pytest.raises(siemulator.InvalidArgumentError) as caught:
        siemulator.write(io.BytesIO(), siemulator.Scenario.builtin(NAME), variant="x")
    assert caught.value.argument == "variant"


def test_scenario_file_over_limit(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate((16 << 20) + 1)
    with pytest.raises(siemulator.InputTooLargeError) as caught:
        siemulator.Scenario.from_file(huge)
    assert caught.value.code == "input_too_large"
    assert caught.value.limit == 16 << 20
    assert caught.value.size == (16 << 20) + 1
