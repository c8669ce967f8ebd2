-- 0007: the web's public path and API tokens (ADR 0301, 0302).
--
-- A generation number for reference data: the public projection caches the names of places
-- and facilities and drops the cache when this number moves. Triggers bump it for every
-- write to a place or facility, whichever path writes (use-case layer, import, COPY, merge),
-- so a cache can never outlive a rename.
insert into counters (name, v) select 'refdata', 0 where not exists (select 1 from counters where name = 'refdata');
create function tizim_refdata_bump() returns trigger language plpgsql as $$ begin update counters set v = v + 1 where name = 'refdata'; return null; end $$;
create trigger refdata_insert after insert on records for each row when (new.kind in ('place', 'facility')) execute function tizim_refdata_bump();
create trigger refdata_update after update on records for each row when (old.kind in ('place', 'facility') or new.kind in ('place', 'facility')) execute function tizim_refdata_bump();
create trigger refdata_delete after delete on records for each row when (old.kind in ('place', 'facility')) execute function tizim_refdata_bump();

-- Bearer tokens for the team API and /reconcile: only the SHA-256 of the token is kept, as
-- for sessions. A token acts as its user, with the user's current role.
create table api_tokens (
  id         bytea primary key,
  token_hash bytea not null unique,
  user_id    bytea not null references users(id) on delete cascade,
  label      text not null default '',
  created_at bigint not null,
  expires_at bigint not null,
  last_used  bigint not null default 0,
  revoked_at bigint not null default 0
);
create index api_tokens_user on api_tokens(user_id);
