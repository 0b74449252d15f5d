WITH valued AS (
    SELECT
        COALESCE(d.value, '(none)') AS group_name,
        YEAR(f.signup_date) * 12 + MONTH(f.signup_date) AS signup_number,
        YEAR(COALESCE(f.churn_date, $as_of)) * 12 + MONTH(COALESCE(f.churn_date, $as_of)) AS end_number,
        f.churn_date IS NOT NULL AS churned
    FROM customer_facts AS f
    LEFT JOIN slice_dims AS d ON d.slice_id = f.slice_id AND d.dim = $dimension
    WHERE list_contains($slices, f.slice_id)
),
timed AS (
    SELECT
        v.group_name,
        GREATEST(YEAR($observed_from) * 12 + MONTH($observed_from) - v.signup_number, 0) AS entry_months,
        v.end_number - v.signup_number AS months,
        v.churned
    FROM valued AS v
)
SELECT
    t.group_name,
    CAST(t.entry_months AS BIGINT) AS entry_months,
    CAST(t.months AS BIGINT) AS months,
    t.churned,
    CAST(COUNT(*) AS BIGINT) AS customers
FROM timed AS t
WHERE t.months >= t.entry_months
GROUP BY t.group_name, t.entry_months, t.months, t.churned
ORDER BY t.group_name, entry_months, months, t.churned
