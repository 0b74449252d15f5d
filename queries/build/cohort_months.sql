WITH members AS (
    SELECT
        c.customer_id,
        cs.slice_id,
        CAST(DATE_TRUNC('month', c.signup_date) AS DATE) AS cohort_month,
        YEAR(c.signup_date) * 12 + MONTH(c.signup_date) AS cohort_number,
        YEAR(c.churn_date) * 12 + MONTH(c.churn_date) AS churn_number
    FROM customers AS c
    JOIN customer_slice AS cs ON cs.customer_id = c.customer_id
),
sizes AS (
    SELECT m.cohort_month, m.cohort_number, m.slice_id, COUNT(*) AS customers
    FROM members AS m
    GROUP BY m.cohort_month, m.cohort_number, m.slice_id
),
months AS (
    SELECT DISTINCT YEAR(cal.day) * 12 + MONTH(cal.day) AS month_number
    FROM calendar AS cal
),
cells AS (
    SELECT s.cohort_month, s.slice_id, s.customers, mo.month_number - s.cohort_number AS month_index
    FROM sizes AS s
    JOIN months AS mo ON mo.month_number >= s.cohort_number
),
churns AS (
    SELECT m.cohort_month, m.slice_id, m.churn_number - m.cohort_number AS month_index, COUNT(*) AS churned
    FROM members AS m
    WHERE m.churn_number IS NOT NULL
    GROUP BY m.cohort_month, m.slice_id, m.churn_number - m.cohort_number
),
first_months AS (
    SELECT cm.customer_id, cm.revenue
    FROM customer_months AS cm
    WHERE cm.month_index = 0
),
activity AS (
    SELECT
        m.cohort_month,
        m.slice_id,
        cm.month_index,
        COUNT(CASE WHEN cm.purchases > 0 THEN 1 END) AS ordering,
        SUM(cm.revenue) AS revenue,
        SUM(LEAST(cm.revenue, GREATEST(COALESCE(f.revenue, 0), 0))) AS capped_revenue
    FROM customer_months AS cm
    JOIN members AS m ON m.customer_id = cm.customer_id
    LEFT JOIN first_months AS f ON f.customer_id = cm.customer_id
    GROUP BY m.cohort_month, m.slice_id, cm.month_index
)
SELECT
    ce.cohort_month,
    CAST(ce.month_index AS BIGINT) AS month_index,
    ce.slice_id,
    CAST(ce.customers AS BIGINT) AS customers,
    CAST(ce.customers - SUM(COALESCE(ch.churned, 0)) OVER (
        PARTITION BY ce.cohort_month, ce.slice_id
        ORDER BY ce.month_index
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS BIGINT) AS retained,
    CAST(COALESCE(a.ordering, 0) AS BIGINT) AS ordering,
    COALESCE(a.revenue, 0) AS revenue,
    COALESCE(a.capped_revenue, 0) AS capped_revenue
FROM cells AS ce
LEFT JOIN churns AS ch
    ON ch.cohort_month = ce.cohort_month AND ch.slice_id = ce.slice_id AND ch.month_index = ce.month_index
LEFT JOIN activity AS a
    ON a.cohort_month = ce.cohort_month AND a.slice_id = ce.slice_id AND a.month_index = ce.month_index
ORDER BY cohort_month, month_index, slice_id
