-- returns: one row: revenue and order count of a period [start, end]
-- params: start (date), end (date), groups (list of group ids, or null for all orders)
-- columns: revenue, orders
SELECT
    COALESCE(SUM(d.revenue), 0) AS revenue,
    CAST(COALESCE(SUM(d.orders), 0) AS BIGINT) AS orders
FROM daily_orders AS d
WHERE d.day BETWEEN $start AND $end
    AND ($groups IS NULL OR d.group_id IN (SELECT UNNEST($groups)))
