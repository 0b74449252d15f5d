"""A hand-made data dir small enough to work every figure out on paper (see the comments)."""

from datetime import date, datetime
from pathlib import Path

import polars as pl

from cxdash.ingest.datadir import DatasetMeta, write_datadir

MARCH = (date(2024, 3, 1), date(2024, 3, 31))

# For March 2024: active at start a, b, c, f (4); churned b (first day) and c (last day) (2);
# d churned the day before; e signed up and churned inside March (new, not in the base);
# f churns the day after; new e, g (2); active at the end a, f, g (3); h signs up after.
CUSTOMERS = pl.DataFrame(
    {
        "customer_id": list("abcdefgh"),
        "signup_date": [
            date(2024, 1, 1),
            date(2024, 2, 1),
            date(2024, 2, 10),
            date(2024, 1, 5),
            date(2024, 3, 1),
            date(2024, 2, 15),
            date(2024, 3, 31),
            date(2024, 4, 1),
        ],
        "churn_date": [
            None,
            date(2024, 3, 1),
            date(2024, 3, 31),
            date(2024, 2, 29),
            date(2024, 3, 20),
            date(2024, 4, 1),
            None,
            None,
        ],
        "segment": ["SMB", "SMB", "Enterprise", "SMB", "Enterprise", "SMB", "Enterprise", "SMB"],
        "region": ["North", "South", "North", "North", "South", "North", "South", "North"],
        "acquisition_channel": ["Web", "Web", "Partner", "Web", "Partner", "Partner", "Web", "Web"],
        "plan": ["Basic", "Plus", "Plus", "Basic", "Basic", "Plus", "Basic", "Plus"],
    }
)

# March: 100 + 50 + (-20 refund) + 70 = 200 over 4 orders (AOV 50); one order each side of March.
ORDERS = pl.DataFrame(
    {
        "order_id": ["o1", "o2", "o3", "o4", "o5", "o6"],
        "customer_id": ["a", "b", "a", "c", "a", "f"],
        "order_date": [
            datetime(2024, 2, 29, 23, 59),
            datetime(2024, 3, 1, 0, 0),
            datetime(2024, 3, 15, 12, 0),
            datetime(2024, 3, 31, 23, 59),
            datetime(2024, 3, 20, 8, 0),
            datetime(2024, 4, 1, 0, 0),
        ],
        "amount": [999.0, 100.0, 50.0, -20.0, 70.0, 999.0],
        "channel": ["Web", "App", "Web", "Web", "Store", "Web"],
        "category": ["Home"] * 6,
    }
)

# March NPS: 10, 9 (promoters), 7 (passive), 3, 0 (detractors): NPS 0 over n 5, the 0 anonymous.
# March CSAT: 5, 4, 3 -> 2 of 3 satisfied = 66.7%; CES 2 and 4 -> 3.0. One NPS 10 in April.
RESPONSES = pl.DataFrame(
    {
        "response_id": [f"r{i}" for i in range(1, 12)],
        "customer_id": ["a", "b", "c", "f", None, "a", "c", "f", "a", "c", "a"],
        "responded_at": [datetime(2024, 3, d, 10) for d in (1, 5, 9, 31, 15, 2, 3, 4, 6, 7)]
        + [datetime(2024, 4, 1, 9)],
        "metric": ["nps", "nps", "nps", "nps", "nps", "csat", "csat", "csat", "ces", "ces", "nps"],
        "score": [10, 9, 7, 3, 0, 5, 4, 3, 2, 4, 10],
        "journey_stage": ["Purchase"] * 11,
        "touchpoint": ["Checkout"] * 11,
        "channel": ["Email"] * 11,
        "comment": [None] * 10 + ["great"],
    }
)

GOALS = [
    {
        "id": "nps-up",
        "name": "Lift NPS",
        "metric": "nps",
        "target": 30,
        "direction": "increase",
        "start": "2024-01-01",
        "deadline": "2024-12-31",
        "owner": "CX lead",
        "objective": "More referrals",
    }
]


def write_tiny(directory: Path) -> Path:
    tables = {"customers": CUSTOMERS, "orders": ORDERS, "survey_responses": RESPONSES}
    return write_datadir(directory, tables, DatasetMeta(name="Tiny hand-made data"), GOALS)
