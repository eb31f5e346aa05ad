package circulation

import (
	"errors"
	"fmt"
)

// Location statuses, in the order the SOP moves a location through them:
// an institution's request letter is recorded (requested), the head of
// division approves or rejects it, and an approved location becomes active
// once the team has surveyed it. Only active locations enter the monthly
// schedule; ad-hoc visits are possible whatever the status.
const (
	StatusNew       = "new"
	StatusRequested = "requested"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusActive    = "active"
)

// Location actions: the steps that move a location's status.
const (
	ActRequest = "request"
	ActApprove = "approve"
	ActReject  = "reject"
	ActSurvey  = "survey"
)

// ErrTransition is wrapped by Transition's errors: the step is not allowed
// from the location's current status.
var ErrTransition = errors.New("circulation: step not allowed now")

// transitions is the whole status machine: status → action → next status.
var transitions = map[string]map[string]string{
	StatusNew:       {ActRequest: StatusRequested},
	StatusRejected:  {ActRequest: StatusRequested},
	StatusRequested: {ActApprove: StatusApproved, ActReject: StatusRejected},
	StatusApproved:  {ActSurvey: StatusActive},
	StatusActive:    {},
}

// ValidStatus reports whether s is one of the location statuses.
func ValidStatus(s string) bool {
	_, ok := transitions[s]
	return ok
}

// Transition returns the status a location in status from reaches by
// action, or an error wrapping ErrTransition that says why the step is
// refused and what must come first.
func Transition(from, action string) (string, error) {
	next, ok := transitions[from][action]
	if ok {
		return next, nil
	}
	if !ValidStatus(from) {
		return "", fmt.Errorf("%w: unknown status %q", ErrTransition, from)
	}
	var why string
	switch action {
	case ActRequest:
		why = "a request can only be recorded for a new or rejected location"
	case ActApprove, ActReject:
		why = "only a requested location can be approved or rejected; record the request letter first"
	case ActSurvey:
		why = "only an approved location can be surveyed; the head of division must approve the request first"
	default:
		return "", fmt.Errorf("%w: unknown step %q", ErrTransition, action)
	}
	return "", fmt.Errorf("%w: the location is %s; %s", ErrTransition, from, why)
}

// Visit timeline steps, in SOP order: the vehicle is prepared (books packed
// and checklist complete), departs, arrives, the counting at the location is
// done, and the end-of-day re-check is done.
const (
	StepPrepared  = "prepared"
	StepDeparted  = "departed"
	StepArrived   = "arrived"
	StepCounted   = "counted"
	StepRechecked = "rechecked"
)

// Steps lists the timeline steps in order.
func Steps() []string {
	return []string{StepPrepared, StepDeparted, StepArrived, StepCounted, StepRechecked}
}

// ErrStepOrder is wrapped by NextStep's errors.
var ErrStepOrder = errors.New("circulation: timeline step out of order")

// CheckStep reports whether step may be recorded after the steps already
// done: each step once, and only after the one before it.
func CheckStep(done map[string]bool, step string) error {
	steps := Steps()
	for i, s := range steps {
		if s != step {
			continue
		}
		if done[s] {
			return fmt.Errorf("%w: %s is already recorded", ErrStepOrder, s)
		}
		if i > 0 && !done[steps[i-1]] {
			return fmt.Errorf("%w: %s comes after %s, which is not recorded yet", ErrStepOrder, s, steps[i-1])
		}
		return nil
	}
	return fmt.Errorf("%w: unknown step %q", ErrStepOrder, step)
}

// ChecklistKeys are the things the team ticks off before leaving (SOP step 4:
// forms, the loan book, baskets, the camera for documentation photos, and
// blank loan/return receipts).
func ChecklistKeys() []string {
	return []string{"forms", "loan_book", "baskets", "camera", "receipts"}
}
