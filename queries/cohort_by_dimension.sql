SELECT
    COALESCE(d.value, '(none)') AS value,
    cm.cohort_month,
    cm.month_index,
    CAST(SUM(cm.customers) AS BIGINT) AS customers,
    CAST(SUM(cm.retained) AS BIGINT) AS retained,
    CAST(SUM(cm.revenue) AS DOUBLE) AS revenue
FROM cohort_months AS cm
LEFT JOIN slice_dims AS d ON d.slice_id = cm.slice_id AND d.dim = $dimension
WHERE list_contains($slices, cm.slice_id)
GROUP BY COALESCE(d.value, '(none)'), cm.cohort_month, cm.month_index
ORDER BY value, cm.cohort_month, cm.month_index
