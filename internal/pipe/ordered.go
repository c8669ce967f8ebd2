// Package pipe holds the shape every bulk read of tizim takes: one goroutine reads, workers
// on every core transform what it read, and the caller receives the results in read order
// (exports decoding records, the import converting rows; ADR 0412).
package pipe

import "sync"

// Ordered runs read in a goroutine of its own. read hands each item to add, which returns
// false once the pipeline has stopped (read should then return). Items travel in chunks of
// size: work transforms a chunk in place on one of GOMAXPROCS workers, and consume receives
// the chunks in read order in the caller's goroutine; an error from consume stops
// everything and is returned. Otherwise Ordered returns read's error, after every chunk
// read before it was consumed (a chunk cut short by the error is dropped). Only a few
// chunks are in flight at a time, so memory stays flat however much is read. Ordered
// returns only after the reader and the workers have stopped.
func Ordered[T any](size int, read func(add func(T) bool) error, work func([]T), consume func([]T) error) error {
	return OrderedOn(nil, size, read, work, consume)
}

// OrderedOn is Ordered with the work on the given cores: as many workers as they are, each holding
// a core while it works on a chunk (the reader and consume are not bounded). A nil Cores is
// Ordered.
func OrderedOn[T any](cores *Cores, size int, read func(add func(T) bool) error, work func([]T), consume func([]T) error) error {
	type chunk struct {
		items []T
		done  chan struct{}
	}
	workers := cores.workers()
	todo := make(chan *chunk, workers)    // for the workers
	order := make(chan *chunk, 2*workers) // the same chunks, in read order, for consume
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		defer close(todo)
		defer close(order)
		c := &chunk{done: make(chan struct{})}
		send := func() bool {
			select {
			case order <- c:
			case <-stop:
				return false
			}
			select {
			case todo <- c:
			case <-stop:
				return false
			}
			c = &chunk{items: make([]T, 0, size), done: make(chan struct{})}
			return true
		}
		err := read(func(v T) bool {
			c.items = append(c.items, v)
			return len(c.items) < size || send()
		})
		if err == nil && len(c.items) > 0 {
			send()
		}
		readErr <- err
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ch := range todo {
				cores.Do(func() { work(ch.items) })
				close(ch.done)
			}
		}()
	}
	defer wg.Wait()
	defer func() { <-readerDone }()
	defer close(stop)
	for c := range order {
		// A chunk in order is also handed to a worker unless the pipeline stopped, which
		// happens only after this loop has returned.
		<-c.done
		if err := consume(c.items); err != nil {
			return err
		}
	}
	return <-readErr
}
