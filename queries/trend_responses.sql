-- returns: survey counts per calendar bucket (week or month) and metric, over the days in [start, end]
-- params: start (date), end (date), grain ('week' or 'month'), slices (list of customer slice ids)
-- columns: bucket, metric, n, promoters, detractors, satisfied, score_sum, score_sq_sum
SELECT
    CAST(DATE_TRUNC($grain, d.day) AS DATE) AS bucket,
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
GROUP BY CAST(DATE_TRUNC($grain, d.day) AS DATE), d.metric
ORDER BY bucket, d.metric
