"""Every query file found by itself: its sidecar's examples match, it returns exactly its declared columns
and types on the tiny data, the sample and an empty data dir (filtered too), it ports to Spark's dialect,
and its params are bound and checked. Then the query layer's figures against independent computations."""

import itertools
import re
from datetime import date, timedelta

import duckdb
import polars as pl
import pytest
import sqlglot

from cxdash.engine.catalog import QUERY_DIR, Query, QueryFailed, QueryFileError, QueryRunner, build_steps, catalog
from cxdash.engine.engine import engine_for_tables
from cxdash.engine.examples import mismatches, run_example
from cxdash.engine.inputs import input_schemas
from cxdash.figures.counts import Filters
from cxdash.ingest.contracts import TABLES, empty_frame
from tests.tiny import CUSTOMERS

QUERIES = sorted(catalog().values(), key=lambda q: q.name)
BUILD = build_steps()
EVERY = QUERIES + BUILD
EXAMPLES = [(q, e) for q in EVERY for e in q.examples]
NOT_PORTABLE = {
    r"datediff\s*\(\s*'month'": "datediff('month', ...): count months as year * 12 + month",
    r"\bdayofweek\b": "dayofweek",
    r"group\s+by\s+all": "GROUP BY ALL",
    r"quantile_cont": "quantile_cont",
    r"\b(read_parquet|read_csv|read_json)\b|from\s+'": "reading a file inside a query",
    r"\blen\s*\(": "len() on a list",
    r"\)\s+as\s+(?!varchar|decimal|numeric|char)\w+\s*\(": "a table alias with column names, AS t(d)",
    r"\$\w+\s+is\s+null": "a param tested for null: params are always bound (bind every slice, not null)",
}


@pytest.fixture(scope="session")
def empty():
    """Every table with no rows (a data dir like this is refused by `check`; the queries must still hold)."""
    return engine_for_tables({name: empty_frame(name) for name in TABLES}, "No rows")


def test_the_catalog_finds_every_file():
    assert {q.name for q in QUERIES} == {p.stem for p in QUERY_DIR.glob("*.sql")}
    assert {q.name for q in BUILD} == {p.stem for p in (QUERY_DIR / "build").glob("*.sql")}


@pytest.mark.parametrize(("query", "example"), EXAMPLES, ids=[f"{q.name}: {e.name}" for q, e in EXAMPLES])
def test_example(query, example):
    result = run_example(query, example)
    assert result.schema == query.schema
    assert mismatches(query, example, result) == []


def test_a_wrong_expectation_is_caught():
    query = catalog()["period_orders"]
    example = query.examples[0]
    result = run_example(query, example)
    assert mismatches(query, example, result.with_columns(revenue=pl.col("revenue") + 1e-6))
    assert mismatches(query, example, result.with_columns(orders=pl.lit(4, pl.Int64)))
    assert mismatches(query, example, pl.concat([result, result]))


@pytest.mark.parametrize("query", EVERY, ids=lambda q: q.name)
def test_portable_and_sorted(query):
    body = re.sub(r"--[^\n]*", "", query.sql).lower()
    for pattern, what in NOT_PORTABLE.items():
        assert not re.search(pattern, body), f"{query.name}.sql uses {what}, which does not port to Spark"
    assert body.count("unnest(") <= 1, f"{query.name}.sql: two UNNESTs zip in DuckDB but cross in Spark"
    translated = sqlglot.transpile(
        query.sql, read="duckdb", write="databricks", unsupported_level=sqlglot.ErrorLevel.RAISE
    )
    assert len(translated) == 1 and "unnest" not in translated[0].lower()
    if not query.one_row:
        assert "order by" in body.rsplit(")", 1)[-1], f"{query.name}.sql must end with an ORDER BY"


def _filters(engine) -> list[Filters]:
    """No filter, one value of one dimension, and one value of each of two dimensions; on data with no
    dimension values (no rows), a filter no one matches (every filterable query then binds no slice)."""
    dims = list(engine.dimensions.items())
    found = [Filters()]
    if not dims:
        found.append(Filters({"segment": ("no such segment",)}))
    if dims:
        found.append(Filters({dims[0][0]: (dims[0][1][0],)}))
    if len(dims) > 1:
        found.append(Filters({dims[0][0]: (dims[0][1][-1],), dims[1][0]: tuple(dims[1][1][:2])}))
    return found


