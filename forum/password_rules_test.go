package forum

import (
	"errors"
	"strings"
	"testing"
)

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		password string
		role     Role
		username string
		code     string // "" means accepted
	}{
		{"correct horse battery staple", RoleMember, "anna", ""},
		{"elevenchars", RoleMember, "anna", "error.password_short"},
		{"twelve chars", RoleMember, "anna", ""},
		{"twelve chars", RoleModerator, "anna", "error.password_short"},
		{"fifteen chars!!", RoleAdmin, "anna", ""},
		{"qwerty123456", RoleMember, "anna", "error.password_common"},
		{"QWERTY123456", RoleMember, "anna", "error.password_common"},
		{"sunshine2024!!", RoleMember, "anna", "error.password_common"}, // common word + decoration
		{"aaaaaaaaaaaaaaa", RoleMember, "anna", "error.password_common"},
		{"annabelle1990!", RoleMember, "annabelle", "error.password_common"}, // the username, decorated
		{"annabelle and the kettle", RoleMember, "annabelle", ""},            // contains it, but much more
		{strings.Repeat("x", 256) + "y", RoleMember, "anna", "error.too_long"},
		{"valid length \xff\xfe", RoleMember, "anna", "error.invalid_utf8"},
	}
	for _, tt := range tests {
		err := ValidatePassword(tt.password, tt.role, tt.username)
		var fe *Error
		switch {
		case tt.code == "" && err != nil:
			t.Errorf("%q (%v): rejected: %v", tt.password, tt.role, err)
		case tt.code != "" && (!errors.As(err, &fe) || fe.Code != tt.code || fe.Field != "password"):
			t.Errorf("%q (%v): got %v, want %s", tt.password, tt.role, err, tt.code)
		}
	}
}
