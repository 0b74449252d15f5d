SELECT
    CAST(o.order_date AS DATE) AS day,
    COALESCE(cs.slice_id, 0) AS slice_id,
    COUNT(*) AS orders,
    SUM(o.amount) AS revenue,
    SUM(o.amount * o.amount) AS revenue_sq_sum
FROM orders AS o
LEFT JOIN customer_slice AS cs ON cs.customer_id = o.customer_id
GROUP BY CAST(o.order_date AS DATE), COALESCE(cs.slice_id, 0)
ORDER BY day, slice_id