# The cohort and survival queries' params: a dimension and value the data has, a cohort, a month, a group.
COHORT_PARAMS = {
    "dimension": lambda engine, as_of: next(iter(engine.dimensions), "segment"),
    "value": lambda engine, as_of: next(iter(engine.dimensions.values()), ["(none)"])[0],
    "experience": lambda engine, as_of: "detractor",
    "cohort_start": lambda engine, as_of: as_of.replace(day=1) - timedelta(days=92),
    "cohort_end": lambda engine, as_of: as_of,
    "observed_from": lambda engine, as_of: as_of - timedelta(days=400),
    "month": lambda engine, as_of: 1,
}

STRING_PARAMS = {"dim": "segment", "exclude_metric": "nps"}


def _param_sets(query: Query, engine, filters: Filters) -> list[dict]:
    """Values for each declared param from its type, every value of an enum: no test edit per query."""
    as_of = engine.data.as_of or date(2024, 3, 31)
    chosen = filters.active()
    fixed, enums = {}, {}
    for name, kind in query.params.items():
        if kind == "date" and name in ("start", "end", "as_of"):
            fixed[name] = {"start": as_of - timedelta(days=75), "end": as_of, "as_of": as_of}[name]
        elif kind == "list[int]" and name == "slices":
            fixed[name] = engine.slices(filters)
        elif kind == "list[string]" and name == "choices":
            fixed[name] = [f"{dim}={value}" for dim, values in chosen.items() for value in values]
        elif name in COHORT_PARAMS:
            fixed[name] = COHORT_PARAMS[name](engine, as_of)
        elif kind == "date":  # any other date (a window's start or end): the data's last day
            fixed[name] = as_of
        elif kind == "string" and name in STRING_PARAMS:
            fixed[name] = STRING_PARAMS[name]
        elif kind.startswith("enum["):
            enums[name] = kind[5:-1].split(",")
        else:
            pytest.fail(f"{query.name}: teach _param_sets a value for param {name!r} ({kind})")
    return [fixed | dict(zip(enums, combo, strict=True)) for combo in itertools.product(*enums.values())]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
@pytest.mark.parametrize("data", ["tiny", "sample", "empty"])
def test_returns_declared_columns_and_types(query, data, request):
    engine = request.getfixturevalue(data)
    for filters in _filters(engine):
        if query.name == "filter_slices" and not filters.active():
            continue  # nothing chosen is all_slices' job
        for params in _param_sets(query, engine, filters):
            result = engine.run(query.name, **params)
            assert result.schema == query.schema, f"{query.name} with {params}"
            if query.one_row:
                assert result.height == 1


@pytest.mark.parametrize("data", ["tiny", "sample", "empty"])
def test_build_tables_have_their_declared_columns(data, request):
    con = request.getfixturevalue(data).runner.con
    for step in BUILD:
        assert con.sql(f"SELECT * FROM {step.name} LIMIT 0").pl().schema == step.schema, step.name
    # the raw inputs feed the build only: they stay in the data dir's files, not in the database
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables.isdisjoint(input_schemas()) and {step.name for step in BUILD} <= tables


def test_filters_select_the_slices_polars_finds(tiny):
    """segment SMB and region North: a, d, f, h; the slices chosen must hold exactly those customers."""
    filters = Filters({"segment": ("SMB",), "region": ("North",)})
    wanted = CUSTOMERS.filter((pl.col("segment") == "SMB") & (pl.col("region") == "North"))["customer_id"]
    slices = tiny.slices(filters)
    assert 0 not in slices
    members = tiny.runner.con.sql("SELECT customer_id, slice_id FROM customer_slice").pl()
    chosen = members.filter(pl.col("slice_id").is_in(slices))["customer_id"]
    assert sorted(chosen) == sorted(wanted) == ["a", "d", "f", "h"]


def test_every_slice_and_no_customer_slice(tiny):
    everyone = tiny.slices(Filters())
    slices = tiny.runner.con.sql("SELECT DISTINCT slice_id FROM customer_slice").pl()["slice_id"]
    assert everyone == [0, *sorted(slices)]
    # both segments: every customer, but the anonymous response (slice 0) drops out
    assert tiny.slices(Filters({"segment": ("SMB", "Enterprise")})) == sorted(slices)


