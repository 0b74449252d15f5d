"""Typed configuration: `dataset.yaml` and each goal of `goals.yaml`, checked as they are read.

pydantic does the checking; `explain` turns each of its errors into one plain sentence naming the key,
so a person reads what to fix in the file, never a traceback or a pydantic dump. The column mapping's
YAML is typed beside its model, in `cxdash.ingest.mapping.model`, with the same `explain`.
"""

from __future__ import annotations

import itertools
import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from babel.numbers import list_currencies
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from cxdash.figures.registry import KPI_BY_NAME
from cxdash.ingest.contracts import DATASET_FILE
from cxdash.ingest.problems import Problem, errors

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ISO_TIME = re.compile(r"[ Tt]\d{1,2}:\d{2}(:\d{2}(\.\d*)?)?\s*(Z|[+-]\d{1,2}(:?\d{2})?)?")
Measure = Literal["orders", "surveys", "signups", "churn"]  # what an observed window may be given for


class ConfigError(ValueError):
    """A configuration file that cannot be used; `problems` say why, in the words `check` prints."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def parse_iso_date(text: str) -> date:
    """A real calendar date written YYYY-MM-DD; anything else raises ValueError saying what is wrong."""
    text = text.strip()
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"'{text}' is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a real date ({exc})") from None


def _day(value: object) -> date:
    """A date, or a datetime (or its text) taken as its date: a goal starting `2026-01-01 10:00:00` starts
    on 1 January. Anything else, a number included (pydantic would read it as Unix seconds), is refused."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if ISO_TIME.fullmatch(text[10:]):
            text = text[:10]
        return parse_iso_date(text)
    raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number, got {value!r}")
    return float(value)


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, got {value!r}")
    return value


def _currency(value: object) -> str:
    code = str(value).strip().upper()
    if code not in list_currencies():
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (for example USD, EUR, GBP, BRL)")
    return code


def _values(value: object) -> tuple[str, ...]:
    """A filter's value or list of values, as a tuple of strings."""
    items = value if isinstance(value, list) else [value]
    if not items or any(isinstance(v, bool) or not isinstance(v, str | int | float) for v in items):
        raise ValueError(f"must be a value or a list of values, got {value!r}")
    return tuple(str(v) for v in items)


Day = Annotated[date, BeforeValidator(_day)]
Number = Annotated[float, BeforeValidator(_number)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ObservedSpan(BaseModel):
    """Where the data observed a measure (both days inclusive), when that is not its table's date span."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: Day
    end: Day

    @model_validator(mode="after")
    def _ordered(self) -> ObservedSpan:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class DatasetMeta(BaseModel):
    """What `dataset.yaml` says: what the data is, its currency and as_of date, what was assumed and dropped.

    Built with keyword arguments by the sample, the importers and the mapping (dates may be ISO strings);
    assignments are checked too, so a meta never holds a value its file could not.
    """

    model_config = ConfigDict(validate_assignment=True, coerce_numbers_to_str=True)

    name: str
    description: str = ""
    source: str = ""
    assumptions: list[str] = Field(default_factory=list)
    dropped: list[str] = Field(default_factory=list)
    as_of: Day | None = None  # else the latest date in any table
    currency: Annotated[str, BeforeValidator(_currency)] = "USD"  # ISO 4217 code of every amount
    observed: dict[Measure, ObservedSpan] = Field(default_factory=dict)
    journey_stages: list[str] = Field(default_factory=list)  # survey journey_stage values in journey order

    @classmethod
    def read(cls, directory: Path) -> DatasetMeta:
        """The data dir's dataset.yaml (its folder name when there is none); ConfigError when it is wrong."""
        meta, problems = read_dataset_meta(directory)
        if errors(problems):
            raise ConfigError(errors(problems))
        return meta

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False, allow_unicode=True)


