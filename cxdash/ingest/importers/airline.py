"""Airline Passenger Satisfaction (Kaggle) -> passengers as customers, one CSAT response per rated touchpoint.

Each passenger rates 14 service touchpoints 0-5, where 0 means "not rated". A 1-5 rating of one
touchpoint is a CSAT response for that touchpoint, which gives the touchpoint-driver views. There are
no dates, orders or customer keys beyond the passenger id.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import polars as pl

from cxdash.ingest.datadir import DatasetMeta
from cxdash.ingest.importers.report import (
    ImportReport,
    dropped_line,
    find_source,
    finish,
    paragraphs,
    read_csv,
    require_columns,
)

FILES = ("airline_passenger_satisfaction_test.csv", "test.csv", "train.csv")
CITATION = "Airline Passenger Satisfaction (Kaggle teejmahal20/airline-passenger-satisfaction), test split"
SNAPSHOT = date(2024, 1, 31)
# normalised rating column -> (touchpoint in plain English, journey stage)
TOUCHPOINTS = {
    "ease_of_online_booking": ("Online booking", "Booking"),
    "departure_arrival_time_convenient": ("Departure/arrival time", "Booking"),
    "checkin_service": ("Check-in", "Check-in & boarding"),
    "online_boarding": ("Online boarding", "Check-in & boarding"),
    "gate_location": ("Gate location", "Check-in & boarding"),
    "seat_comfort": ("Seat comfort", "In-flight"),
    "leg_room_service": ("Leg room", "In-flight"),
    "cleanliness": ("Cleanliness", "In-flight"),
    "food_and_drink": ("Food and drink", "In-flight"),
    "inflight_wifi_service": ("Inflight wifi", "In-flight"),
    "inflight_entertainment": ("Inflight entertainment", "In-flight"),
    "on_board_service": ("On-board service", "In-flight"),
    "inflight_service": ("Inflight service", "In-flight"),
    "baggage_handling": ("Baggage handling", "Arrival"),
}
ASSUMPTIONS = """
Each passenger is a customer (customer_id = id) and a survey respondent; segment = Class (Business /
Eco / Eco Plus); customer_type, travel_type, gender, age_band, flight_haul, arrival_delay_band and
overall_satisfaction are kept as string dimensions; region and acquisition_channel are null.

The source has no dates: every passenger gets signup_date {snapshot} and every response responded_at
{snapshot} 00:00 (one synthetic survey date, the as_of date). Trends over time are not meaningful;
no churn (churn_date null).

Each of the 14 touchpoint ratings 1-5 is a csat response (score = rating), touchpoint = the rating's
name in plain English, journey_stage = Booking / Check-in & boarding / In-flight / Arrival; channel
and comment are null.

overall_satisfaction ('Satisfied' / 'Neutral or dissatisfied') is the passenger's overall label; it
is not turned into a score (it is binary, neither CSAT 1-5 nor NPS).

Header names normalised to snake_case (the file mixes '_', ' ' and '-'); the unnamed row-index
column is dropped. Source file {file}: {passengers:,} passengers (Kaggle ships a train and a test
split; the shared folder holds only test.csv).

