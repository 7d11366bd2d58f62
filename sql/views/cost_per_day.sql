-- bi.cost_per_day: cost of every run (obs.metrics, metric 'cost') per day and stage; per-modality
-- shares of ingestion cost are left out so that nothing is counted twice. Chart: stacked bars.
SELECT CAST(ts AS DATE) AS "day", stage, SUM("value") AS cost, MAX(unit) AS currency
FROM obs.metrics
WHERE metric = 'cost' AND (labels IS NULL OR labels NOT LIKE '%basis%')
GROUP BY CAST(ts AS DATE), stage
