"""Pain points: the taxonomy matches hand-written comments in English and Portuguese whatever the case,
accents and plurals; the sample's planted pain points are found; topics beyond the taxonomy are discovered
the same way every time; theme scores and root-cause figures agree with independent polars computations."""

import json
import re

import polars as pl
import pytest

from cxdash.cli import main
from cxdash.figures.counts import Filters
from cxdash.ingest.sample.comments import PAIN_PHRASES
from cxdash.themes.discover import discover_topics
from cxdash.themes.reading import tag_comments, themed_comments
from cxdash.themes.report import theme_report, view_totals
from cxdash.themes.root_cause import compare, respondents
from cxdash.themes.sentiment import comment_sentiment
from cxdash.themes.taxonomy import PACKAGE_TAXONOMY, TaxonomyError, load_taxonomy, match_themes, taxonomy_for


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(PACKAGE_TAXONOMY)


def _themes_of(texts: list[str], taxonomy) -> list[list[str]]:
    return match_themes(pl.DataFrame({"comment": texts}), taxonomy)["themes"].to_list()


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("My parcel was DELAYED by a week", ["late_delivery"]),
        ("Deliveries are always late!", ["late_delivery"]),
        ("Both boxes arrived CRUSHED and damaged", ["damaged_item"]),
        ("I was charged twice, and my refunds take forever", ["billing_error", "refund_delay"]),
        ("Waited 40 minutes on hold", ["long_wait"]),
        ("Entrega ATRASADA, chegou uma semana depois", ["late_delivery"]),
        ("entregas atrasadas de novo", ["late_delivery"]),
        ("Não recebi o produto até hoje", ["not_received"]),
        ("NAO RECEBI", ["not_received"]),
        ("Os produtos chegaram quebrados", ["damaged_item"]),
        ("Cobrança indevida no cartão e o reembolso não veio", ["not_received", "refund_delay", "billing_error"]),
        ("Great service overall, fast delivery", []),
        ("Produto excelente, chegou antes do prazo", []),
        ("Prices have gone up a lot lately", ["price"]),
    ],
)
def test_comments_match_their_themes_in_two_languages(taxonomy, comment, expected):
    (found,) = _themes_of([comment], taxonomy)
    assert sorted(found) == sorted(expected)


def test_every_planted_pain_sentence_of_the_sample_finds_its_theme(taxonomy):
    for pain, sentences in PAIN_PHRASES.items():
        texts = [re.sub(r"\{\w+\}", "3", s) for s in sentences]
        for text, found in zip(texts, _themes_of(texts, taxonomy), strict=True):
            assert pain in found, (pain, text, found)


def test_a_data_dir_can_bring_its_own_themes(tmp_path):
    (tmp_path / "themes.yaml").write_text(
        "wifi:\n  label: Wi-Fi\n  phrases:\n    en: [wifi, wi-fi]\n    pt: [internet]\n", encoding="utf-8"
    )
    themes, path = taxonomy_for(tmp_path)
    assert path == tmp_path / "themes.yaml" and [t.label for t in themes] == ["Wi-Fi"]
    assert _themes_of(["The Wi-Fi kept dropping", "Sem internet no voo"], themes) == [["wifi"], ["wifi"]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("wifi: [a, b]\n", "theme 'wifi' needs 'phrases'"),
        ("wifi:\n  phrases:\n    en: ['  ']\n", "theme 'wifi': every language needs a list of non-empty phrases"),
        ("- a\n", "expected a mapping of theme id"),
        ("wifi: {phrases: [\n", "cannot read the themes"),
    ],
)
def test_a_bad_taxonomy_names_the_file_and_the_theme(tmp_path, text, message):
    path = tmp_path / "themes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=re.escape(message)) as caught:
        load_taxonomy(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("comment", "sentiment"),
    [
        ("Great service, thank you", 1),
        ("Not good at all", -1),
        ("Produto ótimo, recomendo", 1),
        ("Péssimo, chegou quebrado", -1),
        ("It was fine, nothing special.", 0),
    ],
)
def test_lexicon_sentiment(comment, sentiment):
    assert pl.select(comment_sentiment(pl.lit(comment))).item() == sentiment


