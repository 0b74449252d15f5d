-- returns: the customer base per whole calendar bucket (week or month) overlapping [start, end]:
--   active at the bucket start, churned in it (of those), new in it, active at its end
-- params: start (date), end (date), grain ('week' or 'month'), groups (list of group ids, or null)
-- columns: bucket, active_start, churned, new_customers, active_end
WITH c AS (
    SELECT
        CAST(DATE_TRUNC($grain, cu.signup_date) AS DATE) AS signup_bucket,
        CAST(DATE_TRUNC($grain, cu.churn_date) AS DATE) AS churn_bucket
    FROM customers AS cu
    WHERE ($groups IS NULL OR cu.group_id IN (SELECT UNNEST($groups)))
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
)
SELECT
    b.bucket,
    CAST((SELECT COALESCE(SUM(s.n), 0) FROM signups AS s WHERE s.bucket < b.bucket)
        - (SELECT COALESCE(SUM(x.n), 0) FROM churns AS x WHERE x.bucket < b.bucket) AS BIGINT) AS active_start,
    COALESCE(ch.n - ch.same_bucket, 0) AS churned,
    COALESCE(sg.n, 0) AS new_customers,
    CAST((SELECT COALESCE(SUM(s.n), 0) FROM signups AS s WHERE s.bucket <= b.bucket)
        - (SELECT COALESCE(SUM(x.n), 0) FROM churns AS x WHERE x.bucket <= b.bucket) AS BIGINT) AS active_end
FROM buckets AS b
LEFT JOIN signups AS sg ON sg.bucket = b.bucket
LEFT JOIN churns AS ch ON ch.bucket = b.bucket
ORDER BY b.bucket
