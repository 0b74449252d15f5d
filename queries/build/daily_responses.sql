-- returns: one row per day, customer slice and survey metric: the responses rollup
-- columns: day, slice_id, metric, n, promoters, detractors, satisfied, score_sum, score_sq_sum
SELECT
    CAST(r.responded_at AS DATE) AS day,
    r.slice_id,
    r.metric,
    COUNT(*) AS n,
    COUNT(CASE WHEN r.score >= 9 THEN 1 END) AS promoters,
    COUNT(CASE WHEN r.score <= 6 THEN 1 END) AS detractors,
    COUNT(CASE WHEN r.score >= 4 THEN 1 END) AS satisfied,
    SUM(CAST(r.score AS DOUBLE)) AS score_sum,
    SUM(CAST(r.score AS DOUBLE) * r.score) AS score_sq_sum
FROM survey_responses AS r
GROUP BY CAST(r.responded_at AS DATE), r.slice_id, r.metric
ORDER BY day, r.slice_id, r.metric
