-- eval: mix
-- version: 1
-- metrics: items (info), total_bytes (info), mean_bytes (info), modality_share:* (info), license_share:* (info)
-- description: Size, modality and license mix of the version: item count, bytes, and the share of items per modality and per license.
--
-- Every metric is one number for the whole version (no sampling, so no interval).
WITH v AS (SELECT modality, COALESCE(license, 'unknown') AS license, size_bytes FROM ${version}),
n AS (SELECT CAST(COUNT(*) AS DOUBLE) AS total FROM v)
SELECT 'items' AS metric, n.total AS val FROM n
UNION ALL
SELECT 'total_bytes', CAST(COALESCE(SUM(size_bytes), 0) AS DOUBLE) FROM v
UNION ALL
SELECT 'mean_bytes', CAST(AVG(CAST(size_bytes AS DOUBLE)) AS DOUBLE) FROM v
UNION ALL
SELECT 'modality_share:' || v.modality, COUNT(*) / MAX(n.total) FROM v CROSS JOIN n
GROUP BY v.modality
UNION ALL
SELECT 'license_share:' || v.license, COUNT(*) / MAX(n.total) FROM v CROSS JOIN n
GROUP BY v.license;
