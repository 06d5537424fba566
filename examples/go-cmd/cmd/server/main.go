// The conventional cmd/<name> layout, with the address taken from $PORT.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/acme/greeter/internal/greet"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "9090"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(greet.Message("cmd layout") + "\n"))
	})
	log.Printf("listening on :%s", port)
	log.Fatal(http.ListenAndServe(":"+port, mux))
}
