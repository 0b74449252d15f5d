WITH events AS (
    SELECT c.signup_date AS day, cs.slice_id, 1 AS signups, 0 AS churns
    FROM customers AS c
    JOIN customer_slice AS cs ON cs.customer_id = c.customer_id
    UNION ALL
    SELECT c.churn_date AS day, cs.slice_id, 0 AS signups, 1 AS churns
    FROM customers AS c
    JOIN customer_slice AS cs ON cs.customer_id = c.customer_id
    WHERE c.churn_date IS NOT NULL
)
SELECT
    e.day,
    e.slice_id,
    CAST(SUM(e.signups) AS BIGINT) AS signups,
    CAST(SUM(e.churns) AS BIGINT) AS churns
FROM events AS e
GROUP BY e.day, e.slice_id
ORDER BY day, slice_id
