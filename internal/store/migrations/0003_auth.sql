-- LAN mode: operators, their login sessions, and the read-only viewer links
-- shown as QR codes. Times are Unix seconds (UTC) so expiry is an integer
-- comparison. Secrets are never stored: sessions and viewer tokens are kept
-- as the hex SHA-256 of the value the browser holds, passwords as an
-- argon2id (or bcrypt) hash.
CREATE TABLE users (
    name       TEXT PRIMARY KEY,
    role       TEXT NOT NULL CHECK (role IN ('operator','coordinator','head','admin')),
    hash       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY, -- SHA-256 of the cookie value, never the raw id
    user_name  TEXT NOT NULL REFERENCES users(name),
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;
CREATE INDEX sessions_user ON sessions(user_name);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE viewer_tokens (
    token_hash TEXT PRIMARY KEY, -- SHA-256 of the token in the QR code
    visit_id   INTEGER NOT NULL REFERENCES visits(id),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER -- NULL until revoked
) STRICT;
CREATE INDEX viewer_tokens_visit ON viewer_tokens(visit_id, created_at);
