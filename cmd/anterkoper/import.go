package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"anterkoper/internal/catalog"
	"anterkoper/internal/store"
)

// errBadRows means an import found rows it could not read.
var errBadRows = errors.New("import: some rows could not be read; nothing was imported (use --skip-bad to import the good rows)")

const importUsage = `usage: anterkoper import items FILE [--skip-bad] [--data DIR] [--level-rule FIELD=VALUE:LEVEL]…
       anterkoper import tags FILE [--skip-bad] [--data DIR]
       anterkoper import members FILE [--skip-bad] [--data DIR]   (SLiMS member export CSV)
A level rule gives items without a level (SLiMS exports have none) the level
of the first rule that matches, in the order given:
  --level-rule 'coll_type=Fiksi Anak:SD'   SLiMS collection type, whole, any case
  --level-rule 'call_number=J :SD'         call number starting with "J " (children's)
  --level-rule 'call_number=8:umum'        call number starting with 8 (class 800s)
LEVEL is SD, SMP, SMA or umum (MI, MTs, MA, SMK are accepted too).`

func runImport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	data := dataFlag(fs)
	skipBad := fs.Bool("skip-bad", false, "import the rows that can be read and report the others")
	var levels levelRulesFlag
	fs.Var(&levels, "level-rule", "a `RULE` giving items without a level one: coll_type=TYPE:LEVEL or "+
		"call_number=PREFIX:LEVEL (repeatable; the first rule that matches wins)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), importUsage)
		fs.PrintDefaults()
	}
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || (pos[0] != "items" && pos[0] != "tags" && pos[0] != "members") {
		return usageError{importUsage}
	}
	if pos[0] != "items" && len(levels) > 0 {
		return usageError{"import: --level-rule applies to items, not tags\n" + importUsage}
	}
	f, err := os.Open(pos[1])
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	if pos[0] == "tags" {
		return importTags(ctx, f, pos[1], *data, *skipBad)
	}
	if pos[0] == "members" {
		return importMembers(ctx, f, pos[1], *data, *skipBad)
	}
	items, bad, err := catalog.ParseWith(f, catalog.Options{Levels: catalog.LevelRules(levels)})
	if err != nil {
		return fmt.Errorf("import: %s: %w", pos[1], err)
	}
	for _, b := range bad {
		fmt.Fprintf(os.Stderr, "%s:%v\n", pos[1], b)
	}
	if len(bad) > 0 && !*skipBad {
		fmt.Fprintf(os.Stderr, "%d bad rows, %d good rows\n", len(bad), len(items))
		return errBadRows
	}
	db, err := store.OpenDir(*data)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.UpsertItems(ctx, items)
	if err != nil {
		return err
	}
	fmt.Printf("imported %d items: %d new, %d updated", len(items), res.Added, res.Updated)
	if len(bad) > 0 {
		fmt.Printf("; skipped %d bad rows", len(bad))
	}
	fmt.Println()
	return nil
}

// importTags imports a tag file (epc,item_code), all or nothing unless
// skipBad.
func importTags(ctx context.Context, r io.Reader, name, data string, skipBad bool) error {
	tags, bad, err := catalog.ParseTags(r)
	if err != nil {
		return fmt.Errorf("import: %s: %w", name, err)
	}
	for _, b := range bad {
		fmt.Fprintf(os.Stderr, "%s:%v\n", name, b)
	}
	if len(bad) > 0 && !skipBad {
		fmt.Fprintf(os.Stderr, "%d bad rows, %d good rows\n", len(bad), len(tags))
		return errBadRows
	}
	db, err := store.OpenDir(data)
	if err != nil {
		return err
	}
	defer db.Close()
	rows := make([]store.Tag, len(tags))
	for i, t := range tags {
		rows[i] = store.Tag{EPC: t.EPC, ItemCode: t.ItemCode, Source: "import"}
	}
	res, err := db.UpsertTags(ctx, rows)
	if err != nil {
		return err
	}
	fmt.Printf("imported %d tags: %d new, %d rebound", len(tags), res.Added, res.Updated)
	if len(bad) > 0 {
		fmt.Printf("; skipped %d bad rows", len(bad))
	}
	fmt.Println()
	return nil
}

// importMembers imports a SLiMS member export, all or nothing unless
// skipBad. A member's SLiMS member_id is their card number here too.
func importMembers(ctx context.Context, r io.Reader, name, data string, skipBad bool) error {
	rows, bad, err := catalog.ParseMembers(r)
	if err != nil {
		return fmt.Errorf("import: %s: %w", name, err)
	}
	for _, b := range bad {
		fmt.Fprintf(os.Stderr, "%s:%v\n", name, b)
	}
	if len(bad) > 0 && !skipBad {
		fmt.Fprintf(os.Stderr, "%d bad rows, %d good rows\n", len(bad), len(rows))
		return errBadRows
	}
	db, err := store.OpenDir(data)
	if err != nil {
		return err
	}
	defer db.Close()
	ms := make([]store.MemberRecord, len(rows))
	for i, m := range rows {
		typ := strings.ToLower(strings.TrimSpace(m.Type))
		if typ == "" {
			typ = "umum"
		}
		ms[i] = store.MemberRecord{SLiMSID: m.MemberID, Name: m.Name, Address: m.Address, Phone: m.Phone,
			Institution: m.Institution, Type: typ}
	}
	added, updated, err := db.ImportMembers(ctx, ms)
	if err != nil {
		return err
	}
	fmt.Printf("imported %d members: %d new, %d updated", len(ms), added, updated)
	if len(bad) > 0 {
		fmt.Printf("; skipped %d bad rows", len(bad))
	}
	fmt.Println()
	return nil
}

// levelRulesFlag collects repeated --level-rule flags, in order. A rule that
// does not parse fails the flag, which makes it a usage error.
type levelRulesFlag catalog.LevelRules

func (f *levelRulesFlag) String() string {
	rules := make([]string, len(*f))
	for i, r := range *f {
		rules[i] = r.String()
	}
	return strings.Join(rules, ", ")
}

func (f *levelRulesFlag) Set(s string) error {
	r, err := catalog.ParseLevelRule(s)
	if err != nil {
		return err
	}
	*f = append(*f, r)
	return nil
}
