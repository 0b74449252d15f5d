SELECT
    f.churn_date AS day,
    COUNT(*) AS churned
FROM customer_facts AS f
WHERE f.signup_date < $start
    AND f.churn_date BETWEEN $start AND $end
    AND list_contains($slices, f.slice_id)
GROUP BY f.churn_date
ORDER BY day
