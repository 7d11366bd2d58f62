-- dataset: coco
-- version: v001
-- parent: none
-- description: Baseline image-caption pairs: every image item in lake.items, as ingested.
--
-- The rows of the final SELECT become version coco@v001 (table datasets.coco, tag v001).
SELECT id, source, source_id, modality, content_hash, content_uri, mime, size_bytes, text,
       license, connector, connector_version, ingested_at, metadata
FROM lake.items
WHERE modality = 'image';
