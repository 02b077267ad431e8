-- The search index's blocks fit one encrypted page (issue 19). SQLCipher keeps 80 bytes of
-- each 4,096-byte page for its IV and HMAC; FTS5's default block of 4,050 bytes then spills
-- onto a second page for about one block in eight, and a search decrypts two pages where one
-- would do. 3,900 leaves room; 'optimize' rewrites the whole index with it.
INSERT INTO person_search (person_search, rank) VALUES ('pgsz', 3900);
INSERT INTO person_search (person_search) VALUES ('optimize');
