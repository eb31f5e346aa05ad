-- Small pieces of kiosk state that must survive a restart (the active visit).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
