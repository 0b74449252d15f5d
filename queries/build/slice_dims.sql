SELECT DISTINCT
    cs.slice_id,
    v.dim,
    v.value
FROM customer_slice AS cs
JOIN customer_dimension_values AS v ON v.customer_id = cs.customer_id
ORDER BY slice_id, dim
