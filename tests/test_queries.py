"""Every `queries/*.sql` found by itself: runs on the tiny and the sample data, returns its declared
columns, binds its params, sorts what it returns and avoids SQL that does not port to Spark."""

import re
from datetime import date

import polars as pl
import pytest

from cxdash.engine.catalog import QUERY_DIR, Query, catalog, parse_query, used_params
from cxdash.engine.database import BUILD_DIR, ROLLUPS

QUERIES = sorted(catalog().values(), key=lambda q: q.name)
NOT_PORTABLE = [
    r"datediff\s*\(\s*'month'",
    r"\bdayofweek\b",
    r"group\s+by\s+all",
    r"quantile_cont",
    r"read_parquet",
    r"\blen\(",
]


def example_params(query: Query) -> dict[str, object]:
    """A value for each declared param, from its name and the type in the header: no test edit needed."""
    declared = dict(re.findall(r"(\w+) \(([^)]*)\)", query.sql.split("\n-- columns:")[0]))
    values = {}
    for name in query.params:
        kind = declared.get(name, "")
        if "date" in kind:
            values[name] = date(2024, 3, 1) if "start" in name else date(2024, 3, 31)
        elif "'" in kind:
            values[name] = re.findall(r"'([^']+)'", kind)[-1]
        elif "list" in kind or "null" in kind:
            values[name] = None if "null" in kind else []
        else:
            pytest.fail(f"{query.name}: give param {name!r} a type in its header, e.g. '{name} (date)'")
    return values


def test_the_catalog_finds_every_file():
    assert {q.name for q in QUERIES} == {p.stem for p in QUERY_DIR.glob("*.sql")}
    assert len(QUERIES) >= 7


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_header_declares_params_and_columns(query):
    assert query.returns, f"{query.name}.sql needs a '-- returns:' line"
    assert query.columns, f"{query.name}.sql needs a '-- columns:' line"
    assert used_params(query.sql) == set(query.params), "declared params must be exactly the bound ones"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_portable_and_sorted(query):
    body = "\n".join(line for line in query.sql.splitlines() if not line.startswith("--")).lower()
    for pattern in NOT_PORTABLE:
        assert not re.search(pattern, body), f"{query.name}.sql uses {pattern}, which does not port to Spark"
    if not query.returns.startswith("one row"):
        assert "order by" in body.rsplit(")", 1)[-1], f"{query.name}.sql must end with an ORDER BY"


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
@pytest.mark.parametrize("data", ["tiny", "sample"])
def test_runs_and_returns_declared_columns(query, data, request):
    engine = request.getfixturevalue(data)
    params = example_params(query)
    if query.name == "filter_slices":
        params = {"dims": ["segment"], "dim_values": [engine.dimensions["segment"][0]]}
    result = engine.run(query.name, **params)
    assert tuple(result.columns) == query.columns


def test_bad_params_are_refused(tiny):
    with pytest.raises(TypeError, match="takes params"):
        tiny.run("period_orders", start=date(2024, 1, 1))
    with pytest.raises(KeyError, match="no query named"):
        tiny.run("nope")


def test_rollups_equal_the_raw_rows(sample):
    """The daily rollups, summed, give what the raw tables give: a second method for every period query."""
    orders = sample.data.tables["orders"]
    rollup = sample.runner.con.execute("SELECT SUM(orders), SUM(revenue) FROM daily_orders").fetchone()
    assert rollup[0] == orders.height and rollup[1] == pytest.approx(orders["amount"].sum())
    responses = sample.data.tables["survey_responses"]
    per_metric = dict(
        sample.runner.con.execute("SELECT metric, SUM(n) FROM daily_responses GROUP BY metric").fetchall()
    )
    assert per_metric == dict(responses.group_by("metric").len().iter_rows())


def test_build_queries_exist_for_each_rollup():
    for rollup in ROLLUPS:
        parsed = parse_query(BUILD_DIR / f"{rollup}.sql")
        assert parsed.columns and not parsed.params


def test_sample_has_a_real_filter_effect(sample):
    """A segment filter changes the figures (so the filter really reaches the rollups)."""
    everyone = sample.run("period_orders", start=date(2000, 1, 1), end=date(2100, 1, 1), slices=None)
    slices = sample.run("filter_slices", dims=["segment"], dim_values=[sample.dimensions["segment"][0]])
    some = sample.run(
        "period_orders", start=date(2000, 1, 1), end=date(2100, 1, 1), slices=slices["slice_id"].to_list()
    )
    assert 0 < some["orders"][0] < everyone["orders"][0]
    assert isinstance(some, pl.DataFrame)
