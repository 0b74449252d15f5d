SELECT
    f.customer_id,
    f.signup_date,
    f.churn_date,
    f.tenure_days
FROM customer_facts AS f
LEFT JOIN slice_dims AS d ON d.slice_id = f.slice_id AND d.dim = $dimension
WHERE COALESCE(d.value, '(none)') = $value AND list_contains($slices, f.slice_id)
ORDER BY f.signup_date, f.customer_id
