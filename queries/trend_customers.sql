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
chosen_days AS (
    SELECT d.day, d.signups, d.churns
    FROM customer_days AS d
    WHERE d.day <= $end AND list_contains($slices, d.slice_id)
),
base AS (
    SELECT COALESCE(SUM(cd.signups - cd.churns), 0) AS active
    FROM chosen_days AS cd
    WHERE cd.day < $start
),
per_bucket AS (
    SELECT CAST(DATE_TRUNC($grain, cd.day) AS DATE) AS bucket, SUM(cd.signups) AS signups, SUM(cd.churns) AS churns
    FROM chosen_days AS cd
    WHERE cd.day >= $start
    GROUP BY CAST(DATE_TRUNC($grain, cd.day) AS DATE)
),
inside AS (
    SELECT CAST(DATE_TRUNC($grain, f.signup_date) AS DATE) AS bucket, COUNT(*) AS n
    FROM customer_facts AS f
    WHERE f.signup_date >= $start AND f.churn_date <= $end
        AND DATE_TRUNC($grain, f.signup_date) = DATE_TRUNC($grain, f.churn_date)
        AND list_contains($slices, f.slice_id)
    GROUP BY CAST(DATE_TRUNC($grain, f.signup_date) AS DATE)
),
running AS (
    SELECT
        b.bucket_start,
        b.bucket_end,
        b.partial,
        COALESCE(p.signups, 0) AS signups,
        COALESCE(p.churns, 0) AS churns,
        COALESCE(i.n, 0) AS inside,
        SUM(COALESCE(p.signups, 0) - COALESCE(p.churns, 0)) OVER (
            ORDER BY b.bucket_start ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS net
    FROM buckets AS b
    LEFT JOIN per_bucket AS p ON p.bucket = b.bucket
    LEFT JOIN inside AS i ON i.bucket = b.bucket
)
SELECT
    r.bucket_start,
    r.bucket_end,
    r.partial,
    CAST(ba.active + r.net - r.signups + r.churns AS BIGINT) AS active_start,
    CAST(r.churns - r.inside AS BIGINT) AS churned,
    CAST(r.signups AS BIGINT) AS new_customers,
    CAST(ba.active + r.net AS BIGINT) AS active_end
FROM running AS r
CROSS JOIN base AS ba
ORDER BY r.bucket_start
