"""Kaplan-Meier and the log-rank test: by hand on a few customers, against lifelines on raw rows, the
aggregated (weighted) fit equal to the raw one, and the CLI against lifelines run on the sample's files."""

import json

import numpy as np
import polars as pl
import pytest
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from scipy.stats import chi2

from cxdash.cli import main
from cxdash.cohorts.survival import fit_curve, logrank


def _rows(months, events, entries=None, weights=None, group="all") -> pl.DataFrame:
    n = len(months)
    return pl.DataFrame(
        {
            "group_name": [group] * n if isinstance(group, str) else group,
            "entry_months": [0.0] * n if entries is None else [float(e) for e in entries],
            "months": [float(m) for m in months],
            "churned": [bool(e) for e in events],
            "customers": [1] * n if weights is None else weights,
        }
    )


def test_kaplan_meier_by_hand():
    # churn at 1, 2, 3; censored at 2 and 4. S(1) = 4/5; S(2) = 4/5 * 3/4; S(3) = 0.6 * 1/2.
    curve = fit_curve(_rows([1, 2, 2, 3, 4], [1, 1, 0, 1, 0]), "all")
    survival = dict(zip(curve.points["months"], curve.points["survival"], strict=True))
    assert survival == pytest.approx({0.0: 1.0, 1.0: 0.8, 2.0: 0.6, 3.0: 0.3, 4.0: 0.3})
    assert curve.median == 3.0 and curve.customers == 5 and curve.churned == 3
    assert curve.restricted_mean(4) == pytest.approx(1 + 0.8 + 0.6 + 0.3)


def test_log_rank_with_delayed_entry_by_hand():
    # A dies at 1; B1 is censored at 2; B2 enters at 1 and dies at 2. At 1: 1 of A, 2 of B at risk, A dies:
    # expected for A 1/3, variance 1 * 2 / 2 * (1/3)(2/3) = 2/9. At 2 A has no one at risk.
    rows = _rows([1, 2, 2], [1, 0, 1], entries=[0, 0, 1], group=["A", "B", "B"])
    test = logrank(rows)
    assert test.statistic == pytest.approx((2 / 3) ** 2 / (2 / 9)) and test.dof == 1
    assert test.p_value == pytest.approx(chi2.sf(2.0, 1))


@pytest.fixture(scope="module")
def raw():
    rng = np.random.default_rng(5)
    n = 400
    groups = rng.choice(["a", "b", "c"], n)
    scale = np.select([groups == "a", groups == "b"], [6.0, 10.0], 16.0)
    months = np.minimum(np.round(rng.exponential(scale)), 24)
    events = (months < 24) & (rng.random(n) < 0.85)
    return pl.DataFrame({"group_name": groups, "months": months, "churned": events})


def test_kaplan_meier_equals_lifelines_on_raw_rows(raw):
    rows = raw.with_columns(entry_months=pl.lit(0.0), customers=pl.lit(1))
    for (group,), part in rows.group_by("group_name"):
        ours = fit_curve(part, group)
        theirs = KaplanMeierFitter().fit(part["months"].to_numpy(), part["churned"].to_numpy())
        times = ours.points["months"].to_numpy()
        assert ours.points["survival"].to_numpy() == pytest.approx(theirs.survival_function_at_times(times).to_numpy())
        band = theirs.confidence_interval_survival_function_.loc[times]
        assert ours.points["low"].to_numpy() == pytest.approx(band.iloc[:, 0].to_numpy(), abs=1e-9)
        assert ours.points["high"].to_numpy() == pytest.approx(band.iloc[:, 1].to_numpy(), abs=1e-9)
        assert ours.median == theirs.median_survival_time_


def test_delayed_entry_equals_lifelines(raw):
    """Discrete times: a customer is at risk from their entry month on, churn in it included; lifelines'
    continuous time counts an entrant only after its entry, so it gets each entry half a month earlier."""
    rng = np.random.default_rng(9)
    rows = raw.filter(pl.col("group_name") == "a").with_columns(customers=pl.lit(1))
    entries = np.minimum(rng.integers(0, 3, rows.height), rows["months"].to_numpy())
    rows = rows.with_columns(entry_months=pl.Series(entries.astype(float)))
    ours = fit_curve(rows, "a")
    theirs = KaplanMeierFitter().fit(rows["months"].to_numpy(), rows["churned"].to_numpy(), entry=entries - 0.5)
    times = ours.points["months"].to_numpy()
    assert ours.points["survival"].to_numpy() == pytest.approx(theirs.survival_function_at_times(times).to_numpy())


def test_the_aggregated_fit_equals_the_raw_fit(raw):
    one_each = raw.with_columns(entry_months=pl.lit(0.0), customers=pl.lit(1))
    grouped = one_each.group_by("group_name", "entry_months", "months", "churned").agg(customers=pl.len())
    assert grouped.height < one_each.height / 3
    for group in ("a", "b", "c"):
        fine = fit_curve(one_each.filter(pl.col("group_name") == group), group)
        summed = fit_curve(grouped.filter(pl.col("group_name") == group).sort("months"), group)
        assert summed.points.equals(fine.points) or summed.points.to_dict(as_series=False) == pytest.approx(
            fine.points.to_dict(as_series=False)
        )
    assert logrank(grouped).statistic == pytest.approx(logrank(one_each).statistic)


