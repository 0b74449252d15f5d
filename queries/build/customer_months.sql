SELECT
    o.customer_id,
    CAST(
        YEAR(o.order_date) * 12 + MONTH(o.order_date) - (YEAR(c.signup_date) * 12 + MONTH(c.signup_date)) AS BIGINT
    ) AS month_index,
    CAST(SUM(o.amount) AS DOUBLE) AS revenue,
    CAST(COUNT(CASE WHEN o.amount > 0 THEN 1 END) AS BIGINT) AS purchases
FROM orders AS o
JOIN customers AS c ON c.customer_id = o.customer_id
GROUP BY
    o.customer_id,
    YEAR(o.order_date) * 12 + MONTH(o.order_date) - (YEAR(c.signup_date) * 12 + MONTH(c.signup_date))
ORDER BY o.customer_id, month_index
