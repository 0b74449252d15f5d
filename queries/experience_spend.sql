WITH answered AS (
    SELECT
        f.churn_date,
        CASE
            WHEN $metric = 'nps' THEN f.first_nps_at
            WHEN $metric = 'csat' THEN f.first_csat_at
            ELSE f.first_ces_at
        END AS answered_at,
        CASE
            WHEN $metric = 'nps' THEN f.first_nps_score
            WHEN $metric = 'csat' THEN f.first_csat_score
            ELSE f.first_ces_score
        END AS score,
        CASE
            WHEN $metric = 'nps' THEN f.spend_after_nps
            WHEN $metric = 'csat' THEN f.spend_after_csat
            ELSE f.spend_after_ces
        END AS spend
    FROM customer_facts AS f
    WHERE list_contains($slices, f.slice_id)
)
SELECT
    b.experience AS group_name,
    b.rank,
    CAST(COUNT(*) AS BIGINT) AS customers,
    CAST(SUM(a.spend) AS DOUBLE) AS spend_after,
    CAST(SUM(LEAST(COALESCE(DATEDIFF('day', a.answered_at, a.churn_date), 365), 365)) AS BIGINT) AS active_days
FROM answered AS a
JOIN experience_bands AS b ON b.metric = $metric AND b.score = a.score
WHERE a.answered_at <= $as_of - INTERVAL 365 DAY AND (a.churn_date IS NULL OR a.churn_date >= a.answered_at)
GROUP BY b.experience, b.rank
ORDER BY b.rank
