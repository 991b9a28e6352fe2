"""Type stubs of the compiled extension module `siemulator._native`."""

import datetime
import os
from typing import Any, Iterator, Literal, Mapping, Protocol, Union, final, overload

__all__ = [
    "__version__",
    "SiemulatorError",
    "UnknownSourceError",
    "UnknownVariantError",
    "UnknownFieldError",
    "InvalidArgumentError",
    "ParseError",
    "InputTooLargeError",
    "ScenarioError",
    "InvalidRecordError",
    "IoError",
    "ERROR_CODES",
    "ERROR_CLASSES",
    "SourceInfo",
    "VariantInfo",
    "sources",
    "source",
    "Event",
    "EventStream",
    "generate",
    "stream",
    "parse",
    "parse_line",
    "write",
    "Scenario",
    "World",
    "User",
    "Host",
    "Subnet",
    "CloudAccount",
    "Application",
]

__version__: str

_Timestamp = Union[datetime.datetime, str]
_UtcOffset = Union[datetime.timedelta, int, str]
_OverrideValue = Union[str, int, float, bool]
_WorldSettings = Union["World", Mapping[str, Any]]
class _BinaryWriter(Protocol):
    """A binary file object: ``write`` takes bytes and returns the number written (or None)."""

    def write(self, data: bytes, /) -> int | None: ...

_PathOrFile = Union[str, os.PathLike[str], _BinaryWriter]

# Exceptions

ERROR_CODES: list[str]
ERROR_CLASSES: dict[str, type[SiemulatorError]]

class SiemulatorError(Exception):
    code: str

class UnknownSourceError(SiemulatorError):
    id: str
    suggestions: list[str]

class UnknownVariantError(SiemulatorError):
    source_id: str
    variant: str
    available: list[str]

class UnknownFieldError(SiemulatorError):
    source_id: str
    variant: str
    field: str
    available: list[str]

class InvalidArgumentError(SiemulatorError, ValueError):
    argument: str
    reason: str

class ParseError(SiemulatorError):
    source_id: str
    line: int | None
    offset: int
    reason: str

class InputTooLargeError(SiemulatorError):
    what: str
    size: int
    limit: int

class ScenarioError(SiemulatorError):
    path: str
    line: int | None
    reason: str

class InvalidRecordError(SiemulatorError):
    class_uid: int
    problems: list[str]

class IoError(SiemulatorError, OSError): ...

# Catalog

@final
class VariantInfo:
    @property
    def name(self) -> str: ...
    @property
    def weight(self) -> int: ...
    @property
    def format(self) -> str: ...
    @property
    def description(self) -> str: ...

