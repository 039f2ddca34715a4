// Package forum is the domain of Chorus: users and roles, categories,
// threads, posts, votes, "me too", accepted answers and receipts, with the
// validation and the authorization policy that guard them.
//
// It imports only the standard library. Storage (forum/sqlstore), Markdown
// (forum/markdown) and HTTP (forum/web) are adapters that import forum, never
// the other way round; moderation and search build on it in the same way.
package forum
