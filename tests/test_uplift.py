"""Spend and retention by experience group against an independent computation from raw hand-made rows;
observed windows respected; the CLI on the sample recovers the generator's planted effect; Olist in BRL."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from scipy.stats import bootstrap
from statsmodels.stats.proportion import proportion_confint

from cxdash.cli import main
from cxdash.engine.engine import Engine, open_engine
from cxdash.figures.counts import Filters
from cxdash.ingest.datadir import DatasetMeta, write_datadir
from cxdash.uplift.analysis import uplift_for
from tests.conftest import REAL, SAMPLE_CUSTOMERS
from tests.sample_truth import expected_spend_after, true_ratio

NPS_BANDS = {"promoter": range(9, 11), "passive": range(7, 9), "detractor": range(0, 7)}  # DESIGN.md
START = date(2022, 1, 1)
LAST_ORDER = date(2024, 10, 31)
AS_OF = date(2024, 12, 31)  # a late sign-up: orders are observed to LAST_ORDER only
LAST_ANSWER = date(2024, 3, 1)  # answers from November 2023 are 365 days before AS_OF but not LAST_ORDER


def _hand_made(seed: int = 3, n: int = 240) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    signup = [START + timedelta(days=int(d)) for d in rng.integers(0, 500, n)]
    churn = [
        s + timedelta(days=int(d)) if rng.random() < 0.4 else None
        for s, d in zip(signup, rng.integers(30, 900, n), strict=True)
    ]
    churn = [c if c is None or c <= LAST_ORDER else None for c in churn]
    ids = [f"c{i:03d}" for i in range(n)]
    customers = pl.DataFrame(
        {
            "customer_id": [*ids, "late"],
            "signup_date": [*signup, AS_OF],
            "churn_date": [*churn, None],
            "segment": [["SMB", "Enterprise"][i % 2] for i in range(n)] + ["SMB"],
            "region": [["North", "South", "East"][i % 3] for i in range(n)] + ["North"],
        },
        schema_overrides={"churn_date": pl.Date},
    )
    orders, responses = [], []
    for cid, s, c in zip(ids, signup, churn, strict=True):
        end = min(c or LAST_ORDER, LAST_ORDER)
        for _ in range(int(rng.integers(0, 12))):
            day = s + timedelta(days=int(rng.integers(0, max((end - s).days, 1))))
            amount = round(float(rng.lognormal(4, 0.8)) * (-1 if rng.random() < 0.05 else 1), 2)
            orders.append(
                (f"o{len(orders)}", cid, datetime.combine(day, datetime.min.time()) + timedelta(hours=10), amount)
            )
        for _ in range(int(rng.integers(0, 3))):
            day = s + timedelta(days=int(rng.integers(0, 1000)))
            if day > LAST_ANSWER:
                continue
            metric = "nps" if rng.random() < 0.8 else "csat"
            score = int(rng.integers(0, 11) if metric == "nps" else rng.integers(1, 6))
            at = datetime.combine(day, datetime.min.time()) + timedelta(hours=int(rng.integers(0, 24)))
            responses.append((f"r{len(responses):04d}", cid, at, metric, score))
    columns = ("order_id", "customer_id", "order_date", "amount")
    return {
        "customers": customers,
        "orders": pl.DataFrame(orders, schema=columns, orient="row"),
        "survey_responses": pl.DataFrame(
            responses, schema=("response_id", "customer_id", "responded_at", "metric", "score"), orient="row"
        ),
    }


def _independent(tables: dict[str, pl.DataFrame], metric: str = "nps", as_of: date = AS_OF) -> pl.DataFrame:
    """Per NPS group from the raw rows: first answer, the 365 days after it, the bands of DESIGN.md."""
    band = {score: group for group, scores in NPS_BANDS.items() for score in scores}
    first = (
        tables["survey_responses"]
        .filter(pl.col("metric") == metric)
        .sort("responded_at", "response_id")
        .group_by("customer_id", maintain_order=True)
        .first()
        .with_columns(answered=pl.col("responded_at").dt.date(), group=pl.col("score").replace_strict(band))
        .filter(pl.col("answered") + timedelta(days=365) <= as_of)
        .join(tables["customers"], on="customer_id")
    )
    days = (pl.col("order_date").dt.date() - pl.col("answered")).dt.total_days()
    spend = (
        first.join(tables["orders"], on="customer_id", how="left")
        .group_by("customer_id")
        .agg(spend=pl.col("amount").filter(days.is_between(1, 365)).sum(), orders=days.is_between(1, 365).sum())
    )
    last_order = tables["orders"]["order_date"].max().date()
    rows = first.join(spend, on="customer_id").with_columns(
        spend_measured=pl.col("answered") + timedelta(days=365) <= last_order,
        retained=pl.col("churn_date").is_null() | ((pl.col("churn_date") - pl.col("answered")).dt.total_days() > 365),
    )
    return rows


def _engine(tables: dict[str, pl.DataFrame], directory) -> Engine:
    return open_engine(write_datadir(directory, tables, DatasetMeta(name="hand-made")))


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory):
    tables = _hand_made()
    return tables, _engine(tables, tmp_path_factory.mktemp("hand_made") / "data")


def test_group_figures_match_an_independent_computation(hand_made):
    tables, engine = hand_made
    assert engine.data.as_of == AS_OF and engine.windows["orders"].end < AS_OF
    expected = _independent(tables)
    result = uplift_for(engine, "nps", Filters())
    assert [g.group for g in result.groups] == ["promoter", "passive", "detractor"]
    for group in result.groups:
        rows = expected.filter(pl.col("group") == group.group)
        measured = rows.filter("spend_measured")
        assert group.customers == rows.height
        assert group.revenue_per_customer.n == measured.height
        spend = measured["spend"].to_numpy()
        assert group.revenue_per_customer.value == pytest.approx(spend.mean())
        low, high = bootstrap((spend,), np.mean, n_resamples=20_000, method="percentile", rng=1).confidence_interval
        width = high - low
        assert group.revenue_per_customer.low == pytest.approx(low, abs=0.08 * width)
        assert group.revenue_per_customer.high == pytest.approx(high, abs=0.08 * width)
        assert group.orders_per_customer.value == pytest.approx(measured["orders"].mean())
        assert group.aov.value == pytest.approx(spend.sum() / measured["orders"].sum())
        kept = int(rows["retained"].sum())
        assert group.retention.n == rows.height and group.retention.value == pytest.approx(kept / rows.height)
        wilson = proportion_confint(kept, rows.height, alpha=0.05, method="wilson")
        assert (group.retention.low, group.retention.high) == pytest.approx(wilson, abs=2e-4)  # 1.96 vs 1.95996
    late = expected.filter(~pl.col("spend_measured")).height
    assert 0 < late == sum(g.customers - g.revenue_per_customer.n for g in result.groups), "spend not observed"
    promoters, detractors = (
        expected.filter(pl.col("group") == g).filter("spend_measured") for g in ("promoter", "detractor")
    )
    assert result.revenue_ratio.value == pytest.approx(promoters["spend"].mean() / detractors["spend"].mean())


def test_a_filter_keeps_only_its_customers(hand_made):
    tables, engine = hand_made
    expected = _independent(tables).filter(pl.col("segment") == "SMB")
    result = uplift_for(engine, "nps", Filters({"segment": ("SMB",)}))
    assert {g.group: g.customers for g in result.groups} == dict(expected.group_by("group").len().iter_rows())


def test_csat_satisfied_is_a_grouping_of_the_bands(hand_made):
    _tables, engine = hand_made
    bands = uplift_for(engine, "csat", Filters())
    grouped = uplift_for(engine, "csat", Filters(), satisfied=True)
    by_band = {g.group: g for g in bands.groups}
    satisfied = [by_band[name] for name in ("score 5", "score 4") if name in by_band]
    assert grouped.groups[0].group == "satisfied (4-5)"
    assert grouped.groups[0].customers == sum(g.customers for g in satisfied)
    assert grouped.groups[0].revenue.total == pytest.approx(sum(g.revenue.total for g in satisfied))


def test_no_answers_to_the_metric_gives_no_groups(tmp_path):
    tables = _hand_made()
    tables["survey_responses"] = tables["survey_responses"].filter(pl.col("metric") == "csat")
    result = uplift_for(_engine(tables, tmp_path / "data"), "nps", Filters())
    assert result.groups == [] and result.best is None


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_on_the_sample_recovers_the_planted_effect(sample_dir, capsys):
    code, out, _ = _cli(capsys, "uplift", str(sample_dir), "--metric", "nps", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert [g["group"] for g in record["groups"]] == ["promoter", "passive", "detractor"]
    for group in record["groups"]:
        for name in ("revenue_per_customer_12m", "retention_12m"):
            assert group[f"{name}_low"] <= group[name] <= group[f"{name}_high"]
    uplift = record["uplift"]
    assert (uplift["best_group"], uplift["worst_group"]) == ("promoter", "detractor")
    truth = true_ratio(expected_spend_after(SAMPLE_CUSTOMERS, 11, date.fromisoformat(record["as_of"])))
    raw = uplift["raw"]
    assert raw["revenue_ratio_low"] <= truth <= raw["revenue_ratio_high"], (truth, raw)
    assert uplift["adjusted"]["revenue_ratio_low"] > 1 and uplift["adjusted"]["retention_ratio_low"] > 1


def test_the_cli_names_a_wrong_argument(sample_dir, capsys):
    code, _, err = _cli(capsys, "uplift", str(sample_dir), "--metric", "nps", "--satisfied")
    assert code == 2 and "--satisfied" in err and "Traceback" not in err
    code, _, err = _cli(capsys, "uplift", str(sample_dir), "--filter", "region=Nowhere", "--format", "json")
    assert code == 2 and "region 'Nowhere'" in err


def test_the_cli_text_reads_like_the_page(sample_dir, capsys):
    code, out, _ = _cli(capsys, "uplift", str(sample_dir), "--format", "text")
    assert code == 0 and "Promoters spend" in out and "$" in out


@pytest.mark.real_data
def test_olist_spend_by_review_score_in_brl(imported, capsys):
    directory, _report = imported("olist", REAL / "olist")
    engine = open_engine(directory)
    result = uplift_for(engine, "csat", Filters())
    assert engine.meta.currency == "BRL"
    assert [g.group for g in result.groups] == [f"score {s}" for s in (5, 4, 3, 2, 1)]
    orders_end = engine.windows["orders"].end
    measured = result.rows.filter(pl.col("spend_after").is_not_null())
    assert (measured["answered_at"] + timedelta(days=365) <= orders_end).all(), "only 12 months Olist observed"
    assert all(g.revenue_per_customer.n > 0 for g in result.groups)
    code, out, _ = _cli(capsys, "uplift", str(directory), "--format", "text")
    assert code == 0 and "R$" in out
    print(out)


def test_uplift_by_dimension_matches_each_value_computed_alone(sample_dir, sample):
    tables = {
        name: pl.read_parquet(sample_dir / f"{name}.parquet") for name in ("customers", "orders", "survey_responses")
    }
    expected = _independent(tables, as_of=sample.data.as_of).filter("spend_measured")
    engine = sample
    result = uplift_for(engine, "nps", Filters())
    shown = [d for d in result.dimensions if d.revenue_ratio.value is not None]
    assert shown, "some dimension values have enough customers in both groups"
    values = [d.revenue_ratio.value for d in shown]
    assert values == sorted(values, reverse=True)
    for found in result.dimensions:
        rows = expected.filter(pl.col(found.dimension) == found.value)
        best, worst = (rows.filter(pl.col("group") == g)["spend"] for g in ("promoter", "detractor"))
        assert (found.best_customers, found.worst_customers) == (best.len(), worst.len())
        if found.revenue_ratio.value is not None:
            assert min(best.len(), worst.len()) >= 30
            assert found.revenue_ratio.value == pytest.approx(best.mean() / worst.mean())
