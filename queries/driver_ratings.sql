SELECT
    t.customer_id,
    t.touchpoint,
    CAST(SUM(t.n) AS BIGINT) AS n,
    SUM(
        CASE t.metric
            WHEN 'nps' THEN 10 * t.score_sum
            WHEN 'csat' THEN 25 * (t.score_sum - t.n)
            WHEN 'ces' THEN 100 * (7 * t.n - t.score_sum) / 6
        END
    ) / SUM(t.n) AS rating,
    CAST(SUM(t.low) AS BIGINT) AS low
FROM touchpoint_ratings AS t
WHERE t.touchpoint IS NOT NULL
    AND t.metric <> $exclude_metric
    AND list_contains($slices, t.slice_id)
GROUP BY t.customer_id, t.touchpoint
ORDER BY customer_id, touchpoint
