"""The Query catalog and the SQL explorer under AppTest: the catalog lists every query and runs one with the
view bound (figures checked against the tiny data's hand-worked values); the explorer answers, refuses in
plain words, shows DuckDB's details to analysts only, and saves a question as a query file (analysts only,
never over a file)."""

import pytest

from cxdash.engine.catalog import catalog
from cxdash.engine.examples import mismatches, run_example
from cxdash.figures.counts import Filters
from tests.test_pages import assert_clean, open_page


@pytest.fixture
def analyst(monkeypatch):
    monkeypatch.setenv("CXDASH_ANALYST", "1")


@pytest.fixture
def viewer(monkeypatch):
    monkeypatch.setenv("CXDASH_ANALYST", "0")


def march(at):
    at.sidebar.selectbox(key="period").set_value("Custom").run()
    at.sidebar.date_input(key="dates").set_value(("2024-03-01", "2024-03-31")).run()


def result(at) -> list[dict]:
    """The rows of the last table on the page: the answer (AppTest finds tables by position only)."""
    return at.dataframe[-1].value.to_dict("records")


def test_the_catalog_lists_every_query_and_runs_one_with_the_view(tiny_dir, data_env):
    data_env(tiny_dir)
    at = open_page("query_catalog.py")
    assert_clean(at)
    listed = at.dataframe[0].value
    assert sorted(listed["query"]) == sorted(catalog())
    assert all(listed["what it returns"]) and "start: date" in " ".join(listed["parameters"])
    at.selectbox(key="catalog.query").set_value("period_orders").run()
    march(at)
    assert_clean(at)
    (row,) = result(at)
    assert (row["revenue"], row["orders"]) == (200.0, 4), "March: 100 + 50 - 20 + 70 over 4 orders (tests/tiny.py)"
    at.sidebar.multiselect(key="segment").set_value(["SMB"]).run()
    (row,) = result(at)
    assert (row["revenue"], row["orders"]) == (220.0, 3), "SMB only: the refund was Enterprise's"
    assert at.get("download_button"), "CSV download"


def test_the_catalog_gives_each_param_its_widget(tiny_dir, tiny, data_env):
    data_env(tiny_dir)
    at = open_page("query_catalog.py")
    at.selectbox(key="catalog.query").set_value("trend_orders").run()
    march(at)
    at.selectbox(key="catalog.trend_orders.grain").set_value("week").run()
    assert_clean(at)
    weeks = result(at)
    assert len(weeks) == 5 and str(weeks[0]["bucket_start"].date()) == "2024-03-01", "Fri 1 March, then Mondays"
    assert len(at.get("plotly_chart")) == 1
    at.selectbox(key="catalog.query").set_value("filter_slices").run()
    at.multiselect(key="catalog.filter_slices.choices").set_value(["segment=SMB"]).run()
    assert_clean(at)
    assert [r["slice_id"] for r in result(at)] == tiny.slices(Filters({"segment": ("SMB",)}))


def ask(at, sql: str):
    at.text_area(key="explorer.sql").set_value(sql)
    next(b for b in at.button if b.label == "Run").click().run()
    assert_clean(at)
    return at


def test_the_explorer_answers_and_refuses_in_plain_words(tiny_dir, data_env, viewer):
    data_env(tiny_dir)
    at = open_page("sql_explorer.py")
    assert_clean(at)
    ask(at, at.text_area(key="explorer.sql").value)  # the question it opens with
    counts = {r["segment"]: r["customers"] for r in result(at)}
    assert counts == {"SMB": 5, "Enterprise": 3}, "tests/tiny.py: a b d f h are SMB"
    assert not [e for e in at.expander if e.label == "Save as a query file"], "viewers cannot save"
    ask(at, "DROP TABLE calendar")
    assert [e.value for e in at.error] == ["Only a SELECT (or WITH ... SELECT) can run here, not DROP."]
    ask(at, "SELECT nope FROM calendar")
    assert at.error[0].value.startswith("The query failed (line 1): Referenced column")
    assert not at.code, "DuckDB's own text is for analysts"


def test_an_analyst_sees_details_and_saves_a_query_file(tiny_dir, data_env, analyst, tmp_path, monkeypatch):
    monkeypatch.setattr("cxdash.paths.QUERY_DIR", tmp_path)
    data_env(tiny_dir)
    at = open_page("sql_explorer.py")
    ask(at, "SELECT nope FROM calendar")
    assert "Binder Error" in at.code[0].value
    sql = "SELECT day, CAST(SUM(orders) AS BIGINT) AS orders FROM daily_orders GROUP BY day ORDER BY day"
    ask(at, sql)
    at.text_input(key="explorer.save.name").set_value("orders_per_day")
    at.text_area(key="explorer.save.description").set_value("Orders per day, every customer")
    next(b for b in at.button if b.label == "Save to queries/").click().run()
    assert_clean(at)
    assert at.success and "orders_per_day.sql" in at.success[0].value
    saved = catalog(tmp_path)["orders_per_day"]
    assert saved.sql.strip() == sql and saved.columns == {"day": "date", "orders": "bigint"}
    assert all(mismatches(saved, e, run_example(saved, e)) == [] for e in saved.examples)
    before = (tmp_path / "orders_per_day.sql").read_text()
    next(b for b in at.button if b.label == "Save to queries/").click().run()
    assert at.error and "orders_per_day.sql already exists" in at.error[0].value
    assert (tmp_path / "orders_per_day.sql").read_text() == before


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("SELECT day FROM calendar", "end the query with an ORDER BY"),
        ("SELECT SUM(orders) AS n FROM daily_orders", "write CAST(... AS BIGINT) AS n"),
    ],
)
def test_saving_says_what_to_fix(tiny_dir, data_env, analyst, tmp_path, monkeypatch, sql, words):
    monkeypatch.setattr("cxdash.paths.QUERY_DIR", tmp_path)
    data_env(tiny_dir)
    at = ask(open_page("sql_explorer.py"), sql)
    at.text_input(key="explorer.save.name").set_value("first_try")
    next(b for b in at.button if b.label == "Save to queries/").click().run()
    assert words in at.error[0].value and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("ip", "local"),
    [(None, True), ("::1", True), ("::ffff:127.0.0.1", True), ("127.0.0.2", True), ("10.1.2.3", False), ("x", False)],
)
def test_only_a_connection_from_this_machine_counts_as_local(ip, local):
    from cxdash.ui.analyst import _loopback

    assert _loopback(ip) is local


def test_every_query_runs_from_the_catalog_with_its_default_widgets(tiny_dir, data_env, analyst):
    """A query added by anyone appears and runs here with no edit to the page."""
    data_env(tiny_dir)
    at = open_page("query_catalog.py")
    assert at.selectbox(key="catalog.query").options == list(catalog())
    for name in catalog():
        at.selectbox(key="catalog.query").set_value(name).run()
        assert_clean(at)
        assert not at.error, (name, [e.value for e in at.error])
