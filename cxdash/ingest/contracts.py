"""The data contracts: which tables a data dir holds and what each column must be.

The single place that names tables and columns; validation, loading, the sample and the importers all
read it, so a contract change is one edit.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "string", "date", "timestamp", "float", "int"
    nullable: bool = True
    unique: bool = False
    optional: bool = False  # the column itself may be missing from a file: read as all null


@dataclass(frozen=True)
class TableContract:
    name: str
    columns: tuple[Column, ...]
    key: str

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


CUSTOMERS = TableContract(
    "customers",
    (
        Column("customer_id", "string", nullable=False, unique=True),
        Column("signup_date", "date", nullable=False),
        Column("churn_date", "date"),
        Column("segment", "string", optional=True),
        Column("region", "string", optional=True),
        Column("acquisition_channel", "string", optional=True),
    ),
    key="customer_id",
)

ORDERS = TableContract(
    "orders",
    (
        Column("order_id", "string", nullable=False, unique=True),
        Column("customer_id", "string", nullable=False),
        Column("order_date", "timestamp", nullable=False),
        Column("amount", "float", nullable=False),
        Column("channel", "string", optional=True),
        Column("category", "string", optional=True),
    ),
    key="order_id",
)

SURVEY_RESPONSES = TableContract(
    "survey_responses",
    (
        Column("response_id", "string", nullable=False, unique=True),
        Column("customer_id", "string"),
        Column("responded_at", "timestamp", nullable=False),
        Column("metric", "string", nullable=False),
        Column("score", "int", nullable=False),
        Column("journey_stage", "string", optional=True),
        Column("touchpoint", "string", optional=True),
        Column("channel", "string", optional=True),
        Column("comment", "string", optional=True),
    ),
    key="response_id",
)

# Optional: one row per step of a customer's visit (browse, cart, checkout, payment...), completed or
# abandoned; a visit that stops at a step has that step abandoned and no row for the steps after it.
JOURNEY_EVENTS = TableContract(
    "journey_events",
    (
        Column("event_id", "string", unique=True, optional=True),
        Column("customer_id", "string"),
        Column("timestamp", "timestamp", nullable=False),
        Column("stage", "string", nullable=False),
        Column("step", "string", nullable=False),
        Column("outcome", "string", nullable=False),
        Column("channel", "string", optional=True),
    ),
    key="event_id",
)

TABLES: dict[str, TableContract] = {t.name: t for t in (CUSTOMERS, ORDERS, SURVEY_RESPONSES, JOURNEY_EVENTS)}

# Score ranges per survey metric, inclusive.
SCORE_RANGES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}

OUTCOMES = ("completed", "abandoned")  # journey_events.outcome

# Customer columns every page may filter on; extra string columns of customers join them.
CUSTOMER_DIMENSIONS = ("segment", "region", "acquisition_channel")

POLARS_TYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "date": pl.Date(),
    "timestamp": pl.Datetime("us"),
    "float": pl.Float64(),
    "int": pl.Int64(),
}

FILE_SUFFIXES = (".parquet", ".csv")
GOALS_FILE = "goals.yaml"
DATASET_FILE = "dataset.yaml"


def empty_frame(table: str) -> pl.DataFrame:
    """A frame with the contract's columns and no rows, standing in for a table a data dir lacks."""
    contract = TABLES[table]
    return pl.DataFrame(schema={c.name: POLARS_TYPES[c.kind] for c in contract.columns})
