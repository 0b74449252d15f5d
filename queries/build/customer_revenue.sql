SELECT
    o.customer_id,
    CAST(COUNT(*) AS BIGINT) AS orders,
    SUM(CAST(o.amount AS DOUBLE)) AS revenue
FROM orders AS o
GROUP BY o.customer_id
ORDER BY customer_id
