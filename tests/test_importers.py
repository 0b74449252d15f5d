"""Importers on the real data sets: the output meets the contracts, and the headline figures match the
source, recomputed here independently (DuckDB SQL on the raw files, and the figures in each SOURCE.md).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from cxdash.engine.engine import open_engine
from cxdash.figures.counts import Filters
from cxdash.figures.periods import Period
from cxdash.ingest.contracts import POLARS_TYPES, TABLES
from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.importers import IMPORTERS, ImportFailed, run_import
from cxdash.ingest.loading import validate_dir
from tests.conftest import REAL

pytestmark = pytest.mark.real_data


def sql(query: str, *params) -> tuple:
    return duckdb.connect().execute(query, list(params)).fetchone()


def tables(out: Path) -> dict[str, pl.DataFrame]:
    return {p.stem: pl.read_parquet(p) for p in out.glob("*.parquet")}


CASES = [
    ("telco", "telco_churn", {"customers", "orders"}),
    ("olist", "olist", {"customers", "orders", "survey_responses"}),
    ("online-retail", "online_retail", {"customers", "orders"}),
    ("airline", "airline_satisfaction", {"customers", "survey_responses"}),
]


@pytest.mark.parametrize(("name", "folder", "expected"), CASES)
def test_output_meets_contracts(imported, name, folder, expected):
    out, report = imported(name, REAL / folder)
    assert validate_dir(out) == []
    found = tables(out)
    assert set(found) == expected
    for table, frame in found.items():
        contract = TABLES[table]
        assert frame.columns[: len(contract.columns)] == contract.column_names
        for column in contract.columns:
            assert frame.schema[column.name] == POLARS_TYPES[column.kind], (
                table,
                column.name,
            )
        assert frame[contract.key].n_unique() == frame.height
        assert report.tables[table] == frame.height
    ids = found["customers"]["customer_id"]
    for child in ("orders", "survey_responses"):
        if child in found:
            assert found[child]["customer_id"].is_in(ids.implode()).all()
    meta = DatasetMeta.read(out)
    assert meta.assumptions == report.assumptions and meta.dropped == report.dropped
    assert str(meta.as_of) == report.as_of
    summary = report.summary()
    assert all(line in summary for line in report.dropped + report.assumptions)


def test_telco(imported):
    raw = REAL / "telco_churn" / "Telco-Customer-Churn.csv"
    out, report = imported("telco", REAL / "telco_churn")
    t = tables(out)
    customers, orders = t["customers"], t["orders"]
    # SOURCE.md: 7,043 customers; Churn Yes 1,869 (26.5%); contracts 3,875 / 1,473 / 1,695
    assert customers.height == 7043
    churned = customers["churn_date"].is_not_null().sum()
    assert churned == 1869 and round(churned / 7043, 3) == 0.265
    assert dict(customers["segment"].value_counts().iter_rows()) == {
        "Month-to-month": 3875,
        "One year": 1473,
        "Two year": 1695,
    }
    n_orders, revenue, mrr = sql(
        "SELECT sum(tenure), sum(tenure * MonthlyCharges), "
        "sum(MonthlyCharges) FILTER (WHERE Churn = 'No' AND tenure > 0) FROM read_csv(?)",
        str(raw),
    )
    assert orders.height == n_orders
    assert orders["amount"].sum() == pytest.approx(revenue, abs=0.01)
    # churned within the snapshot month, so January's churn rate is 1,869 of the customers active on 1 Jan
    jan = date(2024, 1, 1)
    active = customers.filter(pl.col("signup_date") < jan)
    assert active.height == 7043 - 11
    assert active["churn_date"].is_between(jan, date(2024, 1, 31)).sum() == 1869
    # dates derived from tenure: e.g. 5575-GNVDE has tenure 34 -> signup 34 months before 2024-01-31
    row = customers.filter(pl.col("customer_id") == "5575-GNVDE").row(0, named=True)
    assert row["signup_date"] == date(2021, 3, 31) and row["churn_date"] is None
    january = orders.filter(pl.col("order_date") >= jan)["amount"].sum()
    assert january == pytest.approx(mrr + customers.filter(pl.col("churn_date").is_not_null())["monthly_charges"].sum())
    joined = orders.join(customers, on="customer_id")
    assert (joined["order_date"].dt.date() >= joined["signup_date"]).all()
    assert (joined["order_date"].dt.date() <= joined["churn_date"].fill_null(date(2024, 1, 31))).all()
    assert report.as_of == "2024-01-31" and report.dropped == []


def test_olist(imported):
    src = REAL / "olist"
    out, report = imported("olist", src)
    t = tables(out)
    orders_csv, pay_csv, items_csv, rev_csv, cust_csv = (
        str(src / f"olist_{n}_dataset.csv")
        for n in (
            "orders",
            "order_payments",
            "order_items",
            "order_reviews",
            "customers",
        )
    )
    kept = "('delivered', 'shipped', 'invoiced', 'processing', 'approved')"
    n_orders, revenue = sql(
        f"""WITH pay AS (SELECT order_id, sum(payment_value) v FROM read_csv(?) GROUP BY 1),
                 itm AS (SELECT order_id, sum(price + freight_value) v FROM read_csv(?) GROUP BY 1)
            SELECT count(*), sum(round(coalesce(pay.v, itm.v), 2)) FROM read_csv(?) o
            LEFT JOIN pay USING (order_id) LEFT JOIN itm USING (order_id) WHERE order_status IN {kept}""",
        pay_csv,
        items_csv,
        orders_csv,
    )
    # SOURCE.md statuses: delivered 14,552 + shipped 159 + invoiced 49 + processing 37 + approved 1
    assert n_orders == t["orders"].height == 14798
    assert t["orders"]["amount"].sum() == pytest.approx(revenue, abs=0.01)
    assert sql("SELECT count(DISTINCT customer_unique_id) FROM read_csv(?)", cust_csv)[0] == 14904
    assert t["customers"].height == 14904
    # reviews: 14,944 rows (SOURCE.md); one per order (latest answer), then one per review_id
    raw_reviews = sql("SELECT count(*) FROM read_csv(?)", rev_csv)[0]
    assert raw_reviews == 14944
    n, csat, stars = sql(
        """WITH per_order AS (SELECT * FROM read_csv(?) QUALIFY row_number() OVER (PARTITION BY order_id
               ORDER BY review_answer_timestamp DESC, review_creation_date DESC, review_id DESC) = 1),
           per_review AS (SELECT * FROM per_order QUALIFY row_number() OVER (PARTITION BY review_id
               ORDER BY order_id) = 1)
           SELECT count(*), 100 * avg(CASE WHEN review_score >= 4 THEN 1 ELSE 0 END), avg(review_score)
           FROM per_review""",
        rev_csv,
    )
    responses = t["survey_responses"]
    assert responses.height == n == 14858
    assert 100 * (responses["score"] >= 4).mean() == pytest.approx(csat)
    assert responses["score"].mean() == pytest.approx(stars)
    assert (responses["metric"] == "csat").all() and responses["score"].is_between(1, 5).all()
    assert responses["comment"].drop_nulls().str.contains("ã|é|ç").any()  # UTF-8 Portuguese kept
    assert any("72 rows" in line for line in report.dropped)  # 72 second reviews of an order
    churned = t["customers"]["churn_date"]
    assert churned.drop_nulls().max() <= date(2018, 8, 29)


def test_online_retail_uci352(imported):
    raw = REAL / "online_retail" / "online_retail_uci352.parquet"
    out, report = imported("online-retail", raw)
    t = tables(out)
    customers, orders = t["customers"], t["orders"]
    assert customers.height == 4372  # published UCI figure: 4,372 customers
    n_orders, revenue, refunds = sql(
        """SELECT count(DISTINCT InvoiceNo), sum(Quantity * UnitPrice),
                  sum(Quantity * UnitPrice) FILTER (WHERE InvoiceNo LIKE 'C%')
           FROM read_parquet(?) WHERE CustomerID IS NOT NULL AND UnitPrice > 0""",
        str(raw),
    )
    assert orders.height == n_orders
    assert orders["amount"].sum() == pytest.approx(revenue, abs=0.005 * n_orders)
    assert orders.filter(pl.col("amount") < 0)["amount"].sum() == pytest.approx(refunds, abs=0.005 * n_orders)
    assert any(line.startswith("lines without CustomerID: 135,080 rows") for line in report.dropped)
    last = sql("SELECT max(InvoiceDate)::DATE FROM read_parquet(?)", str(raw))[0]
    expected_churned = sql(
        """SELECT count(*) FROM (SELECT CustomerID, max(InvoiceDate)::DATE d FROM read_parquet(?)
           WHERE CustomerID IS NOT NULL GROUP BY 1) WHERE d + INTERVAL 180 DAY <= ?""",
        str(raw),
        last,
    )[0]
    assert customers["churn_date"].is_not_null().sum() == expected_churned
    assert report.as_of == "2011-12-09"


def test_online_retail_folder_joins_both_years(imported):
    out, report = imported("online-retail", REAL / "online_retail")
    t = tables(out)
    assert t["orders"]["order_date"].min().date() == date(2009, 12, 1)
    assert t["orders"]["order_date"].max().date() == date(2011, 12, 9)
    assert any("22,523 rows" in line for line in report.dropped)  # the Dec 2010 overlap (SOURCE.md)
    assert t["customers"].height > 4372


def test_airline(imported):
    raw = REAL / "airline_satisfaction" / "airline_passenger_satisfaction_test.csv"
    out, _ = imported("airline", raw.parent)
    t = tables(out)
    customers, responses = t["customers"], t["survey_responses"]
    assert customers.height == 25976
    satisfied = (customers["overall_satisfaction"] == "Satisfied").sum()
    assert satisfied == 11403 and round(satisfied / 25976, 3) == 0.439  # SOURCE.md: 43.9%
    assert dict(customers["segment"].value_counts().iter_rows()) == {
        "Business": 12495,
        "Eco": 11564,
        "Eco Plus": 1917,
    }
    ratings = [c for c in pl.read_csv(raw, n_rows=0).columns[8:22]]
    union = " UNION ALL ".join(f"SELECT '{c}' item, \"{c}\" r FROM read_csv(?)" for c in ratings)
    rated, csat = sql(
        f"SELECT count(*) FILTER (WHERE r > 0), 100 * avg(CASE WHEN r >= 4 THEN 1 ELSE 0 END) FILTER (WHERE r > 0) "
        f"FROM ({union})",
        *[str(raw)] * len(ratings),
    )
    assert responses.height == rated == 25976 * 14 - 4202
    assert 100 * (responses["score"] >= 4).mean() == pytest.approx(csat)
    per_touchpoint = dict(responses["touchpoint"].value_counts().iter_rows())
    assert len(per_touchpoint) == 14
    # SOURCE.md zeros: wifi 813, online boarding 652, cleanliness 2, seat comfort none
    assert per_touchpoint["Inflight wifi"] == 25976 - 813
    assert per_touchpoint["Online boarding"] == 25976 - 652
    assert per_touchpoint["Cleanliness"] == 25976 - 2
    assert per_touchpoint["Seat comfort"] == 25976
    assert responses["responded_at"].n_unique() == 1


def test_airline_reads_kaggle_original_header(tmp_path):
    header = (
        ",id,Gender,Customer Type,Age,Type of Travel,Class,Flight Distance,Inflight wifi service,"
        "Departure/Arrival time convenient,Ease of Online booking,Gate location,Food and drink,Online boarding,"
        "Seat comfort,Inflight entertainment,On-board service,Leg room service,Baggage handling,Checkin service,"
        "Inflight service,Cleanliness,Departure Delay in Minutes,Arrival Delay in Minutes,satisfaction"
    )
    row = "0,19556,Female,Loyal Customer,52,Business travel,Eco,160,5,4,3,4,3,4,3,5,5,5,5,2,5,0,50,44.0,satisfied"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "test.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    report = run_import("airline", tmp_path / "src" / "test.csv", tmp_path / "out")
    assert report.tables == {"customers": 1, "survey_responses": 13}
    assert validate_dir(tmp_path / "out") == []


def test_bad_sources_fail_with_a_plain_message(tmp_path):
    assert set(IMPORTERS) == {"telco", "olist", "online-retail", "airline"}
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    with pytest.raises(ImportFailed, match="unknown data set"):
        run_import("nope", src, out)
    (src / "Telco-Customer-Churn.csv").write_text("customerID,tenure\nA,1\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="missing column"):
        run_import("telco", src, out)
    with pytest.raises(ImportFailed, match="inside the source folder"):
        run_import("telco", src / "Telco-Customer-Churn.csv", src / "out")
    with pytest.raises(ImportFailed, match="no such file"):
        run_import("airline", src / "missing.csv", out)
    (src / "olist_orders_dataset.csv").write_text("order_id\n1\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"olist_orders_dataset\.csv: missing column"):
        run_import("olist", src, out)
    text = (REAL / "telco_churn" / "Telco-Customer-Churn.csv").read_text().splitlines()  # tenure 1 -> x
    (src / "Telco-Customer-Churn.csv").write_text(text[0] + "\n" + text[1].replace(",1,No,", ",x,No,", 1) + "\n")
    with pytest.raises(ImportFailed, match="tenure"):
        run_import("telco", src, out)
    assert not out.exists()


def dashboard_kpis(out: Path, start: date, end: date) -> dict:
    """What the dashboard shows for a period: the engine the pages use, on the imported data dir."""
    return open_engine(out).kpis(Period(start, end), Filters())


def test_headline_figures_the_dashboard_shows(imported):
    """Three figures per data set as the Overview shows them, against the raw source files."""
    telco, _ = imported("telco", REAL / "telco_churn")
    k = dashboard_kpis(telco, date(2024, 1, 1), date(2024, 1, 31))
    raw = str(REAL / "telco_churn" / "Telco-Customer-Churn.csv")
    base, churned = sql(
        "SELECT count(*) FILTER (WHERE tenure > 0), count(*) FILTER (WHERE Churn = 'Yes') FROM read_csv(?)", raw
    )
    assert (k["active_start"], k["churned"]) == (base, churned) == (7032, 1869)
    assert k["churn_rate"] == pytest.approx(1869 / 7032)
    assert k["active_customers"] == 7043 - 1869  # Churn = 'No' in the source, tenure-0 sign-ups included
    all_time = dashboard_kpis(telco, date(2018, 1, 1), date(2024, 1, 31))
    assert all_time["revenue"] == pytest.approx(sql("SELECT sum(tenure * MonthlyCharges) FROM read_csv(?)", raw)[0])

    olist, _ = imported("olist", REAL / "olist")
    engine = open_engine(olist)
    k = engine.kpis(Period(date(2016, 1, 1), engine.data.as_of), Filters())  # up to the last review
    reviews = str(REAL / "olist" / "olist_order_reviews_dataset.csv")
    assert k["csat_n"] == 14858  # 14,944 reviews less 72 second reviews of an order and 14 shared review ids
    assert 76.5 < k["csat"] < 77.5  # the raw share of 4-5 stars, 76.9%
    raw_share = sql("SELECT 100 * avg(CASE WHEN review_score >= 4 THEN 1 ELSE 0 END) FROM read_csv(?)", reviews)[0]
    assert k["csat"] == pytest.approx(raw_share, abs=0.2)
    assert k["orders"] is None  # the reviews run six weeks past the last order: orders not observed to the end
    last_order = engine.windows["orders"].end
    assert last_order == date(2018, 8, 29)
    assert engine.kpis(Period(date(2016, 1, 1), last_order), Filters())["orders"] == 14798

    retail, _ = imported("online-retail", REAL / "online_retail" / "online_retail_uci352.parquet")
    k = dashboard_kpis(retail, date(2011, 1, 1), date(2011, 12, 9))
    raw = str(REAL / "online_retail" / "online_retail_uci352.parquet")
    invoices, revenue = sql(
        """SELECT count(DISTINCT InvoiceNo), sum(Quantity * UnitPrice) FROM read_parquet(?)
           WHERE CustomerID IS NOT NULL AND UnitPrice > 0 AND InvoiceDate >= '2011-01-01'""",
        raw,
    )
    assert k["orders"] == invoices
    assert k["revenue"] == pytest.approx(revenue, abs=0.01 * invoices)
    assert (
        k["new_customers"]
        == sql(
            """SELECT count(*) FROM (SELECT CustomerID, coalesce(min(InvoiceDate) FILTER (NOT starts_with(InvoiceNo,
           'C')), min(InvoiceDate)) first FROM read_parquet(?) WHERE CustomerID IS NOT NULL GROUP BY 1)
           WHERE first >= '2011-01-01'""",
            raw,
        )[0]
    )

    airline, _ = imported("airline", REAL / "airline_satisfaction")
    k = dashboard_kpis(airline, date(2024, 1, 1), date(2024, 1, 31))
    assert k["csat_n"] == 25976 * 14 - 4202 and k["new_customers"] == 25976
    assert round(k["csat"], 1) == 48.8
