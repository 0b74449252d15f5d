-- returns: the customer slices matching every chosen dimension (any of its chosen values)
-- params: dims (list of dimension names, one per chosen value), dim_values (list of the chosen values, same length)
-- columns: slice_id
WITH wanted AS (
    SELECT UNNEST($dims) AS dim, UNNEST($dim_values) AS value
)
SELECT g.slice_id
FROM slice_dims AS g
JOIN wanted AS w ON g.dim = w.dim AND g.value = w.value
GROUP BY g.slice_id
HAVING COUNT(DISTINCT g.dim) = (SELECT COUNT(DISTINCT dim) FROM wanted)
ORDER BY g.slice_id
