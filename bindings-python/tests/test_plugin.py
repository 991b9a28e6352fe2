"""The pytest plugin: siem fixture seeds, the siem_seed marker, and the failure report."""

import datetime
import hashlib
import re

import pytest

import siemulator
from siemulator.pytest_plugin import Siem, seed_for_node

TWO_TESTS = """
def test_first(siem):
    print("SEED", siem.seed)

def test_second(siem):
    print("SEED", siem.seed)
"""


def _printed_seeds(output: str) -> list[int]:
    return [int(seed) for seed in re.findall(r"SEED (\d+)", output)]


def test_seed_for_node_is_sha256_prefix() -> None:
    nodeid = "tests/test_x.py::test_y[case-1]"
    expected = int.from_bytes(hashlib.sha256(nodeid.encode()).digest()[:4], "big")
    assert seed_for_node(nodeid) == expected


def test_fixture_seed_follows_node_id(siem: Siem, request: pytest.FixtureRequest) -> None:
    assert siem.seed == seed_for_node(request.node.nodeid)


def test_fixture_seeds_stable_across_runs(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_seeds=TWO_TESTS)
    first = pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider")
    second = pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider")
    first.assert_outcomes(passed=2)
    seeds = _printed_seeds(first.stdout.str())
    assert seeds == _printed_seeds(second.stdout.str())
    assert seeds == [seed_for_node("test_seeds.py::test_first"), seed_for_node("test_seeds.py::test_second")]


def test_fixture_seeds_differ_per_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_many="""
import pytest

@pytest.mark.parametrize("case", range(20))
def test_case(siem, case):
    print("SEED", siem.seed)
"""
    )
    result = pytester.runpytest("-s")
    result.assert_outcomes(passed=20)
    assert len(set(_printed_seeds(result.stdout.str()))) == 20


def test_marker_pins_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_pinned="""
import pytest

@pytest.mark.siem_seed(1234)
def test_pinned(siem):
    assert siem.seed == 1234
    assert siem.generate("linux_auth", 3) == __import__("siemulator").generate("linux_auth", 3, seed=1234)

@pytest.mark.siem_seed(1234)
class TestPinnedClass:
    def test_inherits(self, siem):
        assert siem.seed == 1234

def test_explicit_seed_wins(siem):
    assert siem.generate("linux_auth", 2, seed=5) == __import__("siemulator").generate("linux_auth", 2, seed=5)
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=3)


def test_marker_rejects_bad_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_bad="""
import pytest

@pytest.mark.siem_seed("abc")
def test_bad(siem):
    pass
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*siem_seed needs an int*"])


def test_failure_report_shows_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_fails="""
def test_fails(siem):
    assert siem.generate("linux_auth", 1) == []

def test_fails_without_fixture():
    assert False
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=2)
    seed = seed_for_node("test_fails.py::test_fails")
    result.stdout.fnmatch_lines(["*- siemulator -*", f"siem seed: {seed}", f"reproduce with @pytest.mark.siem_seed({seed})"])
    assert result.stdout.str().count("siem seed:") == 1


def test_passing_test_has_no_seed_section(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_passes="def test_passes(siem):\n    assert siem.seed >= 0\n")
    result = pytester.runpytest("-rA")
    result.assert_outcomes(passed=1)
    assert "siem seed:" not in result.stdout.str()


def test_facade_matches_module(siem: Siem) -> None:
    assert siem.generate("linux_auth", 4) == siemulator.generate("linux_auth", 4, seed=siem.seed)
    assert [event.raw for event in siem.stream("linux_auth", 4)] == siem.generate("linux_auth", 4)
    assert [event.raw for event in siem.events("linux_auth", 4)] == siem.generate("linux_auth", 4)
    assert siem.world(users=5) == siemulator.World(siem.seed, users=5)
    assert siem.source("linux_auth") == siemulator.source("linux_auth")
    assert siem.sources() == siemulator.sources()
    line = siem.generate("linux_auth", 1)[0]
    assert siem.parse_line("linux_auth", line) == siemulator.parse_line("linux_auth", line)
    assert siem.parse("linux_auth", line) == [siemulator.parse_line("linux_auth", line)]


def test_facade_write_and_scenario(siem: Siem, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "events.ndjson"
    assert siem.write(target, "linux_auth", 5) == 5
    expected = tmp_path / "expected.ndjson"
    siemulator.write(expected, "linux_auth", 5, seed=siem.seed)
    assert target.read_bytes() == expected.read_bytes()
    by_name = [event.raw for event in siem.scenario_events("ssh-brute-force")]
    scenario = siemulator.Scenario.builtin("ssh-brute-force")
    assert by_name == [event.raw for event in scenario.events(siem.seed)]


def test_facade_parse_collects_errors(siem: Siem) -> None:
    line = siem.generate("linux_auth", 1)[0]
    records, errors = siem.parse("linux_auth", f"{line}\ngarbage\n", errors="collect")
    assert records == siemulator.parse("linux_auth", line)
    assert [error.line for error in errors] == [2]
    with pytest.raises(siemulator.InvalidArgumentError):
        siem.parse("linux_auth", line, errors="ignore")  # type: ignore[call-overload]


def test_facade_forwards_parse_keywords(siem: Siem) -> None:
    line = siem.generate("linux_auth", 1)[0]
    received = datetime.datetime(2026, 2, 1, tzinfo=datetime.timezone.utc)
    assert siem.parse_line("linux_auth", line, year=2020, include_raw=False, received_time=received, utc_offset="+02:00") == (
        siemulator.parse_line("linux_auth", line, year=2020, include_raw=False, received_time=received, utc_offset="+02:00")
    )
    assert siem.parse("linux_auth", line.encode(), year=2020, include_raw=False, received_time=received, utc_offset=120) == (
        siemulator.parse("linux_auth", line.encode(), year=2020, include_raw=False, received_time=received, utc_offset=120)
    )
    assert siem.parse_line("linux_auth", line.encode()) == siemulator.parse_line("linux_auth", line)


def test_facade_forwards_catalog_and_world_keywords(siem: Siem) -> None:
    assert siem.sources(category="endpoint", format="syslog3164", ocsf_class=3002, vendor="linux", text="auth") == (
        siemulator.sources(category="endpoint", format="syslog3164", ocsf_class=3002, vendor="linux", text="auth")
    )
    assert siem.world(
        seed=9, users=3, servers=2, subnets=1, external_addresses=4, organisation="Example Ltd", realistic_public_values=False
    ) == siemulator.World(
        9, users=3, servers=2, subnets=1, external_addresses=4, organisation="Example Ltd", realistic_public_values=False
    )


def test_facade_forwards_generate_keywords(siem: Siem) -> None:
    world = siemulator.World(siem.seed, users=5)
    assert siem.generate(
        "linux_auth",
        3,
        start="2026-03-01T00:00:00Z",
        end="2026-03-02T00:00:00Z",
        rate=2.0,
        profile="constant",
        variant="ssh_failed_password",
        overrides={"user": "mallory"},
        offset=4,
        format="ndjson",
        world=world,
    ) == siemulator.generate(
        "linux_auth",
        3,
        seed=siem.seed,
        start="2026-03-01T00:00:00Z",
        end="2026-03-02T00:00:00Z",
        rate=2.0,
        profile="constant",
        variant="ssh_failed_password",
        overrides={"user": "mallory"},
        offset=4,
        format="ndjson",
        world=world,
    )
