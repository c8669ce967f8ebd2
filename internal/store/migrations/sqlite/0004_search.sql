-- Search (issue 5, ADR 0500). Derived tables, written in the record's own transaction.

-- The name index: one row per blocking key of a person's name forms (names.Keys), the key
-- hashed to 64 bits. level is the person's publication (0 internal, 1 pseudonymous,
-- 2 public), so that a public name query reads only public entries' postings; forms is a
-- bit set of the name forms that carry the key, so that only those are scored.
create table name_keys (
  key   integer not null,
  level integer not null,
  id    blob not null references records(id) on delete cascade,
  forms integer not null,
  primary key (key, level, id)
) without rowid;
create index name_keys_id on name_keys(id);

-- A person's name forms as written, one per line, for scoring candidates without decoding
-- the whole record.
create table name_docs (
  id    blob primary key references records(id) on delete cascade,
  forms text not null
);

-- Free text of records that is never confidential (testimony transcripts, translations and
-- summaries, source titles, event descriptions, person summaries): a full-text index. The
-- sealed parts of records are never written here.
create table text_docs (
  n    integer primary key,
  id   blob not null unique references records(id) on delete cascade,
  kind text not null
);
create virtual table text_fts using fts5(body, tokenize = 'unicode61 remove_diacritics 2');
-- (one line: migrations are split at lines ending in a semicolon)
create trigger text_docs_gone after delete on text_docs begin delete from text_fts where rowid = old.n; end;
