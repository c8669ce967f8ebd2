-- The derived rows of a record (persons, name_docs, text_docs) lose their foreign keys to
-- records (ADR 0412, session 3 update). The store is their only writer and writes and deletes
-- them in the record's own transaction (Tx.Delete removes them explicitly); the foreign keys
-- only re-checked, for every row of a bulk import, what the same transaction had just written:
-- a locking lookup of the record per row, about a quarter of an import's server time.
-- tizim verify checks that every derived row has its record and every person its rows
-- (Store.Consistency). SQLite keeps its foreign keys: it cannot drop a constraint without
-- rebuilding the archive's largest tables, and its check is a lookup in a cached page.
alter table persons drop constraint if exists persons_id_fkey;
alter table name_docs drop constraint if exists name_docs_id_fkey;
alter table text_docs drop constraint if exists text_docs_id_fkey;

-- A record's blind terms are replaced by deleting them by record id (every update of a person,
-- every consent that republishes one, every delete and merge), and the key is (term, id): each
-- such delete scanned the whole table (session 3).
create index blind_terms_id on blind_terms(id);
