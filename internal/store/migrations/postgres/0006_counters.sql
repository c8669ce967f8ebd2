-- Counters that only go up, taken in the writing transaction (review of session 1).
-- name_docs.seq came from max(seq)+1 on SQLite, which repeats a number after the newest
-- person is deleted, and from a PostgreSQL sequence, whose numbers are handed out in write
-- order, not commit order: in both cases the in-memory name index, which catches up on rows
-- with a higher seq, could miss a person until restart. Updating a counter row locks it until
-- commit, so seq order is commit order on both engines.
create table counters (
  name text primary key,
  v    bigint not null
);
insert into counters (name, v) select 'name_docs', coalesce(max(seq), 0) from name_docs;
-- The audit head exists from the start, so two first writers cannot both insert it.
insert into audit_head (one, seq, hash) select 1, 0, decode(repeat('00', 32), 'hex') where not exists (select 1 from audit_head);
create index sessions_user on sessions(user_id);
