-- returns: one row: revenue and order count of a period [start, end]
-- params: start (date), end (date), slices (list of customer slice ids)
-- columns: revenue, orders
SELECT
    COALESCE(SUM(d.revenue), 0) AS revenue,
    CAST(COALESCE(SUM(d.orders), 0) AS BIGINT) AS orders
FROM daily_orders AS d
WHERE d.day BETWEEN $start AND $end
    AND ($slices IS NULL OR d.slice_id IN (SELECT UNNEST($slices)))
