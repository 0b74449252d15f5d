"""Every query file on a real local Spark (over Spark Connect) against DuckDB, row by row: each build table
and each query on the tiny data and a small sample, filtered and not; every sidecar example on Spark; and
the CLI's KPIs of a few periods through the Spark engine. One Spark server for the module: one startup."""

import json
import shutil
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cxdash.engine.catalog import Example, Query, QueryFailed, build_steps, catalog
from cxdash.engine.engine import CLI_KEYS, Engine, open_engine
from cxdash.engine.examples import mismatches
from cxdash.figures.counts import Filters
from cxdash.figures.periods import preset_period
from tests.test_queries import _filters, _param_sets

if shutil.which("java") is None:
    pytest.skip(
        "Spark needs Java 17 and there is no `java` on the PATH (tests/run.sh installs openjdk-17-jre-headless)",
        allow_module_level=True,
    )

from cxdash.engine import spark  # after the skip: pyspark is pointless without Java

pytestmark = pytest.mark.spark

SMALL_SAMPLE = 300  # customers: every slice, metric and month shows up, and Spark stays quick
DATA = ("tiny", "small")
QUERIES = sorted(catalog().values(), key=lambda q: q.name)
BUILD = build_steps()
EXAMPLES = [(q, e) for q in [*QUERIES, *BUILD] for e in q.examples]
TOLERANCE = 1e-9  # sums of doubles added up in another order


@pytest.fixture(scope="session")
def spark_url() -> str:
    return spark.local_server()


@pytest.fixture(scope="module")
def example_session(spark_url):
    """One session for every example: each replaces the views its query reads."""
    return spark.connect(spark_url)


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory):
    from cxdash.ingest.sample import write_sample

    return write_sample(tmp_path_factory.mktemp("small"), customers=SMALL_SAMPLE, seed=11)


@pytest.fixture(scope="module")
def engines(spark_url, tiny_dir, small_dir) -> dict[str, tuple[Engine, Engine]]:
    """Each data dir opened twice: DuckDB and Spark."""
    dirs = {"tiny": tiny_dir, "small": small_dir}
    return {name: (open_engine(path), spark.open_spark_engine(path, spark_url)) for name, path in dirs.items()}


