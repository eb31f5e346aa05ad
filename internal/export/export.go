// Package export writes the files the office and its staff read: a visit's
// scan log and tally as CSV or JSON, and a month's visit schedule as CSV,
// PDF and iCalendar (schedule.go).
//
// A visit's every scan is written in seq order, rejected and voided ones
// included, followed by the tally derived from the whole log (the same fold
// the live engine uses).
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

// WIB is the time zone export timestamps are written in.
var WIB = time.FixedZone("WIB", 7*3600)

// Scan is one row of the export.
type Scan struct {
	Seq      int64               `json:"seq"`
	Time     string              `json:"time"`
	Code     string              `json:"code"`
	ItemCode string              `json:"item_code"`
	Title    string              `json:"title"`
	Mode     circulation.Mode    `json:"mode"`
	Outcome  circulation.Outcome `json:"outcome"`
	Basket   string              `json:"basket"`
	Source   string              `json:"source"`
	Voided   bool                `json:"voided"`
}

// Visit is everything exported about one visit.
type Visit struct {
	Visit    circulation.Visit    `json:"visit"`
	Location circulation.Location `json:"location"`
	Scans    []Scan               `json:"scans"`
	Tally    circulation.Tally    `json:"tally"`
}

// LoadVisit reads a visit's scans and derives its tally from the log.
func LoadVisit(ctx context.Context, db *store.DB, id int64) (*Visit, error) {
	v, err := db.Visit(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("export: visit %d: %w", id, err)
	}
	loc, err := db.Location(ctx, v.LocationID)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	out := &Visit{Visit: v, Location: loc, Scans: []Scan{}}
	voided := map[int64]bool{}
	index := map[int64]int{}
	err = db.EachVisitEventWithTitle(ctx, id, func(e circulation.Event, title string) error {
		switch e.Type {
		case circulation.EventVoid:
			voided[e.Target] = true
		case circulation.EventScan:
			index[e.Seq] = len(out.Scans)
			out.Scans = append(out.Scans, Scan{Seq: e.Seq, Time: e.Time.In(WIB).Format(time.RFC3339), Code: e.Code,
				ItemCode: e.ItemCode, Title: title, Mode: e.Mode, Outcome: e.Outcome, Basket: e.Basket, Source: e.Source})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for seq := range voided {
		if i, ok := index[seq]; ok {
			out.Scans[i].Voided = true
		}
	}
	state, err := circulation.Replay(ctx, db, nil)
	if err != nil {
		return nil, err
	}
	out.Tally = state.Tally(id)
	return out, nil
}

// WriteJSON writes the visit as one JSON object.
func (v *Visit) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// WriteCSV writes the scans as a table with a header, an empty line, then
// the tally as "tally,FIELD,VALUE" rows and one "basket,CODE,COUNT" row per
// basket.
func (v *Visit) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	cw.Write([]string{"seq", "time", "code", "item_code", "title", "mode", "outcome", "basket", "source", "voided"})
	row := make([]string, 10)
	for _, s := range v.Scans {
		row[0] = strconv.FormatInt(s.Seq, 10)
		row[1], row[2], row[3], row[4] = s.Time, s.Code, s.ItemCode, s.Title
		row[5], row[6], row[7], row[8] = string(s.Mode), string(s.Outcome), s.Basket, s.Source
		row[9] = strconv.FormatBool(s.Voided)
		cw.Write(row)
	}
	cw.Flush()
	bw.WriteString("\n")
	cw.Write([]string{"tally", "field", "value"})
	t := reflect.ValueOf(v.Tally)
	for i := 0; i < t.NumField(); i++ {
		f := t.Type().Field(i)
		if f.Type.Kind() == reflect.Int {
			cw.Write([]string{"tally", f.Tag.Get("json"), strconv.FormatInt(t.Field(i).Int(), 10)})
		}
	}
	for _, b := range v.Tally.Baskets {
		cw.Write([]string{"basket", b.Code, strconv.Itoa(b.Count)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
