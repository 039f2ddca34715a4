package password

import (
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	h := New(Default)
	long := strings.Repeat("correct horse battery staple ", 6) // > 72 bytes: not truncated
	hash, err := h.Hash(long)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash does not carry its parameters: %s", hash)
	}
	if ok, rehash, err := h.Verify(hash, long); !ok || rehash || err != nil {
		t.Fatalf("verify = %v %v %v", ok, rehash, err)
	}
	if ok, _, _ := h.Verify(hash, long[:72]); ok {
		t.Fatal("a 72-byte prefix matched: long passwords are truncated")
	}
	if ok, _, _ := h.Verify(hash, "wrong password"); ok {
		t.Fatal("wrong password accepted")
	}
}

func TestRehashWhenParamsChange(t *testing.T) {
	old := New(Params{Memory: 8 * 1024, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16})
	hash, _ := old.Hash("a passphrase long enough")
	ok, rehash, err := New(Default).Verify(hash, "a passphrase long enough")
	if !ok || !rehash || err != nil {
		t.Fatalf("verify = %v %v %v, want ok and rehash", ok, rehash, err)
	}
}

func TestVerifyRejectsGarbage(t *testing.T) {
	h := New(Default)
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=1,t=1$x$y", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$a2V5", "$bcrypt$..."} {
		if ok, _, err := h.Verify(bad, "x"); ok || err == nil {
			t.Errorf("Verify(%q) = %v, %v; want an error", bad, ok, err)
		}
	}
}

func BenchmarkHash(b *testing.B) {
	h := New(Default)
	for b.Loop() {
		_, _ = h.Hash("a passphrase long enough")
	}
}
