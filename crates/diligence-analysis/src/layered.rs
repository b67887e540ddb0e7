//! A layered drawing of a directed graph (the Sugiyama method), used for the
//! debate's argument graph: few edge crossings, every edge drawn from one
//! layer to a later one except those reversed to break cycles.
//!
//! The steps, each a documented textbook algorithm:
//!
//! 1. **Cycle breaking.** A depth-first search from every node in index
//!    order; an edge to a node still on the search stack (a back edge)
//!    closes a cycle and is reversed. What remains is acyclic. Self-loops
//!    are dropped.
//! 2. **Layering.** Longest-path layering: a node with no incoming edge is
//!    in layer 0, any other node one layer after the latest of its
//!    predecessors, so every edge goes forward.
//! 3. **Dummy nodes.** An edge that spans several layers is split by a
//!    dummy node in every layer it crosses, so that every edge joins
//!    adjacent layers and crossings can be counted layer by layer.
//! 4. **Ordering.** Barycentre sweeps: each layer is sorted by the mean
//!    position of its neighbours in the layer before it (downward sweep),
//!    then in the layer after it (upward sweep), for a fixed number of
//!    rounds. The ordering with the fewest crossings seen, the initial one
//!    included, is kept, so ordering never adds crossings.
//! 5. **Coordinates.** A node's coordinates are its layer and its place in
//!    the layer's order, each layer centred on the widest one; the caller
//!    scales them to its drawing.

/// The result: where each node goes and how each edge is routed.
#[derive(Debug, Clone, PartialEq)]
pub struct Layered {
    /// The number of real nodes (the first `nodes` of `layer` and `slot`).
    pub nodes: usize,
    /// The layer of every node, dummy nodes after the real ones.
    pub layer: Vec<usize>,
    /// The nodes of each layer, in drawing order.
    pub order: Vec<Vec<usize>>,
    /// Every input edge (self-loops dropped) as the chain of nodes it is
    /// drawn through, from its source to its target (dummies in between).
    pub routes: Vec<Route>,
    /// Crossings between adjacent layers before and after ordering.
    pub crossings_before: usize,
    /// Crossings after ordering.
    pub crossings_after: usize,
}

/// One edge as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The input edge.
    pub edge: (usize, usize),
    /// The nodes it passes through, source first.
    pub chain: Vec<usize>,
    /// Whether it was reversed to break a cycle (it is then drawn from a
    /// later layer to an earlier one).
    pub reversed: bool,
}

impl Layered {
    /// The place of a node in its layer.
    pub fn slot(&self, node: usize) -> usize {
        self.order[self.layer[node]]
            .iter()
            .position(|&n| n == node)
            .unwrap_or(0)
    }

    /// A node's coordinates: its layer, and its place in the layer centred
    /// on the widest layer (half units where a layer's width is odd against
    /// an even widest one).
    pub fn coordinates(&self, node: usize) -> (f64, f64) {
        let widest = self.order.iter().map(Vec::len).max().unwrap_or(0);
        let layer = self.layer[node];
        let width = self.order[layer].len();
        let offset = (widest - width) as f64 / 2.0;
        (layer as f64, offset + self.slot(node) as f64)
    }

    /// Whether a node is a dummy (a bend of a long edge).
    pub fn is_dummy(&self, node: usize) -> bool {
        node >= self.nodes
    }
}

/// Lays out `nodes` nodes joined by directed `edges` (pairs of indices below
/// `nodes`; others are ignored), sweeping `rounds` times.
pub fn layout(nodes: usize, edges: &[(usize, usize)], rounds: usize) -> Layered {
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(a, b)| a != b && a < nodes && b < nodes)
        .collect();
    let reversed = back_edges(nodes, &edges);
    let forward: Vec<(usize, usize)> = edges
        .iter()
        .zip(&reversed)
        .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
        .collect();
    let mut layer = longest_path(nodes, &forward);
    let layers = layer.iter().max().map_or(0, |m| m + 1);
    // Split long edges by dummy nodes.
    let mut routes = Vec::new();
    let mut proper: Vec<(usize, usize)> = Vec::new();
    for ((&edge, &(a, b)), &rev) in edges.iter().zip(&forward).zip(&reversed) {
        let mut chain = vec![a];
        for l in layer[a] + 1..layer[b] {
            let dummy = layer.len();
            layer.push(l);
            chain.push(dummy);
        }
        chain.push(b);
        for w in chain.windows(2) {
            proper.push((w[0], w[1]));
        }
        if rev {
            chain.reverse();
        }
        routes.push(Route {
            edge,
            chain,
            reversed: rev,
        });
    }
    // Dedupe parallel edges (an attack both ways ends up as two edges
    // between the same layers only if neither is reversed: impossible; but
    // repeated input pairs are possible).
    proper.sort_unstable();
    proper.dedup();
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (n, &l) in layer.iter().enumerate() {
        order[l].push(n);
    }
    let before = crossings(&order, &layer, &proper);
    let (order, after) = barycentre(order, &layer, &proper, rounds, before);
    Layered {
        nodes,
        layer,
        order,
        routes,
        crossings_before: before,
        crossings_after: after,
    }
}

