// A one-off migration tool: not the service.
package main

import "fmt"

func main() { fmt.Println("nothing to migrate") }
