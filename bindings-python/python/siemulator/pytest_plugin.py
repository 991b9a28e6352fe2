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
from typing import TYPE_CHECKING, Any, Generator, Literal, Mapping, Optional, Union, overload

import pytest

import siemulator
from siemulator import Event, EventStream, Scenario, SourceInfo, World

if TYPE_CHECKING:
    from typing_extensions import TypedDict, Unpack

    from siemulator._native import _BinaryWriter

    class _SourceFilters(TypedDict, total=False):
        """Keyword arguments of ``sources``."""

        category: Optional[str]
        format: Optional[str]
        ocsf_class: Optional[int]
        vendor: Optional[str]
        text: Optional[str]

    class _ParseOptions(TypedDict, total=False):
        """Keyword arguments that ``parse`` and ``parse_line`` take besides ``errors``."""

        year: Optional[int]
        include_raw: bool
        received_time: Union[datetime.datetime, str, None]
        utc_offset: Union[datetime.timedelta, int, str, None]

    class _WorldSettings(TypedDict, total=False):
        """Keyword arguments that ``World`` takes besides ``seed``."""

        users: Optional[int]
        servers: Optional[int]
        subnets: Optional[int]
        external_addresses: Optional[int]
        organisation: Optional[str]
        realistic_public_values: Optional[bool]

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
    """The module's functions, with the same parameters, and a default seed that ``seed=`` overrides."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def __repr__(self) -> str:
        return f"Siem(seed={self.seed})"

    def _seed(self, seed: Optional[int]) -> int:
        return self.seed if seed is None else seed

    def sources(self, **filters: Unpack[_SourceFilters]) -> list[SourceInfo]:
        """List the sources; see ``siemulator.sources``."""
        return siemulator.sources(**filters)

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

    @overload
    def parse(
        self,
        source: str,
        text: Union[str, bytes],
        *,
        errors: Literal["raise"] = "raise",
        **options: Unpack[_ParseOptions],
    ) -> list[dict[str, Any]]: ...

    @overload
    def parse(
        self,
        source: str,
        text: Union[str, bytes],
        *,
        errors: Literal["collect"],
        **options: Unpack[_ParseOptions],
    ) -> tuple[list[dict[str, Any]], list[siemulator.ParseError]]: ...

    def parse(
        self,
        source: str,
        text: Union[str, bytes],
        *,
        errors: Literal["raise", "collect"] = "raise",
        **options: Unpack[_ParseOptions],
    ) -> Union[list[dict[str, Any]], tuple[list[dict[str, Any]], list[siemulator.ParseError]]]:
        """Parse logs into OCSF records; see ``siemulator.parse``.

        ``errors="raise"`` (the default) raises ``ParseError`` on the first bad event, and
        ``errors="collect"`` returns ``(records, errors)``.
        """
        if errors == "collect":
            return siemulator.parse(source, text, errors="collect", **options)
        # Any other mode goes to the module, which raises InvalidArgumentError for it.
        return siemulator.parse(source, text, errors=errors, **options)

    def parse_line(self, source: str, line: Union[str, bytes], **options: Unpack[_ParseOptions]) -> dict[str, Any]:
        """Parse one event into an OCSF record; see ``siemulator.parse_line``."""
        return siemulator.parse_line(source, line, **options)

    def world(self, *, seed: Optional[int] = None, **settings: Unpack[_WorldSettings]) -> World:
        """Build the synthetic organisation of the test's seed; see ``siemulator.World``."""
        return World(self._seed(seed), **settings)


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
