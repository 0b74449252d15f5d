"""The same query files on Apache Spark over Spark Connect: a cluster at `sc://host:port`, or a local server.

Each query is translated with sqlglot (DuckDB -> Databricks SQL). Its `$name` params become Spark's named
parameter markers (`:name`) and their values travel beside the SQL text as typed literals (a date as DATE,
a list as ARRAY), so nothing is ever formatted into SQL. Each data dir gets its own Connect session: the
validated input tables become temp views, every `queries/build/` file makes a cached view in dependency
order, then `run(name, **params)` answers like `QueryRunner.run`, in the declared column types.
"""

from __future__ import annotations

import logging
import secrets
import warnings
from datetime import date
from functools import lru_cache
from pathlib import Path

import polars as pl
import sqlglot
from sqlglot import exp

from cxdash.engine.catalog import Example, Query, QueryFailed, build_params, build_steps, catalog, check_params, shown
from cxdash.engine.engine import Engine
from cxdash.engine.examples import example_tables
from cxdash.engine.info import dataset_info
from cxdash.engine.inputs import DIMENSION_VALUES, input_frames
from cxdash.ingest.loading import load_dataset
from cxdash.paths import QUERY_DIR

with warnings.catch_warnings():  # pyspark warns it is untested with pandas 3; results come as Arrow, not pandas
    warnings.simplefilter("ignore", FutureWarning)
    from pyspark.errors import PySparkException
    from pyspark.sql.connect.session import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

# pyspark logs every failed query with its whole JVM stack; the QueryFailed raised here says what failed.
logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)

LOCAL_MASTER = "local[2]"
SESSION_CONF = {"spark.sql.session.timeZone": "UTC"}  # timestamps are naive: a cast to DATE must not shift them
LOCAL_CONF = {
    "spark.app.name": "cxdash",
    "spark.plugins": "org.apache.spark.sql.connect.SparkConnectPlugin",
    "spark.connect.grpc.binding.address": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # One machine's data is small: each query costs its planning, not its rows. Measured here on small
    # queries: C2 and parallel GC threads take half the CPU of a short-lived JVM; code generation, adaptive
    # re-planning and more than one shuffle partition cost another quarter. (A cluster keeps its own.)
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.shuffle.partitions": "1",
}
# polars types Spark may return for each declared column type; anything else is refused, never cast
RETURNED: dict[str, tuple[type[pl.DataType], ...]] = {
    "bigint": (pl.Int8, pl.Int16, pl.Int32, pl.Int64),
    "double": (pl.Float32, pl.Float64, pl.Decimal),
    "date": (pl.Date,),
    "string": (pl.String,),
    "boolean": (pl.Boolean,),
}


@lru_cache(maxsize=256)
def translate(sql: str, view: bool = False) -> str:
    """DuckDB SQL as Spark SQL; `$name` params become Spark's `:name` markers.

    For a view (a build table) each WITH table is also written out as a subquery where it is read: Spark
    4.3 does not find a cached view in its cache when the view's own SQL has a WITH and another query
    reads it inside a WITH, and computes the whole view again on every such query.
    """
    tree = sqlglot.parse_one(sql, read="duckdb")
    if view:
        tree = without_with(tree)
    return tree.sql(dialect="databricks", unsupported_level=sqlglot.ErrorLevel.RAISE)


def without_with(tree: exp.Expr) -> exp.Expr:
    """The same query with its top-level WITH tables inlined as subqueries (left as it is when a WITH is
    recursive, nested, or names its columns, where inlining could change what a name means)."""
    tree = tree.copy()
    with_ = tree.args.get("with_")
    nested = [w for w in tree.find_all(exp.With) if w is not with_]
    if with_ is None or with_.args.get("recursive") or nested or any(c.alias_column_names for c in with_.expressions):
        return tree
    ctes = list(with_.expressions)
    tree.set("with_", None)
    for i, cte in enumerate(ctes):

        def written_out(node: exp.Expr, cte: exp.CTE = cte) -> exp.Expr:
            if isinstance(node, exp.Table) and not node.db and node.name == cte.alias:
                return exp.Subquery(
                    this=cte.this.copy(), alias=exp.TableAlias(this=exp.to_identifier(node.alias_or_name))
                )
            return node

        for later in ctes[i + 1 :]:
            later.set("this", later.this.transform(written_out))
        tree = tree.transform(written_out)
    return tree


def tables_read(sql: str) -> set[str]:
    """The tables a query reads (its CTEs left out)."""
    tree = sqlglot.parse_one(sql, read="databricks")
    return {t.name for t in tree.find_all(exp.Table)} - {cte.alias for cte in tree.find_all(exp.CTE)}


