package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"

	"anterkoper/internal/auth"
	"anterkoper/internal/store"
)

// Example shows the server's side of a login, a state-changing request
// and a logout.
func Example() {
	dir, _ := os.MkdirTemp("", "anterkoper-example")
	defer os.RemoveAll(dir)
	db, _ := store.OpenDir(dir)
	defer db.Close()
	ctx := context.Background()

	// anterkoper user add budi --role operator
	hash, _ := auth.HashPassword("1234")
	db.CreateUser(ctx, auth.User{Name: "budi", Role: auth.RoleOperator, Hash: hash})

	a := auth.New(db, auth.Options{})

	// POST /api/login
	r := httptest.NewRequest("POST", "/api/login", strings.NewReader(`{"user":"budi","password":"1234"}`))
	r.Header.Set("Content-Type", "application/json")
	req, _ := auth.ParseLoginRequest(r.Header.Get("Content-Type"), r.Body)
	sess, err := a.Login(ctx, req.User, req.Password, r.RemoteAddr)
	switch {
	case errors.Is(err, auth.ErrRateLimited): // 429 with Retry-After
	case errors.Is(err, auth.ErrBadLogin): // 401
	}
	w := httptest.NewRecorder()
	a.SetSessionCookie(w, sess, r.TLS != nil) // and answer {"csrf": sess.CSRF}
	fmt.Println("logged in:", sess.User, sess.Role)

	// PUT /api/active from the same browser
	r = httptest.NewRequest("PUT", "/api/active", nil)
	for _, c := range w.Result().Cookies() {
		r.AddCookie(c)
	}
	r.Header.Set(auth.CSRFHeader, sess.CSRF)
	s, ok := a.Session(ctx, r)
	fmt.Println("session:", ok, "csrf:", auth.CheckCSRF(r, s))

	// POST /api/logout
	a.Logout(ctx, s.ID)
	a.ClearSessionCookie(httptest.NewRecorder(), r.TLS != nil)
	_, ok = a.Session(ctx, r)
	fmt.Println("after logout:", ok)
	// Output:
	// logged in: budi operator
	// session: true csrf: true
	// after logout: false
}
