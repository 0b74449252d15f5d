WITH members AS (
    SELECT
        f.customer_id,
        f.signup_date,
        f.churn_date,
        YEAR(f.churn_date) * 12 + MONTH(f.churn_date) - (YEAR(f.signup_date) * 12 + MONTH(f.signup_date))
            AS churn_index
    FROM customer_facts AS f
    WHERE f.signup_date BETWEEN $cohort_start AND $cohort_end AND list_contains($slices, f.slice_id)
),
spend AS (
    SELECT
        cm.customer_id,
        SUM(CASE WHEN cm.month_index = 0 THEN cm.revenue END) AS revenue_month_0,
        SUM(CASE WHEN cm.month_index = $month THEN cm.revenue END) AS revenue_month_k,
        SUM(CASE WHEN cm.month_index = $month THEN cm.purchases END) AS purchases_month_k
    FROM customer_months AS cm
    JOIN members AS m ON m.customer_id = cm.customer_id
    WHERE cm.month_index = 0 OR cm.month_index = $month
    GROUP BY cm.customer_id
)
SELECT
    m.customer_id,
    m.signup_date,
    m.churn_date,
    m.churn_index IS NULL OR m.churn_index > $month AS retained,
    COALESCE(s.purchases_month_k, 0) > 0 AS ordered,
    CAST(COALESCE(s.revenue_month_0, 0) AS DOUBLE) AS revenue_month_0,
    CAST(COALESCE(s.revenue_month_k, 0) AS DOUBLE) AS revenue_month_k
FROM members AS m
LEFT JOIN spend AS s ON s.customer_id = m.customer_id
ORDER BY m.signup_date, m.customer_id
