SELECT d.slice_id, d.dim, d.value
FROM slice_dims AS d
WHERE list_contains($slices, d.slice_id)
ORDER BY d.slice_id, d.dim
