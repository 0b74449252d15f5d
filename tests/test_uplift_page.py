"""The Spend uplift page through AppTest: the headline, raw and adjusted beside each other, the group table,
the what-if arithmetic, the evidence with its sources, and every metric and grouping without an error."""

from __future__ import annotations

from tests.test_pages import assert_clean, open_page


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    return "\n".join(parts)


def test_the_page_on_the_sample(sample_dir, data_env):
    data_env(sample_dir)
    at = open_page("uplift.py")
    assert_clean(at)
    assert at.title[0].value == "Spend uplift"
    text = _texts(at)
    assert "Promoters spend" in text and "more than detractors (95% CI" in text
    assert {m.label for m in at.metric} >= {"Revenue uplift, raw", "Revenue uplift, adjusted", "Retention uplift, raw"}
    assert "Move this share of detractors to passive" in [s.label for s in at.slider]
    assert "active detractor customers" in text and "customers moved" in text, "the arithmetic is shown"
    assert "Revenue at risk from today's detractors" in text
    assert "Tweedie" in str(at.table[0].value) or any("Tweedie" in str(t.value) for t in at.table)
    evidence = at.table[-1].value
    assert "Kriss" in " ".join(map(str, evidence["Source"])) and "Keiningham" in " ".join(map(str, evidence["Caveat"]))
    at.slider[0].set_value(30).run()
    assert_clean(at)
    assert "30% of" in _texts(at)


def test_every_metric_and_the_satisfied_grouping(sample_dir, data_env):
    data_env(sample_dir)
    at = open_page("uplift.py")
    for metric in ("csat", "ces"):
        at.selectbox(key="uplift_metric").set_value(metric).run()
        assert_clean(at)
    at.selectbox(key="uplift_metric").set_value("csat").run()
    at.toggle(key="uplift_satisfied").set_value(True).run()
    assert_clean(at)
    assert "Satisfied (4-5) customers spend" in _texts(at)
