-- eval: clip_retrieval
-- version: 1
-- metrics: t2i_recall@1, t2i_recall@5, t2i_recall@10, i2t_recall@1, i2t_recall@5, i2t_recall@10
-- description: Text-to-image and image-to-text retrieval with EMBED_CLIP: each image's first caption against every image of the version, and back.
-- model: EMBED_CLIP
--
-- Needs a CLIP export (embed.clip.model-dir, docs/models.md). With the tiny-clip test model the
-- weights are random, so the numbers are near chance: the path is real, the values are not.
-- Images that cannot be decoded (EMBED_CLIP gives NULL) are left out.
WITH items AS (
  SELECT id, content_uri, JSON_VALUE(metadata, '$.captions[0].caption') AS caption
  FROM ${version}
  WHERE modality = 'image' AND content_uri IS NOT NULL),
t2i AS (
  SELECT * FROM TABLE(VECTOR_SEARCH_BATCH(
    CURSOR(SELECT id, EMBED_CLIP(content_uri) AS vector FROM items WHERE caption IS NOT NULL),
    CURSOR(SELECT id AS query_id, EMBED_CLIP(caption) AS vector FROM items
           WHERE caption IS NOT NULL),
    'vector', 10, 'cosine'))),
i2t AS (
  SELECT * FROM TABLE(VECTOR_SEARCH_BATCH(
    CURSOR(SELECT id, EMBED_CLIP(caption) AS vector FROM items WHERE caption IS NOT NULL),
    CURSOR(SELECT id AS query_id, EMBED_CLIP(content_uri) AS vector FROM items
           WHERE caption IS NOT NULL),
    'vector', 10, 'cosine'))),
ks AS (SELECT * FROM (VALUES 1, 5, 10) AS v(k))
SELECT 't2i_recall@' || CAST(ks.k AS VARCHAR) AS metric,
       MAX(CASE WHEN h.id = h.query_id AND h."rank" <= ks.k THEN 1.0 ELSE 0.0 END) AS val,
       h.query_id AS sample
FROM t2i AS h CROSS JOIN ks
GROUP BY ks.k, h.query_id
UNION ALL
SELECT 'i2t_recall@' || CAST(ks.k AS VARCHAR),
       MAX(CASE WHEN h.id = h.query_id AND h."rank" <= ks.k THEN 1.0 ELSE 0.0 END),
       h.query_id
FROM i2t AS h CROSS JOIN ks
GROUP BY ks.k, h.query_id;