@final
class SourceInfo:
    @property
    def id(self) -> str: ...
    @property
    def aliases(self) -> list[str]: ...
    @property
    def vendor(self) -> str: ...
    @property
    def product(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def formats(self) -> list[str]: ...
    @property
    def sourcetype(self) -> str: ...
    @property
    def variants(self) -> list[str]: ...
    @property
    def variant_info(self) -> list[VariantInfo]: ...
    @property
    def ocsf_classes(self) -> list[int]: ...
    @property
    def doc_url(self) -> str: ...
    @property
    def versions(self) -> str: ...
    @property
    def known_gaps(self) -> list[str]: ...

def sources(
    *,
    category: str | None = None,
    format: str | None = None,
    ocsf_class: int | None = None,
    vendor: str | None = None,
    text: str | None = None,
) -> list[SourceInfo]: ...
def source(id: str) -> SourceInfo: ...

# World

@final
class User:
    @property
    def username(self) -> str: ...
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def manager(self) -> int | None: ...
    @property
    def employee_id(self) -> str: ...
    @property
    def sid(self) -> str: ...
    @property
    def okta_id(self) -> str: ...
    @property
    def object_id(self) -> str: ...
    @property
    def workstation(self) -> int: ...
    @property
    def admin(self) -> bool: ...

@final
class Host:
    @property
    def hostname(self) -> str: ...
    @property
    def fqdn(self) -> str: ...
    @property
    def ip(self) -> str: ...
    @property
    def mac(self) -> str: ...
    @property
    def os(self) -> str: ...
    @property
    def windows(self) -> bool: ...
    @property
    def role(self) -> Literal["workstation", "server", "domain_controller"]: ...
    @property
    def owner(self) -> int | None: ...

@final
class Subnet:
    @property
    def network(self) -> str: ...
    @property
    def prefix(self) -> int: ...
    @property
    def name(self) -> str: ...

@final
class CloudAccount:
    @property
    def provider(self) -> Literal["aws", "azure", "gcp"]: ...
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def region(self) -> str: ...

@final
class Application:
    @property
    def name(self) -> str: ...
    @property
    def app_id(self) -> str: ...

@final
class World:
    def __new__(
        cls,
        seed: int = 0,
        *,
        users: int | None = None,
        servers: int | None = None,
        subnets: int | None = None,
        external_addresses: int | None = None,
        organisation: str | None = None,
        realistic_public_values: bool | None = None,
    ) -> World: ...
    @property
    def seed(self) -> int: ...
    @property
    def config(self) -> dict[str, Any]: ...
    @property
    def organisation(self) -> str: ...
    @property
    def domain(self) -> str: ...
    @property
    def netbios_domain(self) -> str: ...
    @property
    def domain_sid(self) -> str: ...
    @property
    def tenant_id(self) -> str: ...
    @property
    def okta_org(self) -> str: ...
    @property
    def users(self) -> list[User]: ...
    @property
    def hosts(self) -> list[Host]: ...
    @property
    def subnets(self) -> list[Subnet]: ...
    @property
    def nat_addresses(self) -> list[str]: ...
    @property
    def external_addresses(self) -> list[str]: ...
    @property
    def external_domains(self) -> list[str]: ...
    @property
    def cloud_accounts(self) -> list[CloudAccount]: ...
    @property
    def applications(self) -> list[Application]: ...
    def to_dict(self) -> dict[str, Any]: ...

# Events

@final
class Event:
    @property
    def time(self) -> datetime.datetime: ...
    @property
    def time_text(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def sourcetype(self) -> str: ...
    @property
    def variant(self) -> str: ...
    @property
    def host(self) -> str: ...
    @property
    def raw(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def index(self) -> int: ...
    @property
    def labels(self) -> dict[str, Any]: ...
    def ocsf(self) -> dict[str, Any]: ...

@final
class EventStream(Iterator[Event]):
    def __iter__(self) -> EventStream: ...
    def __next__(self) -> Event: ...
    @property
    def remaining(self) -> int | None: ...
    @property
    def format(self) -> str: ...

def generate(
    source: str,
    count: int | None = 10,
    *,
    seed: int = 0,
    start: _Timestamp | None = None,
    end: _Timestamp | None = None,
    rate: float | None = None,
    profile: str | Mapping[str, Any] | None = None,
    variant: str | None = None,
    overrides: Mapping[str, _OverrideValue] | None = None,
    offset: int = 0,
    format: str = "raw",
    world: _WorldSettings | None = None,
) -> list[str]: ...
def stream(
    source: str,
    count: int | None = None,
    *,
    seed: int = 0,
    start: _Timestamp | None = None,
    end: _Timestamp | None = None,
    rate: float | None = None,
    profile: str | Mapping[str, Any] | None = None,
    variant: str | None = None,
    overrides: Mapping[str, _OverrideValue] | None = None,
    offset: int = 0,
    format: str = "raw",
    world: _WorldSettings | None = None,
) -> EventStream: ...

# Parsing

@overload
def parse(
    source: str,
    text: str | bytes,
    *,
    errors: Literal["raise"] = "raise",
    year: int | None = None,
    include_raw: bool = True,
    received_time: _Timestamp | None = None,
    utc_offset: _UtcOffset | None = None,
) -> list[dict[str, Any]]: ...
@overload
def parse(
    source: str,
    text: str | bytes,
    *,
    errors: Literal["collect"],
    year: int | None = None,
    include_raw: bool = True,
    received_time: _Timestamp | None = None,
    utc_offset: _UtcOffset | None = None,
) -> tuple[list[dict[str, Any]], list[ParseError]]: ...
def parse_line(
    source: str,
    line: str | bytes,
    *,
    year: int | None = None,
    include_raw: bool = True,
    received_time: _Timestamp | None = None,
    utc_offset: _UtcOffset | None = None,
) -> dict[str, Any]: ...

# Output and scenarios

def write(
    destination: _PathOrFile,
    source_or_scenario: str | Scenario,
    count: int | None = None,
    *,
    format: str = "ndjson",
    seed: int | None = None,
    start: _Timestamp | None = None,
    end: _Timestamp | None = None,
    rate: float | None = None,
    profile: str | Mapping[str, Any] | None = None,
    variant: str | None = None,
    overrides: Mapping[str, _OverrideValue] | None = None,
    offset: int = 0,
    world: _WorldSettings | None = None,
    batch_size: int | None = None,
) -> int: ...
@final
class Scenario:
    @staticmethod
    def builtin(name: str) -> Scenario: ...
    @staticmethod
    def builtin_names() -> list[str]: ...
    @staticmethod
    def builtin_text(name: str) -> str: ...
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> Scenario: ...
    @staticmethod
    def from_text(text: str, format: Literal["yaml", "yml", "json", "toml"] = "yaml") -> Scenario: ...
    @staticmethod
    def from_dict(document: Mapping[str, Any]) -> Scenario: ...
    @property
    def name(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def describe(self, seed: int | None = None) -> dict[str, Any]: ...
    def events(self, seed: int | None = None, start: _Timestamp | None = None, *, format: str = "raw") -> EventStream: ...
    def write(
        self,
        destination: _PathOrFile,
        format: str = "ndjson",
        *,
        seed: int | None = None,
        start: _Timestamp | None = None,
        count: int | None = None,
        batch_size: int | None = None,
    ) -> int: ...
