package app

import (
	"context"
	"errors"
)

// runAttach is not built yet; its issue replaces this file.
func runAttach(ctx context.Context, env *Env, args []string) error {
	return errors.New("not available yet in this version of tizim")
}
