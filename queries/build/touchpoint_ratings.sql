SELECT
    r.customer_id,
    cs.slice_id,
    r.touchpoint,
    r.metric,
    CAST(COUNT(*) AS BIGINT) AS n,
    SUM(CAST(r.score AS DOUBLE)) AS score_sum,
    CAST(COUNT(CASE WHEN b.rank >= 3 THEN 1 END) AS BIGINT) AS low
FROM survey_responses AS r
JOIN customer_slice AS cs ON cs.customer_id = r.customer_id
JOIN experience_bands AS b ON b.metric = r.metric AND b.score = r.score
GROUP BY r.customer_id, cs.slice_id, r.touchpoint, r.metric
ORDER BY customer_id, metric, touchpoint
