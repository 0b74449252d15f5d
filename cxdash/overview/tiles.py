"""The Overview's KPI tiles: value, change against the comparison period, whether it is noise, sparkline."""

from __future__ import annotations

from dataclasses import dataclass

from cxdash.figures import metrics
from cxdash.figures.counts import PeriodCounts, kpi_values
from cxdash.figures.registry import KPIS, Kpi
from cxdash.figures.significance import TestResult, mean_difference, nps_difference, proportion_difference


@dataclass(frozen=True)
class Tile:
    kpi: Kpi
    value: float | None
    previous: float | None
    n: int | None = None  # responses (survey KPIs) or customers at the start (churn, retention)
    interval: tuple[float, float] | None = None  # 95%, in the KPI's own units
    test: TestResult | None = None  # None where no test applies or a side has no data
    too_small: bool = False  # n below the minimum: show the reason, not the figure
    sparkline: tuple[float | None, ...] = ()

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None or self.too_small:
            return None
        return self.value - self.previous

    @property
    def noise(self) -> bool:
        """A change a proper test cannot tell from sampling noise."""
        return self.test is not None and not self.test.significant


def _survey(counts: PeriodCounts, metric: str) -> tuple[int, int, int]:
    s = counts.survey(metric)
    return int(s["promoters"]), int(s["detractors"]), int(s["n"])


def _test(name: str, current: PeriodCounts, previous: PeriodCounts | None) -> TestResult | None:
    if previous is None:
        return None
    if name == "nps":
        return nps_difference(_survey(current, "nps"), _survey(previous, "nps"))
    if name == "csat":
        a, b = current.survey("csat"), previous.survey("csat")
        return proportion_difference((int(a["satisfied"]), int(a["n"])), (int(b["satisfied"]), int(b["n"])))
    if name == "ces":
        a, b = current.survey("ces"), previous.survey("ces")
        return mean_difference(
            (a["score_sum"], a["score_sq_sum"], int(a["n"])), (b["score_sum"], b["score_sq_sum"], int(b["n"]))
        )
    if name in ("churn_rate", "retention_rate"):
        return proportion_difference(
            (current.churned, current.active_start), (previous.churned, previous.active_start), minimum=metrics.MIN_BASE
        )
    return None


def _interval(name: str, counts: PeriodCounts) -> tuple[float, float] | None:
    """None where the figure has nothing to measure (n = 0), like the figure itself."""
    if name in ("nps", "csat", "ces"):
        return metrics.survey_interval(name, counts.survey(name))
    if name in ("churn_rate", "retention_rate"):
        found = metrics.proportion_interval(counts.churned, counts.active_start)
        if found is None:
            return None
        return found if name == "churn_rate" else (1 - found[1], 1 - found[0])
    return None


def _n(name: str, counts: PeriodCounts) -> int | None:
    if name in ("nps", "csat", "ces"):
        return int(counts.survey(name)["n"])
    if name in ("churn_rate", "retention_rate"):
        return counts.active_start
    return None


def build_tiles(
    current: PeriodCounts,
    previous: PeriodCounts | None,
    sparklines: dict[str, list[float | None]] | None = None,
) -> list[Tile]:
    values = kpi_values(current)
    before = kpi_values(previous) if previous is not None else {}
    tiles = []
    for kpi in KPIS:
        n = _n(kpi.name, current)
        minimum = metrics.MIN_SURVEY_N if kpi.survey else metrics.MIN_BASE
        tiles.append(
            Tile(
                kpi=kpi,
                value=values[kpi.name],
                previous=before.get(kpi.name),
                n=n,
                interval=_interval(kpi.name, current),
                test=_test(kpi.name, current, previous),
                too_small=n is not None and n < minimum,
                sparkline=tuple((sparklines or {}).get(kpi.name, [])),
            )
        )
    return tiles
