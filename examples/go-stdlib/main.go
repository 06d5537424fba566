// A standard-library HTTP server: the smallest real Go service.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		host, _ := os.Hostname()
		fmt.Fprintf(w, "hello from go-stdlib (uid %d, host %s, %s)\n", os.Getuid(), host, time.Now().UTC().Format(time.RFC3339))
	})
	log.Println("listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", nil))
}
