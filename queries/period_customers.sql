WITH events AS (
    SELECT
        COALESCE(SUM(CASE WHEN d.day < $start THEN d.signups - d.churns END), 0) AS base,
        COALESCE(SUM(CASE WHEN d.day >= $start THEN d.signups END), 0) AS signups,
        COALESCE(SUM(CASE WHEN d.day >= $start THEN d.churns END), 0) AS churns
    FROM customer_days AS d
    WHERE d.day <= $end AND list_contains($slices, d.slice_id)
),
inside AS (
    SELECT COUNT(*) AS n
    FROM customer_facts AS f
    WHERE f.signup_date >= $start AND f.churn_date <= $end AND list_contains($slices, f.slice_id)
)
SELECT
    CAST(e.base AS BIGINT) AS active_start,
    CAST(e.churns - i.n AS BIGINT) AS churned,
    CAST(e.signups AS BIGINT) AS new_customers,
    CAST(e.base + e.signups - e.churns AS BIGINT) AS active_end
FROM events AS e
CROSS JOIN inside AS i
