WITH buckets AS (
    SELECT
        CAST(DATE_TRUNC($grain, d.day) AS DATE) AS bucket,
        MIN(d.day) AS bucket_start,
        MAX(d.day) AS bucket_end,
        COUNT(*) < CASE WHEN $grain = 'week' THEN 7 ELSE DAY(LAST_DAY(MIN(d.day))) END AS partial
    FROM calendar AS d
    WHERE d.day BETWEEN $start AND $end
    GROUP BY CAST(DATE_TRUNC($grain, d.day) AS DATE)
),
picked AS (
    SELECT UNNEST($choices) AS choice
),
asked AS (
    SELECT
        COUNT(CASE WHEN p.choice LIKE 'stage=%' THEN 1 END) AS stages,
        COUNT(CASE WHEN p.choice LIKE 'touchpoint=%' THEN 1 END) AS touchpoints,
        COUNT(CASE WHEN p.choice LIKE 'survey_channel=%' THEN 1 END) AS channels
    FROM picked AS p
),
answers AS (
    SELECT
        CAST(DATE_TRUNC($grain, a.day) AS DATE) AS bucket,
        CASE WHEN $by = 'touchpoint' THEN a.touchpoint ELSE a.journey_stage END AS item,
        a.day,
        a.cluster,
        a.metric,
        a.score,
        CASE a.metric
            WHEN 'nps' THEN CASE WHEN a.score >= 9 THEN 1 WHEN a.score <= 6 THEN -1 ELSE 0 END
            WHEN 'csat' THEN CASE WHEN a.score >= 4 THEN 1 ELSE 0 END
            ELSE a.score
        END AS y
    FROM journey_answers AS a
    CROSS JOIN asked AS k
    WHERE a.day BETWEEN $start AND $end
        AND list_contains($slices, a.slice_id)
        AND (k.stages = 0 OR list_contains($choices, 'stage=' || a.journey_stage))
        AND (k.touchpoints = 0 OR list_contains($choices, 'touchpoint=' || a.touchpoint))
        AND (k.channels = 0 OR list_contains($choices, 'survey_channel=' || a.channel))
),
clusters AS (
    SELECT
        w.bucket,
        w.item,
        w.metric,
        COUNT(*) AS n,
        COUNT(CASE WHEN w.metric = 'nps' AND w.score >= 9 THEN 1 END) AS promoters,
        COUNT(CASE WHEN w.metric = 'nps' AND w.score <= 6 THEN 1 END) AS detractors,
        COUNT(CASE WHEN w.metric = 'csat' AND w.score >= 4 THEN 1 END) AS satisfied,
        SUM(CAST(w.score AS DOUBLE)) AS score_sum,
        SUM(CAST(w.score AS DOUBLE) * w.score) AS score_sq_sum,
        SUM(CAST(w.y AS DOUBLE)) AS y
    FROM answers AS w
    GROUP BY w.bucket, w.item, w.metric, w.day, w.cluster
),
per_bucket AS (
    SELECT
        c.bucket,
        c.item,
        c.metric,
        SUM(c.n) AS n,
        SUM(c.promoters) AS promoters,
        SUM(c.detractors) AS detractors,
        SUM(c.satisfied) AS satisfied,
        SUM(c.score_sum) AS score_sum,
        SUM(c.score_sq_sum) AS score_sq_sum,
        COUNT(*) AS clusters,
        SUM(c.n * c.n) AS cluster_n_sq,
        SUM(c.y * c.y) AS cluster_y_sq,
        SUM(c.y * c.n) AS cluster_y_n
    FROM clusters AS c
    GROUP BY c.bucket, c.item, c.metric
)
SELECT
    b.bucket_start,
    b.bucket_end,
    b.partial,
    p.item,
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
ORDER BY b.bucket_start, p.item, p.metric
