package app

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/tizim/tizim/internal/auth"
)

// The token command is registered here rather than in app.go's table, so that this file is
// the whole of it.
func init() {
	commands = append(commands, command{"token", "add --user NAME [--expires 90d|DATE] [--label TEXT] | list | revoke ID  [--data DIR]",
		"bearer tokens for the team API and /reconcile (scripts, OpenRefine)", runToken})
}

func runToken(ctx context.Context, env *Env, args []string) (err error) {
	if len(args) == 0 {
		return usagef("say add, list or revoke")
	}
	var c Config
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	user := fs.String("user", "", "the user the token acts as, with that user's role")
	expires := fs.String("expires", "", "lifetime: 90d (the default), 12h, or a date such as 2027-03-01")
	label := fs.String("label", "", "what the token is for (shown in token list)")
	sub := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	var ttl time.Duration
	switch sub {
	case "add":
		if *user == "" {
			return usagef("--user names the user the token acts as")
		}
		if ttl, err = auth.ParseTTL(*expires, time.Now()); err != nil {
			return usagef("--expires: %v", err)
		}
	case "revoke":
		if fs.NArg() != 1 {
			return usagef("name the token to revoke (its id from token list)")
		}
	case "list":
	default:
		return usagef("unknown subcommand %q", sub)
	}
	o, err := open(ctx, &c)
	if err != nil {
		return err
	}
	defer closeArchive(o, &err)
	who := cliActor()
	switch sub {
	case "add":
		tok, info, err := o.Auth.CreateToken(ctx, who, *user, *label, ttl)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Token %s for %s, valid until %s (shown once; keep it like a password):\n%s\n",
			info.ID, info.User, info.Expires.UTC().Format("2006-01-02 15:04 UTC"), tok)
		fmt.Fprintln(env.Stdout, "Send it in the header \"Authorization: Bearer TOKEN\" to /api/v1/… and /reconcile.")
	case "revoke":
		if err := o.Auth.RevokeToken(ctx, who, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Token %s is revoked.\n", fs.Arg(0))
	case "list":
		ks, err := o.Auth.Tokens(ctx, who)
		if err != nil {
			return err
		}
		now := time.Now()
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSER\tSTATE\tCREATED\tEXPIRES\tLAST USED\tLABEL")
		day := func(t time.Time) string {
			if t.IsZero() {
				return "-"
			}
			return t.UTC().Format("2006-01-02")
		}
		for _, k := range ks {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.User, k.State(now), day(k.Created), day(k.Expires), day(k.LastUsed), k.Label)
		}
		tw.Flush()
	}
	return nil
}