def test_bad_params_are_refused_naming_the_file(tiny):
    march = {"start": date(2024, 3, 1), "end": date(2024, 3, 31)}
    with pytest.raises(TypeError, match=r"queries/period_orders.sql takes params"):
        tiny.run("period_orders", start=date(2024, 1, 1))
    with pytest.raises(TypeError, match=r"param 'slices' must be list\[int\], got None"):
        tiny.run("period_orders", **march, slices=None)
    with pytest.raises(TypeError, match="param 'start' must be date"):
        tiny.run("period_orders", start="2024-03-01", end=march["end"], slices=[0])
    with pytest.raises(TypeError, match="param 'grain' must be enum"):
        tiny.run("trend_orders", **march, grain="day", slices=[0])
    with pytest.raises(KeyError, match="no query named"):
        tiny.run("nope")


def _sample_period(sample) -> tuple[date, date]:
    """10 March to 20 April: starts mid-week and mid-month, ends mid-week and mid-month."""
    as_of = sample.data.as_of
    year = as_of.year if date(as_of.year, 4, 20) <= as_of else as_of.year - 1
    return date(year, 3, 10), date(year, 4, 20)


def _calendar_bucket(day: date, grain: str) -> tuple[date, date]:
    if grain == "week":
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    first = day.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


@pytest.mark.parametrize("grain", ["week", "month"])
@pytest.mark.parametrize("filtered", [False, True])
def test_trend_buckets_are_the_period_queries_of_each_bucket(sample, grain, filtered):
    start, end = _sample_period(sample)
    slices = sample.slices(Filters({"segment": ("SMB",)} if filtered else {}))
    params = {"start": start, "end": end, "slices": slices}
    customers = sample.run("trend_customers", **params, grain=grain)
    orders = sample.run("trend_orders", **params, grain=grain)
    responses = sample.run("trend_responses", **params, grain=grain)
    buckets = customers.select("bucket_start", "bucket_end", "partial")
    assert buckets.equals(orders.select(buckets.columns))
    assert buckets["bucket_start"][0] == start and buckets["bucket_end"][-1] == end
    for row in buckets.iter_rows(named=True):
        first, last = _calendar_bucket(row["bucket_start"], grain)
        assert row["bucket_start"] == max(first, start) and row["bucket_end"] == min(last, end)
        assert row["partial"] == (row["bucket_start"] > first or row["bucket_end"] < last)
    for row in customers.iter_rows(named=True):
        bucket = {"start": row["bucket_start"], "end": row["bucket_end"], "slices": slices}
        assert sample.run("period_customers", **bucket).row(0, named=True) == {
            k: row[k] for k in ("active_start", "churned", "new_customers", "active_end")
        }
        period_orders = sample.run("period_orders", **bucket)
        in_bucket = orders.filter(pl.col("bucket_start") == row["bucket_start"]).select(period_orders.columns)
        assert in_bucket.to_dicts()[0] == pytest.approx(period_orders.to_dicts()[0])
        per_metric = responses.filter(pl.col("bucket_start") == row["bucket_start"]).drop(buckets.columns)
        assert per_metric.equals(sample.run("period_responses", **bucket))
    period = sample.run("period_customers", **params).row(0, named=True)
    assert customers["new_customers"].sum() == period["new_customers"]
    # churned does not add up: who signs up in one bucket and churns in a later one is in that bucket's base
    assert (customers["active_start"][0], customers["active_end"][-1]) == (period["active_start"], period["active_end"])
    totals = orders.select(pl.col("revenue", "orders", "revenue_sq_sum").sum())
    assert totals.to_dicts()[0] == pytest.approx(sample.run("period_orders", **params).to_dicts()[0])
    summed = responses.drop(buckets.columns).group_by("metric").agg(pl.all().sum()).sort("metric")
    assert summed.equals(sample.run("period_responses", **params))


