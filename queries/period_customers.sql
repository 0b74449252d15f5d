-- returns: one row: the customer base of a period [start, end] (both inclusive)
-- params: start (date), end (date), slices (list of customer slice ids)
-- columns: active_start, churned, new_customers, active_end
SELECT
    COUNT(CASE WHEN c.signup_date < $start AND (c.churn_date IS NULL OR c.churn_date >= $start)
        THEN 1 END) AS active_start,
    COUNT(CASE WHEN c.signup_date < $start AND c.churn_date BETWEEN $start AND $end
        THEN 1 END) AS churned,
    COUNT(CASE WHEN c.signup_date BETWEEN $start AND $end THEN 1 END) AS new_customers,
    COUNT(CASE WHEN c.signup_date <= $end AND (c.churn_date IS NULL OR c.churn_date > $end)
        THEN 1 END) AS active_end
FROM customers AS c
WHERE ($slices IS NULL OR c.slice_id IN (SELECT UNNEST($slices)))
