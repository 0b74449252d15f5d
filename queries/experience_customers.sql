WITH answered AS (
    SELECT
        f.customer_id,
        f.signup_date,
        f.churn_date,
        f.tenure_days,
        CASE
            WHEN $metric = 'nps' THEN f.first_nps_at
            WHEN $metric = 'csat' THEN f.first_csat_at
            ELSE f.first_ces_at
        END AS answered_at,
        CASE
            WHEN $metric = 'nps' THEN f.first_nps_score
            WHEN $metric = 'csat' THEN f.first_csat_score
            ELSE f.first_ces_score
        END AS score
    FROM customer_facts AS f
    WHERE list_contains($slices, f.slice_id)
)
SELECT
    a.customer_id,
    a.signup_date,
    a.answered_at,
    CAST(a.score AS BIGINT) AS score,
    a.churn_date,
    CAST(a.tenure_days - DATEDIFF('day', a.signup_date, a.answered_at) AS BIGINT) AS days_after_answer
FROM answered AS a
JOIN experience_bands AS b ON b.metric = $metric AND b.score = a.score
WHERE b.experience = $experience
ORDER BY a.answered_at, a.customer_id
