"""One DuckDB database per data dir: the validated tables plus daily rollups that make filters fast.

Customers are grouped by the combination of their dimension values (`customer_slices`); every order and
response carries its customer's `slice_id`, so a filter on any dimension becomes a list of slice ids and
the rollups (one row per day and slice) answer it without touching the raw rows.
"""

from __future__ import annotations

import duckdb
import polars as pl

from cxdash.ingest.contracts import CUSTOMER_DIMENSIONS, TABLES, empty_frame
from cxdash.ingest.loading import DataSet
from cxdash.paths import BUILD_DIR

MAX_DIMENSION_VALUES = 50  # an extra string column with more distinct values is an id, not a dimension
MAX_GROUPS = 20_000
ROLLUPS = ("daily_orders", "daily_responses")


def customer_dimensions(customers: pl.DataFrame) -> list[str]:
    """The contract's dimensions plus extra string columns few enough in values to filter on."""
    contract = set(TABLES["customers"].column_names)
    extras = [
        name
        for name, dtype in customers.schema.items()
        if name not in contract and dtype == pl.String and customers[name].n_unique() <= MAX_DIMENSION_VALUES
    ]
    dimensions = [*CUSTOMER_DIMENSIONS, *sorted(extras, key=lambda n: customers[n].n_unique())]
    while len(dimensions) > len(CUSTOMER_DIMENSIONS) and customers.select(dimensions).n_unique() > MAX_GROUPS:
        dimensions.pop()
    return dimensions


def _with_slices(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    customers = tables.get("customers", empty_frame("customers"))
    dimensions = customer_dimensions(customers)
    slices = (
        customers.select(dimensions)
        .unique()
        .sort(dimensions, nulls_last=True)
        .with_row_index("slice_id")
        .with_columns(pl.col("slice_id").cast(pl.Int32))
    )
    customers = customers.join(slices, on=dimensions, how="left", nulls_equal=True)
    ids = customers.select("customer_id", "slice_id")
    slice_dims = (
        slices.with_columns(pl.col(dimensions).cast(pl.String))
        .unpivot(index="slice_id", on=dimensions, variable_name="dim", value_name="value")
        .drop_nulls("value")
        .sort("slice_id", "dim")
    )
    result = {"customers": customers, "customer_slices": slices, "slice_dims": slice_dims}
    for name in ("orders", "survey_responses"):
        frame = tables.get(name, empty_frame(name))
        result[name] = frame.join(ids, on="customer_id", how="left")
    return result


def build_database(data: DataSet) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding every table (empty where the data dir lacks one) and the rollups."""
    con = duckdb.connect(":memory:")
    for name, frame in _with_slices(data.tables).items():
        con.register("frame_view", frame)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame_view')  # name from our own list
        con.unregister("frame_view")
    for rollup in ROLLUPS:
        select = (BUILD_DIR / f"{rollup}.sql").read_text(encoding="utf-8")
        con.execute(f'CREATE TABLE "{rollup}" AS {select}')  # static SQL from queries/build
    return con
