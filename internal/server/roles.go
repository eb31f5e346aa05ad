package server

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"anterkoper/internal/auth"
	"anterkoper/internal/store"
)

// identify runs without LAN mode: nobody must log in, but a request that
// carries a session cookie acts as that user (a coordinator or head of
// division signed in on the laptop for a role action), and then a change
// needs the session's CSRF token like in LAN mode.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/api/login" {
			next.ServeHTTP(w, r)
			return
		}
		sess, ok := s.opts.Auth.Session(r.Context(), r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if !auth.CheckCSRF(r, sess) {
				writeError(w, http.StatusForbidden, "missing or wrong CSRF token (X-CSRF-Token)")
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionKey, sess)))
	})
}

// actor is who a request acts as: its session's user, or without LAN mode
// and without a login the person at the laptop, as operator.
func (s *Server) actor(r *http.Request) (store.Actor, bool) {
	if sess, ok := sessionFrom(r.Context()); ok {
		return store.Actor{User: sess.User, Role: string(sess.Role)}, true
	}
	return store.Actor{User: "local", Role: string(auth.RoleOperator)}, false
}

// Who may take which step. An admin may take every step.
var (
	rolesOperator    = []auth.Role{auth.RoleOperator, auth.RoleCoordinator, auth.RoleHead}
	rolesCoordinator = []auth.Role{auth.RoleCoordinator, auth.RoleHead}
	rolesHead        = []auth.Role{auth.RoleHead}
)

// roleNames are how an error names the role a step needs.
var roleNames = map[auth.Role]string{
	auth.RoleOperator: "an operator", auth.RoleCoordinator: "a coordinator", auth.RoleHead: "the head of division",
}

// need returns the request's actor when its role may take the step, and
// otherwise answers 401 (nobody logged in: log in with that role) or 403
// (logged in with a role that may not) itself. The body names the role
// needed so that the page can ask for that login.
func (s *Server) need(w http.ResponseWriter, r *http.Request, roles []auth.Role) (store.Actor, bool) {
	a, loggedIn := s.actor(r)
	role := auth.Role(a.Role)
	if role == auth.RoleAdmin || slices.Contains(roles, role) {
		return a, true
	}
	body := map[string]string{"need_role": string(roles[0]),
		"error": "this step needs " + roleNames[roles[0]] + "'s login"}
	if !loggedIn {
		writeJSON(w, http.StatusUnauthorized, body)
		return a, false
	}
	body["error"] = a.User + " (" + a.Role + ") may not take this step; it needs " + roleNames[roles[0]]
	writeJSON(w, http.StatusForbidden, body)
	return a, false
}
