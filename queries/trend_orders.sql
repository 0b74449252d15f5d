-- returns: revenue and orders per calendar bucket (week or month) of the days in [start, end]
-- params: start (date), end (date), grain ('week' or 'month'), slices (list of customer slice ids)
-- columns: bucket, revenue, orders
SELECT
    CAST(DATE_TRUNC($grain, d.day) AS DATE) AS bucket,
    SUM(d.revenue) AS revenue,
    CAST(SUM(d.orders) AS BIGINT) AS orders
FROM daily_orders AS d
WHERE d.day BETWEEN $start AND $end
    AND ($slices IS NULL OR d.slice_id IN (SELECT UNNEST($slices)))
GROUP BY CAST(DATE_TRUNC($grain, d.day) AS DATE)
ORDER BY bucket
