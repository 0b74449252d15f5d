WITH days AS (
    SELECT CAST(s.day AS DATE) AS day
    FROM (SELECT UNNEST(GENERATE_SERIES($start, $end, INTERVAL 1 DAY)) AS day) AS s
),
buckets AS (
    SELECT
        CAST(DATE_TRUNC($grain, d.day) AS DATE) AS bucket,
        MIN(d.day) AS bucket_start,
        MAX(d.day) AS bucket_end,
        COUNT(*) < CASE WHEN $grain = 'week' THEN 7 ELSE DAY(LAST_DAY(MIN(d.day))) END AS partial
    FROM days AS d
    GROUP BY CAST(DATE_TRUNC($grain, d.day) AS DATE)
),
per_bucket AS (
    SELECT
        CAST(DATE_TRUNC($grain, d.day) AS DATE) AS bucket,
        SUM(d.revenue) AS revenue,
        SUM(d.orders) AS orders,
        SUM(d.revenue_sq_sum) AS revenue_sq_sum
    FROM daily_orders AS d
    WHERE d.day BETWEEN $start AND $end AND list_contains($slices, d.slice_id)
    GROUP BY CAST(DATE_TRUNC($grain, d.day) AS DATE)
)
SELECT
    b.bucket_start,
    b.bucket_end,
    b.partial,
    COALESCE(p.revenue, 0) AS revenue,
    CAST(COALESCE(p.orders, 0) AS BIGINT) AS orders,
    COALESCE(p.revenue_sq_sum, 0) AS revenue_sq_sum
FROM buckets AS b
LEFT JOIN per_bucket AS p ON p.bucket = b.bucket
ORDER BY b.bucket_start
