package sqlstore

import (
	"context"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

const categoryCols = `c.id, c.slug, c.name, c.description, c.response_target_hours, c.position,
	(SELECT COUNT(*) FROM threads t WHERE t.category_id = c.id AND t.deleted_at IS NULL
		AND t.hidden_at IS NULL AND t.merged_into_id IS NULL)`

func scanCategory(row scanner) (*forum.Category, error) {
	var c forum.Category
	if err := row.Scan(&c.ID, &c.Slug, &c.Name, &c.Description, &c.ResponseTargetHours, &c.Position, &c.ThreadCount); err != nil {
		return nil, dbErr(err)
	}
	return &c, nil
}

// Categories returns every category in display order.
func (db *DB) Categories(ctx context.Context) ([]forum.Category, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+categoryCols+` FROM categories c ORDER BY c.position, c.name`)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var cs []forum.Category
	for rows.Next() {
		c, err := scanCategory(rows)
		if err != nil {
			return nil, err
		}
		cs = append(cs, *c)
	}
	return cs, dbErr(rows.Err())
}

// CategoryByID returns a category.
func (db *DB) CategoryByID(ctx context.Context, id int64) (*forum.Category, error) {
	return scanCategory(db.r.QueryRowContext(ctx, `SELECT `+categoryCols+` FROM categories c WHERE c.id = ?`, id))
}

// CategoryBySlug returns a category by its URL name.
func (db *DB) CategoryBySlug(ctx context.Context, slug string) (*forum.Category, error) {
	return scanCategory(db.r.QueryRowContext(ctx, `SELECT `+categoryCols+` FROM categories c WHERE c.slug = ?`, slug))
}

// CreateCategory stores a new category and sets its ID.
func (db *DB) CreateCategory(ctx context.Context, c *forum.Category, a *forum.AuditEntry) error {
	return db.tx(ctx, func(tx *txn) error {
		var err error
		if c.ID, err = tx.insertID(ctx, `INSERT INTO categories (slug, name, description, response_target_hours, position)
			VALUES (?, ?, ?, ?, ?)`, c.Slug, c.Name, c.Description, c.ResponseTargetHours, c.Position); err != nil {
			return err
		}
		if a != nil {
			a.TargetID = c.ID
		}
		return audit(ctx, tx, a)
	})
}

// UpdateCategory saves a changed category. A new slug is in every
// thread's search document, so a rename puts its threads in the outbox.
func (db *DB) UpdateCategory(ctx context.Context, c *forum.Category, a *forum.AuditEntry) error {
	return db.tx(ctx, func(tx *txn) error {
		if err := audit(ctx, tx, a); err != nil {
			return err
		}
		var oldSlug string
		if err := tx.QueryRowContext(ctx, `SELECT slug FROM categories WHERE id = ?`, c.ID).Scan(&oldSlug); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE categories SET slug = ?, name = ?, description = ?,
			response_target_hours = ?, position = ? WHERE id = ?`,
			c.Slug, c.Name, c.Description, c.ResponseTargetHours, c.Position, c.ID); err != nil {
			return err
		}
		if oldSlug == c.Slug {
			return nil
		}
		if err := tx.outboxTurn(ctx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (thread_id, created_at)
			SELECT id, ? FROM threads WHERE category_id = ?`, ms(time.Now()), c.ID)
		return err
	})
}
