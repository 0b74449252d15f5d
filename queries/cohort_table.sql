SELECT
    cm.cohort_month,
    cm.month_index,
    CAST(SUM(cm.customers) AS BIGINT) AS customers,
    CAST(SUM(cm.retained) AS BIGINT) AS retained,
    CAST(SUM(cm.ordering) AS BIGINT) AS ordering,
    CAST(SUM(cm.revenue) AS DOUBLE) AS revenue,
    CAST(SUM(cm.capped_revenue) AS DOUBLE) AS capped_revenue
FROM cohort_months AS cm
WHERE list_contains($slices, cm.slice_id)
GROUP BY cm.cohort_month, cm.month_index
ORDER BY cm.cohort_month, cm.month_index
