-- Escalation to staff. needs_help_at: the asker pressed "I still need
-- help"; the thread waits for a staff answer after that. claimed_by: the
-- staff member looking at it, shown to the customer so nobody starts over.
-- last_staff_answer_at: the newest answer by staff (or an admin).
ALTER TABLE threads ADD COLUMN needs_help_at BIGINT ;
ALTER TABLE threads ADD COLUMN claimed_by BIGINT  REFERENCES users (id);
ALTER TABLE threads ADD COLUMN claimed_at BIGINT ;
ALTER TABLE threads ADD COLUMN first_staff_answer_at BIGINT ;
ALTER TABLE threads ADD COLUMN last_staff_answer_at BIGINT ;

UPDATE threads SET
    first_staff_answer_at = (SELECT MIN(p.created_at) FROM posts p JOIN users u ON u.id = p.author_id
        WHERE p.thread_id = threads.id AND p.is_question = 0 AND p.deleted_at IS NULL AND u.role IN ('staff', 'admin')),
    last_staff_answer_at = (SELECT MAX(p.created_at) FROM posts p JOIN users u ON u.id = p.author_id
        WHERE p.thread_id = threads.id AND p.is_question = 0 AND p.deleted_at IS NULL AND u.role IN ('staff', 'admin'));

-- The "needs attention" queue reads the open, unanswered threads and the
-- ones whose asker asked for help; these partial indexes hold just those.
CREATE INDEX threads_unanswered ON threads (created_at)
    WHERE first_answer_at IS NULL AND accepted_post_id IS NULL AND deleted_at IS NULL AND hidden_at IS NULL
      AND merged_into_id IS NULL AND closed_at IS NULL AND locked_at IS NULL;
CREATE INDEX threads_needs_help ON threads (needs_help_at) WHERE needs_help_at IS NOT NULL;
