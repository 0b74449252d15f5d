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
        d.metric,
        SUM(d.n) AS n,
        SUM(d.promoters) AS promoters,
        SUM(d.detractors) AS detractors,
        SUM(d.satisfied) AS satisfied,
        SUM(d.score_sum) AS score_sum,
        SUM(d.score_sq_sum) AS score_sq_sum,
        SUM(d.clusters) AS clusters,
        SUM(d.cluster_n_sq) AS cluster_n_sq,
        SUM(d.cluster_y_sq) AS cluster_y_sq,
        SUM(d.cluster_y_n) AS cluster_y_n
    FROM daily_responses AS d
    WHERE d.day BETWEEN $start AND $end AND list_contains($slices, d.slice_id)
    GROUP BY CAST(DATE_TRUNC($grain, d.day) AS DATE), d.metric
)
SELECT
    b.bucket_start,
    b.bucket_end,
    b.partial,
    p.metric,
    CAST(p.n AS BIGINT) AS n,
    CAST(p.promoters AS BIGINT) AS promoters,
    CAST(p.detractors AS BIGINT) AS detractors,
    CAST(p.satisfied AS BIGINT) AS satisfied,
    p.score_sum,
    p.score_sq_sum,
    CAST(p.clusters AS BIGINT) AS clusters,
    CAST(p.cluster_n_sq AS BIGINT) AS cluster_n_sq,
    p.cluster_y_sq,
    p.cluster_y_n
FROM buckets AS b
JOIN per_bucket AS p ON p.bucket = b.bucket
ORDER BY b.bucket_start, p.metric
