"""Dated changes to the customer experience: two fixes and one regression, so trends move both ways.

- Delivery: a new carrier and routing from 2025-06-01 (two months to roll out). Late deliveries fall
  by 70% and delivery scores rise; everyone's experience gets a little better, which reaches NPS,
  churn and order frequency.
- Contact center: a callback and staffing programme from 2026-02-01 that takes eight months to land.
  Long phone waits fall by 70% and contact center scores rise.
- Mobile app: a redesign released from 2026-05-01 over three weeks crashes three times as often. App
  scores fall, and consumers, the app's main users, have a worse experience overall.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from cxdash.ingest.sample.calendar import day_of

# Change name: first day and days until fully landed.
CHANGES: dict[str, tuple[date, int]] = {
    "delivery": (date(2025, 6, 1), 60),
    "contact": (date(2026, 2, 1), 240),
    "app": (date(2026, 5, 1), 21),
}
DELIVERY_FIX, CONTACT_FIX, APP_RELEASE = (start for start, _ in CHANGES.values())
# Shift of every customer's latent experience once a change has landed, by segment.
EXPERIENCE_SHIFTS: dict[str, np.ndarray] = {
    "delivery": np.array([0.12, 0.12, 0.12]),
    "app": np.array([-0.15, -0.04, 0.0]),
}
# Pain point: (change, relative change of its chance once landed).
PAIN_CHANGES: dict[str, tuple[str, float]] = {
    "late_delivery": ("delivery", -0.7),
    "long_wait": ("contact", -0.7),
    "app_crash": ("app", 2.0),
}
# Touchpoint: (change, shift of that touchpoint's latent score once landed).
TOUCHPOINT_SHIFTS: dict[str, tuple[str, float]] = {
    "Delivery": ("delivery", 0.3),
    "Contact center": ("contact", 0.6),
    "Mobile app": ("app", -0.2),
}


def landed(change: str, days: np.ndarray) -> np.ndarray:
    """How far a change has landed on each day number: 0 before it starts, 1 once rolled out."""
    start, length = CHANGES[change]
    return np.clip((np.asarray(days) - day_of(start)) / length, 0.0, 1.0)


def experience_shift(days: np.ndarray, segment: np.ndarray | int) -> np.ndarray:
    """The shift of a customer's experience on given days, from every change landed by then."""
    return sum(shift[segment] * landed(change, days) for change, shift in EXPERIENCE_SHIFTS.items())


def experience_steps() -> list[tuple[int, np.ndarray]]:
    """The shifts as steps at each roll-out's midpoint: (day number, total shift by segment after it).

    Churn uses the steps because its hazard then keeps a closed-form inverse on each side.
    """
    steps, total = [], np.zeros(3)
    for change, shift in EXPERIENCE_SHIFTS.items():
        start, length = CHANGES[change]
        total = total + shift
        steps.append((day_of(start) + length // 2, total))
    return sorted(steps, key=lambda step: step[0])
