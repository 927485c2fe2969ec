//! Indented ("outline") layout of a directed acyclic graph: a drawing as
//! narrow as a phone screen, read top to bottom like a file tree.
//!
//! A layered layout puts every leaf of a rank side by side, so a graph
//! with dozens of outcomes grows thousands of pixels wide. Here each node
//! gets a row of its own instead: the width is the deepest indent plus the
//! widest box, whatever the number of nodes, and a caller can hold it to a
//! budget by choosing the indent and the box widths.
//!
//! - Nodes are placed depth first from the sources (nodes without incoming
//!   edges, in index order), following out-edges in input order, so
//!   siblings keep the order the author wrote.
//! - A child sits one `indent` to the right of its parent, under its edge
//!   label; the edge runs down the parent's trunk (a vertical line half an
//!   indent in) and turns right into the child's left side.
//! - An edge to a node that is already placed (the graph is a DAG, not a
//!   tree) ends in a small reference box of the size the caller gives for
//!   that node, so no node is drawn twice and no edge runs back up.
//!
//! Every box, label and reference box has a vertical band of its own, so
//! nothing overlaps, and trunks run left of everything drawn beside them.
//! It iterates in index order without hashing, so
//! the same input gives bit-identical output.

use super::layout::{
    clean_size, find_cycle, non_negative, LayoutError, LayoutInput, Point, Rect, Size,
};

/// Distances in the outline, all at least 0 whatever is asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutlineSpacing {
    /// How far a child sits to the right of its parent.
    pub indent: f64,
    /// Vertical gap above each child's label (or box, without a label).
    pub row_gap: f64,
    /// Vertical gap between a label and the box under it.
    pub label_gap: f64,
    /// Empty border around the whole drawing.
    pub margin: f64,
}

impl Default for OutlineSpacing {
    fn default() -> Self {
        OutlineSpacing {
            indent: 22.0,
            row_gap: 8.0,
            label_gap: 3.0,
            margin: 4.0,
        }
    }
}

/// Where one input edge is drawn: `points` go down the parent's trunk and
/// then right into the target (the node, or its reference box), ending on
/// the target's left side.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEdge {
    pub points: Vec<Point>,
    pub label: Option<Rect>,
    /// Set when the target was already placed elsewhere: the box that
    /// stands for it at this edge's end.
    pub reference: Option<Rect>,
}

/// The result: `nodes`, `edges` and `trunks` are in input order; every
/// coordinate lies within `0..=width` and `0..=height`.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    pub nodes: Vec<Rect>,
    pub edges: Vec<OutlineEdge>,
    /// Per node with out-edges: the top and bottom of its trunk line.
    pub trunks: Vec<Option<(Point, Point)>>,
    pub width: f64,
    pub height: f64,
}

/// Lays out a DAG as an indented outline. `references[n]` is the size of
/// the box drawn for node `n` where a second edge reaches it (missing
/// entries count as zero).
pub fn outline_layout(
    input: &LayoutInput,
    references: &[Size],
    spacing: &OutlineSpacing,
) -> Result<Outline, LayoutError> {
    let spacing = OutlineSpacing {
        indent: non_negative(spacing.indent),
        row_gap: non_negative(spacing.row_gap),
        label_gap: non_negative(spacing.label_gap),
        margin: non_negative(spacing.margin),
    };
    let node_count = input.nodes.len();
    let mut out_edges = vec![Vec::new(); node_count];
    let mut has_parent = vec![false; node_count];
    for (index, edge) in input.edges.iter().enumerate() {
        if edge.from >= node_count || edge.to >= node_count {
            return Err(LayoutError::BadEdge {
                edge: index,
                from: edge.from,
                to: edge.to,
                node_count,
            });
        }
        out_edges[edge.from].push(index);
        has_parent[edge.to] = true;
    }
    if let Some(cycle) = find_cycle(input, &out_edges) {
        return Err(LayoutError::Cycle(cycle));
    }
    let mut placer = Placer {
        input,
        references,
        spacing,
        out_edges: &out_edges,
        nodes: vec![None; node_count],
        edges: vec![None; input.edges.len()],
        trunks: vec![None; node_count],
        y: spacing.margin,
        width: 0.0,
    };
    let mut first = true;
    for root in (0..node_count).filter(|&n| !has_parent[n]) {
        if !first {
            placer.y += spacing.row_gap;
        }
        first = false;
        placer.place(root, spacing.margin);
    }
    // An acyclic graph reaches every node from a source, so all are placed.
    let nodes: Vec<Rect> = placer
        .nodes
        .into_iter()
        .map(|rect| rect.expect("every node of a DAG is reachable from a source"))
        .collect();
    let edges = placer
        .edges
        .into_iter()
        .map(|edge| edge.expect("every edge leaves a placed node"))
        .collect();
    let height = if node_count == 0 {
        2.0 * spacing.margin
    } else {
        placer.y + spacing.margin
    };
    Ok(Outline {
        nodes,
        edges,
        trunks: placer.trunks,
        width: placer.width.max(spacing.margin) + spacing.margin,
        height,
    })
}

