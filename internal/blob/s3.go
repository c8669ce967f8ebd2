package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// S3Config says which bucket to use. The caller (package app) reads it from TIZIM_BLOB_URL
// and the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables; this package reads no
// environment.
type S3Config struct {
	URL             string // s3://bucket[/prefix]?endpoint=http://host:port&region=us-east-1
	AccessKeyID     string
	SecretAccessKey string
	HTTPClient      *http.Client // nil: the SDK's default
}

// S3 keeps objects in an S3-compatible bucket under prefix/ab/ab12….
type S3 struct {
	c      *s3.Client
	bucket string
	prefix string
	desc   string
}

// partSize is the size of one multipart upload part: the buffer a write holds in memory.
const partSize = 8 << 20

// OpenS3 connects to the bucket named by cfg.URL. It sends no request.
func OpenS3(cfg S3Config) (*S3, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return nil, fmt.Errorf("blob URL must look like s3://bucket?endpoint=…&region=…")
	}
	q := u.Query()
	region := q.Get("region")
	if region == "" {
		region = "us-east-1"
	}
	opts := s3.Options{
		Region: region,
		Credentials: aws.NewCredentialsCache(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: cfg.AccessKeyID, SecretAccessKey: cfg.SecretAccessKey, Source: "tizim"}, nil
		})),
		// Since 2025 the SDK adds CRC checksums by default, which many S3-compatible servers
		// reject or do not return (DESIGN.md, known traps). Our own integrity is the SHA-256
		// of the plaintext and age's authentication of every 64 KiB chunk.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	}
	if cfg.HTTPClient != nil {
		opts.HTTPClient = cfg.HTTPClient
	}
	if ep := q.Get("endpoint"); ep != "" {
		opts.BaseEndpoint = aws.String(ep)
		opts.UsePathStyle = q.Get("path_style") != "false" // most self-hosted servers want path style
	}
	desc := (&url.URL{Scheme: "s3", Host: u.Host, Path: u.Path}).String()
	return &S3{c: s3.New(opts), bucket: u.Host, prefix: strings.Trim(u.Path, "/"), desc: desc}, nil
}

// String implements Store.
func (s *S3) String() string { return "bucket " + s.desc }

func (s *S3) key(name string) string {
	if s.prefix == "" {
		return finalPath(name)
	}
	return s.prefix + "/" + finalPath(name)
}

// Create implements Store. Small objects go up in one PutObject; larger ones as a multipart
// upload, one part buffered at a time, so memory does not grow with the file.
func (s *S3) Create(ctx context.Context, name string) (Writer, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	return &s3Writer{s: s, ctx: ctx, key: s.key(name), buf: make([]byte, 0, partSize)}, nil
}

type s3Writer struct {
	s        *S3
	ctx      context.Context
	key      string
	buf      []byte
	uploadID *string
	parts    []types.CompletedPart
	done     bool
}