def test_topics_are_discovered_the_same_way_every_time():
    groups = {
        "wifi": ["The wifi on board was useless", "No wifi signal the whole flight", "Wifi kept dropping out"],
        "seat": ["My seat was uncomfortable and narrow", "Seat would not recline", "Narrow seat, sore back"],
        "food": ["The food was cold and bland", "Cold food again", "Food portions were tiny and cold"],
    }
    comments = pl.Series([text for texts in groups.values() for text in texts] * 60)
    names, best = discover_topics(comments)
    again = discover_topics(comments)
    assert names == again[0] and (best == again[1]).all()
    for word, texts in groups.items():
        labels = {names[best[i]] for i, text in enumerate(comments) if text in texts}
        assert len(labels) == 1 and word in labels.pop()


def _hand_made_comments() -> pl.DataFrame:
    rows = [
        ("r1", "a", "nps", 2, "detractor", 3, "Late delivery, again"),
        ("r2", "a", "nps", 9, "promoter", 1, "Delivery was late but the agent was great"),
        ("r3", "b", "nps", 10, "promoter", 1, "Lovely"),
        ("r4", "c", "csat", 1, "score 1", 5, "Atraso na entrega"),
        ("r5", None, "nps", 0, "detractor", 3, "late late late"),
    ]
    frame = pl.DataFrame(
        rows, schema=["response_id", "customer_id", "metric", "score", "experience", "rank", "comment"], orient="row"
    )
    return frame.with_columns(day=pl.date(2024, 3, 1), touchpoint=pl.lit("Delivery"))


def test_theme_scores_against_the_rest_of_the_view(tmp_path):
    """Late delivery: NPS answers r1 (detractor), r2 (promoter), r5 (detractor) -> (1 - 2) / 3 = -33.3; CSAT r4.
    The view holds 10 NPS answers, 4 promoters and 3 detractors: the others are 3 promoters, 1 detractor of 7."""
    themed = tag_comments(_hand_made_comments(), tmp_path)
    totals = {
        "nps": {"n": 10, "promoters": 4, "detractors": 3, "satisfied": 0, "score_sum": 60.0, "score_sq_sum": 500.0}
    }
    people = respondents_frame({"a": (True, 100.0), "b": (False, 50.0), "c": (False, 10.0), "d": (False, 40.0)})
    report = theme_report(themed, totals, people)
    late = report.filter(pl.col("theme_id") == "late_delivery").row(0, named=True)
    assert (late["responses"], late["customers"], late["metric"]) == (4, 2, "nps")
    assert late["score"] == pytest.approx(-100 / 3)
    assert late["score_others"] == pytest.approx(100 * (3 - 1) / 7)
    assert late["share"] == pytest.approx(4 / 5)
    # a and c raised it: 1 of 2 churned; b and d did not: 0 of 2; spend 110 / 2 against 90 / 2
    assert (late["churn_rate"], late["churn_rate_others"]) == (0.5, 0.0)
    assert late["revenue_per_customer"] == 55.0 and late["revenue_per_customer_others"] == 45.0
    # Wilson's 95% interval of 1 in 2 is 9.5%-90.5%, above the others' 0%: 0.5 extra x 2 customers x 45
    assert late["churn_low"] == pytest.approx(0.0945, abs=1e-4)
    assert late["revenue_at_risk"] == pytest.approx(45.0)


def respondents_frame(rows: dict[str, tuple[bool, float]]):
    from cxdash.themes.root_cause import Respondents

    facts = pl.DataFrame(
        [(k, churned, revenue) for k, (churned, revenue) in rows.items()],
        schema={"customer_id": pl.String, "churned": pl.Boolean, "revenue": pl.Float64},
        orient="row",
    )
    return Respondents(facts, churn_observed=True, revenue_observed=True)


def test_revenue_at_risk_counts_extra_churners_only_when_clearly_above():
    people = respondents_frame({f"c{i}": (i < 40, 100.0) for i in range(200)})
    raised = pl.DataFrame({"key": ["x"] * 50, "customer_id": [f"c{i}" for i in range(50)]})
    (row,) = compare(raised, people).to_dicts()
    # 40 of 50 churned against 0 of 150: 0.8 - 0 = 0.8 extra x 50 customers x 100 spent by the others
    assert row["churn_rate"] == 0.8 and row["churn_rate_others"] == 0.0
    assert row["revenue_at_risk"] == pytest.approx(0.8 * 50 * 100.0)
    assert row["churn_low"] < 0.8 < row["churn_high"]


