package main

import (
	"context"
	"log/slog"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/demo"
	"anterkoper/internal/server"
	"anterkoper/internal/store"
)

// seedDemo fills an empty catalog with the demo items and locations, and
// makes sure there is a visit for today.
func seedDemo(ctx context.Context, db *store.DB) error {
	n, err := db.CountItems(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		res, err := db.UpsertItems(ctx, demo.Items())
		if err != nil {
			return err
		}
		slog.Info("Demo catalog seeded", "items", res.Added)
	}
	locs, err := db.Locations(ctx)
	if err != nil {
		return err
	}
	if len(locs) == 0 {
		for _, l := range demo.Locations() {
			id, err := db.CreateLocation(ctx, l)
			if err != nil {
				return err
			}
			l.ID = id
			locs = append(locs, l)
		}
		slog.Info("Demo locations seeded", "locations", len(locs))
	}
	today := time.Now().In(server.WIB).Format(time.DateOnly)
	visits, err := db.Visits(ctx, today)
	if err != nil {
		return err
	}
	if len(visits) == 0 {
		id, err := db.CreateVisit(ctx, circulation.Visit{LocationID: locs[0].ID, Date: today})
		if err != nil {
			return err
		}
		slog.Info("Demo visit for today created", "visit", id, "location", locs[0].Name)
	}
	return nil
}
