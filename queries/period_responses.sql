-- returns: one row per survey metric with responses in the period [start, end]: the counts behind NPS, CSAT, CES
-- params: start (date), end (date), slices (list of customer slice ids)
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
    AND ($slices IS NULL OR d.slice_id IN (SELECT UNNEST($slices)))
GROUP BY d.metric
ORDER BY d.metric
