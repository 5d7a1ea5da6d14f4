// Command handbook builds a devrel handbook and role directory from
// markdown pages and YAML cards. Run "handbook help" for the commands.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
