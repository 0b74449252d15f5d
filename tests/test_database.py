"""The persisted database: built once per data and build SQL, reopened without reading the data, rebuilt
when either changes, written atomically, and read-only to every query."""

import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from cxdash.engine import database
from cxdash.engine.catalog import build_steps
from cxdash.engine.database import cache_dir, cache_key, database_path, open_database
from cxdash.engine.engine import open_engine
from cxdash.engine.info import DatasetInfo
from cxdash.figures.counts import Filters
from tests.tiny import CUSTOMERS, ORDERS, RESPONSES, write_tiny


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    return write_tiny(tmp_path / "tiny")


@pytest.fixture
def count_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the data files are read and validated."""
    loads: list[Path] = []
    original = database.load_dataset

    def counted(directory: Path):
        loads.append(directory)
        return original(directory)

    monkeypatch.setattr(database, "load_dataset", counted)
    return loads


def test_build_order_follows_depends_on():
    order = [step.name for step in build_steps()]
    for step in build_steps():
        assert all(order.index(needed) < order.index(step.name) for needed in step.depends_on), step.name


def test_a_warm_start_opens_the_file_without_reading_the_data(tiny_copy, count_loads):
    info, runner = open_database(tiny_copy)
    path = database_path(tiny_copy)
    built = path.stat().st_mtime_ns
    again, runner_again = open_database(tiny_copy)
    assert len(count_loads) == 1 and path.stat().st_mtime_ns == built
    assert again == info and again.ok
    march = {"start": date(2024, 3, 1), "end": date(2024, 3, 31), "slices": [0, *range(1, 9)]}
    assert runner_again.run("period_orders", **march).equals(runner.run("period_orders", **march))
    assert not list(path.parent.glob("*.tmp*"))  # the temporary file was renamed, nothing left behind


def test_changed_data_rebuilds_and_drops_the_old_file(tiny_copy, count_loads):
    open_database(tiny_copy)
    old = database_path(tiny_copy)
    orders = ORDERS.with_columns(amount=pl.col("amount") * 2)
    orders.write_parquet(tiny_copy / "orders.parquet")
    os.utime(tiny_copy / "orders.parquet", ns=(1, 1))  # a different mtime even on a coarse clock
    _, runner = open_database(tiny_copy)
    assert len(count_loads) == 2 and database_path(tiny_copy) != old and not old.exists()
    slices = runner.run("all_slices")["slice_id"].to_list()
    assert (
        runner.run("period_orders", start=date(2024, 3, 1), end=date(2024, 3, 31), slices=slices)["revenue"][0] == 400
    )


def test_changed_yaml_or_build_sql_changes_the_key(tiny_copy, tmp_path, monkeypatch):
    before = cache_key(tiny_copy)
    (tiny_copy / "goals.yaml").write_text("[]\n")
    assert cache_key(tiny_copy) == before  # goals are read apart from the database: an edit needs no rebuild
    (tiny_copy / "dataset.yaml").write_text("name: Renamed\n")
    after_goals = cache_key(tiny_copy)
    assert after_goals != before
    build = shutil.copytree(database.BUILD_DIR, tmp_path / "build")
    monkeypatch.setattr(database, "BUILD_DIR", build)
    assert cache_key(tiny_copy) == after_goals
    with (build / "daily_orders.sql").open("a") as sql:
        sql.write("\n")
    assert cache_key(tiny_copy) != after_goals


def test_the_cache_is_never_inside_the_data_dir(tiny_copy, monkeypatch):
    monkeypatch.setenv("CXDASH_CACHE", str(tiny_copy / "cache"))
    assert not cache_dir(tiny_copy).is_relative_to(tiny_copy)
    monkeypatch.setenv("CXDASH_CACHE", str(tiny_copy.parent / "elsewhere"))
    assert cache_dir(tiny_copy) == (tiny_copy.parent / "elsewhere").resolve()


def _refused(runner, sql: str) -> str:
    with pytest.raises(duckdb.Error) as raised:
        runner.con.cursor().execute(sql)
    return str(raised.value)


def test_queries_cannot_write_read_files_or_attach(tiny_copy, tmp_path):
    _, runner = open_database(tiny_copy)
    outside = tmp_path / "outside.csv"
    outside.write_text("a\n1\n")
    assert "read-only" in _refused(runner, "CREATE TABLE x AS SELECT 1 AS a")
    assert "read-only" in _refused(runner, "INSERT INTO daily_orders SELECT * FROM daily_orders")
    assert "disabled" in _refused(runner, f"COPY daily_orders TO '{tmp_path / 'copy.csv'}'")
    assert "disabled" in _refused(runner, f"SELECT * FROM read_csv('{outside}')")
    assert "disabled" in _refused(runner, f"ATTACH '{tmp_path / 'other.duckdb'}' AS other")
    assert "locked" in _refused(runner, "SET enable_external_access = true")
    assert not (tmp_path / "copy.csv").exists() and not (tmp_path / "other.duckdb").exists()


def test_the_engine_keeps_no_frames_and_answers_from_the_info(tiny_copy):
    engine = open_engine(tiny_copy)
    assert isinstance(engine.data, DatasetInfo)
    assert {name: t.height for name, t in engine.data.tables.items()} == {
        "customers": CUSTOMERS.height,
        "orders": ORDERS.height,
        "survey_responses": RESPONSES.height,
    }
    assert engine.data.tables["orders"].dates["order_date"] == (date(2024, 2, 29), date(2024, 4, 1))
    assert engine.data.first_date == date(2024, 1, 1) and engine.data.as_of == date(2024, 4, 1)
    assert engine.survey_metrics == {"nps", "csat", "ces"}
    assert list(engine.dimensions.items()) == [  # the contract's dimensions first, then extras
        ("segment", ["Enterprise", "SMB"]),
        ("region", ["North", "South"]),
        ("acquisition_channel", ["Partner", "Web"]),
        ("plan", ["Basic", "Plus"]),
    ]
    assert DatasetInfo.from_json(engine.data.to_json()) == engine.data


def test_bad_data_is_kept_with_its_problems_and_no_runner(tiny_copy, count_loads):
    CUSTOMERS.with_columns(churn_date=pl.lit(date(2020, 1, 1))).write_parquet(tiny_copy / "customers.parquet")
    info, runner = open_database(tiny_copy)
    again, runner_again = open_database(tiny_copy)
    assert runner is None and runner_again is None and len(count_loads) == 1
    assert not again.ok and again.problems == info.problems
    assert any("churn_date before signup_date" in str(p) for p in again.problems)


def test_a_missing_table_is_empty_with_the_contract_columns(tmp_path):
    from cxdash.ingest.datadir import DatasetMeta, write_datadir

    directory = write_datadir(tmp_path / "orders_only", {"orders": ORDERS}, DatasetMeta(name="orders only"))
    engine = open_engine(directory)
    assert engine.tables == {"orders"} and engine.slices(Filters()) == [0]
    march = {"start": date(2024, 3, 1), "end": date(2024, 3, 31), "slices": [0]}
    assert engine.run("period_orders", **march)["orders"][0] == 4
    assert engine.run("period_customers", **march).row(0) == (0, 0, 0, 0)
