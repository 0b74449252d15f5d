-- returns: one row per day and customer group: the orders rollup every period query reads
-- columns: day, group_id, orders, revenue
SELECT
    CAST(o.order_date AS DATE) AS day,
    o.group_id,
    COUNT(*) AS orders,
    SUM(o.amount) AS revenue
FROM orders AS o
GROUP BY CAST(o.order_date AS DATE), o.group_id
ORDER BY day, o.group_id
