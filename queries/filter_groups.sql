-- returns: the customer groups matching every chosen dimension (any of its chosen values)
-- params: dims (list of dimension names, one per chosen value), dim_values (list of the chosen values, same length)
-- columns: group_id
WITH wanted AS (
    SELECT UNNEST($dims) AS dim, UNNEST($dim_values) AS value
)
SELECT g.group_id
FROM group_dims AS g
JOIN wanted AS w ON g.dim = w.dim AND g.value = w.value
GROUP BY g.group_id
HAVING COUNT(DISTINCT g.dim) = (SELECT COUNT(DISTINCT dim) FROM wanted)
ORDER BY g.group_id
