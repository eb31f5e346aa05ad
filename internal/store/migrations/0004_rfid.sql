-- RFID tags (EPC, as uppercase hex) bound to catalog items. No foreign key:
-- tags may be imported before the catalog that names their items.
CREATE TABLE rfid_tags (
    epc       TEXT PRIMARY KEY,
    item_code TEXT NOT NULL,
    bound_at  TEXT NOT NULL,
    source    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX rfid_tags_item ON rfid_tags(item_code);
