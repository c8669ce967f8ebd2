package transfer

import (
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
)

// Encrypt returns a writer that encrypts to the given age recipients (age1… keys). Close
// it to finish the file.
func Encrypt(w io.Writer, recipients ...string) (io.WriteCloser, error) {
	var rs []age.Recipient
	for _, r := range recipients {
		x, err := age.ParseX25519Recipient(strings.TrimSpace(r))
		if err != nil {
			return nil, fmt.Errorf("recipient %q is not an age public key (age1…): %w", r, err)
		}
		rs = append(rs, x)
	}
	return age.Encrypt(w, rs...)
}
