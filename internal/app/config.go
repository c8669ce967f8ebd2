package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/auth"
	"github.com/tizim/tizim/internal/crypt"
	"github.com/tizim/tizim/internal/store"
)

// Config locates an archive and says how to unlock it.
type Config struct {
	DataDir     string // --data, TIZIM_DATA, ./tizim-data
	DatabaseURL string // TIZIM_DATABASE_URL: PostgreSQL instead of the embedded SQLite file
	KeyFile     string // --key-file: a key file kept outside the data directory
	Passphrase  string // TIZIM_PASSPHRASE
	Blobs       BlobConfig
}

// addArchiveFlags registers the flags every archive command takes.
func addArchiveFlags(fs *flag.FlagSet, env *Env, c *Config) {
	def := env.Getenv("TIZIM_DATA")
	if def == "" {
		def = "tizim-data"
	}
	fs.StringVar(&c.DataDir, "data", def, "data directory")
	fs.StringVar(&c.KeyFile, "key-file", "", "archive key file kept outside the data directory")
	c.DatabaseURL = env.Getenv("TIZIM_DATABASE_URL")
	c.Passphrase = env.Getenv("TIZIM_PASSPHRASE")
	c.Blobs = blobConfig(env)
}

func (c *Config) unlock() crypt.Unlock {
	return crypt.Unlock{Passphrase: c.Passphrase, KeyFile: c.KeyFile}
}

// Opened is an open archive with what the commands use.
type Opened struct {
	Store   *store.Store
	Archive *archive.Archive
	Auth    *auth.Auth
	Files   *archive.Files // evidence files, in the blob store
	blobs   io.Closer
}

// Close signs the audit log's head and closes the database.
func (o *Opened) Close() error {
	err := o.Store.Checkpoint(context.Background())
	return errors.Join(err, o.Store.Close(), o.blobs.Close())
}

const settingKeyCheck = "key_check"

// open unlocks and opens an existing archive.
func open(ctx context.Context, c *Config) (*Opened, error) {
	keys, err := crypt.Open(c.DataDir, c.unlock())
	if errors.Is(err, crypt.ErrNoKeyring) {
		return nil, fmt.Errorf("%s is not a tizim archive: run tizim init --data %s first (or serve --demo)", c.DataDir, c.DataDir)
	}
	if err != nil {
		return nil, err
	}
	return openStore(ctx, c, keys)
}

func openStore(ctx context.Context, c *Config, keys *crypt.Keyring) (*Opened, error) {
	st, err := store.Open(ctx, store.Config{SQLitePath: filepath.Join(c.DataDir, "tizim.db"), PostgresURL: c.DatabaseURL, Keys: keys})
	if err != nil {
		return nil, err
	}
	// One database belongs to one keyring: refuse a PostgreSQL database that another
	// archive's key sealed, rather than fail later on every confidential field.
	fp := fmt.Sprintf("%x", keys.PublicKey())
	err = st.Write(ctx, func(tx *store.Tx) error {
		got, err := tx.Setting(ctx, settingKeyCheck)
		if err != nil {
			return err
		}
		if got == "" {
			return tx.SetSetting(ctx, settingKeyCheck, fp)
		}
		if got != fp {
			return errors.New("this database belongs to another archive (its key differs from the one in the data directory)")
		}
		return nil
	})
	if err != nil {
		st.Close()
		return nil, err
	}
	o := &Opened{Store: st, Archive: archive.New(st), Auth: auth.New(st)}
	if err := o.openFiles(c); err != nil {
		st.Close()
		return nil, err
	}
	return o, nil
}

// create makes a new archive: data directory (0700), keyring, database.
func create(ctx context.Context, c *Config, stderr io.Writer) (*Opened, error) {
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return nil, err
	}
	keys, inDir, err := crypt.Create(c.DataDir, c.unlock())
	if err != nil {
		return nil, err
	}
	if inDir {
		fmt.Fprintf(stderr, "WARNING: the archive key is stored in %s, inside the data directory.\n"+
			"  Anyone who copies or seizes that folder can read the archive. For real data, create the\n"+
			"  archive with TIZIM_PASSPHRASE set, or with --key-file on a separate device.\n",
			filepath.Join(c.DataDir, crypt.DefaultKeyFile))
	}
	return openStore(ctx, c, keys)
}

// closeArchive closes o at the end of a command and makes a failure to do so (the audit
// checkpoint or the database close) the command's failure.
func closeArchive(o *Opened, err *error) {
	if cerr := o.Close(); cerr != nil {
		*err = errors.Join(*err, fmt.Errorf("closing the archive: %w", cerr))
	}
}
