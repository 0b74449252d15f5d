WITH firsts AS (
    SELECT MIN(c.signup_date) AS first_day FROM customers AS c
    UNION ALL
    SELECT MIN(c.churn_date) AS first_day FROM customers AS c
    UNION ALL
    SELECT MIN(CAST(o.order_date AS DATE)) AS first_day FROM orders AS o
    UNION ALL
    SELECT MIN(CAST(r.responded_at AS DATE)) AS first_day FROM survey_responses AS r
),
bounds AS (
    SELECT MIN(f.first_day) AS first_day FROM firsts AS f
)
SELECT CAST(s.day AS DATE) AS day
FROM (
    SELECT UNNEST(GENERATE_SERIES(b.first_day, $as_of, INTERVAL 1 DAY)) AS day
    FROM bounds AS b
    WHERE b.first_day <= $as_of
) AS s
ORDER BY day
