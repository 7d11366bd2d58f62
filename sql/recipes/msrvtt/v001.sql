-- dataset: msrvtt
-- version: v001
-- parent: none
-- description: Baseline video-text: every video item in lake.items with its caption.
SELECT id, source, source_id, modality, content_hash, content_uri, mime, size_bytes, text,
       license, connector, connector_version, ingested_at, metadata
FROM lake.items
WHERE modality = 'video';