No orders (no revenue in the source): the orders table is omitted.
"""
PASSENGER = [
    "id",
    "gender",
    "customer_type",
    "age",
    "type_of_travel",
    "class",
    "flight_distance",
    "departure_delay_in_minutes",
    "arrival_delay_in_minutes",
    "satisfaction",
]
AGE_BANDS = [
    (0, 24, "Under 25"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 54, "45-54"),
    (55, 64, "55-64"),
    (65, 200, "65+"),
]
DISTANCE_BANDS = [
    (0, 999, "Short haul (<1,000 mi)"),
    (1000, 2999, "Medium haul (1,000-2,999 mi)"),
    (3000, 10**6, "Long haul (3,000+ mi)"),
]
DELAY_BANDS = [
    (0, 0, "On time"),
    (1, 15, "1-15 min late"),
    (16, 60, "16-60 min late"),
    (61, 10**6, "Over 60 min late"),
]


def snake(name: str) -> str:
    """'Leg room_service', 'On-board_service', 'Departure/Arrival time convenient' -> snake_case."""
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def read_source(path: Path, notes: list[str]) -> pl.DataFrame:
    """Read with normalised header names, dropping the unnamed pandas row index."""
    raw = read_csv(path, notes, infer_schema_length=None)
    raw = raw.rename({c: snake(c) for c in raw.columns})
    raw = raw.drop([c for c in raw.columns if c in ("", "unnamed_0")])
    require_columns(raw, PASSENGER + list(TOUCHPOINTS), path.name)
    return raw


def band(column: str, bands: list[tuple[int, int, str]]) -> pl.Expr:
    expr = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for low, high, label in bands:
        expr = expr.when(pl.col(column).is_between(low, high)).then(pl.lit(label))
    return expr


def title(column: str) -> pl.Expr:
    """'disloyal Customer' -> 'Disloyal customer', 'Personal Travel' -> 'Personal travel'."""
    text = pl.col(column).str.strip_chars().str.to_lowercase()
    return text.str.slice(0, 1).str.to_uppercase() + text.str.slice(1)


def build_customers(raw: pl.DataFrame) -> pl.DataFrame:
    """One customer per passenger: segment = travel class, passenger traits as string dimensions."""
    delay = pl.col("arrival_delay_in_minutes").round(0).cast(pl.Int64).alias("arrival_delay")
    return raw.with_columns(delay).select(
        pl.col("id").cast(pl.String).alias("customer_id"),
        pl.lit(SNAPSHOT).alias("signup_date"),
        pl.lit(None, dtype=pl.Date).alias("churn_date"),
        pl.col("class").str.strip_chars().alias("segment"),
        pl.lit(None, dtype=pl.String).alias("region"),
        pl.lit(None, dtype=pl.String).alias("acquisition_channel"),
        title("customer_type").alias("customer_type"),
        title("type_of_travel").alias("travel_type"),
        pl.col("gender"),
        band("age", AGE_BANDS).alias("age_band"),
        band("flight_distance", DISTANCE_BANDS).alias("flight_haul"),
        band("arrival_delay", DELAY_BANDS).alias("arrival_delay_band"),
        title("satisfaction").alias("overall_satisfaction"),
        pl.col("age").cast(pl.Int64),
        pl.col("flight_distance").cast(pl.Int64),
        pl.col("departure_delay_in_minutes").cast(pl.Int64).alias("departure_delay_minutes"),
        pl.col("arrival_delay_in_minutes").cast(pl.Float64).alias("arrival_delay_minutes"),
    )


def build_responses(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One csat response per passenger and rated touchpoint; returns (responses, unrated counts)."""
    ratings = raw.select(pl.col("id").cast(pl.String).alias("customer_id"), *TOUCHPOINTS).unpivot(
        index="customer_id", variable_name="source_column", value_name="score"
    )
    rated = pl.col("score").is_between(1, 5).fill_null(False)
    unrated = (
        ratings.filter(~rated)
        .group_by("source_column")
        .agg((pl.col("score") == 0).sum().alias("zeros"), pl.len().alias("rows"))
    )
    names = {k: v[0] for k, v in TOUCHPOINTS.items()}
    stages = {k: v[1] for k, v in TOUCHPOINTS.items()}
    responses = ratings.filter(rated).select(
        pl.format("{}-{}", "customer_id", "source_column").alias("response_id"),
        "customer_id",
        pl.lit(datetime.combine(SNAPSHOT, datetime.min.time())).alias("responded_at"),
        pl.lit("csat").alias("metric"),
        pl.col("score").cast(pl.Int64),
        pl.col("source_column").replace_strict(stages).alias("journey_stage"),
        pl.col("source_column").replace_strict(names).alias("touchpoint"),
        pl.lit(None, dtype=pl.String).alias("channel"),
        pl.lit(None, dtype=pl.String).alias("comment"),
        "source_column",
    )
    return responses, unrated.with_columns(pl.col("source_column").replace_strict(names).alias("touchpoint"))


def import_airline(src: Path, out: Path) -> ImportReport:
    """Import the airline survey CSV (a file, or a folder holding it) into the data dir `out`."""
    path = find_source(src, FILES)
    notes: list[str] = []
    raw = read_source(path, notes)
    duplicates = raw.height - raw["id"].n_unique()
    raw = raw.unique("id", keep="first", maintain_order=True)
    customers = build_customers(raw)
    responses, unrated = build_responses(raw)
    zeros = unrated.filter(pl.col("zeros") > 0).sort("zeros", descending=True)
    detail = ", ".join(f"{r['touchpoint']} {r['zeros']:,}" for r in zeros.iter_rows(named=True))
    dropped = [
        dropped_line(
            "touchpoint ratings of 0",
            int(unrated["zeros"].sum()),
            f"0 means not rated ({detail})",
            "ratings",
        )
    ]
    other = int(unrated["rows"].sum() - unrated["zeros"].sum())
    if other:
        dropped.append(
            dropped_line(
                "touchpoint ratings missing or outside 0-5",
                other,
                "not a valid 1-5 rating",
                "ratings",
            )
        )
    if duplicates:
        dropped.append(
            dropped_line(
                "passengers with a repeated id",
                duplicates,
                "the first row of each id is kept",
            )
        )
    assumptions = notes + paragraphs(ASSUMPTIONS, snapshot=SNAPSHOT, file=path.name, passengers=customers.height)
    meta = DatasetMeta(
        name="Airline passenger satisfaction",
        description=f"Airline Passenger Satisfaction survey ({path.name}): 14 touchpoint ratings per passenger.",
        source=CITATION,
        assumptions=assumptions,
        dropped=dropped,
        as_of=SNAPSHOT.isoformat(),
        currency="USD",
        journey_stages=list(dict.fromkeys(stage for _, stage in TOUCHPOINTS.values())),
    )
    figures = {
        "passengers": customers.height,
        "satisfied_share": float((customers["overall_satisfaction"] == "Satisfied").mean()),
        "responses": responses.height,
        "csat": 100 * float((responses["score"] >= 4).mean()),
    }
    return finish(
        out,
        {"customers": customers, "survey_responses": responses},
        meta,
        str(path),
        figures,
    )
