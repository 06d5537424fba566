// A module whose dependencies are vendored and which has no go.sum.
package main

import (
	"log"
	"net/http"

	"example.com/greeting"
)

func main() {
	srv := &http.Server{
		Addr: ":8000",
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(greeting.Hello() + "\n"))
		}),
	}
	log.Fatal(srv.ListenAndServe())
}