def test_root_cause_on_the_sample_matches_a_direct_computation(sample, sample_dir):
    """Churn and spend of customers who mentioned a late delivery, straight from the sample's files."""
    themed = themed_comments(sample, Filters())
    report = theme_report(themed, view_totals(sample, Filters()), respondents(sample, Filters()))
    late = report.filter(pl.col("theme_id") == "late_delivery").row(0, named=True)
    responses = pl.read_parquet(sample_dir / "survey_responses.parquet").drop_nulls("customer_id")
    customers = pl.read_parquet(sample_dir / "customers.parquet")
    spend = pl.read_parquet(sample_dir / "orders.parquet").group_by("customer_id").agg(spend=pl.col("amount").sum())
    base = (
        customers.join(responses.select("customer_id").unique(), on="customer_id")
        .join(spend, on="customer_id", how="left")
        .with_columns(pl.col("spend").fill_null(0.0), churned=pl.col("churn_date").is_not_null())
    )
    mentioned = (
        responses.filter(pl.col("comment").str.to_lowercase().str.contains(r"\blate\b|days later|delayed"))
        .select("customer_id")
        .unique()
    )
    raised = base.join(mentioned, on="customer_id")
    others = base.join(mentioned, on="customer_id", how="anti")
    assert late["customers"] == raised.height
    assert late["churn_rate"] == pytest.approx(raised["churned"].mean())
    assert late["churn_rate_others"] == pytest.approx(others["churned"].mean())
    assert late["revenue_per_customer"] == pytest.approx(raised["spend"].mean())
    assert late["revenue_per_customer_others"] == pytest.approx(others["spend"].mean())
    gap = late["churn_rate"] - late["churn_rate_others"]
    counted = late["churn_low"] > late["churn_rate_others"]
    assert late["revenue_at_risk"] == pytest.approx(gap * raised.height * others["spend"].mean() if counted else 0.0)


def test_the_sample_pain_points_are_found_where_they_were_planted(sample):
    themed = themed_comments(sample, Filters())
    report = theme_report(themed, view_totals(sample, Filters()), respondents(sample, Filters()))
    found = report.filter(~pl.col("discovered"))
    for theme in ("late_delivery", "long_wait", "app_crash", "billing_error"):
        row = found.filter(pl.col("theme_id") == theme).row(0, named=True)
        assert row["responses"] > 20 and row["score"] < row["score_others"], theme
        assert row["sentiment"] < 0
    assert report.filter(pl.col("discovered")).height >= 2  # praise no theme covers


def test_themes_command(sample_dir, capsys):
    code = main(["themes", str(sample_dir), "--format", "json"])
    records = json.loads(capsys.readouterr().out)
    assert code == 0
    keys = {"theme", "responses", "customers", "metric", "score", "score_others", "churn_rate", "churn_rate_others"}
    keys |= {"revenue_per_customer", "revenue_per_customer_others", "discovered"}
    assert all(keys <= set(r) for r in records)
    assert {r["theme"] for r in records if not r["discovered"]} >= {"Late delivery", "Long waits for support"}
    code = main(["themes", str(sample_dir), "--segment", "SMB"])
    assert code == 0 and "Late delivery" in capsys.readouterr().out


def test_a_finding_in_words_with_money_in_the_data_currency():
    from cxdash.themes.wording import finding

    row = {
        "theme": "Late delivery",
        "churn_rate": 0.42,
        "churn_rate_others": 0.2,
        "churn_ratio": 2.1,
        "metric": "csat",
        "score": 28.44,
        "score_others": 77.5,
        "revenue_at_risk": 1_234_000.0,
    }
    assert finding(row, "BRL") == (
        "Customers who mentioned late delivery churned 2.1x as often (42.0% vs 20.0%); "
        "their answers score CSAT 28.4% against 77.5%; revenue at risk R$1.2M."
    )
    assert finding(row | {"churn_rate": None}, "BRL") is None
