-- The SOP before the scanning: location details and status, the request
-- letter and the head of division's decision, the survey, the monthly
-- schedule (vehicles, holidays), preparation (dropping list, checklist)
-- and the visit's timeline, plus an append-only audit trail of who did
-- each step.
ALTER TABLE locations ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE locations ADD COLUMN lat REAL;
ALTER TABLE locations ADD COLUMN lon REAL;
ALTER TABLE locations ADD COLUMN travel_minutes INTEGER NOT NULL DEFAULT 0 CHECK (travel_minutes >= 0);
ALTER TABLE locations ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE locations ADD COLUMN status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new','requested','approved','rejected','active'));
ALTER TABLE locations ADD COLUMN books_per_visit INTEGER NOT NULL DEFAULT 50 CHECK (books_per_visit BETWEEN 1 AND 1000);
ALTER TABLE locations ADD COLUMN wishes TEXT NOT NULL DEFAULT '';
-- Locations made before the SOP was tracked were already being visited.
UPDATE locations SET status = 'active';

ALTER TABLE visits ADD COLUMN vehicle INTEGER NOT NULL DEFAULT 0 CHECK (vehicle >= 0);
ALTER TABLE visits ADD COLUMN scheduled INTEGER NOT NULL DEFAULT 0 CHECK (scheduled IN (0, 1));
CREATE INDEX visits_location ON visits(location_id, date);

-- Uploaded documents: request letter scans, survey photos.
CREATE TABLE files (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    mime       TEXT NOT NULL,
    data       BLOB NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE location_requests (
    id            INTEGER PRIMARY KEY,
    location_id   INTEGER NOT NULL REFERENCES locations(id),
    letter_number TEXT NOT NULL,
    letter_date   TEXT NOT NULL,
    file_id       INTEGER REFERENCES files(id),
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    decision      TEXT NOT NULL DEFAULT '' CHECK (decision IN ('','approved','rejected')),
    reason        TEXT NOT NULL DEFAULT '',
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX location_requests_location ON location_requests(location_id, id);

CREATE TABLE surveys (
    id             INTEGER PRIMARY KEY,
    location_id    INTEGER NOT NULL REFERENCES locations(id),
    date           TEXT NOT NULL,
    notes          TEXT NOT NULL,
    vehicle_access TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX surveys_location ON surveys(location_id, id);

CREATE TABLE survey_photos (
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    file_id   INTEGER NOT NULL REFERENCES files(id),
    PRIMARY KEY (survey_id, file_id)
) STRICT;

-- National holidays and collective leave days: no scheduled visit.
CREATE TABLE holidays (
    date        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('national','collective_leave')),
    provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1))
) STRICT;

-- The dropping list: the books chosen for a visit, to be packed.
CREATE TABLE visit_picks (
    visit_id  INTEGER NOT NULL REFERENCES visits(id),
    item_code TEXT NOT NULL,
    pos       INTEGER NOT NULL,
    requested INTEGER NOT NULL DEFAULT 0 CHECK (requested IN (0, 1)),
    PRIMARY KEY (visit_id, item_code)
) STRICT;

CREATE TABLE visit_checklist (
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    key      TEXT NOT NULL,
    done_by  TEXT NOT NULL,
    done_at  TEXT NOT NULL,
    PRIMARY KEY (visit_id, key)
) STRICT;

CREATE TABLE visit_steps (
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    step     TEXT NOT NULL CHECK (step IN ('prepared','departed','arrived','counted','rechecked')),
    at       TEXT NOT NULL,
    by_user  TEXT NOT NULL,
    PRIMARY KEY (visit_id, step)
) STRICT;

-- Who did what and when. Append-only like the scan log.
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    subject_id INTEGER NOT NULL DEFAULT 0,
    detail     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_subject ON audit(subject, subject_id, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
