SELECT
    CAST(b.rank AS BIGINT) AS rank,
    MIN(b.experience) AS experience,
    CAST(COUNT(*) AS BIGINT) AS customers,
    CAST(SUM(CASE WHEN a.churn_date IS NULL OR DATEDIFF('day', a.answered, a.churn_date) > 365 THEN 1 ELSE 0 END)
        AS BIGINT) AS retained,
    CAST(SUM(a.spend) AS DOUBLE) AS spend_sum,
    CAST(SUM(a.spend * a.spend) AS DOUBLE) AS spend_sq_sum
FROM (
    SELECT
        f.churn_date,
        CASE $metric WHEN 'nps' THEN f.first_nps_at WHEN 'csat' THEN f.first_csat_at ELSE f.first_ces_at END AS answered,
        CASE $metric WHEN 'nps' THEN f.first_nps_score WHEN 'csat' THEN f.first_csat_score ELSE f.first_ces_score END
            AS score,
        CASE $metric WHEN 'nps' THEN f.spend_after_nps WHEN 'csat' THEN f.spend_after_csat ELSE f.spend_after_ces END
            AS spend
    FROM customer_facts AS f
    WHERE list_contains($slices, f.slice_id)
) AS a
JOIN experience_bands AS b ON b.metric = $metric AND b.score = a.score
WHERE DATEDIFF('day', a.answered, $as_of) >= 365
GROUP BY b.rank
ORDER BY rank
