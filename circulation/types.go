package circulation

import (
	"errors"
	"time"
)

// ErrNotFound is returned by a Store when the asked-for record does not exist.
var ErrNotFound = errors.New("circulation: not found")

// Item is one physical copy in the catalog, identified by the code on its label.
type Item struct {
	Code       string `json:"code"`
	Title      string `json:"title"`
	Author     string `json:"author,omitempty"`
	ISBN       string `json:"isbn,omitempty"`
	Level      string `json:"level,omitempty"` // SD, SMP, SMA or umum; empty when unknown
	CallNumber string `json:"call_number,omitempty"`
	// RFID is the EPC of the item's RFID tag, when an import names one
	// (INLIS Lite's RFID column); it is stored as a tag binding.
	RFID string `json:"rfid,omitempty"`
}

// Location kinds, exactly as the API spells them.
const (
	KindSchool       = "school"
	KindUniversity   = "university"
	KindInstitution  = "institution"
	KindOrphanage    = "orphanage"
	KindChildrenHome = "children_home"
	KindCommunity    = "community"
)

// Education levels. MI/MTs/MA and SMK are normalised to their equivalents.
const (
	LevelSD   = "SD"
	LevelSMP  = "SMP"
	LevelSMA  = "SMA"
	LevelUmum = "umum"
)

// Location is an institution or community stop that the service visits.
type Location struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Level   string `json:"level"`
	Address string `json:"address"`
	Contact string `json:"contact"` // the contact person's name
	// Phone is the contact person's phone number.
	Phone string `json:"phone"`
	// Lat and Lon are the location point (titik lokasi), nil when unknown.
	Lat *float64 `json:"lat"`
	Lon *float64 `json:"lon"`
	// TravelMinutes is the drive from the library, one way (0: unknown).
	TravelMinutes int    `json:"travel_minutes"`
	Notes         string `json:"notes"`
	// Status is where the location is in the SOP: new, requested,
	// approved, rejected or active (see Transition).
	Status string `json:"status"`
	// BooksPerVisit is the default size of its dropping list.
	BooksPerVisit int `json:"books_per_visit"`
	// Wishes are titles or ISBNs the location asked for, one per line.
	Wishes string `json:"wishes"`
	// CardNumber is the location's patron card in the ILS (Koha), which
	// the bulk loans are issued to; MemberID its SLiMS member id.
	CardNumber string `json:"card_number"`
	MemberID   string `json:"member_id"`
}

// Visit is one trip to a location on a date.
type Visit struct {
	ID         int64  `json:"id"`
	LocationID int64  `json:"location_id"`
	Date       string `json:"date"` // YYYY-MM-DD, the service's local (WIB) date
	// Vehicle is the vehicle (1…N) the schedule gave the visit; 0 for an
	// ad-hoc visit.
	Vehicle int `json:"vehicle"`
	// Scheduled marks a visit made by the monthly schedule.
	Scheduled bool `json:"scheduled"`
}

// Mode is what a scan means at this moment of a visit.
type Mode string

const (
	ModePack    Mode = "pack"
	ModeLend    Mode = "lend"
	ModeReturn  Mode = "return"
	ModeRecount Mode = "recount"
)

// Valid reports whether m is one of the four modes.
func (m Mode) Valid() bool {
	switch m {
	case ModePack, ModeLend, ModeReturn, ModeRecount:
		return true
	}
	return false
}

// Outcome is the engine's judgement of one scan.
type Outcome string

const (
	Accepted      Outcome = "accepted"
	Duplicate     Outcome = "duplicate"
	Unknown       Outcome = "unknown"
	NotPacked     Outcome = "not_packed"
	AlreadyLent   Outcome = "already_lent"
	OnLoan        Outcome = "on_loan"
	NotOnLoan     Outcome = "not_on_loan"
	OtherLocation Outcome = "other_location" // accepted, but flagged
	ISBN          Outcome = "isbn"
	Extra         Outcome = "extra"
	Basket        Outcome = "basket"   // a basket label: it becomes the current basket
	Invalid       Outcome = "invalid"  // empty after normalisation, or not text
	NoVisit       Outcome = "no_visit" // a device scan with no active visit
	MemberCard    Outcome = "member"   // lend mode: a member's card; their checkout starts
	LimitReached  Outcome = "limit"    // lend mode: the member already has their limit of books
)

// Valid reports whether o is one of the outcomes above.
func (o Outcome) Valid() bool {
	switch o {
	case Accepted, Duplicate, Unknown, NotPacked, AlreadyLent, OnLoan, NotOnLoan, OtherLocation,
		ISBN, Extra, Basket, Invalid, NoVisit, MemberCard, LimitReached:
		return true
	}
	return false
}

// Event types in the log.
const (
	EventScan = "scan"
	EventVoid = "void"
	EventMode = "mode"
)

// Event is one entry of the append-only log. Seq is assigned by the store on
// commit and strictly increases across the whole log.
type Event struct {
	Seq      int64     `json:"seq"`
	VisitID  int64     `json:"visit_id"` // 0 for a scan that arrived with no active visit
	Time     time.Time `json:"time"`
	Type     string    `json:"type"`
	Code     string    `json:"code,omitempty"`
	Mode     Mode      `json:"mode,omitempty"`
	Outcome  Outcome   `json:"outcome,omitempty"`
	ItemCode string    `json:"item_code,omitempty"`         // the catalog item the scan resolved to
	Basket   string    `json:"basket,omitempty"`            // current basket when the scan was made
	Target   int64     `json:"target,omitempty"`            // for a void: the seq it voids
	Source   string    `json:"source,omitempty"`            // "page", "api", a device name…
	Other    int64     `json:"other_location_id,omitempty"` // for already_lent/on_loan/other_location: the loan's location
	// MemberID is the member a lend is to (0: the location's bulk loan),
	// or whose card a member scan was.
	MemberID int64 `json:"member_id,omitempty"`
}

// Member is a borrower from the public, as the engine needs them.
type Member struct {
	ID   int64
	Card string
	Type string // member type: the loan limit depends on it
}
