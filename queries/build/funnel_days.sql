SELECT
    CAST(e.timestamp AS DATE) AS day,
    COALESCE(cs.slice_id, 0) AS slice_id,
    e.customer_id,
    e.stage,
    e.step,
    e.channel,
    COUNT(*) AS reached,
    COUNT(CASE WHEN e.outcome = 'abandoned' THEN 1 END) AS abandoned
FROM journey_events AS e
LEFT JOIN customer_slice AS cs ON cs.customer_id = e.customer_id
GROUP BY CAST(e.timestamp AS DATE), COALESCE(cs.slice_id, 0), e.customer_id, e.stage, e.step, e.channel
ORDER BY day, customer_id, stage, step, channel
