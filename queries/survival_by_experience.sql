WITH answered AS (
    SELECT
        f.churn_date,
        f.tenure_days - DATEDIFF('day', f.signup_date, CASE
            WHEN $metric = 'nps' THEN f.first_nps_at
            WHEN $metric = 'csat' THEN f.first_csat_at
            ELSE f.first_ces_at
        END) AS days,
        GREATEST(DATEDIFF('day', CASE
            WHEN $metric = 'nps' THEN f.first_nps_at
            WHEN $metric = 'csat' THEN f.first_csat_at
            ELSE f.first_ces_at
        END, $observed_from), 0) AS entry_days,
        CASE
            WHEN $metric = 'nps' THEN f.first_nps_score
            WHEN $metric = 'csat' THEN f.first_csat_score
            ELSE f.first_ces_score
        END AS score
    FROM customer_facts AS f
    WHERE list_contains($slices, f.slice_id)
)
SELECT
    b.experience AS group_name,
    b.rank,
    CAST(a.entry_days AS BIGINT) AS entry_days,
    CAST(a.days AS BIGINT) AS days,
    a.churn_date IS NOT NULL AS churned,
    CAST(COUNT(*) AS BIGINT) AS customers
FROM answered AS a
JOIN experience_bands AS b ON b.metric = $metric AND b.score = a.score
WHERE a.days >= a.entry_days
GROUP BY b.experience, b.rank, a.entry_days, a.days, a.churn_date IS NOT NULL
ORDER BY b.rank, entry_days, days, churned
