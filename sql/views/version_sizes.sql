-- bi.version_sizes: rows and content bytes of every version, by build time. Chart: a time series
-- of row_count per dataset.
SELECT name AS version, dataset, created_at, parent, row_count,
       CAST(JSON_VALUE(manifest, 'lax $.metrics.total_bytes') AS BIGINT) AS bytes
FROM lake.versions
