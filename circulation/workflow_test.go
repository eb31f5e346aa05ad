package circulation

import (
	"errors"
	"testing"
)

func TestTransitionEveryPair(t *testing.T) {
	statuses := []string{StatusNew, StatusRequested, StatusApproved, StatusRejected, StatusActive}
	actions := []string{ActRequest, ActApprove, ActReject, ActSurvey}
	allowed := map[[2]string]string{
		{StatusNew, ActRequest}:       StatusRequested,
		{StatusRejected, ActRequest}:  StatusRequested,
		{StatusRequested, ActApprove}: StatusApproved,
		{StatusRequested, ActReject}:  StatusRejected,
		{StatusApproved, ActSurvey}:   StatusActive,
	}
	for _, from := range statuses {
		for _, act := range actions {
			got, err := Transition(from, act)
			want, ok := allowed[[2]string{from, act}]
			if ok {
				if err != nil || got != want {
					t.Errorf("Transition(%s, %s) = %q, %v; want %q", from, act, got, err, want)
				}
				continue
			}
			if !errors.Is(err, ErrTransition) || got != "" {
				t.Errorf("Transition(%s, %s) = %q, %v; want refusal", from, act, got, err)
			}
		}
	}
	if _, err := Transition("bogus", ActRequest); !errors.Is(err, ErrTransition) {
		t.Errorf("unknown status accepted: %v", err)
	}
	if _, err := Transition(StatusNew, "teleport"); !errors.Is(err, ErrTransition) {
		t.Errorf("unknown action accepted: %v", err)
	}
}

func TestCheckStep(t *testing.T) {
	done := map[string]bool{}
	if err := CheckStep(done, StepDeparted); !errors.Is(err, ErrStepOrder) {
		t.Fatalf("departed before prepared: %v", err)
	}
	for _, s := range Steps() {
		if err := CheckStep(done, s); err != nil {
			t.Fatalf("%s in order: %v", s, err)
		}
		done[s] = true
		if err := CheckStep(done, s); !errors.Is(err, ErrStepOrder) {
			t.Fatalf("%s twice: %v", s, err)
		}
	}
	if err := CheckStep(done, "lunch"); !errors.Is(err, ErrStepOrder) {
		t.Fatalf("unknown step: %v", err)
	}
}
