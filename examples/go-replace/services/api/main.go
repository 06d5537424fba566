package main

import (
	"fmt"
	"log"
	"net/http"

	"example.com/shop/pkg/version"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "api of %s, joined by a replace directive\n", version.String())
	})
	log.Fatal(http.ListenAndServe(":8081", nil))
}
