SELECT
    r.response_id,
    r.customer_id,
    COALESCE(cs.slice_id, 0) AS slice_id,
    CAST(r.responded_at AS DATE) AS day,
    r.metric,
    CAST(r.score AS BIGINT) AS score,
    r.journey_stage,
    r.touchpoint,
    r.channel,
    TRIM(r.comment) AS comment
FROM survey_responses AS r
LEFT JOIN customer_slice AS cs ON cs.customer_id = r.customer_id
WHERE r.comment IS NOT NULL AND TRIM(r.comment) <> ''
ORDER BY day, response_id
