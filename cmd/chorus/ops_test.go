package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/search"
)

// The round trip an operator makes: back up, lose things, restore; and
// the refusals that keep a restore from doing harm.
func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	for _, name := range []string{"anna", "bernd"} {
		if _, err := runCmd(t, "", "user", "create", "--username", name, "--email", name+"@example.com",
			"--password", "a long enough password", "--data", data); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(dir, "nightly.db")
	out, err := runCmd(t, "", "backup", backup, "--data", data)
	if err != nil || !strings.Contains(out, "2 users") {
		t.Fatalf("backup: %q %v", out, err)
	}
	if _, err := runCmd(t, "", "backup", "--data", data, backup); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("a second backup onto the same file: %v", err)
	}
	// After the backup, one more account: the restore takes it away and
	// keeps the database that had it.
	if _, err := runCmd(t, "", "user", "create", "--username", "carla", "--email", "carla@example.com",
		"--password", "a long enough password", "--data", data); err != nil {
		t.Fatal(err)
	}

	// A running server holds the index lock: no restore under it.
	unlock, err := search.Lock(filepath.Join(data, "search"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "", "restore", backup, "--data", data); err == nil || !strings.Contains(err.Error(), "running") {
		t.Fatalf("restore beside a server: %v", err)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "", "restore", filepath.Join(dir, "missing.db"), "--data", data); err == nil {
		t.Fatal("a restore from a missing file worked")
	}
	if _, err := runCmd(t, "", "restore", "--data", data); err == nil || !strings.Contains(err.Error(), "which file") {
		t.Fatalf("restore without a file: %v", err)
	}

	out, err = runCmd(t, "", "restore", backup, "--data", data)
	if err != nil || !strings.Contains(out, "restored") || !strings.Contains(out, "kept as") || !strings.Contains(out, "search index rebuilt") {
		t.Fatalf("restore: %q %v", out, err)
	}
	// carla is gone (the backup predates her), anna can still be changed.
	if _, err := runCmd(t, "", "user", "role", "carla", "staff", "--data", data); err == nil {
		t.Fatal("an account made after the backup survived the restore")
	}
	if _, err := runCmd(t, "", "user", "role", "anna", "staff", "--data", data); err != nil {
		t.Fatalf("an account from the backup is missing: %v", err)
	}
}
