WITH first_times AS (
    SELECT r.customer_id, r.metric, MIN(r.responded_at) AS responded_at
    FROM survey_responses AS r
    WHERE r.customer_id IS NOT NULL
    GROUP BY r.customer_id, r.metric
),
first_ids AS (
    SELECT r.customer_id, r.metric, MIN(r.response_id) AS response_id
    FROM survey_responses AS r
    JOIN first_times AS t
        ON t.customer_id = r.customer_id AND t.metric = r.metric AND t.responded_at = r.responded_at
    GROUP BY r.customer_id, r.metric
),
answers AS (
    SELECT r.customer_id, r.metric, CAST(r.responded_at AS DATE) AS day, r.score
    FROM survey_responses AS r
    JOIN first_ids AS i ON i.response_id = r.response_id
),
firsts AS (
    SELECT
        a.customer_id,
        MAX(CASE WHEN a.metric = 'nps' THEN a.day END) AS nps_at,
        MAX(CASE WHEN a.metric = 'nps' THEN a.score END) AS nps_score,
        MAX(CASE WHEN a.metric = 'csat' THEN a.day END) AS csat_at,
        MAX(CASE WHEN a.metric = 'csat' THEN a.score END) AS csat_score,
        MAX(CASE WHEN a.metric = 'ces' THEN a.day END) AS ces_at,
        MAX(CASE WHEN a.metric = 'ces' THEN a.score END) AS ces_score
    FROM answers AS a
    GROUP BY a.customer_id
),
offsets AS (
    SELECT
        f.customer_id,
        o.amount,
        DATEDIFF('day', f.nps_at, CAST(o.order_date AS DATE)) AS nps_offset,
        DATEDIFF('day', f.csat_at, CAST(o.order_date AS DATE)) AS csat_offset,
        DATEDIFF('day', f.ces_at, CAST(o.order_date AS DATE)) AS ces_offset
    FROM firsts AS f
    JOIN orders AS o ON o.customer_id = f.customer_id
),
spend AS (
    SELECT
        w.customer_id,
        SUM(CASE WHEN w.nps_offset BETWEEN -365 AND -1 THEN w.amount ELSE 0 END) AS before_nps,
        SUM(CASE WHEN w.nps_offset BETWEEN 1 AND 365 THEN w.amount ELSE 0 END) AS after_nps,
        COUNT(CASE WHEN w.nps_offset BETWEEN 1 AND 365 THEN 1 END) AS orders_nps,
        SUM(CASE WHEN w.csat_offset BETWEEN -365 AND -1 THEN w.amount ELSE 0 END) AS before_csat,
        SUM(CASE WHEN w.csat_offset BETWEEN 1 AND 365 THEN w.amount ELSE 0 END) AS after_csat,
        COUNT(CASE WHEN w.csat_offset BETWEEN 1 AND 365 THEN 1 END) AS orders_csat,
        SUM(CASE WHEN w.ces_offset BETWEEN -365 AND -1 THEN w.amount ELSE 0 END) AS before_ces,
        SUM(CASE WHEN w.ces_offset BETWEEN 1 AND 365 THEN w.amount ELSE 0 END) AS after_ces,
        COUNT(CASE WHEN w.ces_offset BETWEEN 1 AND 365 THEN 1 END) AS orders_ces
    FROM offsets AS w
    GROUP BY w.customer_id
)
SELECT
    c.customer_id,
    cs.slice_id,
    c.signup_date,
    c.churn_date,
    DATEDIFF('day', c.signup_date, COALESCE(c.churn_date, $as_of)) AS tenure_days,
    f.nps_at AS first_nps_at,
    f.nps_score AS first_nps_score,
    CASE WHEN f.nps_at IS NOT NULL THEN COALESCE(s.before_nps, 0) END AS spend_before_nps,
    CASE WHEN f.nps_at IS NOT NULL THEN COALESCE(s.after_nps, 0) END AS spend_after_nps,
    CASE WHEN f.nps_at IS NOT NULL THEN COALESCE(s.orders_nps, 0) END AS orders_after_nps,
    f.csat_at AS first_csat_at,
    f.csat_score AS first_csat_score,
    CASE WHEN f.csat_at IS NOT NULL THEN COALESCE(s.before_csat, 0) END AS spend_before_csat,
    CASE WHEN f.csat_at IS NOT NULL THEN COALESCE(s.after_csat, 0) END AS spend_after_csat,
    CASE WHEN f.csat_at IS NOT NULL THEN COALESCE(s.orders_csat, 0) END AS orders_after_csat,
    f.ces_at AS first_ces_at,
    f.ces_score AS first_ces_score,
    CASE WHEN f.ces_at IS NOT NULL THEN COALESCE(s.before_ces, 0) END AS spend_before_ces,
    CASE WHEN f.ces_at IS NOT NULL THEN COALESCE(s.after_ces, 0) END AS spend_after_ces,
    CASE WHEN f.ces_at IS NOT NULL THEN COALESCE(s.orders_ces, 0) END AS orders_after_ces
FROM customers AS c
JOIN customer_slice AS cs ON cs.customer_id = c.customer_id
LEFT JOIN firsts AS f ON f.customer_id = c.customer_id
LEFT JOIN spend AS s ON s.customer_id = c.customer_id
ORDER BY c.signup_date, c.customer_id
