-- eval: text_retrieval
-- version: 1
-- metrics: recall@1, recall@5, recall@10, queries (info)
-- description: Caption-to-caption retrieval with EMBED_TEXT (all-MiniLM-L6-v2): each image's first caption is a query, its second caption the one positive among the second captions of every image in the version.
-- model: EMBED_TEXT
--
-- Two captions of one COCO image are a positive pair. recall@k per query is 1 when the query's own
-- image is among its k nearest captions; the runner reports the mean over queries with a 95%
-- bootstrap interval. Images with fewer than two captions are left out. The third column names
-- the query (its image id), so that two versions compare query by query (paired bootstrap).
WITH pairs AS (
  SELECT id,
         JSON_VALUE(metadata, '$.captions[0].caption') AS q,
         JSON_VALUE(metadata, '$.captions[1].caption') AS d
  FROM ${version}
  WHERE modality = 'image'),
hits AS (
  SELECT * FROM TABLE(VECTOR_SEARCH_BATCH(
    CURSOR(SELECT id, EMBED_TEXT(d) AS vector FROM pairs WHERE q IS NOT NULL AND d IS NOT NULL),
    CURSOR(SELECT id AS query_id, EMBED_TEXT(q) AS vector FROM pairs
           WHERE q IS NOT NULL AND d IS NOT NULL),
    'vector', 10, 'cosine'))),
ks AS (SELECT * FROM (VALUES 1, 5, 10) AS v(k))
SELECT 'recall@' || CAST(ks.k AS VARCHAR) AS metric,
       MAX(CASE WHEN h.id = h.query_id AND h."rank" <= ks.k THEN 1.0 ELSE 0.0 END) AS val,
       h.query_id AS sample
FROM hits AS h CROSS JOIN ks
GROUP BY ks.k, h.query_id
UNION ALL
SELECT 'queries', CAST(COUNT(*) AS DOUBLE), CAST(NULL AS VARCHAR)
FROM pairs WHERE q IS NOT NULL AND d IS NOT NULL;
