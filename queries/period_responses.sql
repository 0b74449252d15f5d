SELECT
    d.metric,
    CAST(SUM(d.n) AS BIGINT) AS n,
    CAST(SUM(d.promoters) AS BIGINT) AS promoters,
    CAST(SUM(d.detractors) AS BIGINT) AS detractors,
    CAST(SUM(d.satisfied) AS BIGINT) AS satisfied,
    SUM(d.score_sum) AS score_sum,
    SUM(d.score_sq_sum) AS score_sq_sum,
    CAST(SUM(d.clusters) AS BIGINT) AS clusters,
    CAST(SUM(d.cluster_n_sq) AS BIGINT) AS cluster_n_sq,
    SUM(d.cluster_y_sq) AS cluster_y_sq,
    SUM(d.cluster_y_n) AS cluster_y_n
FROM daily_responses AS d
WHERE d.day BETWEEN $start AND $end AND list_contains($slices, d.slice_id)
GROUP BY d.metric
ORDER BY d.metric
