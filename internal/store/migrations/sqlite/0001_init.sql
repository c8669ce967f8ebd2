-- tizim schema v1 (SQLite). Times are Unix microseconds; ids are 16-byte UUIDv7 blobs.
create table records (
  id          blob primary key,
  kind        text not null,
  external_id text,
  version     integer not null,
  data        text not null,           -- the record's JSON, never its confidential part
  secret      blob,                    -- the confidential part, sealed (XChaCha20-Poly1305)
  synthetic   integer not null default 0,
  created_at  integer not null,
  created_by  text not null,
  updated_at  integer not null,
  updated_by  text not null
);
create unique index records_external_id on records(external_id) where external_id is not null;
create index records_kind on records(kind, id);

create table versions (
  id         blob not null,
  version    integer not null,
  kind       text not null,
  data       text not null,
  secret     blob,
  changed_at integer not null,
  changed_by text not null,
  reason     text not null default '',
  primary key (id, version)
);

-- who or what a record is about: testimony→person, event→person, relation ends, consent subject
create table links (
  src  blob not null,
  dst  blob not null,
  rel  text not null,
  primary key (src, rel, dst)
);
create index links_dst on links(dst, rel);

create table persons (
  id             blob primary key references records(id) on delete cascade,
  name           text not null,
  name_fold      text not null,
  status         text not null,
  ethnicity      text not null default '',
  gender         text not null default '',
  birth_year     integer not null default 0,
  detained_year  integer not null default 0,
  prefecture     text not null default '',
  county         text not null default '',
  facility       blob,
  evidence_level integer not null default 0,
  publication    text not null default 'internal',
  public_code    text unique
);
create index persons_publication on persons(publication, id);
create index persons_status on persons(status);

create table blind_terms (
  term text not null,
  id   blob not null,
  primary key (term, id)
);

create table audit (
  seq     integer primary key,
  at      integer not null,
  actor   text not null,
  action  text not null,
  kind    text not null,
  record  text not null,
  detail  text not null,
  prev    blob not null,
  hash    blob not null
);
create table audit_head (
  one  integer primary key check (one = 1),
  seq  integer not null,
  hash blob not null
);
create table audit_checkpoints (
  seq  integer primary key,
  hash blob not null,
  at   integer not null,
  sig  blob not null
);

create table users (
  id          blob primary key,
  username    text unique,
  role        text not null,
  pw_hash     text not null default '',
  enrol_hash  text,
  disabled    integer not null default 0,
  created_at  integer not null
);
create table sessions (
  token_hash blob primary key,
  user_id    blob not null references users(id) on delete cascade,
  created_at integer not null,
  expires_at integer not null
);

create table settings (
  key   text primary key,
  value text not null
);
