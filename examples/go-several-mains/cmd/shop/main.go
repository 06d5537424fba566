// The service: named after the module (example.com/acme/shop), and the one
// main package that runs a server. dockgen builds this one.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"example.com/acme/shop/internal/store"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// Only "/": other paths are 404, which a health probe must count as alive.
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, "%s (uid %d)\n", store.Greeting(), os.Getuid())
	})
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
