-- dataset: coco
-- version: v003
-- parent: v002
-- description: Permissive licenses only (CC0, CC BY, public domain): safe for commercial training.
-- license_policy: permissive
--
-- COCO's images carry their own Flickr license (metadata.image_license_url); an image under
-- CC BY 2.0 gets that license in this version, the others are dropped.
-- A license filter is a WHERE clause. The runner checks every row against license_policy
-- and refuses to build the version if one slips through; `mmlake version diff` then reports
-- "license ... not allowed" for each item removed here.
SELECT id, source, source_id, modality, content_hash, content_uri, mime, size_bytes, text,
       CASE WHEN JSON_VALUE(metadata, '$.image_license_url')
                 = 'http://creativecommons.org/licenses/by/2.0/'
            THEN 'cc-by-2.0' ELSE license END AS license,
       connector, connector_version, ingested_at, metadata
FROM datasets."coco@v002"
WHERE JSON_VALUE(metadata, '$.image_license_url') = 'http://creativecommons.org/licenses/by/2.0/'
   OR LOWER(license) IN ('cc0-1.0', 'pddl-1.0', 'public-domain', 'cc-by-2.0', 'cc-by-3.0',
                         'cc-by-4.0', 'odc-by-1.0', 'mit', 'apache-2.0', 'bsd-2-clause',
                         'bsd-3-clause', 'cdla-permissive-2.0');
