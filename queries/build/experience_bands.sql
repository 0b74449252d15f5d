SELECT b.metric, CAST(b.score AS BIGINT) AS score, b.experience, CAST(b.rank AS BIGINT) AS rank
FROM (
    SELECT 'nps' AS metric, 0 AS score, 'detractor' AS experience, 3 AS rank
    UNION ALL SELECT 'nps', 1, 'detractor', 3
    UNION ALL SELECT 'nps', 2, 'detractor', 3
    UNION ALL SELECT 'nps', 3, 'detractor', 3
    UNION ALL SELECT 'nps', 4, 'detractor', 3
    UNION ALL SELECT 'nps', 5, 'detractor', 3
    UNION ALL SELECT 'nps', 6, 'detractor', 3
    UNION ALL SELECT 'nps', 7, 'passive', 2
    UNION ALL SELECT 'nps', 8, 'passive', 2
    UNION ALL SELECT 'nps', 9, 'promoter', 1
    UNION ALL SELECT 'nps', 10, 'promoter', 1
    UNION ALL SELECT 'csat', 1, 'score 1', 5
    UNION ALL SELECT 'csat', 2, 'score 2', 4
    UNION ALL SELECT 'csat', 3, 'score 3', 3
    UNION ALL SELECT 'csat', 4, 'score 4', 2
    UNION ALL SELECT 'csat', 5, 'score 5', 1
    UNION ALL SELECT 'ces', 1, 'low effort', 1
    UNION ALL SELECT 'ces', 2, 'low effort', 1
    UNION ALL SELECT 'ces', 3, 'low effort', 1
    UNION ALL SELECT 'ces', 4, 'medium effort', 2
    UNION ALL SELECT 'ces', 5, 'medium effort', 2
    UNION ALL SELECT 'ces', 6, 'high effort', 3
    UNION ALL SELECT 'ces', 7, 'high effort', 3
) AS b
ORDER BY b.metric, b.score
