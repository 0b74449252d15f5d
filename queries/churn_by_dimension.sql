WITH base AS (
    SELECT
        f.customer_id,
        COALESCE(d.value, '(none)') AS value,
        COALESCE(f.churn_date <= $end, FALSE) AS churned,
        YEAR(f.churn_date) * 12 + MONTH(f.churn_date) - (YEAR(f.signup_date) * 12 + MONTH(f.signup_date))
            AS churn_index
    FROM customer_facts AS f
    LEFT JOIN slice_dims AS d ON d.slice_id = f.slice_id AND d.dim = $dimension
    WHERE f.signup_date < $start
        AND (f.churn_date IS NULL OR f.churn_date >= $start)
        AND list_contains($slices, f.slice_id)
),
lost AS (
    SELECT b.customer_id, SUM(cm.revenue) AS revenue
    FROM base AS b
    JOIN customer_months AS cm ON cm.customer_id = b.customer_id
    WHERE b.churned AND cm.month_index BETWEEN b.churn_index - 11 AND b.churn_index
    GROUP BY b.customer_id
)
SELECT
    b.value,
    CAST(COUNT(*) AS BIGINT) AS active_start,
    CAST(SUM(CASE WHEN b.churned THEN 1 ELSE 0 END) AS BIGINT) AS churned,
    CAST(COALESCE(SUM(l.revenue), 0) AS DOUBLE) AS churned_revenue
FROM base AS b
LEFT JOIN lost AS l ON l.customer_id = b.customer_id
GROUP BY b.value
ORDER BY churned_revenue DESC, churned DESC, b.value
