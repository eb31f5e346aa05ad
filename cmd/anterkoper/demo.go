package main

import (
	"context"
	"log/slog"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/auth"
	"anterkoper/internal/demo"
	"anterkoper/internal/server"
	"anterkoper/internal/store"
)

// Demo accounts for the role steps (approval needs the head of division,
// the schedule a coordinator). Only made for a kiosk on loopback: a kiosk
// open to the LAN never gets a known password.
var demoUsers = []struct {
	name string
	role auth.Role
}{{"koordinator", auth.RoleCoordinator}, {"kabid", auth.RoleHead}}

const demoPassword = "demo1234"

// seedDemo fills an empty catalog with the demo items and locations, and
// makes sure there is a visit for today. Without LAN mode it also adds the
// demo accounts when there are no accounts yet.
func seedDemo(ctx context.Context, db *store.DB, lan bool) error {
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
	if users, err := db.Users(ctx); err != nil {
		return err
	} else if len(users) == 0 && !lan {
		hash, err := auth.HashPassword(demoPassword)
		if err != nil {
			return err
		}
		for _, u := range demoUsers {
			if err := db.CreateUser(ctx, auth.User{Name: u.name, Role: u.role, Hash: hash}); err != nil {
				return err
			}
		}
		slog.Info("Demo accounts added", "coordinator", "koordinator", "head", "kabid", "password", demoPassword)
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
