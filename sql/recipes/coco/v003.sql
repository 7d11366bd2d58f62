-- dataset: coco
-- version: v003
-- parent: v002
-- description: Commercial-use licenses only (public domain, CC0, CC BY and other attribution licenses): safe for commercial training.
-- license_policy: permissive, attribution
--
-- Each COCO image carries its own Flickr license, which the connector stores as an SPDX id
-- (CC-BY-2.0, CC-BY-NC-SA-2.0, ...); lake.licenses gives each id its class. A license filter
-- is a WHERE clause. The runner checks every row against license_policy and refuses to build
-- the version if one slips through; `mmlake version diff` then reports
-- "license ... not allowed" for each item removed here.
SELECT *
FROM datasets."coco@v002"
WHERE UPPER(license) IN (SELECT UPPER(license_id) FROM lake.licenses
                         WHERE class IN ('permissive', 'attribution'));
