-- Members of the public who borrow at community stops. Personal data is
-- kept only in this table: the scan log refers to a member by id, so an
-- erased member leaves an anonymous placeholder and every count intact.
CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    card_number   TEXT UNIQUE, -- NULL once erased
    name          TEXT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    institution   TEXT NOT NULL DEFAULT '',
    id_number     TEXT NOT NULL DEFAULT '', -- only when the office collects it
    photo         BLOB,
    member_type   TEXT NOT NULL DEFAULT 'umum',
    slims_id      TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT 'kiosk' CHECK (source IN ('kiosk','slims')),
    registered_at TEXT NOT NULL,
    registered_by TEXT NOT NULL DEFAULT '',
    visit_id      INTEGER NOT NULL DEFAULT 0, -- where they registered
    erased_at     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX members_slims ON members(slims_id) WHERE slims_id <> '';

ALTER TABLE events ADD COLUMN member_id INTEGER NOT NULL DEFAULT 0;
