"""What the loader hands the database: the validated tables and the customers' dimension values, long.

Only this reshape of input stays in polars (which columns are dimensions is a question about the data,
not SQL); everything derived from it (slices, rollups, facts) is built by `queries/build/`.
"""

from __future__ import annotations

import polars as pl

from cxdash.ingest.contracts import CUSTOMER_DIMENSIONS, POLARS_TYPES, TABLES, empty_frame

MAX_DIMENSION_VALUES = 50  # an extra string column with more distinct values is an id, not a dimension
MAX_SLICES = 20_000  # extra dimensions are dropped, fewest values kept, until the combinations fit
DIMENSION_VALUES = "customer_dimension_values"


def input_schemas() -> dict[str, pl.Schema]:
    """Each input table's contract columns (extra columns may come on top)."""
    schemas = {
        name: pl.Schema({c.name: POLARS_TYPES[c.kind] for c in contract.columns}) for name, contract in TABLES.items()
    }
    return schemas | {DIMENSION_VALUES: pl.Schema({"customer_id": pl.String, "dim": pl.String, "value": pl.String})}


def customer_dimensions(customers: pl.DataFrame) -> list[str]:
    """The contract's dimensions plus extra string columns few enough in values to filter on."""
    contract = set(TABLES["customers"].column_names)
    extras = [
        name
        for name, dtype in customers.schema.items()
        if name not in contract and dtype == pl.String and customers[name].n_unique() <= MAX_DIMENSION_VALUES
    ]
    dimensions = [*CUSTOMER_DIMENSIONS, *sorted(extras, key=lambda n: customers[n].n_unique())]
    while len(dimensions) > len(CUSTOMER_DIMENSIONS) and customers.select(dimensions).n_unique() > MAX_SLICES:
        dimensions.pop()
    return dimensions


def dimension_values(customers: pl.DataFrame) -> pl.DataFrame:
    """One row per customer and dimension with a value: (customer_id, dim, value), dimension by dimension."""
    dimensions = customer_dimensions(customers)
    return (
        customers.select("customer_id", *(pl.col(d).cast(pl.String) for d in dimensions))
        .unpivot(index="customer_id", on=dimensions, variable_name="dim", value_name="value")
        .drop_nulls("value")
    )


def input_frames(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The three contract tables (empty with the contract's columns where the data dir lacks one) and the
    dimension values."""
    frames = {name: tables.get(name, empty_frame(name)) for name in TABLES}
    return frames | {DIMENSION_VALUES: dimension_values(frames["customers"])}
