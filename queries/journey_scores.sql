WITH picked AS (
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
        CASE WHEN $by IN ('journey_stage', 'cell') THEN a.journey_stage END AS journey_stage,
        CASE WHEN $by IN ('touchpoint', 'cell', 'channel') THEN a.touchpoint END AS touchpoint,
        CASE WHEN $by = 'channel' THEN a.channel END AS channel,
        a.day,
        a.cluster,
        a.metric,
        a.score,
        a.tenure_days,
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
        w.journey_stage,
        w.touchpoint,
        w.channel,
        w.metric,
        COUNT(*) AS n,
        COUNT(CASE WHEN w.metric = 'nps' AND w.score >= 9 THEN 1 END) AS promoters,
        COUNT(CASE WHEN w.metric = 'nps' AND w.score <= 6 THEN 1 END) AS detractors,
        COUNT(CASE WHEN w.metric = 'csat' AND w.score >= 4 THEN 1 END) AS satisfied,
        SUM(CAST(w.score AS DOUBLE)) AS score_sum,
        SUM(CAST(w.score AS DOUBLE) * w.score) AS score_sq_sum,
        SUM(CAST(w.y AS DOUBLE)) AS y,
        MIN(w.tenure_days) AS tenure_days
    FROM answers AS w
    GROUP BY w.journey_stage, w.touchpoint, w.channel, w.metric, w.day, w.cluster
)
SELECT
    c.journey_stage,
    c.touchpoint,
    c.channel,
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
    SUM(c.y * c.n) AS cluster_y_n,
    CAST(MEDIAN(c.tenure_days) AS DOUBLE) AS tenure_days
FROM clusters AS c
GROUP BY c.journey_stage, c.touchpoint, c.channel, c.metric
ORDER BY c.journey_stage, c.touchpoint, c.channel, c.metric
