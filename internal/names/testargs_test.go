package names

import "os"

func testArgs() []string { return os.Args }
