WITH answers AS (
    SELECT
        CAST(r.responded_at AS DATE) AS day,
        COALESCE(cs.slice_id, 0) AS slice_id,
        r.metric,
        r.customer_id,
        CASE WHEN r.customer_id IS NULL THEN r.response_id END AS anonymous_id,
        r.score,
        CASE r.metric
            WHEN 'nps' THEN CASE WHEN r.score >= 9 THEN 1 WHEN r.score <= 6 THEN -1 ELSE 0 END
            WHEN 'csat' THEN CASE WHEN r.score >= 4 THEN 1 ELSE 0 END
            WHEN 'ces' THEN r.score
        END AS y
    FROM survey_responses AS r
    LEFT JOIN customer_slice AS cs ON cs.customer_id = r.customer_id
),
clusters AS (
    SELECT
        a.day,
        a.slice_id,
        a.metric,
        COUNT(*) AS n,
        COUNT(CASE WHEN a.metric = 'nps' AND a.score >= 9 THEN 1 END) AS promoters,
        COUNT(CASE WHEN a.metric = 'nps' AND a.score <= 6 THEN 1 END) AS detractors,
        COUNT(CASE WHEN a.metric = 'csat' AND a.score >= 4 THEN 1 END) AS satisfied,
        SUM(CAST(a.score AS DOUBLE)) AS score_sum,
        SUM(CAST(a.score AS DOUBLE) * a.score) AS score_sq_sum,
        SUM(CAST(a.y AS DOUBLE)) AS y
    FROM answers AS a
    GROUP BY a.day, a.slice_id, a.metric, a.customer_id, a.anonymous_id
)
SELECT
    c.day,
    c.slice_id,
    c.metric,
    CAST(SUM(c.n) AS BIGINT) AS n,
    CAST(SUM(c.promoters) AS BIGINT) AS promoters,
    CAST(SUM(c.detractors) AS BIGINT) AS detractors,
    CAST(SUM(c.satisfied) AS BIGINT) AS satisfied,
    SUM(c.score_sum) AS score_sum,
    SUM(c.score_sq_sum) AS score_sq_sum,
    COUNT(*) AS clusters,
    CAST(SUM(c.n * c.n) AS BIGINT) AS cluster_n_sq,
    SUM(c.y * c.y) AS cluster_y_sq,
    SUM(c.y * c.n) AS cluster_y_n
FROM clusters AS c
GROUP BY c.day, c.slice_id, c.metric
ORDER BY day, slice_id, metric