def test_period_figures_match_polars_on_the_raw_rows(sample, sample_dir):
    """period_customers/orders/responses against tests/independent.py (no SQL, no rollups)."""
    from tests.independent import kpis_from_files

    start, end = _sample_period(sample)
    for segment in (None, "SMB"):
        slices = sample.slices(Filters({"segment": (segment,)} if segment else {}))
        want = kpis_from_files(sample_dir, start, end, segment)
        params = {"start": start, "end": end, "slices": slices}
        customers = sample.run("period_customers", **params).row(0, named=True)
        assert {k: customers[k] for k in ("active_start", "churned", "new_customers")} == {
            k: want[k] for k in ("active_start", "churned", "new_customers")
        }
        orders = sample.run("period_orders", **params).row(0, named=True)
        assert orders["orders"] == want["orders"] and orders["revenue"] == pytest.approx(want["revenue"])
        responses = {r["metric"]: r for r in sample.run("period_responses", **params).iter_rows(named=True)}
        assert {m: responses[m]["n"] for m in responses} == {m: want[f"{m}_n"] for m in ("nps", "csat", "ces")}


def test_rollups_equal_the_raw_rows(sample, sample_dir):
    """Daily rollups summed, against polars on the data files: order sums and the survey cluster sums."""
    orders = pl.read_parquet(sample_dir / "orders.parquet")
    con = sample.runner.con
    (rollup,) = con.execute("SELECT SUM(orders), SUM(revenue), SUM(revenue_sq_sum) FROM daily_orders").fetchall()
    assert rollup[0] == orders.height
    assert rollup[1:] == pytest.approx((orders["amount"].sum(), (orders["amount"] ** 2).sum()))
    responses = pl.read_parquet(sample_dir / "survey_responses.parquet")
    y = (
        pl.when(pl.col("metric") == "nps")
        .then((pl.col("score") >= 9).cast(pl.Int64) - (pl.col("score") <= 6).cast(pl.Int64))
        .when(pl.col("metric") == "csat")
        .then((pl.col("score") >= 4).cast(pl.Int64))
        .otherwise(pl.col("score"))
    )
    clusters = (
        responses.with_columns(
            day=pl.col("responded_at").dt.date(),
            cluster=pl.coalesce(pl.lit("c:") + pl.col("customer_id"), pl.lit("r:") + pl.col("response_id")),
            y=y,
        )
        .group_by("metric", "day", "cluster")
        .agg(n=pl.len(), y=pl.col("y").sum())
        .group_by("metric")
        .agg(
            n=pl.col("n").sum(),
            clusters=pl.len(),
            cluster_n_sq=(pl.col("n") ** 2).sum(),
            cluster_y_sq=(pl.col("y") ** 2).sum().cast(pl.Float64),
            cluster_y_n=(pl.col("y") * pl.col("n")).sum().cast(pl.Float64),
        )
        .sort("metric")
    )
    from_sql = con.sql(
        "SELECT metric, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(clusters) AS BIGINT) AS clusters,"
        " CAST(SUM(cluster_n_sq) AS BIGINT) AS cluster_n_sq, SUM(cluster_y_sq) AS cluster_y_sq,"
        " SUM(cluster_y_n) AS cluster_y_n FROM daily_responses GROUP BY metric ORDER BY metric"
    ).pl()
    assert from_sql["metric"].to_list() == clusters["metric"].to_list()
    for column in ("n", "clusters", "cluster_n_sq", "cluster_y_sq", "cluster_y_n"):
        assert from_sql[column].to_list() == clusters[column].to_list(), column
    assert (clusters["clusters"] < clusters["n"]).any()  # the sample has repeat answers, so this was a test


