-- Search, step 2 (ADR 0500): the inverted name index moves to memory. An inverted table on
-- disk took a random B-tree page per key per person, so each import transaction rewrote
-- most of its pages (the import ran 5-8× slower, and worse as the archive grew). Each
-- person's keys are now stored with its name forms, in id order (UUIDv7: appends), and
-- search builds its postings from them, catching up on rows with a higher seq.
drop table name_keys;
alter table name_docs add column level integer not null default 0;
alter table name_docs add column keys blob not null default x'';
alter table name_docs add column seq integer not null default 0;
create index name_docs_by_seq on name_docs(seq);
