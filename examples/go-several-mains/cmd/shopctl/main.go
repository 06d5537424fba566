// An admin CLI: not the service.
package main

import (
	"fmt"

	"example.com/acme/shop/internal/store"
)

func main() { fmt.Println(store.Greeting()) }
