WITH gone AS (
    SELECT
        f.customer_id,
        f.signup_date,
        f.churn_date,
        YEAR(f.churn_date) * 12 + MONTH(f.churn_date) - (YEAR(f.signup_date) * 12 + MONTH(f.signup_date))
            AS churn_index
    FROM customer_facts AS f
    LEFT JOIN slice_dims AS d ON d.slice_id = f.slice_id AND d.dim = $dimension
    WHERE f.signup_date < $start
        AND f.churn_date BETWEEN $start AND $end
        AND COALESCE(d.value, '(none)') = $value
        AND list_contains($slices, f.slice_id)
),
lost AS (
    SELECT g.customer_id, SUM(cm.revenue) AS revenue
    FROM gone AS g
    JOIN customer_months AS cm ON cm.customer_id = g.customer_id
    WHERE cm.month_index BETWEEN g.churn_index - 11 AND g.churn_index
    GROUP BY g.customer_id
)
SELECT
    g.customer_id,
    g.signup_date,
    g.churn_date,
    CAST(COALESCE(l.revenue, 0) AS DOUBLE) AS revenue_last_year
FROM gone AS g
LEFT JOIN lost AS l ON l.customer_id = g.customer_id
ORDER BY revenue_last_year DESC, g.customer_id