/// For each edge, whether it is a back edge of a depth-first search from
/// every node in index order (so reversing those edges leaves no cycle).
fn back_edges(nodes: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnStack,
        Done,
    }
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for (i, &(a, _)) in edges.iter().enumerate() {
        out_edges[a].push(i);
    }
    let mut state = vec![State::New; nodes];
    let mut back = vec![false; edges.len()];
    for root in 0..nodes {
        if state[root] != State::New {
            continue;
        }
        // An explicit stack of (node, next outgoing edge to look at).
        let mut stack = vec![(root, 0usize)];
        state[root] = State::OnStack;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&e) = out_edges[node].get(*next) {
                *next += 1;
                let target = edges[e].1;
                match state[target] {
                    State::New => {
                        state[target] = State::OnStack;
                        stack.push((target, 0));
                    }
                    State::OnStack => back[e] = true,
                    State::Done => {}
                }
            } else {
                state[node] = State::Done;
                stack.pop();
            }
        }
    }
    back
}

/// Longest-path layering of an acyclic graph: sources in layer 0, every
/// other node one after its latest predecessor.
fn longest_path(nodes: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; nodes];
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for &(a, b) in edges {
        indegree[b] += 1;
        out_edges[a].push(b);
    }
    let mut layer = vec![0usize; nodes];
    let mut ready: Vec<usize> = (0..nodes).filter(|&n| indegree[n] == 0).collect();
    ready.reverse();
    while let Some(n) = ready.pop() {
        for &m in &out_edges[n] {
            layer[m] = layer[m].max(layer[n] + 1);
            indegree[m] -= 1;
            if indegree[m] == 0 {
                ready.push(m);
            }
        }
    }
    layer
}

/// The number of pairs of edges that cross between adjacent layers, for
/// edges that each join adjacent layers.
pub fn crossings(order: &[Vec<usize>], layer: &[usize], edges: &[(usize, usize)]) -> usize {
    let mut slot = vec![0usize; layer.len()];
    for nodes in order {
        for (i, &n) in nodes.iter().enumerate() {
            slot[n] = i;
        }
    }
    // Each edge as (upper layer, upper slot, lower slot).
    let spans: Vec<(usize, usize, usize)> = edges
        .iter()
        .map(|&(a, b)| {
            let (a, b) = if layer[a] <= layer[b] { (a, b) } else { (b, a) };
            (layer[a], slot[a], slot[b])
        })
        .collect();
    let mut count = 0;
    for (i, x) in spans.iter().enumerate() {
        for y in &spans[i + 1..] {
            if x.0 == y.0 && ((x.1 < y.1 && x.2 > y.2) || (x.1 > y.1 && x.2 < y.2)) {
                count += 1;
            }
        }
    }
    count
}

