-- bi.cost_per_version: what each version's recipe run cost to build (manifest "cost": resources
-- priced by the cost.* settings), and per 1,000 rows. Chart: cost by version.
SELECT name AS version, dataset, created_at, row_count,
       CAST(JSON_VALUE(manifest, 'lax $.cost.amount') AS DOUBLE) AS cost,
       JSON_VALUE(manifest, 'lax $.cost.currency') AS currency,
       CAST(JSON_VALUE(manifest, 'lax $.cost.cpu_seconds') AS DOUBLE) AS cpu_seconds,
       CAST(JSON_VALUE(manifest, 'lax $.cost.wall_seconds') AS DOUBLE) AS wall_seconds,
       CASE WHEN row_count > 0
            THEN CAST(JSON_VALUE(manifest, 'lax $.cost.amount') AS DOUBLE) * 1000 / row_count
       END AS cost_per_1000_rows
FROM lake.versions
