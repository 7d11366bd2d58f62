-- eval: alignment
-- version: 1
-- metrics: alignment_mean, alignment_min (info), alignment_max (info), misaligned_share (lower)
-- description: Caption-image alignment: the distribution of the CLIP cosine between each image and its first caption.
-- model: EMBED_CLIP
--
-- alignment_mean and misaligned_share (cosine below 0.2) are means over images with 95%
-- bootstrap intervals. With the tiny-clip test model the weights are random: the values mean
-- nothing, the path is real.
WITH scores AS (
  SELECT id, COSINE_SIMILARITY(EMBED_CLIP(content_uri),
                               EMBED_CLIP(JSON_VALUE(metadata, '$.captions[0].caption'))) AS s
  FROM ${version}
  WHERE modality = 'image' AND content_uri IS NOT NULL)
SELECT 'alignment_mean' AS metric, s AS val, id AS sample FROM scores WHERE s IS NOT NULL
UNION ALL
SELECT 'misaligned_share', CASE WHEN s < 0.2 THEN 1.0 ELSE 0.0 END, id FROM scores
WHERE s IS NOT NULL
UNION ALL
SELECT 'alignment_min', MIN(s), CAST(NULL AS VARCHAR) FROM scores
UNION ALL
SELECT 'alignment_max', MAX(s), CAST(NULL AS VARCHAR) FROM scores;
