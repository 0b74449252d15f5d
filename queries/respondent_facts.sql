SELECT
    f.customer_id,
    CASE WHEN f.churn_date BETWEEN $churn_start AND $churn_end THEN TRUE ELSE FALSE END AS churned,
    COALESCE(r.revenue, CAST(0 AS DOUBLE)) AS revenue
FROM customer_facts AS f
LEFT JOIN customer_revenue AS r ON r.customer_id = f.customer_id
WHERE list_contains($slices, f.slice_id)
    AND (f.first_nps_at IS NOT NULL OR f.first_csat_at IS NOT NULL OR f.first_ces_at IS NOT NULL)
ORDER BY customer_id
