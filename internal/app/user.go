package app

import (
	"context"
	"flag"
	"fmt"
	"os/user"
	"text/tabwriter"

	"github.com/tizim/tizim/internal/archive"
)

// cliActor is the actor for commands run by someone holding the archive key on this
// machine: they could read the database anyway, so they act with full rights, and the
// audit log names the operating-system account.
func cliActor() archive.Actor {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return archive.Actor{Name: "cli:" + name, Role: archive.System}
}

func runUser(ctx context.Context, env *Env, args []string) (err error) {
	if len(args) == 0 {
		return usagef("say add, list or disable")
	}
	var c Config
	fs := flag.NewFlagSet("user", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	role := fs.String("role", "", "role of the new user: admin, editor, intake, researcher")
	sub := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	switch sub {
	case "add":
		if !archive.ValidRole(*role) {
			return usagef("--role must be admin, editor, intake or researcher")
		}
	case "disable":
		if fs.NArg() != 1 {
			return usagef("name the user to disable")
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
		code, err := o.Auth.Invite(ctx, who, archive.Role(*role))
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Enrolment code for a new %s (shown once; give it in person): %s\n", *role, code)
	case "disable":
		if err := o.Auth.Disable(ctx, who, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s is disabled and signed out everywhere.\n", fs.Arg(0))
	case "list":
		us, err := o.Auth.Users(ctx, who)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USER\tROLE\tSTATE\tCREATED")
		for _, u := range us {
			state, name := "active", u.Username
			switch {
			case u.Disabled:
				state = "disabled"
			case u.EnrolHash != "":
				state, name = "invited", "(not enrolled)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, u.Role, state, u.Created.UTC().Format("2006-01-02"))
		}
		tw.Flush()
	}
	return nil
}
