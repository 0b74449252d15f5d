-- returns: one row per survey metric with responses in the period [start, end]: the counts behind NPS, CSAT, CES
-- params: start (date), end (date), groups (list of group ids, or null for all responses, anonymous included)
-- columns: metric, n, promoters, detractors, satisfied, score_sum, score_sq_sum
SELECT
    d.metric,
    CAST(SUM(d.n) AS BIGINT) AS n,
    CAST(SUM(d.promoters) AS BIGINT) AS promoters,
    CAST(SUM(d.detractors) AS BIGINT) AS detractors,
    CAST(SUM(d.satisfied) AS BIGINT) AS satisfied,
    SUM(d.score_sum) AS score_sum,
    SUM(d.score_sq_sum) AS score_sq_sum
FROM daily_responses AS d
WHERE d.day BETWEEN $start AND $end
    AND ($groups IS NULL OR d.group_id IN (SELECT UNNEST($groups)))
GROUP BY d.metric
ORDER BY d.metric
