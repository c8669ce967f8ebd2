-- tizim schema v1 (PostgreSQL). Times are Unix microseconds; ids are 16-byte UUIDv7 byteas.
create table records (
  id          bytea primary key,
  kind        text not null,
  external_id text,
  version     bigint not null,
  data        text not null,           -- the record's JSON, never its confidential part
  secret      bytea,                    -- the confidential part, sealed (XChaCha20-Poly1305)
  synthetic   bigint not null default 0,
  created_at  bigint not null,
  created_by  text not null,
  updated_at  bigint not null,
  updated_by  text not null
);
create unique index records_external_id on records(external_id) where external_id is not null;
create index records_kind on records(kind, id);

create table versions (
  id         bytea not null,
  version    bigint not null,
  kind       text not null,
  data       text not null,
  secret     bytea,
  changed_at bigint not null,
  changed_by text not null,
  reason     text not null default '',
  primary key (id, version)
);

-- who or what a record is about: testimony→person, event→person, relation ends, consent subject
create table links (
  src  bytea not null,
  dst  bytea not null,
  rel  text not null,
  primary key (src, rel, dst)
);
create index links_dst on links(dst, rel);

create table persons (
  id             bytea primary key references records(id) on delete cascade,
  name           text not null,
  name_fold      text not null,
  status         text not null,
  ethnicity      text not null default '',
  gender         text not null default '',
  birth_year     bigint not null default 0,
  detained_year  bigint not null default 0,
  prefecture     text not null default '',
  county         text not null default '',
  facility       bytea,
  evidence_level bigint not null default 0,
  publication    text not null default 'internal',
  public_code    text unique
);
create index persons_publication on persons(publication, id);
create index persons_status on persons(status);

create table blind_terms (
  term text not null,
  id   bytea not null,
  primary key (term, id)
);

create table audit (
  seq     bigint primary key,
  at      bigint not null,
  actor   text not null,
  action  text not null,
  kind    text not null,
  record  text not null,
  detail  text not null,
  prev    bytea not null,
  hash    bytea not null
);
create table audit_head (
  one  bigint primary key check (one = 1),
  seq  bigint not null,
  hash bytea not null
);
create table audit_checkpoints (
  seq  bigint primary key,
  hash bytea not null,
  at   bigint not null,
  sig  bytea not null
);

create table users (
  id          bytea primary key,
  username    text unique,
  role        text not null,
  pw_hash     text not null default '',
  enrol_hash  text,
  disabled    bigint not null default 0,
  created_at  bigint not null
);
create table sessions (
  token_hash bytea primary key,
  user_id    bytea not null references users(id) on delete cascade,
  created_at bigint not null,
  expires_at bigint not null
);

create table settings (
  key   text primary key,
  value text not null
);
