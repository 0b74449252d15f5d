WITH keys AS (
    SELECT
        v.customer_id,
        ARRAY_TO_STRING(LIST_SORT(LIST(v.dim || '=' || CAST(LENGTH(v.value) AS VARCHAR) || ':' || v.value)), ';')
            AS slice_key
    FROM customer_dimension_values AS v
    GROUP BY v.customer_id
),
customer_keys AS (
    SELECT c.customer_id, COALESCE(k.slice_key, '') AS slice_key
    FROM customers AS c
    LEFT JOIN keys AS k ON k.customer_id = c.customer_id
),
numbered AS (
    SELECT d.slice_key, DENSE_RANK() OVER (ORDER BY d.slice_key) AS slice_id
    FROM (SELECT DISTINCT ck.slice_key FROM customer_keys AS ck) AS d
)
SELECT
    ck.customer_id,
    CAST(n.slice_id AS BIGINT) AS slice_id
FROM customer_keys AS ck
JOIN numbered AS n ON n.slice_key = ck.slice_key
ORDER BY ck.customer_id
