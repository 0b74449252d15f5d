-- returns: one row per day and customer slice: the orders rollup every period query reads
-- columns: day, slice_id, orders, revenue
SELECT
    CAST(o.order_date AS DATE) AS day,
    o.slice_id,
    COUNT(*) AS orders,
    SUM(o.amount) AS revenue
FROM orders AS o
GROUP BY CAST(o.order_date AS DATE), o.slice_id
ORDER BY day, o.slice_id
