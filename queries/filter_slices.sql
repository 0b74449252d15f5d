WITH chosen AS (
    SELECT UNNEST($choices) AS choice
)
SELECT s.slice_id
FROM slice_dims AS s
WHERE list_contains($choices, s.dim || '=' || s.value)
GROUP BY s.slice_id
HAVING COUNT(DISTINCT s.dim) = (SELECT COUNT(DISTINCT SPLIT_PART(c.choice, '=', 1)) FROM chosen AS c)
ORDER BY s.slice_id
