WITH valued AS (
    SELECT
        COALESCE(d.value, '(none)') AS group_name,
        GREATEST(DATEDIFF('day', f.signup_date, $observed_from), 0) AS entry_days,
        f.tenure_days AS days,
        f.churn_date IS NOT NULL AS churned
    FROM customer_facts AS f
    LEFT JOIN slice_dims AS d ON d.slice_id = f.slice_id AND d.dim = $dimension
    WHERE list_contains($slices, f.slice_id)
)
SELECT
    v.group_name,
    CAST(v.entry_days AS BIGINT) AS entry_days,
    CAST(v.days AS BIGINT) AS days,
    v.churned,
    CAST(COUNT(*) AS BIGINT) AS customers
FROM valued AS v
WHERE v.days >= v.entry_days
GROUP BY v.group_name, v.entry_days, v.days, v.churned
ORDER BY v.group_name, entry_days, days, v.churned
