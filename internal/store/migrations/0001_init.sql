-- Catalog: one row per physical copy.
CREATE TABLE items (
    code        TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    isbn        TEXT NOT NULL DEFAULT '',
    level       TEXT NOT NULL DEFAULT '',
    call_number TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX items_isbn ON items(isbn) WHERE isbn <> '';

CREATE TABLE locations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('school','university','institution','orphanage','children_home','community')),
    level      TEXT NOT NULL CHECK (level IN ('SD','SMP','SMA','umum')),
    address    TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE visits (
    id          INTEGER PRIMARY KEY,
    location_id INTEGER NOT NULL REFERENCES locations(id),
    date        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX visits_date ON visits(date);

-- The append-only log. Tallies and loans are derived from it.
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id   INTEGER REFERENCES visits(id),
    at         INTEGER NOT NULL, -- Unix time in microseconds
    type       TEXT NOT NULL CHECK (type IN ('scan','void','mode')),
    code       TEXT NOT NULL DEFAULT '',
    mode       TEXT NOT NULL DEFAULT '',
    outcome    TEXT NOT NULL DEFAULT '',
    item_code  TEXT NOT NULL DEFAULT '',
    basket     TEXT NOT NULL DEFAULT '',
    target     INTEGER NOT NULL DEFAULT 0,
    source     TEXT NOT NULL DEFAULT '',
    other_location_id INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX events_visit ON events(visit_id, seq);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
