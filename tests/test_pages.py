"""Every page in pages/, found by itself, runs through AppTest on every kind of data, with the global
filters set and changed, and never raises."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REAL, ROOT

HARNESS = str(Path(__file__).resolve().parent / "app_harness.py")
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
IMPORTS = {
    "telco": "telco_churn",
    "olist": "olist",
    "online-retail": "online_retail/online_retail_uci352.parquet",
    "airline": "airline_satisfaction",
}


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(HARNESS, default_timeout=120).run()
    assert not at.exception, at.exception
    return at.switch_page(f"../pages/{page}").run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, "every page has a title"


@pytest.fixture(scope="session")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from cxdash.ingest.importers import run_import

    dirs = {}
    for name, source in IMPORTS.items():
        out = tmp_path_factory.mktemp(name.replace("-", "_"))
        run_import(name, REAL / source, out / "data")
        dirs[name] = out / "data"
    return dirs


def test_every_page_is_in_the_navigation():
    from cxdash.ui.navigation import discover

    entries = discover(ROOT / "pages")
    assert sorted(e.path.name for e in entries) == PAGES, "a file dropped in pages/ shows without editing dashboard.py"
    assert [e.path.name for e in entries if e.default] == ["overview.py"]
    assert all(e.title and e.section for e in entries)


def test_a_new_page_finds_its_section_and_title(tmp_path):
    from cxdash.ui.navigation import discover

    (tmp_path / "zeta.py").write_text('"""Zeta: last by name."""\n', encoding="utf-8")
    (tmp_path / "alpha.py").write_text(
        '"""Cohorts: retention by sign-up month."""\n# section: Analysis\n# icon: :material/groups:\n# order: 5\n',
        encoding="utf-8",
    )
    (tmp_path / "broken.py").write_text("def (:\n", encoding="utf-8")
    entries = discover(tmp_path)
    assert [(e.section, e.title, e.icon) for e in entries] == [
        ("Analysis", "Cohorts", ":material/groups:"),
        ("Pages", "Broken", None),
        ("Pages", "Zeta", None),
    ]


@pytest.mark.parametrize("page", PAGES)
def test_page_on_tiny_data_with_filters_changed(page, tiny_dir, data_env):
    data_env(tiny_dir)
    at = open_page(page)
    assert_clean(at)
    at.sidebar.selectbox(key="period").set_value("All time").run()
    assert_clean(at)
    at.sidebar.multiselect(key="segment").set_value(["SMB"]).run()
    at.sidebar.selectbox(key="compare").set_value("Same period last year").run()
    assert_clean(at)
    assert at.sidebar.multiselect(key="segment").value == ["SMB"], "filters survive reruns"


@pytest.mark.parametrize("page", PAGES)
def test_page_on_the_sample(page, sample_dir, data_env):
    data_env(sample_dir)
    at = open_page(page)
    assert_clean(at)
    for preset in ("Last 30 days", "Year to date", "Last full quarter"):
        at.sidebar.selectbox(key="period").set_value(preset).run()
        assert_clean(at)
    at.sidebar.multiselect(key="region").set_value(at.sidebar.multiselect(key="region").options[:2]).run()
    assert_clean(at)


@pytest.mark.real_data
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", list(IMPORTS))
def test_page_on_each_imported_data_set(page, name, imported, data_env):
    data_env(imported[name])
    at = open_page(page)
    assert_clean(at)
    at.sidebar.selectbox(key="period").set_value("All time").run()
    assert_clean(at)


def test_overview_shows_the_grid_and_its_figures(tiny_dir, data_env):
    data_env(tiny_dir)
    at = open_page("overview.py")
    at.sidebar.selectbox(key="period").set_value("Custom").run()
    at.sidebar.date_input(key="dates").set_value(("2024-03-01", "2024-03-31")).run()
    shown = {m.label: m.value for m in at.metric}
    assert len(shown) == 10
    assert shown["Revenue"] == "$200.00" and shown["Orders"] == "4" and shown["AOV"] == "$50.00"
    assert shown["NPS"] == "–", "5 responses are too few to show an NPS"
    nps = next(m for m in at.metric if m.label == "NPS")
    assert nps.proto.delta_description == "too few responses"
    assert "Too few responses in Mar 2024 (n = 5; at least 30 needed)." in nps.proto.help


def test_overview_says_in_plain_words_what_a_change_means(sample_dir, data_env):
    data_env(sample_dir)
    at = open_page("overview.py")
    tested = [m for m in at.metric if m.label in ("NPS", "CSAT", "Churn rate")]
    marks = [m.proto.delta_description.split(" · ")[0] for m in tested]  # then a goal's status, if any
    assert all(mark in ("could be chance", "real change") for mark in marks), marks
    csat = next(m for m in tested if m.label == "CSAT")  # the sample's CSAT goal is on all customers
    assert (
        csat.proto.delta_description.endswith(" · goal achieved")
        and "Goal 'Customer satisfaction (CSAT)': achieved" in csat.proto.help
    )
    for metric in tested:
        assert "n = " in metric.proto.help and "95% interval" in metric.proto.help, metric.proto.help
        assert "p = " in metric.proto.help or "p < 0.001" in metric.proto.help, metric.proto.help
    active = next(m for m in at.metric if m.label == "Active customers")
    assert active.proto.delta_description == "", "a head count is not a sample: no test, no mark"
    assert "head count" in active.proto.help


def test_every_page_says_which_filters_are_on(sample_dir, data_env):
    """A reloaded link with a "More filters" filter shows it: the line names it, the expander is open."""
    data_env(sample_dir)
    at = AppTest.from_file(HARNESS, default_timeout=120)
    at.query_params.update({"period": "Last full quarter", "segment": "SMB", "f.plan": "Plus"})
    at.run()
    for page in PAGES:
        at.switch_page(f"../pages/{page}").run()
        assert_clean(at)
        lines = [c.value for c in at.caption if c.value.startswith("Period ")]
        assert lines == ["Period Q3 2026 vs Q2 2026 · Segment: SMB · Plan: Plus"], (page, lines)
        more = next(e for e in at.sidebar.expander if e.label.startswith("More filters"))
        assert more.label == "More filters (1 on)" and more.proto.expanded
        assert at.sidebar.multiselect(key="f.plan").value == ["Plus"]


@pytest.mark.parametrize("page", PAGES)
def test_a_page_run_by_itself_draws_nothing_twice(page, sample_dir, data_env):
    """A page asks for the routing (`ui.engine()` or `ui.ensure_routed()`) before it draws anything."""
    data_env(sample_dir)
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=120).run()
    assert_clean(at)
    assert len(at.title) == 1, [t.value for t in at.title]


def test_a_page_run_by_itself_is_routed(sample_dir, data_env):
    """Streamlit runs a file of pages/ alone when a deep link is the first request after the server
    starts: the page then draws the whole dashboard (filters from the URL included), not an error."""
    data_env(sample_dir)
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=120)
    at.query_params.update({"period": "Last full quarter", "segment": "Enterprise"})
    at.run()
    assert_clean(at)
    assert at.sidebar.multiselect(key="segment").value == ["Enterprise"]
    assert len(at.metric) == 10
    at.sidebar.selectbox(key="period").set_value("All time").run()
    assert_clean(at)
    assert len(at.metric) == 10


def test_columns_named_like_the_fixed_filters_are_filterable(tmp_path, data_env):
    """Customer columns named channel, period, compare and dates get their own filters beside the
    fixed ones: no widget key can be taken twice."""
    import polars as pl

    from cxdash.ingest.datadir import DatasetMeta, write_datadir
    from tests.tiny import CUSTOMERS, ORDERS, RESPONSES

    clashing = {"channel": list("ABABABAB"), "period": ["Q1"] * 4 + ["Q2"] * 4, "compare": list("xxyyxxyy")}
    customers = CUSTOMERS.with_columns(
        *(pl.Series(name, values) for name, values in clashing.items()), dates=pl.Series(["d1", "d2"] * 4)
    )
    tables = {"customers": customers, "orders": ORDERS, "survey_responses": RESPONSES}
    data_env(write_datadir(tmp_path / "clash", tables, DatasetMeta(name="Clashing columns")))
    at = open_page("overview.py")
    assert_clean(at)
    for name in ("channel", "period", "compare", "dates"):
        assert at.sidebar.multiselect(key=f"f.{name}").options, name
    at.sidebar.selectbox(key="period").set_value("All time").run()
    before = {m.label: m.value for m in at.metric}
    at.sidebar.multiselect(key="f.period").set_value(["Q2"]).run()
    at.sidebar.multiselect(key="f.channel").set_value(["B"]).run()
    assert_clean(at)
    after = {m.label: m.value for m in at.metric}
    assert before["New customers"] == "8" and after["New customers"] == "2", "f and h: period Q2 and channel B"
    assert any("Channel (column): B · Period (column): Q2" in c.value for c in at.caption), at.caption


def test_bad_data_shows_errors_and_keeps_running(tmp_path, data_env):
    (tmp_path / "orders.csv").write_text("order_id,customer_id\no1,c1\n", encoding="utf-8")
    data_env(tmp_path)
    at = open_page("overview.py")
    assert not at.exception
    assert any("missing required column 'order_date'" in e.value for e in at.error)
    at = open_page("glossary.py")
    assert not at.exception and at.table


@pytest.mark.real_data
@pytest.mark.parametrize(
    ("name", "missing", "shown"),
    [
        ("telco", "no survey responses table, so NPS, CSAT and CES are not shown", "Churn rate"),
        ("airline", "no orders table, so Revenue, Orders and AOV are not shown", "CSAT"),
        ("olist", "no NPS responses, so NPS is not shown", "CSAT"),
        ("online-retail", "no survey responses table", "Revenue"),
    ],
)
def test_partial_data_says_what_is_missing_in_one_sentence(name, missing, shown, imported, data_env):
    data_env(imported[name])
    at = open_page("overview.py")
    assert any(missing in info.value for info in at.info), [i.value for i in at.info]
    assert shown in [m.label for m in at.metric]


def test_tiles_say_in_plain_words_what_a_mark_means():
    from cxdash.figures.registry import KPIS
    from cxdash.figures.significance import TestResult
    from cxdash.overview.tiles import Tile
    from cxdash.ui.tiles import details, mark

    nps, revenue = KPIS[0], next(k for k in KPIS if k.name == "revenue")
    real = Tile(nps, 30.0, 20.0, n=100, interval=(20.0, 40.0), test=TestResult(10.0, 2.5, 0.012))
    chance = Tile(nps, 30.0, 28.0, n=100, interval=(20.0, 40.0), test=TestResult(2.0, 0.4, 0.69))
    assert (mark(real), mark(chance)) == ("real change", "could be chance")
    assert "n = 100 responses · 95% interval +20.0 to +40.0" in details(real, "USD")
    assert "p = 0.012" in details(real, "USD") and "p = 0.690" in details(chance, "USD")
    few = Tile(nps, None, n=5, too_small=True, reason="Too few responses in Mar 2024 (n = 5; at least 30 needed).")
    assert mark(few) == "too few responses"
    assert "Too few responses in Mar 2024 (n = 5" in details(few, "USD") and "p =" not in details(few, "USD")
    untested = Tile(revenue, 200.0, 100.0, reason="Not tested: too few observations for a test.")
    assert mark(untested) is None, "no test ran: no mark"
