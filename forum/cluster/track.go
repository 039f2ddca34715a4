package cluster

// Tracked is a cluster staff have seen or can see: raised by an earlier
// pass, and open, dismissed or confirmed as a known issue.
type Tracked struct {
	ID      int64
	Status  string // StatusOpen, StatusDismissed or StatusConfirmed
	Threads []int64
	// DismissedPeople is how many people it had when dismissed.
	DismissedPeople int
	// KnownIssue is the known issue it was confirmed as or merged into.
	KnownIssue int64
	// Centroid is its latest group's (Group.Centroid).
	Centroid map[string]float64
}

// Statuses of a tracked cluster.
const (
	StatusOpen      = "open"
	StatusDismissed = "dismissed"
	StatusConfirmed = "confirmed"
)

// RegrowFactor is how much a dismissed cluster must grow to be raised
// again: to this many times the people it had when dismissed.
const RegrowFactor = 2

// Change is what a pass does with one group.
type Change struct {
	Group Group
	// Tracked is the cluster the group continues, nil for a new one.
	Tracked *Tracked
	// New is set for a group raised for the first time: staff are told.
	New bool
	// Reopen is set when a dismissed cluster grew enough to show again.
	Reopen bool
	// Added are the group's threads the tracked cluster did not hold yet.
	Added []int64
}

// minOverlap is the share of a group's threads a tracked cluster must
// hold for the group to continue it on shared threads alone: one report
// that drifted into a group about something else does not make the group
// the old cluster's continuation.
const minOverlap = 0.3

// Reconcile matches this pass's groups with the tracked clusters. A group
// continues a tracked cluster that holds at least minOverlap of its
// threads, or whose centroid is at least minSim close to its own (the
// same problem, reported again after the first reports left the window);
// of several, the one it shares most threads with, then the closest.
// Several groups continuing one cluster (its German and its English
// reports, say) make one change, with the largest group's figures. A
// raised group that continues nothing is new. A dismissed cluster stays
// dismissed unless it grows to RegrowFactor times its size. Groups
// neither raised nor continuing anything are left out.
func Reconcile(groups []Group, tracked []Tracked, minSim float64) []Change {
	owner := map[int64][]int{} // thread → tracked clusters holding it
	for i, t := range tracked {
		for _, id := range t.Threads {
			owner[id] = append(owner[id], i)
		}
	}
	byTracked := map[int][]int{} // tracked index → groups continuing it
	var order []int              // tracked indexes in the order first continued
	var out []Change
	for gi, g := range groups {
		shared := map[int]int{}
		for _, id := range g.Threads {
			for _, i := range owner[id] {
				shared[i]++
			}
		}
		c := g.Centroid()
		best, bestShared, bestSim := -1, 0, 0.0
		for i, t := range tracked {
			n, sim := shared[i], dot(c, t.Centroid)
			if float64(n) < minOverlap*float64(len(g.Threads)) && sim < minSim {
				continue
			}
			if best < 0 || n > bestShared || n == bestShared && sim > bestSim {
				best, bestShared, bestSim = i, n, sim
			}
		}
		if best < 0 {
			if g.Raised {
				out = append(out, Change{Group: g, New: true, Added: g.Threads})
			}
			continue
		}
		if _, ok := byTracked[best]; !ok {
			order = append(order, best)
		}
		byTracked[best] = append(byTracked[best], gi)
	}
	for _, ti := range order {
		t := &tracked[ti]
		held := map[int64]bool{}
		for _, id := range t.Threads {
			held[id] = true
		}
		lead := groups[byTracked[ti][0]]
		raised := false
		ch := Change{Tracked: t}
		for _, gi := range byTracked[ti] {
			g := groups[gi]
			if g.Stats.People > lead.Stats.People {
				lead = g
			}
			raised = raised || g.Raised
			for _, id := range g.Threads {
				if !held[id] {
					held[id] = true
					ch.Added = append(ch.Added, id)
				}
			}
		}
		ch.Group = lead
		if t.Status == StatusDismissed {
			if !raised || lead.Stats.People < RegrowFactor*max(1, t.DismissedPeople) {
				continue // stays dismissed, and keeps the threads it had
			}
			ch.Reopen = true
		}
		out = append(out, ch)
	}
	return out
}