class Milestone(BaseModel):
    """A point the glide path passes through: the value the goal aims to have reached by `date`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: Day
    target: Number


class Goal(BaseModel):
    """One SMART goal of goals.yaml (DESIGN.md); `filters` maps a customer dimension to its chosen values.

    `deadline`, `owner` and `objective` may be left out so that such a goal still shows, failing the
    SMART check (time-bound, specific) in plain words instead of vanishing. `tolerance` is the half-width
    of the band around the glide path, in the metric's units; `milestones` bend the glide path.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True)

    id: Text
    name: Text
    metric: str
    target: Number
    direction: Literal["increase", "decrease"]
    start: Day
    deadline: Day | None = None
    owner: Text | None = None
    objective: Text | None = None
    segment: Text | None = None
    baseline: Number | None = None
    window_days: Annotated[int, BeforeValidator(_whole), Field(gt=0)] = 90
    tolerance: Annotated[float, BeforeValidator(_number), Field(gt=0)] | None = None
    milestones: tuple[Milestone, ...] = ()
    filters: dict[str, Annotated[tuple[str, ...], BeforeValidator(_values)]] = Field(default_factory=dict)

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, metric: str) -> str:
        if metric not in KPI_BY_NAME:
            raise ValueError(f"unknown metric '{metric}' (expected one of {', '.join(KPI_BY_NAME)})")
        return metric

    @model_validator(mode="after")
    def _dates_in_order(self) -> Goal:
        if self.deadline is not None and self.deadline <= self.start:
            raise ValueError(f"deadline {self.deadline} is not after start {self.start}")
        if self.milestones and self.deadline is None:
            raise ValueError("milestones need a deadline")
        days = [self.start, *(m.date for m in self.milestones), self.deadline] if self.milestones else []
        for earlier, later in itertools.pairwise(days):
            if later <= earlier:
                raise ValueError(
                    f"milestone dates must lie between start {self.start} and deadline {self.deadline}, "
                    f"each after the one before ({later} is not after {earlier})"
                )
        if self.segment is not None and "segment" in self.filters:
            raise ValueError("give the segment once: as 'segment' or under 'filters', not both")
        return self

    def scope(self) -> dict[str, tuple[str, ...]]:
        """Every chosen dimension value, `segment` included: the customers the goal is about."""
        return ({"segment": (self.segment,)} if self.segment else {}) | dict(self.filters)

    def scope_text(self) -> str:
        """The scope in words: 'segment Consumer, region North or South', or 'all customers'."""
        parts = [f"{dim} {' or '.join(values)}" for dim, values in self.scope().items()]
        return ", ".join(parts) or "all customers"


def explain(error: ErrorDetails, where: str = "") -> str:
    """One pydantic error in plain words, after `where` (such as "goal 2 'nps-up'"):
    `goal 2 'nps-up', key 'start': 'soon' is not a date in the form YYYY-MM-DD`."""
    text = _plain(error)
    if not where:
        return text
    return f"{where}, {text}" if text.startswith("key '") else f"{where}: {text}"


def _plain(error: ErrorDetails) -> str:
    path = [str(part) for part in error["loc"] if part != "[key]"]
    key = ".".join(path)
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return f"missing key '{key}'"
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return f"unknown key '{key}'"
    if kind == "value_error":
        text = str(ctx.get("error", error["msg"]))
    elif kind == "literal_error":
        text = f"must be {ctx['expected']}, got {value!r}"
    elif kind == "string_type":
        text = f"must be text, got {value!r}"
    elif kind == "string_too_short":
        text = "is empty"
    elif kind in ("list_type", "tuple_type"):
        text = f"must be a list, got {value!r}"
    elif kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        text = f"must be keys with values, got {value!r}"
    elif kind == "greater_than":
        text = f"must be greater than {ctx['gt']}, got {value!r}"
    else:
        text = error["msg"][:1].lower() + error["msg"][1:]
    return f"key '{key}': {text}" if key else text


class _DatesAsText(yaml.SafeLoader):
    """YAML without its own dates: `2024-02-30` would raise a bare ValueError inside the parser, and a date
    with a time would become a datetime; as text, the models check them and name the key."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    """YAML text as Python values, dates left as text; raises yaml.YAMLError only."""
    return yaml.load(text, Loader=_DatesAsText)  # a SafeLoader: builds plain values only


def read_yaml(path: Path, severity: str = "error") -> tuple[Any, list[Problem]]:
    """A YAML file's content, or the Problem that it is not readable YAML (its first line only)."""
    try:
        return load_yaml(Path(path).read_text(encoding="utf-8")), []
    except UnicodeDecodeError:
        return None, [Problem(Path(path).name, "not UTF-8 text; save it as UTF-8", severity=severity)]
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, [Problem(Path(path).name, f"not valid YAML: {first}", severity=severity)]


def _unknown_keys(raw: dict, known: set[str], file: str) -> list[Problem]:
    """Keys a model does not know: a warning, since a typo (`curency`) would otherwise be silently ignored."""
    return [
        Problem(file, f"unknown key '{key}' is ignored (known: {', '.join(sorted(known))})", severity="warning")
        for key in raw
        if key not in known
    ]


def read_dataset_meta(directory: Path) -> tuple[DatasetMeta, list[Problem]]:
    """dataset.yaml of a data dir and its problems; with an error, a meta holding only the folder's name."""
    directory = Path(directory)
    fallback = DatasetMeta(name=directory.name)
    path = directory / DATASET_FILE
    if not path.exists():
        return fallback, []
    raw, problems = read_yaml(path)
    if problems:
        return fallback, problems
    if raw is None:
        return fallback, []
    if not isinstance(raw, dict):
        return fallback, [Problem(DATASET_FILE, "expected keys with values (name: ..., as_of: ...), not a list")]
    known = set(DatasetMeta.model_fields)
    problems = _unknown_keys(raw, known, DATASET_FILE)
    given = {"name": directory.name} | {k: v for k, v in raw.items() if k in known and v not in (None, "")}
    try:
        return DatasetMeta.model_validate(given), problems
    except ValidationError as exc:
        return fallback, problems + [Problem(DATASET_FILE, explain(e)) for e in exc.errors()]