def test_log_rank_equals_lifelines_with_weights(raw):
    grouped = (
        raw.group_by("group_name", "months", "churned").agg(customers=pl.len()).with_columns(entry_months=pl.lit(0.0))
    )
    ours = logrank(grouped)
    theirs = multivariate_logrank_test(
        grouped["months"].to_numpy(),
        grouped["group_name"].to_numpy(),
        grouped["churned"].to_numpy(),
        weights=grouped["customers"].to_numpy(),
    )
    assert ours.statistic == pytest.approx(theirs.test_statistic) and ours.p_value == pytest.approx(theirs.p_value)
    assert ours.dof == 2


def _months(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    return end.dt.year() * 12 + end.dt.month() - start.dt.year() * 12 - start.dt.month()


def _independent_by_segment(directory) -> pl.DataFrame:
    """Lifetimes in calendar months from the files: churn month, else the month of the data's last date."""
    customers = pl.read_parquet(directory / "customers.parquet")
    orders = pl.read_parquet(directory / "orders.parquet")
    responses = pl.read_parquet(directory / "survey_responses.parquet")
    as_of = max(
        customers["signup_date"].max(),
        customers["churn_date"].max(),
        orders["order_date"].max().date(),
        responses["responded_at"].max().date(),
    )
    return customers.select(
        "segment",
        months=_months(pl.col("signup_date"), pl.col("churn_date").fill_null(as_of)),
        churned=pl.col("churn_date").is_not_null(),
    )


def test_cli_survival_by_segment_matches_lifelines_on_the_files(sample_dir, capsys):
    assert main(["survival", str(sample_dir), "--by", "segment", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    raw = _independent_by_segment(sample_dir)
    assert record["clock"] == "from sign-up"
    for group in record["groups"]:
        part = raw.filter(pl.col("segment") == group["group"])
        fitter = KaplanMeierFitter().fit(part["months"].to_numpy(), part["churned"].to_numpy())
        assert group["customers"] == part.height and group["churned"] == part["churned"].sum()
        expected_median = fitter.median_survival_time_
        assert group["median_months"] == (None if np.isinf(expected_median) else expected_median)
        assert group["share_12"] == pytest.approx(fitter.predict(12))
        points = pl.DataFrame(group["points"])
        assert points["survival"].to_numpy() == pytest.approx(fitter.predict(points["months"].to_numpy()).to_numpy())
    test = multivariate_logrank_test(raw["months"].to_numpy(), raw["segment"].to_numpy(), raw["churned"].to_numpy())
    assert record["p_value"] == pytest.approx(test.p_value)


def _first_nps(directory) -> pl.DataFrame:
    """Each customer's first NPS answer (earliest, ties by response id), its group and the days from it
    to churn or to the data's last date, from the files."""
    customers = pl.read_parquet(directory / "customers.parquet")
    responses = pl.read_parquet(directory / "survey_responses.parquet")
    orders = pl.read_parquet(directory / "orders.parquet")
    as_of = max(
        customers["churn_date"].max(), orders["order_date"].max().date(), responses["responded_at"].max().date()
    )
    first = (
        responses.filter((pl.col("metric") == "nps") & pl.col("customer_id").is_not_null())
        .sort("responded_at", "response_id")
        .group_by("customer_id", maintain_order=True)
        .first()
    )
    joined = first.join(customers, on="customer_id").with_columns(
        days=(pl.col("churn_date").fill_null(as_of) - pl.col("responded_at").dt.date()).dt.total_days(),
        group=pl.when(pl.col("score") >= 9)
        .then(pl.lit("promoter"))
        .when(pl.col("score") >= 7)
        .then(pl.lit("passive"))
        .otherwise(pl.lit("detractor")),
    )
    return joined.filter(pl.col("days") >= 0).select("group", "days", churned=pl.col("churn_date").is_not_null())


def test_detractors_leave_sooner_than_promoters_on_the_sample(sample_dir, capsys):
    assert main(["survival", str(sample_dir), "--by", "nps", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    groups = {g["group"]: g for g in record["groups"]}
    assert list(groups) == ["promoter", "passive", "detractor"] and record["clock"] == "from the first answer"
    raw = _first_nps(sample_dir)
    for name, group in groups.items():
        part = raw.filter(pl.col("group") == name)
        fitter = KaplanMeierFitter().fit(part["days"].to_numpy() / (365.25 / 12), part["churned"].to_numpy())
        assert group["customers"] == part.height
        assert group["share_12"] == pytest.approx(fitter.predict(12.0))
    promoter, detractor = groups["promoter"], groups["detractor"]
    assert detractor["share_12"] < promoter["share_12"] and detractor["share_6"] < promoter["share_6"]
    assert detractor["median_months"] is not None
    assert promoter["median_months"] is None or promoter["median_months"] > detractor["median_months"]
    pair = raw.filter(pl.col("group").is_in(["promoter", "passive", "detractor"]))
    test = multivariate_logrank_test(pair["days"].to_numpy(), pair["group"].to_numpy(), pair["churned"].to_numpy())
    assert record["p_value"] == pytest.approx(test.p_value) and record["p_value"] < 0.001


def test_survival_by_an_unknown_dimension_is_a_usage_error(sample_dir, capsys):
    assert main(["survival", str(sample_dir), "--by", "colour"]) == 2
    assert "argument --by" in capsys.readouterr().err
    assert main(["survival", str(sample_dir), "--by", "segment", "--start", "2026-01-01"]) == 2