def assert_same(duck: pl.DataFrame, on_spark: pl.DataFrame, ordered: bool, what: str) -> None:
    try:
        assert_frame_equal(duck, on_spark, check_row_order=ordered, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    except AssertionError as error:
        shown = f"{what}: Spark differs from DuckDB: {error}\nDuckDB:\n{duck}\nSpark:\n{on_spark}"
        raise AssertionError(shown) from None


@pytest.mark.parametrize("step", BUILD, ids=lambda q: q.name)
@pytest.mark.parametrize("data", DATA)
def test_build_table_equals_duckdbs(engines, data, step):
    duck, on_spark = engines[data]
    want = duck.runner.con.sql(f'SELECT * FROM "{step.name}"').pl()  # a name from our own catalog
    got = on_spark.runner.table(step.name).cast(dict(step.schema))
    assert want.height > 0 or data == "tiny", f"{step.name} is empty on the sample: nothing was compared"
    assert_same(want, got, ordered=False, what=f"build table {step.name} on {data}")


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
@pytest.mark.parametrize("data", DATA)
def test_query_equals_duckdbs(engines, data, query):
    """With no filter and with two dimensions chosen; every grain; rows in the same order."""
    duck, on_spark = engines[data]
    every = _filters(duck)
    cases = []
    for filters in (every[0], every[-1]):
        if query.name == "filter_slices" and not filters.active():
            continue
        cases += [p for p in _param_sets(query, duck, filters) if p not in cases]
    for params in cases:
        want = duck.run(query.name, **params)
        assert_same(want, on_spark.run(query.name, **params), ordered=True, what=f"{query.name}({params}) on {data}")


def test_a_filter_matching_no_one_binds_an_empty_list(engines):
    """`[]` reaches Spark as ARRAY<VOID>: ARRAY_CONTAINS on it must be false, never an error."""
    duck, on_spark = engines["small"]
    assert on_spark.run("filter_slices", choices=["segment=no such segment"]).is_empty()
    period = {"start": duck.data.as_of.replace(day=1), "end": duck.data.as_of, "slices": []}
    for name, params in (("period_customers", period), ("trend_orders", {**period, "grain": "week"})):
        assert_same(duck.run(name, **params), on_spark.run(name, **params), ordered=True, what=f"{name} on no slice")


@pytest.mark.parametrize(("query", "example"), EXAMPLES, ids=[f"{q.name}: {e.name}" for q, e in EXAMPLES])
def test_example_on_spark(example_session, query, example):
    result = spark.run_example(example_session, query, example)
    assert result.schema == query.schema
    assert mismatches(query, example, result) == []


@pytest.mark.parametrize("data", DATA)
def test_kpis_equal_duckdbs(engines, data):
    """The Engine over Spark: a filtered month and a whole unfiltered year."""
    duck, on_spark = engines[data]
    segment = Filters({"segment": (duck.data.dimensions["segment"][0],)})
    for preset, filters in (("Last full month", segment), ("Last 12 months", Filters())):
        period = preset_period(preset, duck.data.as_of)
        want, got = duck.kpis(period, filters), on_spark.kpis(period, filters)
        close = {k: None if want[k] is None else pytest.approx(want[k], rel=TOLERANCE) for k in CLI_KEYS}
        assert {k: got[k] for k in CLI_KEYS} == close, f"{preset}, {filters}"


def test_every_query_file_is_compared():
    """The cases above come from the files themselves: a new query or build file is on Spark's list."""
    from cxdash.paths import BUILD_DIR, QUERY_DIR

    assert {q.name for q in QUERIES} == {p.stem for p in QUERY_DIR.glob("*.sql")}
    assert {q.name for q in BUILD} == {p.stem for p in BUILD_DIR.glob("*.sql")}
    assert {q.name for q, _ in EXAMPLES} == {q.name for q in [*QUERIES, *BUILD]}, "every file has an example"


def test_the_new_page_template_runs_on_spark(example_session, tmp_path):
    """The query `new-page` writes: its example holds on Spark too, so a new page starts portable."""
    from tests.test_adding_a_page import template_query

    query = template_query(tmp_path)
    for example in query.examples:
        assert mismatches(query, example, spark.run_example(example_session, query, example)) == []


def test_params_are_markers_never_text():
    query = catalog()["period_orders"]
    sql = spark.translate(query.sql)
    assert ":start" in sql and ":end" in sql and ":slices" in sql and "$" not in sql


def test_with_tables_written_out_mean_the_same():
    """A view's WITH inlined (see `spark.translate`): the same rows on DuckDB, chained and aliased names too."""
    import duckdb
    import sqlglot

    sql = (
        "WITH a AS (SELECT range AS x FROM range(5)), b AS (SELECT x * 2 AS y FROM a WHERE x > 1) "
        "SELECT b.y, q.x FROM b JOIN a AS q ON q.x * 2 = b.y UNION ALL SELECT y, NULL FROM b ORDER BY 1, 2"
    )
    inlined = spark.without_with(sqlglot.parse_one(sql, read="duckdb"))
    assert inlined.args.get("with_") is None
    assert duckdb.sql(inlined.sql(dialect="duckdb")).fetchall() == duckdb.sql(sql).fetchall()
    recursive = sqlglot.parse_one("WITH RECURSIVE r AS (SELECT 1 AS n) SELECT n FROM r", read="duckdb")
    assert spark.without_with(recursive) == recursive


def test_bad_params_are_refused_before_spark(engines):
    _, on_spark = engines["tiny"]
    with pytest.raises(TypeError, match="param 'start' must be date"):
        on_spark.run("period_orders", start="2024-03-01", end=date(2024, 3, 31), slices=[0])
    with pytest.raises(KeyError, match="no query named"):
        on_spark.run("nope")


def _probe(sql: str, columns: dict[str, str]) -> Query:
    """A query as if it were in all_slices.sql, with no params and no rows given."""
    return Query("all_slices", catalog()["all_slices"].path, sql, "a probe", {}, columns, ())


def test_a_failure_names_the_file_and_shows_the_spark_sql(example_session):
    nothing = Example("nothing given", {}, {}, [])
    unknown = _probe("SELECT no_such_column FROM customer_slice", {"x": "bigint"})
    with pytest.raises(QueryFailed, match=r"(?s)queries/all_slices.sql on Spark: .*no_such_column.*as Spark SQL"):
        spark.run_example(example_session, unknown, nothing)
    mistyped = _probe("SELECT CAST('2024-03-01' AS DATE) AS day", {"day": "string"})
    with pytest.raises(QueryFailed, match="column 'day' came back Date, declared string"):
        spark.run_example(example_session, mistyped, nothing)


def test_the_cli_prints_the_same_kpis_on_spark(tiny_dir, spark_url, monkeypatch, capsys):
    from cxdash.cli import main

    monkeypatch.setenv("CXDASH_SPARK_URL", spark_url)
    args = ["kpis", str(tiny_dir), "--start", "2024-03-01", "--end", "2024-03-31", "--format", "json"]
    printed = []
    for engine in ("duckdb", "spark"):
        assert main([*args, "--engine", engine]) == 0
        printed.append(json.loads(capsys.readouterr().out))
    on_duckdb, on_spark = printed
    assert on_spark.keys() == on_duckdb.keys()
    for key, value in on_duckdb.items():
        assert on_spark[key] == (value if value is None or isinstance(value, int) else pytest.approx(value)), key
