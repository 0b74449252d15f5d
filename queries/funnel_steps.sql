SELECT
    f.stage,
    f.step,
    f.channel,
    CAST(SUM(f.reached) AS BIGINT) AS reached,
    CAST(SUM(f.abandoned) AS BIGINT) AS abandoned
FROM funnel_days AS f
WHERE f.day BETWEEN $start AND $end AND list_contains($slices, f.slice_id)
GROUP BY f.stage, f.step, f.channel
ORDER BY f.stage, f.step, f.channel