struct Placer<'a> {
    input: &'a LayoutInput,
    references: &'a [Size],
    spacing: OutlineSpacing,
    out_edges: &'a [Vec<usize>],
    nodes: Vec<Option<Rect>>,
    edges: Vec<Option<OutlineEdge>>,
    trunks: Vec<Option<(Point, Point)>>,
    /// The bottom of everything placed so far.
    y: f64,
    /// The right edge of everything placed so far.
    width: f64,
}

impl Placer<'_> {
    /// Places `node` at `x` below everything placed so far, then its
    /// subtree under it. Recursion depth is the graph's longest path.
    fn place(&mut self, node: usize, x: f64) {
        let rect = self.put(x, clean_size(self.input.nodes[node]));
        self.nodes[node] = Some(rect);
        let trunk_x = x + self.spacing.indent / 2.0;
        let child_x = x + self.spacing.indent;
        let mut last_turn = None;
        for &edge in &self.out_edges[node] {
            let spec = &self.input.edges[edge];
            self.y += self.spacing.row_gap;
            let label = spec.label.map(|size| {
                let rect = self.put(child_x, clean_size(size));
                self.y += self.spacing.label_gap;
                rect
            });
            let (target, reference) = if self.nodes[spec.to].is_some() {
                let size = self.references.get(spec.to).copied().unwrap_or(Size {
                    width: 0.0,
                    height: 0.0,
                });
                let rect = self.put(child_x, clean_size(size));
                (rect, Some(rect))
            } else {
                self.place(spec.to, child_x);
                (self.nodes[spec.to].expect("just placed"), None)
            };
            let turn_y = target.center_y();
            last_turn = Some(turn_y);
            self.edges[edge] = Some(OutlineEdge {
                points: vec![
                    Point {
                        x: trunk_x,
                        y: rect.bottom(),
                    },
                    Point {
                        x: trunk_x,
                        y: turn_y,
                    },
                    Point {
                        x: target.x,
                        y: turn_y,
                    },
                ],
                label,
                reference,
            });
        }
        if let Some(bottom) = last_turn {
            self.trunks[node] = Some((
                Point {
                    x: trunk_x,
                    y: rect.bottom(),
                },
                Point {
                    x: trunk_x,
                    y: bottom,
                },
            ));
        }
    }

    /// Reserves a box of `size` at `x` under everything placed so far.
    fn put(&mut self, x: f64, size: Size) -> Rect {
        let rect = Rect {
            x,
            y: self.y,
            width: size.width,
            height: size.height,
        };
        self.y = rect.bottom();
        self.width = self.width.max(rect.right());
        rect
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::EdgeSpec;
    use super::*;

    const EPSILON: f64 = 1e-9;

    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn range(&mut self, low: usize, high: usize) -> usize {
            low + (self.next() % (high - low + 1) as u64) as usize
        }

        fn size(&mut self, max_width: usize, max_height: usize) -> Size {
            Size {
                width: self.range(1, max_width) as f64,
                height: self.range(1, max_height) as f64,
            }
        }
    }

    fn size(width: f64, height: f64) -> Size {
        Size { width, height }
    }

    fn edge(from: usize, to: usize, label: Option<Size>) -> EdgeSpec {
        EdgeSpec { from, to, label }
    }

    /// A random DAG over shuffled node numbers: edges go forward in a
    /// hidden topological order, so shared children and several sources occur.
    fn random_dag(rng: &mut XorShift, node_count: usize) -> (LayoutInput, Vec<Size>) {
        let mut names: Vec<usize> = (0..node_count).collect();
        for i in (1..node_count).rev() {
            names.swap(i, rng.range(0, i));
        }
        let nodes = (0..node_count).map(|_| rng.size(200, 60)).collect();
        let references = (0..node_count).map(|_| rng.size(120, 30)).collect();
        let edges = (0..rng.range(1, 2 * node_count))
            .map(|_| {
                let a = rng.range(0, node_count - 2);
                let b = rng.range(a + 1, node_count - 1);
                let label = (rng.range(0, 1) == 0).then(|| rng.size(90, 30));
                edge(names[a], names[b], label)
            })
            .collect();
        (LayoutInput { nodes, edges }, references)
    }

    fn overlap(a: &Rect, b: &Rect) -> bool {
        a.x < b.right() - EPSILON
            && b.x < a.right() - EPSILON
            && a.y < b.bottom() - EPSILON
            && b.y < a.bottom() - EPSILON
    }

    /// Every box drawn: nodes, labels and reference boxes.
    fn all_boxes(outline: &Outline) -> Vec<Rect> {
        let mut boxes = outline.nodes.clone();
        for edge in &outline.edges {
            boxes.extend(edge.label);
            boxes.extend(edge.reference);
        }
        boxes
    }

    /// Whether an axis-parallel segment passes through a box's inside.
    fn crosses_inside(p: Point, q: Point, rect: &Rect) -> bool {
        let (x0, x1) = (p.x.min(q.x), p.x.max(q.x));
        let (y0, y1) = (p.y.min(q.y), p.y.max(q.y));
        x0 < rect.right() - EPSILON
            && x1 > rect.x + EPSILON
            && y0 < rect.bottom() - EPSILON
            && y1 > rect.y + EPSILON
    }

    fn assert_clean(input: &LayoutInput, references: &[Size], outline: &Outline) {
        let boxes = all_boxes(outline);
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!overlap(a, b), "{a:?} overlaps {b:?}");
            }
            assert!(a.x >= 0.0 && a.right() <= outline.width + EPSILON);
            assert!(a.y >= 0.0 && a.bottom() <= outline.height + EPSILON);
        }
        for (index, (spec, route)) in input.edges.iter().zip(&outline.edges).enumerate() {
            let parent = outline.nodes[spec.from];
            let target = route.reference.unwrap_or(outline.nodes[spec.to]);
            let points = &route.points;
            assert_eq!(
                points[0].y,
                parent.bottom(),
                "edge {index} leaves its parent"
            );
            assert_eq!(points[2].x, target.x, "edge {index} reaches its target");
            assert!(target.y > parent.y, "edge {index} runs downwards");
            if let Some(size) = spec.label {
                let label = route.label.expect("a labelled edge has a label box");
                assert_eq!((label.width, label.height), (size.width, size.height));
                assert!(label.bottom() <= target.y + EPSILON, "label sits above");
            }
            if let Some(reference) = route.reference {
                assert_eq!(reference.width, references[spec.to].width);
            }
            // The route enters no box but the one it ends at (its parent's
            // bottom edge and the target's left side are only touched).
            for pair in points.windows(2) {
                for other in &boxes {
                    if *other != target && *other != parent {
                        assert!(
                            !crosses_inside(pair[0], pair[1], other),
                            "edge {index} runs through {other:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_tree_is_indented_by_depth_in_author_order() {
        let input = LayoutInput {
            nodes: vec![size(100.0, 30.0), size(80.0, 20.0), size(60.0, 20.0)],
            edges: vec![
                edge(0, 2, Some(size(40.0, 10.0))),
                edge(0, 1, Some(size(40.0, 10.0))),
            ],
        };
        let outline = outline_layout(&input, &[], &OutlineSpacing::default()).unwrap();
        assert_clean(&input, &[], &outline);
        let [root, second, first] = [outline.nodes[0], outline.nodes[1], outline.nodes[2]];
        assert_eq!(root.x, 4.0);
        assert_eq!(first.x, 26.0);
        assert_eq!(second.x, 26.0);
        assert!(first.y < second.y, "siblings keep the edge order");
        // The trunk runs from the root's bottom to the last turn.
        let (top, bottom) = outline.trunks[0].unwrap();
        assert_eq!((top.x, top.y), (15.0, root.bottom()));
        assert_eq!(bottom.y, second.center_y());
        assert_eq!(
            outline.width,
            26.0 + 80.0 + 4.0,
            "the child reaches furthest right"
        );
    }

    #[test]
    fn a_shared_node_is_drawn_once_and_referenced_after() {
        // 0 -> 1 -> 3 and 0 -> 2 -> 3: node 3 hangs under 1, 2 gets a reference.
        let input = LayoutInput {
            nodes: vec![size(50.0, 20.0); 4],
            edges: vec![
                edge(0, 1, None),
                edge(0, 2, None),
                edge(1, 3, None),
                edge(2, 3, None),
            ],
        };
        let references = vec![size(30.0, 12.0); 4];
        let outline = outline_layout(&input, &references, &OutlineSpacing::default()).unwrap();
        assert_clean(&input, &references, &outline);
        assert!(outline.edges[2].reference.is_none());
        let reference = outline.edges[3].reference.expect("second way into node 3");
        assert_eq!(reference.x, outline.nodes[2].x + 22.0);
        assert!(reference.y > outline.nodes[2].y);
    }

    #[test]
    fn width_is_the_deepest_indent_plus_the_widest_box() {
        // A chain of 5 and a star of 40 leaves: the star adds height, not width.
        let mut edges: Vec<EdgeSpec> = (0..4).map(|n| edge(n, n + 1, None)).collect();
        edges.extend((5..45).map(|n| edge(0, n, Some(size(70.0, 14.0)))));
        let input = LayoutInput {
            nodes: vec![size(100.0, 20.0); 45],
            edges,
        };
        let spacing = OutlineSpacing {
            indent: 20.0,
            row_gap: 5.0,
            label_gap: 2.0,
            margin: 10.0,
        };
        let outline = outline_layout(&input, &[], &spacing).unwrap();
        assert_clean(&input, &[], &outline);
        assert_eq!(outline.width, 10.0 + 4.0 * 20.0 + 100.0 + 10.0);
    }

    #[test]
    fn random_dags_are_laid_out_cleanly() {
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        for _ in 0..300 {
            let count = rng.range(2, 50);
            let (input, references) = random_dag(&mut rng, count);
            let outline = outline_layout(&input, &references, &OutlineSpacing::default())
                .expect("a DAG lays out");
            assert_clean(&input, &references, &outline);
        }
    }

    #[test]
    fn layout_is_deterministic() {
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let (input, references) = random_dag(&mut rng, 40);
        let spacing = OutlineSpacing::default();
        assert_eq!(
            outline_layout(&input, &references, &spacing),
            outline_layout(&input, &references, &spacing)
        );
    }

    #[test]
    fn errors_and_trivial_graphs() {
        let spacing = OutlineSpacing::default();
        let empty = outline_layout(&LayoutInput::default(), &[], &spacing).unwrap();
        assert!(empty.nodes.is_empty());
        assert_eq!((empty.width, empty.height), (8.0, 8.0));
        let cycle = LayoutInput {
            nodes: vec![size(1.0, 1.0); 2],
            edges: vec![edge(0, 1, None), edge(1, 0, None)],
        };
        assert_eq!(
            outline_layout(&cycle, &[], &spacing),
            Err(LayoutError::Cycle(vec![0, 1]))
        );
        let bad = LayoutInput {
            nodes: vec![size(1.0, 1.0)],
            edges: vec![edge(0, 3, None)],
        };
        assert!(matches!(
            outline_layout(&bad, &[], &spacing),
            Err(LayoutError::BadEdge { edge: 0, to: 3, .. })
        ));
    }
}
