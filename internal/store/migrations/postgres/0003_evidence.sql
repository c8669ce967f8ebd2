-- Evidence files (issue 6). The Evidence record (records table) is the metadata everyone
-- sees; this table is the file itself: where its encrypted bytes are (a random object name
-- that says nothing of the hash), the SHA-256 and size of the plaintext taken at ingest,
-- and how it came in. Rows are never updated or deleted by tizim: originals never change.
create table evidence_files (
  id           bytea primary key references records(id),
  object       text not null unique,
  sha256       text not null,
  size         bigint not null,
  stored_size  bigint not null,
  media_type   text not null,
  original     bytea,
  derivation   text not null default '',
  probe        text not null default '',
  source_name  text not null default '',
  received_by  text not null default '',
  received_how text not null default '',
  created_at   bigint not null
);
create unique index evidence_files_original_sha on evidence_files(sha256) where original is null;
create unique index evidence_files_derivative on evidence_files(original, derivation) where original is not null;
create index evidence_files_size on evidence_files(size);

-- Objects being written: a row is committed before the upload starts and removed in the
-- transaction that adds the file's row, so a crash leaves a row naming the orphan to sweep.
create table evidence_pending (
  object     text primary key,
  host       text not null,
  pid        bigint not null,
  started_at bigint not null
);

-- The custody report reads every audit entry of one record.
create index audit_record on audit(record);