def test_customer_facts_match_polars(sample, sample_dir):
    """First NPS answer and the spend in the 365 days either side, worked out again in polars."""
    responses = pl.read_parquet(sample_dir / "survey_responses.parquet")
    orders = pl.read_parquet(sample_dir / "orders.parquet").with_columns(day=pl.col("order_date").dt.date())
    first = (
        responses.filter((pl.col("metric") == "nps") & pl.col("customer_id").is_not_null())
        .sort("responded_at", "response_id")
        .group_by("customer_id", maintain_order=True)
        .first()
        .select("customer_id", first_at=pl.col("responded_at").dt.date(), score="score")
    )
    offsets = first.join(orders, on="customer_id", how="left").with_columns(
        offset=(pl.col("day") - pl.col("first_at")).dt.total_days()
    )
    want = (
        offsets.group_by("customer_id", "first_at", "score")
        .agg(
            before=pl.col("amount").filter(pl.col("offset").is_between(-365, -1)).sum(),
            after=pl.col("amount").filter(pl.col("offset").is_between(1, 365)).sum(),
            orders_after=pl.col("amount").filter(pl.col("offset").is_between(1, 365)).len(),
        )
        .sort("customer_id")
    )
    got = (
        sample.runner.con.sql(
            "SELECT customer_id, first_nps_at AS first_at, first_nps_score AS score, spend_before_nps AS before,"
            " spend_after_nps AS after, orders_after_nps AS orders_after FROM customer_facts"
            " WHERE first_nps_at IS NOT NULL ORDER BY customer_id"
        )
        .pl()
        .cast({"orders_after": pl.UInt32})
    )
    assert got.height == want.height > 100
    assert got.drop("before", "after").equals(want.drop("before", "after"))
    assert got["before"].to_list() == pytest.approx(want["before"].to_list())
    assert got["after"].to_list() == pytest.approx(want["after"].to_list())


