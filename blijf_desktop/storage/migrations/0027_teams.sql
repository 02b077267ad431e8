-- Teams (locations) and who belongs where (issue 22; Blijf 6.1: only staff who need it for
-- their task). Each user belongs to one or more teams, each case to exactly one. A store made
-- before gets one team, "Hoofdlocatie", holding every user and case: nothing changes for a
-- single desk until the functioneel beheerder adds a second team.
CREATE TABLE teams (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX teams_name ON teams(name COLLATE NOCASE);

CREATE TABLE user_teams (
    user_id INTEGER NOT NULL REFERENCES users(id),
    team_id INTEGER NOT NULL REFERENCES teams(id),
    PRIMARY KEY (user_id, team_id)
) WITHOUT ROWID;

-- Beside `cases` rather than a column of it: a REFERENCES column with a default cannot be
-- added to a table that has rows while foreign keys are on.
CREATE TABLE case_teams (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
    team_id INTEGER NOT NULL REFERENCES teams(id)
);
CREATE INDEX case_teams_team ON case_teams(team_id, case_id);

INSERT INTO teams (id, name, created_at)
VALUES (1, 'Hoofdlocatie', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
INSERT INTO user_teams (user_id, team_id) SELECT id, 1 FROM users;
INSERT INTO case_teams (case_id, team_id) SELECT id, 1 FROM cases;

-- Every case has a team from its first moment: the first active team, which the service
-- replaces in the same transaction with the one the user chose (storage/teams.py).
CREATE TRIGGER cases_get_a_team AFTER INSERT ON cases BEGIN
    INSERT INTO case_teams (case_id, team_id)
    VALUES (new.id, (SELECT coalesce(min(id), 1) FROM teams WHERE active = 1));
END;
