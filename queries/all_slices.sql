SELECT CAST(0 AS BIGINT) AS slice_id
UNION
SELECT cs.slice_id
FROM customer_slice AS cs
ORDER BY slice_id
