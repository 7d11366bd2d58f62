-- eval: diversity
-- version: 1
-- metrics: near_dup_rate (lower), cluster_entropy, texts (info)
-- description: Diversity of the version's texts (EMBED_TEXT): share of items whose nearest other item is a near-duplicate (cosine >= 0.95), and the normalized entropy of their assignment to 8 seed items.
-- model: EMBED_TEXT
--
-- near_dup_rate is a mean over items (95% bootstrap interval). cluster_entropy assigns every item
-- to its nearest of 8 seeds (the items with the smallest ids, a stable pseudo-random choice)
-- and reports -sum(p ln p) / ln(8): 1 when the clusters are even, 0 when all items share one.
WITH vecs AS (
  SELECT id, EMBED_TEXT(text) AS vector FROM ${version} WHERE text IS NOT NULL),
nearest AS (
  SELECT * FROM TABLE(VECTOR_SEARCH_BATCH(
    CURSOR(SELECT id, vector FROM vecs),
    CURSOR(SELECT id AS query_id, vector FROM vecs),
    'vector', 3, 'cosine'))),
assigned AS (
  SELECT * FROM TABLE(VECTOR_SEARCH_BATCH(
    CURSOR(SELECT id, vector FROM vecs
           WHERE id IN (SELECT id FROM vecs ORDER BY id FETCH FIRST 8 ROWS ONLY)),
    CURSOR(SELECT id AS query_id, vector FROM vecs),
    'vector', 1, 'cosine'))),
sizes AS (SELECT id AS seed, CAST(COUNT(*) AS DOUBLE) AS n FROM assigned GROUP BY id),
total AS (SELECT SUM(n) AS t, COUNT(*) AS seeds FROM sizes)
SELECT 'near_dup_rate' AS metric,
       CASE WHEN MIN(CASE WHEN id <> query_id THEN distance END) <= 0.05 THEN 1.0 ELSE 0.0 END
         AS val,
       query_id AS sample
FROM nearest
GROUP BY query_id
UNION ALL
SELECT 'cluster_entropy', CASE WHEN MAX(total.seeds) < 2 THEN 0.0
       ELSE -SUM((sizes.n / total.t) * LN(sizes.n / total.t)) / LN(8.0) END,
       CAST(NULL AS VARCHAR)
FROM sizes CROSS JOIN total
UNION ALL
SELECT 'texts', CAST(COUNT(*) AS DOUBLE), CAST(NULL AS VARCHAR) FROM vecs;
