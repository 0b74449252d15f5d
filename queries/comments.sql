SELECT
    c.response_id,
    c.customer_id,
    c.day,
    c.metric,
    c.score,
    c.journey_stage,
    c.touchpoint,
    c.channel,
    c.comment,
    b.experience,
    b.rank
FROM comment_responses AS c
JOIN experience_bands AS b ON b.metric = c.metric AND b.score = c.score
WHERE list_contains($slices, c.slice_id)
ORDER BY day, response_id
