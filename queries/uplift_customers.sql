WITH answers AS (
    SELECT
        f.customer_id,
        f.slice_id,
        f.signup_date,
        f.churn_date,
        CASE $metric WHEN 'nps' THEN f.first_nps_at WHEN 'csat' THEN f.first_csat_at ELSE f.first_ces_at END
            AS answered_at,
        CASE $metric WHEN 'nps' THEN f.first_nps_score WHEN 'csat' THEN f.first_csat_score ELSE f.first_ces_score END
            AS score,
        CASE $metric WHEN 'nps' THEN f.spend_before_nps WHEN 'csat' THEN f.spend_before_csat ELSE f.spend_before_ces END
            AS spend_before,
        CASE $metric WHEN 'nps' THEN f.spend_after_nps WHEN 'csat' THEN f.spend_after_csat ELSE f.spend_after_ces END
            AS spend_after,
        CASE $metric WHEN 'nps' THEN f.orders_after_nps WHEN 'csat' THEN f.orders_after_csat ELSE f.orders_after_ces END
            AS orders_after
    FROM customer_facts AS f
    WHERE list_contains($slices, f.slice_id)
)
SELECT
    a.customer_id,
    a.slice_id,
    b.experience,
    b.rank,
    a.score,
    a.answered_at,
    a.signup_date,
    CAST(DATEDIFF('day', a.signup_date, a.answered_at) AS BIGINT) AS tenure_days,
    DATEDIFF('day', a.answered_at, $as_of) >= 365 AS eligible,
    a.churn_date IS NULL OR a.churn_date > $as_of AS active,
    CAST(a.spend_before AS DOUBLE) AS spend_before,
    CASE WHEN DATEDIFF('day', a.answered_at, $as_of) >= 365 THEN CAST(a.spend_after AS DOUBLE) END AS spend_after,
    CASE WHEN DATEDIFF('day', a.answered_at, $as_of) >= 365 THEN CAST(a.orders_after AS BIGINT) END AS orders_after,
    CASE
        WHEN DATEDIFF('day', a.answered_at, $as_of) >= 365
            THEN a.churn_date IS NULL OR DATEDIFF('day', a.answered_at, a.churn_date) > 365
    END AS retained_12m
FROM answers AS a
JOIN experience_bands AS b ON b.metric = $metric AND b.score = a.score
WHERE a.answered_at IS NOT NULL
ORDER BY a.customer_id