def _month_end(first: date, k: int) -> date:
    """The last day of the calendar month k months after the month starting on `first`."""
    following = date(first.year + (first.month + k) // 12, (first.month + k) % 12 + 1, 1)
    return following - timedelta(days=1)


def test_cohort_months_match_polars(sample, sample_dir):
    """Cohort size, logo retention, ordering customers and revenue per cohort and month, all slices summed."""
    customers = pl.read_parquet(sample_dir / "customers.parquet")
    orders = pl.read_parquet(sample_dir / "orders.parquet")
    as_of = sample.data.as_of
    rows = []
    for (cohort,), group in customers.group_by(pl.col("signup_date").dt.truncate("1mo")):
        ordered = orders.join(group, on="customer_id").with_columns(
            k=(pl.col("order_date").dt.year() - cohort.year) * 12 + pl.col("order_date").dt.month() - cohort.month
        )
        for k in range((as_of.year - cohort.year) * 12 + as_of.month - cohort.month + 1):
            churned = group.filter(pl.col("churn_date") <= _month_end(cohort, k)).height
            in_month = ordered.filter(pl.col("k") == k)
            bought = in_month.filter(pl.col("amount") > 0)["customer_id"].n_unique()  # a refund alone is no purchase
            rows.append((cohort, k, group.height, group.height - churned, bought))
            rows[-1] += (float(in_month["amount"].sum()),)
    columns = ["cohort_month", "month_index", "customers", "retained", "ordering", "revenue"]
    want = pl.DataFrame(rows, schema=columns, orient="row").sort("cohort_month", "month_index")
    got = sample.runner.con.sql(
        "SELECT cohort_month, month_index, CAST(SUM(customers) AS BIGINT) AS customers,"
        " CAST(SUM(retained) AS BIGINT) AS retained, CAST(SUM(ordering) AS BIGINT) AS ordering,"
        " SUM(revenue) AS revenue FROM cohort_months GROUP BY cohort_month, month_index"
        " ORDER BY cohort_month, month_index"
    ).pl()
    assert got.height == want.height > 300
    assert got.drop("revenue").equals(want.drop("revenue"))
    assert got["revenue"].to_list() == pytest.approx(want["revenue"].to_list())


GOOD_SQL = "SELECT CAST($n AS BIGINT) + 1 AS m\nORDER BY m\n"
GOOD_YAML = """description: n plus one
params:
  n: int
columns:
  m: bigint
examples:
  - name: one
    given: {}
    params: {n: 1}
    expect:
      - {m: 2}
"""
BROKEN = {
    "no sidecar": (GOOD_SQL, None, "has no sidecar"),
    "missing key": (GOOD_SQL, GOOD_YAML.replace("columns:\n  m: bigint\n", ""), r"missing key\(s\) \['columns'\]"),
    "unknown key": (GOOD_SQL, GOOD_YAML + "owner: me\n", r"unknown key\(s\) \['owner'\]"),
    "undeclared param": (GOOD_SQL.replace("$n", "$n + $k"), GOOD_YAML, r"uses \$k, not declared"),
    "unused param": (GOOD_SQL, GOOD_YAML.replace("  n: int\n", "  n: int\n  k: date\n"), r"never uses"),
    "unknown type": (GOOD_SQL, GOOD_YAML.replace("m: bigint", "m: integer"), "has type 'integer'"),
    "expected row off contract": (GOOD_SQL, GOOD_YAML.replace("{m: 2}", "{mm: 2}"), "exactly the columns"),
    "example params off contract": (GOOD_SQL, GOOD_YAML.replace("{n: 1}", "{}"), "binds params"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_contract_names_its_file(tmp_path, case):
    sql, sidecar, message = BROKEN[case]
    (tmp_path / "plus_one.sql").write_text(sql)
    if sidecar is not None:
        (tmp_path / "plus_one.yaml").write_text(sidecar)
    with pytest.raises(QueryFileError, match=message) as raised:
        catalog(tmp_path)
    assert "plus_one." in str(raised.value)


def test_a_sidecar_without_its_query_names_it(tmp_path):
    (tmp_path / "lost.yaml").write_text(GOOD_YAML)
    with pytest.raises(QueryFileError, match=r"lost.yaml has no query file"):
        catalog(tmp_path)


TYPOS = {
    "a keyword": ("SELECT", "SELEC", r"plus_one.sql:1: Parser Error", 1),
    "a column": ("ORDER BY m", "ORDER BY mm", r'plus_one.sql:2: Binder Error: Referenced column "mm"', 2),
    "a function": ("CAST($n AS BIGINT)", "ABSS($n)", r"plus_one.sql:1: Catalog Error: .*abss", 1),
}


@pytest.mark.parametrize("typo", TYPOS, ids=list(TYPOS))
def test_a_query_with_a_typo_fails_naming_its_file_and_line(tmp_path, typo):
    right, wrong, message, line = TYPOS[typo]
    (tmp_path / "plus_one.sql").write_text(GOOD_SQL.replace(right, wrong))
    (tmp_path / "plus_one.yaml").write_text(GOOD_YAML)
    with pytest.raises(QueryFailed, match=message) as raised:
        QueryRunner(duckdb.connect(), tmp_path).run("plus_one", n=1)
    assert raised.value.line == line and raised.value.path.name == "plus_one.sql"


def test_a_missing_param_names_its_file_and_line(tmp_path, tiny):
    (tmp_path / "plus_one.sql").write_text("-- $k in a comment is not a use\n" + GOOD_SQL.replace("m\n", "m + $k\n", 1))
    (tmp_path / "plus_one.yaml").write_text(GOOD_YAML)
    with pytest.raises(QueryFileError, match=r"plus_one.sql:2 uses \$k, not declared in plus_one.yaml"):
        catalog(tmp_path)
    with pytest.raises(TypeError, match=r"queries/period_orders.sql takes params \['end', 'slices', 'start'\]"):
        tiny.run("period_orders", start=date(2024, 3, 1), slices=[0])


def test_a_runtime_error_names_its_file(tmp_path):
    """A conversion that fails on the data's values: no line to give, but the file."""
    (tmp_path / "plus_one.sql").write_text(GOOD_SQL.replace("$n", "'x' || $n"))
    (tmp_path / "plus_one.yaml").write_text(GOOD_YAML)
    with pytest.raises(QueryFailed, match=r"plus_one.sql(:1)?: Conversion Error"):
        QueryRunner(duckdb.connect(), tmp_path).run("plus_one", n=1)


def test_new_and_changed_files_are_picked_up_without_a_restart(tmp_path, monkeypatch):
    monkeypatch.setattr("cxdash.engine.catalog.RECHECK_SECONDS", 0.0)  # the app looks once a second
    (tmp_path / "plus_one.sql").write_text(GOOD_SQL)
    (tmp_path / "plus_one.yaml").write_text(GOOD_YAML)
    runner = QueryRunner(duckdb.connect(), tmp_path)
    assert runner.run("plus_one", n=1)["m"].to_list() == [2]
    (tmp_path / "plus_two.sql").write_text(GOOD_SQL.replace("+ 1", "+ 2"))
    (tmp_path / "plus_two.yaml").write_text(GOOD_YAML.replace("{m: 2}", "{m: 3}"))
    (tmp_path / "plus_one.sql").write_text(GOOD_SQL.replace("+ 1", "+ 10"))
    assert runner.run("plus_two", n=1)["m"].to_list() == [3]
    assert runner.run("plus_one", n=1)["m"].to_list() == [11]
