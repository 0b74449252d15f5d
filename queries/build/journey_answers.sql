SELECT
    CAST(r.responded_at AS DATE) AS day,
    COALESCE(cs.slice_id, 0) AS slice_id,
    r.customer_id,
    COALESCE('c:' || r.customer_id, 'r:' || r.response_id) AS cluster,
    r.metric,
    r.score,
    r.journey_stage,
    r.touchpoint,
    r.channel,
    DATEDIFF('day', c.signup_date, CAST(r.responded_at AS DATE)) AS tenure_days
FROM survey_responses AS r
LEFT JOIN customer_slice AS cs ON cs.customer_id = r.customer_id
LEFT JOIN customers AS c ON c.customer_id = r.customer_id
ORDER BY day, cluster, metric
