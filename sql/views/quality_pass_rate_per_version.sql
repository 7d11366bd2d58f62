-- bi.quality_pass_rate_per_version: the quality verdicts (lake.quality) each version's recipe was
-- built against, from its manifest (thresholds.quality.rows_by_status); null when the recipe does
-- not read lake.quality. Chart: pass_rate by version.
SELECT version, dataset, created_at, passed, failed,
       CASE WHEN passed + failed > 0
            THEN CAST(passed AS DOUBLE) / (passed + failed) END AS pass_rate
FROM (SELECT name AS version, dataset, created_at,
             CAST(JSON_VALUE(manifest, 'lax $.thresholds.quality.rows_by_status.pass')
                  AS BIGINT) AS passed,
             CAST(JSON_VALUE(manifest, 'lax $.thresholds.quality.rows_by_status.fail')
                  AS BIGINT) AS failed
      FROM lake.versions) AS v
