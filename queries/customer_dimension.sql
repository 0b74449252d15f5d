SELECT
    f.customer_id,
    d.value
FROM customer_facts AS f
JOIN slice_dims AS d ON d.slice_id = f.slice_id
WHERE d.dim = $dim AND list_contains($slices, f.slice_id)
ORDER BY customer_id