/// Barycentre sweeps; returns the best ordering seen and its crossings.
fn barycentre(
    mut order: Vec<Vec<usize>>,
    layer: &[usize],
    edges: &[(usize, usize)],
    rounds: usize,
    initial: usize,
) -> (Vec<Vec<usize>>, usize) {
    let mut neighbours_before: Vec<Vec<usize>> = vec![Vec::new(); layer.len()];
    let mut neighbours_after: Vec<Vec<usize>> = vec![Vec::new(); layer.len()];
    for &(a, b) in edges {
        let (a, b) = if layer[a] <= layer[b] { (a, b) } else { (b, a) };
        neighbours_after[a].push(b);
        neighbours_before[b].push(a);
    }
    let mut best = (order.clone(), initial);
    let mut slot = vec![0.0f64; layer.len()];
    let place = |order: &Vec<Vec<usize>>, slot: &mut Vec<f64>| {
        for nodes in order {
            for (i, &n) in nodes.iter().enumerate() {
                slot[n] = i as f64;
            }
        }
    };
    // Sorts one layer by the mean slot of each node's neighbours; a node
    // with none keeps its own slot. The sort is stable, so ties keep order.
    let sort = |nodes: &mut Vec<usize>, neighbours: &[Vec<usize>], slot: &[f64]| {
        let key = |n: usize| {
            let ns = &neighbours[n];
            if ns.is_empty() {
                slot[n]
            } else {
                ns.iter().map(|&m| slot[m]).sum::<f64>() / ns.len() as f64
            }
        };
        let mut keyed: Vec<(f64, usize)> = nodes.iter().map(|&n| (key(n), n)).collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        *nodes = keyed.into_iter().map(|(_, n)| n).collect();
    };
    for _ in 0..rounds {
        place(&order, &mut slot);
        for l in 1..order.len() {
            sort(&mut order[l], &neighbours_before, &slot);
            place(&order, &mut slot);
        }
        for l in (0..order.len().saturating_sub(1)).rev() {
            sort(&mut order[l], &neighbours_after, &slot);
            place(&order, &mut slot);
        }
        let c = crossings(&order, layer, edges);
        if c < best.1 {
            best = (order.clone(), c);
        }
        if c == 0 {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every real node exactly once in the layers, every dummy too.
    fn all_placed(l: &Layered) -> bool {
        let mut seen = vec![0; l.layer.len()];
        for (i, nodes) in l.order.iter().enumerate() {
            for &n in nodes {
                seen[n] += 1;
                if l.layer[n] != i {
                    return false;
                }
            }
        }
        seen.iter().all(|&s| s == 1)
    }

    #[test]
    fn a_chain_goes_down_one_layer_per_edge() {
        let l = layout(3, &[(0, 1), (1, 2)], 4);
        assert_eq!(l.layer, vec![0, 1, 2]);
        assert_eq!(l.crossings_after, 0);
    }

    #[test]
    fn a_cycle_is_broken_by_reversing_one_edge() {
        let l = layout(3, &[(0, 1), (1, 2), (2, 0)], 4);
        let reversed: Vec<_> = l
            .routes
            .iter()
            .filter(|r| r.reversed)
            .map(|r| r.edge)
            .collect();
        assert_eq!(reversed, vec![(2, 0)]);
        // The reversed edge is still drawn from its source to its target.
        let r = l.routes.iter().find(|r| r.reversed).expect("one");
        assert_eq!((r.chain[0], *r.chain.last().expect("end")), (2, 0));
        // A mutual attack: one of the pair is reversed, both share layers 0 and 1.
        let m = layout(2, &[(0, 1), (1, 0)], 4);
        assert_eq!(m.routes.iter().filter(|r| r.reversed).count(), 1);
        assert_eq!(m.layer, vec![0, 1]);
    }

    #[test]
    fn a_long_edge_gets_a_dummy_per_layer_it_crosses() {
        let l = layout(4, &[(0, 1), (1, 2), (2, 3), (0, 3)], 4);
        let long = l.routes.iter().find(|r| r.edge == (0, 3)).expect("route");
        assert_eq!(long.chain.len(), 4);
        assert!(long.chain[1..3].iter().all(|&n| l.is_dummy(n)));
    }

    #[test]
    fn sweeps_undo_a_crossing_that_the_input_order_makes() {
        // 0 -> 3 and 1 -> 2: in input order the two edges cross.
        let l = layout(4, &[(0, 3), (1, 2)], 4);
        assert_eq!(l.crossings_before, 1);
        assert_eq!(l.crossings_after, 0);
    }

    fn graph() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
        (1usize..24).prop_flat_map(|n| (Just(n), prop::collection::vec((0..n, 0..n), 0..60)))
    }

    proptest! {
        #[test]
        fn every_node_placed_none_overlapping_and_ordering_never_adds_crossings((n, edges) in graph()) {
            let l = layout(n, &edges, 6);
            prop_assert!(all_placed(&l));
            prop_assert_eq!(l.nodes, n);
            // No two nodes share coordinates.
            let mut coords: Vec<(i64, i64)> = (0..l.layer.len())
                .map(|v| { let (x, y) = l.coordinates(v); ((x * 2.0) as i64, (y * 2.0) as i64) })
                .collect();
            coords.sort_unstable();
            let total = coords.len();
            coords.dedup();
            prop_assert_eq!(coords.len(), total);
            prop_assert!(l.crossings_after <= l.crossings_before);
            // Every route joins adjacent layers, from the edge's source to its target.
            for r in &l.routes {
                prop_assert_eq!(r.chain[0], r.edge.0);
                prop_assert_eq!(*r.chain.last().expect("end"), r.edge.1);
                for w in r.chain.windows(2) {
                    let (a, b) = (l.layer[w[0]], l.layer[w[1]]);
                    prop_assert_eq!(a.abs_diff(b), 1);
                    prop_assert_eq!(a < b, !r.reversed);
                }
            }
            // The recorded count is the count of the final order.
            let proper: Vec<(usize, usize)> = {
                let mut p: Vec<_> = l.routes.iter().flat_map(|r| r.chain.windows(2).map(|w| (w[0].min(w[1]), w[0].max(w[1])))).collect();
                // Orient each by layer, as layout does.
                for e in &mut p { if l.layer[e.0] > l.layer[e.1] { *e = (e.1, e.0); } }
                p.sort_unstable(); p.dedup(); p
            };
            prop_assert_eq!(crossings(&l.order, &l.layer, &proper), l.crossings_after);
        }
    }
}
