-- bi.failures_by_type: items a stage could not process (obs.failures) per day, stage, error type,
-- modality and source. Chart: bars of failures by error_type; a time series by day.
SELECT CAST(occurred_at AS DATE) AS "day", stage, error_type, modality, source,
       COUNT(*) AS failures
FROM obs.failures
GROUP BY CAST(occurred_at AS DATE), stage, error_type, modality, source
