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

// Reconcile matches this pass's groups with the tracked clusters: a group
// sharing threads with a tracked cluster continues it (the one it shares
// most with), and so does a group whose centroid is at least minSim close
// to a tracked cluster's (the same problem, reported again after the
// first reports left the window); a raised group that continues none is
// new. A dismissed cluster stays dismissed unless it grows to
// RegrowFactor times its size. Groups neither raised nor continuing
// anything are left out.
func Reconcile(groups []Group, tracked []Tracked, minSim float64) []Change {
	owner := map[int64][]int{} // thread → tracked clusters holding it
	for i, t := range tracked {
		for _, id := range t.Threads {
			owner[id] = append(owner[id], i)
		}
	}
	var out []Change
	for _, g := range groups {
		shared := map[int]int{}
		for _, id := range g.Threads {
			for _, i := range owner[id] {
				shared[i]++
			}
		}
		best, bestN := -1, 0
		for i, n := range shared {
			if n > bestN || n == bestN && i < best {
				best, bestN = i, n
			}
		}
		if best < 0 {
			c := g.Centroid()
			bestSim := minSim
			for i, t := range tracked {
				if sim := dot(c, t.Centroid); sim >= bestSim {
					best, bestSim = i, sim
				}
			}
		}
		if best < 0 {
			if g.Raised {
				out = append(out, Change{Group: g, New: true, Added: g.Threads})
			}
			continue
		}
		t := &tracked[best]
		held := map[int64]bool{}
		for _, id := range t.Threads {
			held[id] = true
		}
		ch := Change{Group: g, Tracked: t}
		for _, id := range g.Threads {
			if !held[id] {
				ch.Added = append(ch.Added, id)
			}
		}
		if t.Status == StatusDismissed {
			if !g.Raised || g.Stats.People < RegrowFactor*max(1, t.DismissedPeople) {
				continue // stays dismissed, and keeps the threads it had
			}
			ch.Reopen = true
		}
		out = append(out, ch)
	}
	return out
}
