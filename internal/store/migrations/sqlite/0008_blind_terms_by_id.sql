-- A record's blind terms are replaced by deleting them by record id (every update of a person,
-- every consent that republishes one, every delete and merge), and the key is (term, id): each
-- such delete scanned the whole table. With 50,000 persons a restore of a JSONL export spent
-- 6 ms on each of its consents; at a million it did not finish (session 3).
create index blind_terms_id on blind_terms(id);
