-- Regions (README "Surges"): a channel account may serve one region (a regional support handle such
-- as @BrandUK_Help, a country's Facebook page). A post takes the region of the account the platform
-- delivered it to, so surges are counted per subject and region. Null: no region known.
alter table channel_account add column region text;
alter table post add column region text;
