-- Papers and hand-offs: the two signatures that seal a visit's counts, the
-- logged reopenings, documentation photos, the location's identities in
-- the library systems, and the ledger of what was exported to them.
ALTER TABLE visits ADD COLUMN seal_round INTEGER NOT NULL DEFAULT 0 CHECK (seal_round >= 0);
ALTER TABLE visits ADD COLUMN sealed_at TEXT NOT NULL DEFAULT '';

ALTER TABLE locations ADD COLUMN card_number TEXT NOT NULL DEFAULT '';
ALTER TABLE locations ADD COLUMN member_id TEXT NOT NULL DEFAULT '';

-- One row per signature; a reopening starts a new round, so the old
-- signatures stay on record.
CREATE TABLE visit_signoffs (
    id        INTEGER PRIMARY KEY,
    visit_id  INTEGER NOT NULL REFERENCES visits(id),
    round     INTEGER NOT NULL,
    party     TEXT NOT NULL CHECK (party IN ('school','officer')),
    name      TEXT NOT NULL,
    signature BLOB NOT NULL, -- PNG
    lent      INTEGER NOT NULL, -- the numbers the signer saw
    returned  INTEGER NOT NULL,
    outstanding INTEGER NOT NULL,
    at        TEXT NOT NULL,
    by_user   TEXT NOT NULL,
    UNIQUE (visit_id, round, party)
) STRICT;

CREATE TABLE visit_reopens (
    id       INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    round    INTEGER NOT NULL, -- the round that was reopened
    reason   TEXT NOT NULL,
    at       TEXT NOT NULL,
    by_user  TEXT NOT NULL
) STRICT;

-- Documentation photos: the image is a file in the data folder's photos/.
CREATE TABLE photos (
    id         INTEGER PRIMARY KEY,
    visit_id   INTEGER NOT NULL REFERENCES visits(id),
    file       TEXT NOT NULL, -- name inside photos/
    caption    TEXT NOT NULL DEFAULT '',
    taken_at   TEXT NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    by_user    TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX photos_visit ON photos(visit_id, id);

-- What went to the library systems: each scan event is exported to a
-- target at most once.
CREATE TABLE ils_exports (
    target      TEXT NOT NULL CHECK (target IN ('koc','slims')),
    seq         INTEGER NOT NULL,
    exported_at TEXT NOT NULL,
    PRIMARY KEY (target, seq)
) STRICT;