func (w *s3Writer) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := min(len(p), partSize-len(w.buf))
		w.buf = append(w.buf, p[:k]...)
		p, n = p[k:], n+k
		if len(w.buf) == partSize {
			if err := w.flush(); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func (w *s3Writer) flush() error {
	if w.uploadID == nil {
		out, err := w.s.c.CreateMultipartUpload(w.ctx, &s3.CreateMultipartUploadInput{Bucket: &w.s.bucket, Key: &w.key})
		if err != nil {
			return fmt.Errorf("%s: %w", w.s, err)
		}
		w.uploadID = out.UploadId
	}
	num := int32(len(w.parts) + 1)
	out, err := w.s.c.UploadPart(w.ctx, &s3.UploadPartInput{Bucket: &w.s.bucket, Key: &w.key, UploadId: w.uploadID,
		PartNumber: &num, Body: bytes.NewReader(w.buf), ContentLength: aws.Int64(int64(len(w.buf)))})
	if err != nil {
		return fmt.Errorf("%s: part %d: %w", w.s, num, err)
	}
	w.parts = append(w.parts, types.CompletedPart{ETag: out.ETag, PartNumber: &num})
	w.buf = w.buf[:0]
	return nil
}

func (w *s3Writer) Commit() error {
	if w.uploadID == nil {
		_, err := w.s.c.PutObject(w.ctx, &s3.PutObjectInput{Bucket: &w.s.bucket, Key: &w.key,
			Body: bytes.NewReader(w.buf), ContentLength: aws.Int64(int64(len(w.buf)))})
		if err != nil {
			return fmt.Errorf("%s: %w", w.s, err)
		}
		w.done = true
		return nil
	}
	if len(w.buf) > 0 {
		if err := w.flush(); err != nil {
			return err
		}
	}
	_, err := w.s.c.CompleteMultipartUpload(w.ctx, &s3.CompleteMultipartUploadInput{Bucket: &w.s.bucket, Key: &w.key,
		UploadId: w.uploadID, MultipartUpload: &types.CompletedMultipartUpload{Parts: w.parts}})
	if err != nil {
		return fmt.Errorf("%s: completing upload: %w", w.s, err)
	}
	w.done = true
	return nil
}

func (w *s3Writer) Abort() error {
	if w.done || w.uploadID == nil {
		return nil
	}
	_, err := w.s.c.AbortMultipartUpload(context.WithoutCancel(w.ctx), &s3.AbortMultipartUploadInput{Bucket: &w.s.bucket, Key: &w.key, UploadId: w.uploadID})
	return err
}

// Open implements Store.
func (s *S3) Open(ctx context.Context, name string) (Object, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	key := s.key(name)
	out, err := s.c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.bucket, Key: &key})
	if isNotFound(err) {
		return nil, fmt.Errorf("%s: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s, err)
	}
	return &s3Object{s: s, ctx: ctx, key: key, size: aws.ToInt64(out.ContentLength)}, nil
}

func isNotFound(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "NotFound", "NoSuchKey", "404":
			return true
		}
	}
	var nf *types.NotFound
	var nk *types.NoSuchKey
	return errors.As(err, &nf) || errors.As(err, &nk)
}

// Delete implements Store: the object, and any unfinished upload under its name.
func (s *S3) Delete(ctx context.Context, name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	key := s.key(name)
	if _, err := s.c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: &key}); err != nil && !isNotFound(err) {
		return fmt.Errorf("%s: %w", s, err)
	}
	ups, err := s.c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: &s.bucket, Prefix: &key})
	if err != nil {
		return nil // not every server lists uploads; a committed object is what matters
	}
	for _, u := range ups.Uploads {
		if aws.ToString(u.Key) == key {
			s.c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: &s.bucket, Key: &key, UploadId: u.UploadId})
		}
	}
	return nil
}

// List implements Store.
func (s *S3) List(ctx context.Context) iter.Seq2[Info, error] {
	return func(yield func(Info, error) bool) {
		var prefix *string
		if s.prefix != "" {
			prefix = aws.String(s.prefix + "/")
		}
		p := s3.NewListObjectsV2Paginator(s.c, &s3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: prefix})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				yield(Info{}, fmt.Errorf("%s: %w", s, err))
				return
			}
			for _, o := range page.Contents {
				key := aws.ToString(o.Key)
				name := key[strings.LastIndexByte(key, '/')+1:]
				if checkName(name) != nil || s.key(name) != key {
					name = key
				}
				if !yield(Info{Name: name, Size: aws.ToInt64(o.Size), Modified: aws.ToTime(o.LastModified)}, nil) {
					return
				}
			}
		}
		ups, err := s.c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: &s.bucket, Prefix: prefix})
		if err != nil {
			return // optional in S3-compatible servers
		}
		for _, u := range ups.Uploads {
			key := aws.ToString(u.Key)
			if !yield(Info{Name: key[strings.LastIndexByte(key, '/')+1:], Modified: aws.ToTime(u.Initiated), Partial: true}, nil) {
				return
			}
		}
	}
}
