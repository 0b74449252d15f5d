SELECT
    COALESCE(SUM(d.revenue), 0) AS revenue,
    CAST(COALESCE(SUM(d.orders), 0) AS BIGINT) AS orders,
    COALESCE(SUM(d.revenue_sq_sum), 0) AS revenue_sq_sum
FROM daily_orders AS d
WHERE d.day BETWEEN $start AND $end AND list_contains($slices, d.slice_id)