@lru_cache(maxsize=4)
def local_server(master: str = LOCAL_MASTER) -> str:
    """Starts a Spark Connect server inside this process (once) and gives its `sc://` URL.

    Not `SparkSession.builder.remote("local")`: that binds the fixed port 15002, so two processes on one
    machine collide, and it drops settings such as `spark.ui.enabled` with a warning. This server binds a
    free loopback port and takes only clients with its random token.
    """
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession as ClassicSession

    token = secrets.token_hex(16)
    settings = {
        **LOCAL_CONF,
        **SESSION_CONF,
        "spark.master": master,
        "spark.connect.grpc.binding.port": "0",
        "spark.connect.authenticate.token": token,
    }
    context = SparkContext.getOrCreate(SparkConf(loadDefaults=False).setAll([*settings.items()]))
    context.setLogLevel("ERROR")
    ClassicSession(context)  # the Connect plugin serves the SQL of this session's catalog
    service = getattr(context._jvm, "org.apache.spark.sql.connect.service.SparkConnectService$")
    port = getattr(service, "MODULE$").localPort()
    return f"sc://localhost:{port}/;token={token}"


def connect(url: str | None = None) -> SparkSession:
    """A new Spark Connect session, with its own temp views, on `url` or on the local server."""
    session = SparkSession.builder.remote(url or local_server()).create()
    for key, value in SESSION_CONF.items():
        session.conf.set(key, value)
    return session


def _fail(query: Query, sql: str, error: Exception) -> QueryFailed:
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return QueryFailed(f"{shown(query.path)} on Spark: {first_line}\n--- as Spark SQL ---\n{sql}")


def _typed(query: Query, sql: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The result in the declared column types; a type Spark gives that the declaration does not allow fails."""
    if list(frame.columns) != list(query.columns):
        raise _fail(query, sql, ValueError(f"columns {frame.columns}, declared {list(query.columns)}"))
    for name, kind in query.columns.items():
        if not isinstance(frame.schema[name], RETURNED[kind]):
            raise _fail(query, sql, TypeError(f"column {name!r} came back {frame.schema[name]}, declared {kind}"))
    return frame.cast(dict(query.schema))


def spark_sql(query: Query) -> str:
    """A catalog query as Spark runs it (a build file as a view); `QueryFailed` if sqlglot cannot say it."""
    try:
        return translate(query.sql, view=query.path.parent.name == "build")
    except sqlglot.errors.SqlglotError as error:
        raise _fail(query, query.sql, error) from error


def _collect(session: SparkSession, query: Query, params: dict[str, object]) -> pl.DataFrame:
    """The query's rows, params bound as named markers; `QueryFailed` names the file and shows the SQL."""
    sql = spark_sql(query)
    try:
        table = session.sql(sql, args=check_params(query, params)).toArrow()
    except PySparkException as error:
        raise _fail(query, sql, error) from error
    return _typed(query, sql, pl.from_arrow(table))


def _register(session: SparkSession, name: str, frame: pl.DataFrame) -> None:
    """A frame as a temp view; its schema given, so an empty frame keeps its types and a naive timestamp
    stays one (TIMESTAMP_NTZ, as in DuckDB)."""
    table = frame.to_arrow()
    schema = from_arrow_schema(table.schema, prefer_timestamp_ntz=True)
    session.createDataFrame(table, schema=schema).createOrReplaceTempView(name)


class SparkRunner:
    """Runs catalog queries on Spark over one data dir's tables; the same `run` as `QueryRunner`."""

    def __init__(self, session: SparkSession, frames: dict[str, pl.DataFrame], as_of: date):
        """`frames` are the input tables (`input_frames`); `as_of` is bound where a build file asks for it."""
        self.session = session
        for name, frame in frames.items():
            _register(session, name, frame)
        for step in build_steps():
            sql = spark_sql(step)
            try:
                view = session.sql(sql, args=build_params(step, as_of)).cache()
                view.count()  # built now, so a failing build file fails here and names itself
            except PySparkException as error:
                raise _fail(step, sql, error) from error
            view.createOrReplaceTempView(step.name)

    @property
    def queries(self) -> dict[str, Query]:
        return catalog(QUERY_DIR)

    def run(self, name: str, **params: object) -> pl.DataFrame:
        query = self.queries.get(name)
        if query is None:
            raise KeyError(f"no query named {name!r} in queries/ (known: {', '.join(sorted(self.queries))})")
        return _collect(self.session, query, params)

    def table(self, name: str) -> pl.DataFrame:
        """A whole input or build table as Spark holds it (to compare with DuckDB's)."""
        return pl.from_arrow(self.session.table(name).toArrow())


def run_example(session: SparkSession, query: Query, example: Example) -> pl.DataFrame:
    """A sidecar example on Spark: its `given` rows (typed, as `examples.run_example` gives them to DuckDB)
    replace the tables the query reads in this session."""
    tables = example_tables(query, example)
    for name in tables_read(spark_sql(query)):
        _register(session, name, tables[name])
    return _collect(session, query, example.params)


def open_spark_engine(directory: Path, url: str | None = None) -> Engine:
    """The Engine of a data dir with Spark answering its queries (`--engine spark`); `url` is `sc://host:port`
    of a Spark Connect server, else one starts in this process."""
    data = load_dataset(Path(directory))
    frames = input_frames(data.tables)
    info = dataset_info(data, frames[DIMENSION_VALUES])
    if not data.ok:
        return Engine(info, None)
    return Engine(info, SparkRunner(connect(url), frames, data.as_of or date.today()))
