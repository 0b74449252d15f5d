"""The journey filters (survey channel, touchpoint, stage): added to the sidebar's filter bar by the pages
that need them, bound to the URL like the global filters, and handed to the journey queries as
`choices` entries ('stage=Delivery', 'touchpoint=Website', 'survey_channel=Email')."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import streamlit as st

from cxdash.engine.engine import Engine
from cxdash.ui.filters import plain

# widget key (also the URL parameter and the `choices` prefix) -> (survey column, label)
FILTERS = {
    "stage": ("journey_stage", "Journey stage"),
    "touchpoint": ("touchpoint", "Touchpoint"),
    "survey_channel": ("channel", "Survey channel"),
}


@dataclass(frozen=True)
class JourneyFilters:
    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)  # widget key -> values

    def choices(self) -> list[str]:
        return [f"{key}={value}" for key, values in self.chosen.items() for value in values]

    def describe(self) -> str | None:
        """ "Journey stage: Delivery · Survey channel: Email, SMS", or None when nothing is chosen."""
        parts = [f"{FILTERS[key][1]}: {', '.join(plain(v) for v in values)}" for key, values in self.chosen.items()]
        return " · ".join(parts) or None


def journey_filters(current: Engine, stage_order: Sequence[str] = ()) -> JourneyFilters:
    """The three filters under the global ones, each only where the survey answers give its column."""
    values = current.data.journey
    chosen = {}
    for key, (column, label) in FILTERS.items():
        options = values.get(column, [])
        if column == "journey_stage":
            options = [s for s in stage_order if s in options] + [s for s in options if s not in stage_order]
        if options:
            picked = st.sidebar.multiselect(label, options, key=key, bind="query-params", placeholder="All")
            if picked:
                chosen[key] = tuple(picked)
    return JourneyFilters(chosen)
