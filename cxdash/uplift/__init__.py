"""Spend uplift from better experiences: what customers of each experience group spend and keep paying in
the 12 months after their first answer, the gap between the best and worst group raw and adjusted, what
moving customers between groups is worth, and the published claims beside it.

`customers` reads the rows, `groups` and `estimates` give the figures with 95% intervals, `adjusted` the
regression, `before_after` the reverse-causality check, `whatif` the value at stake, `dimensions` the
breakdown, `evidence` the published claims, `analysis` puts them together, `command` is the CLI.
"""
