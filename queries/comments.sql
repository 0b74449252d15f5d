SELECT
    c.response_id,
    c.customer_id,
    c.day,
    c.metric,
    c.score,
    c.journey_stage,
    c.touchpoint,
    c.channel,
    c.comment
FROM comment_responses AS c
WHERE list_contains($slices, c.slice_id)
ORDER BY day, response_id
