WITH means AS (
    SELECT
        t.customer_id,
        SUM(CASE WHEN t.metric = 'nps' THEN t.score_sum END) / SUM(CASE WHEN t.metric = 'nps' THEN t.n END) AS nps,
        SUM(CASE WHEN t.metric = 'csat' THEN t.score_sum END) / SUM(CASE WHEN t.metric = 'csat' THEN t.n END)
            AS csat
    FROM touchpoint_ratings AS t
    WHERE list_contains($slices, t.slice_id)
    GROUP BY t.customer_id
),
firsts AS (
    SELECT
        f.customer_id,
        f.churn_date,
        f.first_nps_at,
        f.first_csat_at,
        f.spend_after_nps,
        f.spend_after_csat,
        f.spend_after_ces,
        LEAST(
            COALESCE(f.first_nps_at, DATE '2999-12-31'),
            COALESCE(f.first_csat_at, DATE '2999-12-31'),
            COALESCE(f.first_ces_at, DATE '2999-12-31')
        ) AS first_at
    FROM customer_facts AS f
    WHERE list_contains($slices, f.slice_id)
)
SELECT
    m.customer_id,
    m.nps,
    m.csat,
    CASE
        WHEN s.first_at < $churn_start OR DATEDIFF('day', s.first_at, $churn_end) < 365 THEN NULL
        WHEN s.churn_date IS NOT NULL AND DATEDIFF('day', s.first_at, s.churn_date) <= 365 THEN CAST(0 AS DOUBLE)
        ELSE CAST(1 AS DOUBLE)
    END AS retained,
    CASE
        WHEN DATEDIFF('day', s.first_at, $spend_end) < 365 THEN NULL
        WHEN s.first_at = s.first_nps_at THEN s.spend_after_nps
        WHEN s.first_at = s.first_csat_at THEN s.spend_after_csat
        ELSE s.spend_after_ces
    END AS spend
FROM means AS m
JOIN firsts AS s ON s.customer_id = m.customer_id
ORDER BY customer_id
