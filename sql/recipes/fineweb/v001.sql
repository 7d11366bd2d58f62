-- dataset: fineweb
-- version: v001
-- parent: none
-- description: Baseline text corpus: every text item in lake.items (FineWeb-Edu and other text sources).
SELECT id, source, source_id, modality, content_hash, content_uri, mime, size_bytes, text,
       license, connector, connector_version, ingested_at, metadata
FROM lake.items
WHERE modality = 'text';
