-- bi.ingest_per_day: items ingested into lake.items per day (UTC), source and modality.
-- Chart: stacked bars of items by day, one series per source.
SELECT CAST(ingested_at AS DATE) AS "day", source, modality,
       COUNT(*) AS items, SUM(size_bytes) AS bytes
FROM lake.items
GROUP BY CAST(ingested_at AS DATE), source, modality
