"""pytest plugin of siemulator: the ``siem`` fixture and the ``siem_seed`` marker.

The plugin loads through the ``pytest11`` entry point once the package is installed.
``siem`` offers the module's functions with one change: calls without ``seed=`` use a
seed derived from the test's node id. Every test therefore gets its own data, the same on
every run, and a failing test reports the seed that reproduces it. Pin a seed with
``@pytest.mark.siem_seed(1234)``.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from typing import TYPE_CHECKING, Any, Generator, Mapping, Optional, Union

import pytest

import siemulator
from siemulator import Event, EventStream, Scenario, SourceInfo, World

if TYPE_CHECKING:
    from typing_extensions import TypedDict, Unpack

    from siemulator._native import _BinaryWriter

    class _StreamOptions(TypedDict, total=False):
        """Keyword arguments that ``generate`` and ``stream`` take besides ``seed``."""

        start: Union[datetime.datetime, str, None]
        end: Union[datetime.datetime, str, None]
        rate: Optional[float]
        profile: Union[str, Mapping[str, Any], None]
        variant: Optional[str]
        overrides: Optional[Mapping[str, Union[str, int, float, bool]]]
        offset: int
        format: str
        world: Union[World, Mapping[str, Any], None]

    class _WriteOptions(_StreamOptions, total=False):
        """Keyword arguments that ``write`` takes besides ``seed``."""

        batch_size: Optional[int]

SEED_KEY = pytest.StashKey[int]()
"""Stash key under which a test item keeps the seed its ``siem`` fixture used."""

MAX_SEED = 2**64 - 1


def seed_for_node(nodeid: str) -> int:
    """Derive the default seed of a test from its node id.

    The seed is the first 4 bytes of the SHA-256 of the UTF-8 node id, read big-endian,
    so it is stable across runs and interpreters (Python's ``hash()`` is salted per
    process). Node ids are relative to the rootdir, so moving the rootdir changes seeds.
    """
    digest = hashlib.sha256(nodeid.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big")


class Siem:
    """The module's functions with a default seed; pass ``seed=`` to any call to override it."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def __repr__(self) -> str:
        return f"Siem(seed={self.seed})"

    def _seed(self, seed: Optional[int]) -> int:
        return self.seed if seed is None else seed

    def sources(
        self,
        *,
        category: Optional[str] = None,
        format: Optional[str] = None,
        ocsf_class: Optional[int] = None,
        vendor: Optional[str] = None,
        text: Optional[str] = None,
    ) -> list[SourceInfo]:
        """List the sources; see ``siemulator.sources``."""
        return siemulator.sources(category=category, format=format, ocsf_class=ocsf_class, vendor=vendor, text=text)

    def source(self, id: str) -> SourceInfo:
        """Return one source; see ``siemulator.source``."""
        return siemulator.source(id)

    def generate(self, source: str, count: Optional[int] = 10, *, seed: Optional[int] = None, **options: Unpack[_StreamOptions]) -> list[str]:
        """Generate events as strings; see ``siemulator.generate``."""
        return siemulator.generate(source, count, seed=self._seed(seed), **options)

    def stream(self, source: str, count: Optional[int] = None, *, seed: Optional[int] = None, **options: Unpack[_StreamOptions]) -> EventStream:
        """Stream ``Event`` objects lazily; see ``siemulator.stream``."""
        return siemulator.stream(source, count, seed=self._seed(seed), **options)

    def events(self, source: str, count: int = 10, *, seed: Optional[int] = None, **options: Unpack[_StreamOptions]) -> list[Event]:
        """Return ``count`` events as a list of ``Event`` objects."""
        return list(siemulator.stream(source, count, seed=self._seed(seed), **options))

    def write(
        self,
        destination: Union[str, "os.PathLike[str]", "_BinaryWriter"],
        source_or_scenario: Union[str, Scenario],
        count: Optional[int] = None,
        *,
        seed: Optional[int] = None,
        **options: Unpack[_WriteOptions],
    ) -> int:
        """Write events to a path or binary file object; see ``siemulator.write``."""
        return siemulator.write(destination, source_or_scenario, count, seed=self._seed(seed), **options)

    def scenario_events(
        self,
        scenario: Union[str, Scenario],
        *,
        seed: Optional[int] = None,
        start: Union[datetime.datetime, str, None] = None,
        format: str = "raw",
    ) -> EventStream:
        """Run a scenario (a ``Scenario`` or a built-in name) with the test's seed."""
        if isinstance(scenario, str):
            scenario = Scenario.builtin(scenario)
        return scenario.events(self._seed(seed), start, format=format)

    def parse(
        self,
        source: str,
        text: Union[str, bytes],
        *,
        year: Optional[int] = None,
        include_raw: bool = True,
        received_time: Optional[Union[datetime.datetime, str]] = None,
        utc_offset: Optional[Union[datetime.timedelta, int, str]] = None,
    ) -> list[dict[str, Any]]:
        """Parse logs into OCSF records, raising ``ParseError`` on the first bad event; see ``siemulator.parse``."""
        return siemulator.parse(
            source, text, year=year, include_raw=include_raw, received_time=received_time, utc_offset=utc_offset
        )

    def parse_line(
        self,
        source: str,
        line: str,
        *,
        year: Optional[int] = None,
        include_raw: bool = True,
        received_time: Optional[Union[datetime.datetime, str]] = None,
        utc_offset: Optional[Union[datetime.timedelta, int, str]] = None,
    ) -> dict[str, Any]:
        """Parse one event into an OCSF record; see ``siemulator.parse_line``."""
        return siemulator.parse_line(
            source, line, year=year, include_raw=include_raw, received_time=received_time, utc_offset=utc_offset
        )

    def world(
        self,
        *,
        seed: Optional[int] = None,
        users: Optional[int] = None,
        servers: Optional[int] = None,
        subnets: Optional[int] = None,
        external_addresses: Optional[int] = None,
        organisation: Optional[str] = None,
        realistic_public_values: Optional[bool] = None,
    ) -> World:
        """Build the synthetic organisation of the test's seed; see ``siemulator.World``."""
        return World(
            self._seed(seed),
            users=users,
            servers=servers,
            subnets=subnets,
            external_addresses=external_addresses,
            organisation=organisation,
            realistic_public_values=realistic_public_values,
        )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "siem_seed(seed): run the siem fixture with this seed instead of one derived from the test id",
    )


def _marker_seed(item: pytest.Item) -> Optional[int]:
    marker = item.get_closest_marker("siem_seed")
    if marker is None:
        return None
    if len(marker.args) != 1 or marker.kwargs:
        raise TypeError(f"siem_seed takes one seed, as in @pytest.mark.siem_seed(1234); got {marker.args!r} {marker.kwargs!r}")
    seed = marker.args[0]
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise TypeError(f"siem_seed needs an int from 0 to {MAX_SEED}, not {seed!r}")
    return seed


@pytest.fixture
def siem(request: pytest.FixtureRequest) -> Siem:
    """siemulator with a per-test seed: derived from the node id, or pinned by ``siem_seed``."""
    item = request.node
    seed = _marker_seed(item)
    if seed is None:
        seed = seed_for_node(item.nodeid)
    item.stash[SEED_KEY] = seed
    return Siem(seed)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Add the seed of a failed test's ``siem`` fixture to its report as a section."""
    report = yield
    seed = item.stash.get(SEED_KEY, None)
    if seed is not None and report.failed:
        report.sections.append(
            ("siemulator", f"siem seed: {seed}\nreproduce with @pytest.mark.siem_seed({seed})"),
        )
    return report
