module example.com/api

go 1.23

require example.com/greet v0.0.0
