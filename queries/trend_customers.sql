-- returns: the customer base per whole calendar bucket (week or month) overlapping [start, end]:
--   active at the bucket start, churned in it (of those), new in it, active at its end
--   (running totals: a churn is never before its signup, so the base is signups minus churns so far)
-- params: start (date), end (date), grain ('week' or 'month'), slices (list of customer slice ids)
-- columns: bucket, active_start, churned, new_customers, active_end
WITH c AS (
    SELECT
        CAST(DATE_TRUNC($grain, cu.signup_date) AS DATE) AS signup_bucket,
        CAST(DATE_TRUNC($grain, cu.churn_date) AS DATE) AS churn_bucket
    FROM customers AS cu
    WHERE ($slices IS NULL OR cu.slice_id IN (SELECT UNNEST($slices)))
),
buckets AS (
    SELECT DISTINCT CAST(DATE_TRUNC($grain, t.d) AS DATE) AS bucket
    FROM GENERATE_SERIES(CAST($start AS TIMESTAMP), CAST($end AS TIMESTAMP), INTERVAL 1 DAY) AS t(d)
),
signups AS (
    SELECT signup_bucket AS bucket, COUNT(*) AS n FROM c GROUP BY signup_bucket
),
churns AS (
    SELECT
        churn_bucket AS bucket,
        COUNT(*) AS n,
        COUNT(CASE WHEN signup_bucket = churn_bucket THEN 1 END) AS same_bucket
    FROM c
    WHERE churn_bucket IS NOT NULL
    GROUP BY churn_bucket
),
all_buckets AS (
    SELECT bucket FROM signups
    UNION
    SELECT bucket FROM churns
    UNION
    SELECT bucket FROM buckets
),
running AS (
    SELECT
        a.bucket,
        COALESCE(sg.n, 0) AS new_customers,
        COALESCE(ch.n, 0) AS churns,
        COALESCE(ch.same_bucket, 0) AS same_bucket,
        SUM(COALESCE(sg.n, 0) - COALESCE(ch.n, 0))
            OVER (ORDER BY a.bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS active_end
    FROM all_buckets AS a
    LEFT JOIN signups AS sg ON sg.bucket = a.bucket
    LEFT JOIN churns AS ch ON ch.bucket = a.bucket
)
SELECT
    r.bucket,
    CAST(r.active_end - r.new_customers + r.churns AS BIGINT) AS active_start,
    CAST(r.churns - r.same_bucket AS BIGINT) AS churned,
    CAST(r.new_customers AS BIGINT) AS new_customers,
    CAST(r.active_end AS BIGINT) AS active_end
FROM running AS r
JOIN buckets AS b ON b.bucket = r.bucket
ORDER BY r.bucket
