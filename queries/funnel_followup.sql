WITH last_day AS (
    SELECT MAX(cal.day) AS as_of FROM calendar AS cal
),
visit_days AS (
    SELECT f.customer_id, f.day, SUM(f.abandoned) AS abandoned
    FROM funnel_days AS f
    WHERE f.day BETWEEN $start AND $end AND list_contains($slices, f.slice_id) AND f.customer_id IS NOT NULL
    GROUP BY f.customer_id, f.day
),
firsts AS (
    SELECT v.customer_id, MIN(v.day) AS day
    FROM visit_days AS v
    GROUP BY v.customer_id
),
visitors AS (
    SELECT
        fi.customer_id,
        fi.day,
        CASE WHEN v.abandoned > 0 THEN 'abandoned' ELSE 'completed' END AS outcome
    FROM firsts AS fi
    JOIN visit_days AS v ON v.customer_id = fi.customer_id AND v.day = fi.day
    CROSS JOIN last_day AS l
    WHERE DATEDIFF('day', fi.day, l.as_of) >= 90
),
groups AS (
    SELECT
        vi.outcome,
        COUNT(*) AS customers,
        COUNT(CASE WHEN DATEDIFF('day', vi.day, cf.churn_date) BETWEEN 1 AND 90 THEN 1 END) AS churned
    FROM visitors AS vi
    JOIN customer_facts AS cf ON cf.customer_id = vi.customer_id
    GROUP BY vi.outcome
),
later AS (
    SELECT
        vi.outcome,
        a.metric,
        a.day,
        a.customer_id,
        a.score,
        CASE a.metric
            WHEN 'nps' THEN CASE WHEN a.score >= 9 THEN 1 WHEN a.score <= 6 THEN -1 ELSE 0 END
            WHEN 'csat' THEN CASE WHEN a.score >= 4 THEN 1 ELSE 0 END
            ELSE a.score
        END AS y
    FROM visitors AS vi
    JOIN journey_answers AS a ON a.customer_id = vi.customer_id
    WHERE DATEDIFF('day', vi.day, a.day) BETWEEN 1 AND 90
),
clusters AS (
    SELECT
        la.outcome,
        la.metric,
        COUNT(*) AS n,
        COUNT(CASE WHEN la.metric = 'nps' AND la.score >= 9 THEN 1 END) AS promoters,
        COUNT(CASE WHEN la.metric = 'nps' AND la.score <= 6 THEN 1 END) AS detractors,
        COUNT(CASE WHEN la.metric = 'csat' AND la.score >= 4 THEN 1 END) AS satisfied,
        SUM(CAST(la.score AS DOUBLE)) AS score_sum,
        SUM(CAST(la.score AS DOUBLE) * la.score) AS score_sq_sum,
        SUM(CAST(la.y AS DOUBLE)) AS y
    FROM later AS la
    GROUP BY la.outcome, la.metric, la.day, la.customer_id
),
scores AS (
    SELECT
        c.outcome,
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
    GROUP BY c.outcome, c.metric
)
SELECT
    g.outcome,
    CAST(g.customers AS BIGINT) AS customers,
    CAST(g.churned AS BIGINT) AS churned,
    s.metric,
    CAST(COALESCE(s.n, 0) AS BIGINT) AS n,
    CAST(COALESCE(s.promoters, 0) AS BIGINT) AS promoters,
    CAST(COALESCE(s.detractors, 0) AS BIGINT) AS detractors,
    CAST(COALESCE(s.satisfied, 0) AS BIGINT) AS satisfied,
    COALESCE(s.score_sum, 0) AS score_sum,
    COALESCE(s.score_sq_sum, 0) AS score_sq_sum,
    CAST(COALESCE(s.clusters, 0) AS BIGINT) AS clusters,
    CAST(COALESCE(s.cluster_n_sq, 0) AS BIGINT) AS cluster_n_sq,
    COALESCE(s.cluster_y_sq, 0) AS cluster_y_sq,
    COALESCE(s.cluster_y_n, 0) AS cluster_y_n
FROM groups AS g
LEFT JOIN scores AS s ON s.outcome = g.outcome
ORDER BY g.outcome, s.metric
