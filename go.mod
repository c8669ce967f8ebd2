module github.com/tizim/tizim

go 1.26.8
