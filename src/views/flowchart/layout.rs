//! The input and output types of a graph layout, and the checks every layout makes first.
//!
//! They know nothing about flowcharts: a layout takes box sizes and edges (each with an
//! optional label size) and returns rectangles, so it can be tested on generated graphs
//! on its own. The site draws the decision graph as an indented outline (`outline.rs`),
//! which a phone shows at full size.

use std::fmt;

/// Width and height of a box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// A directed edge between two node indices, with the size of its label.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeSpec {
    pub from: usize,
    pub to: usize,
    pub label: Option<Size>,
}

/// The graph to lay out. Negative or non-finite sizes count as zero.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LayoutInput {
    pub nodes: Vec<Size>,
    pub edges: Vec<EdgeSpec>,
}

/// An axis-aligned rectangle; `x`, `y` is the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn center_x(&self) -> f64 {
        self.x + self.width / 2.0
    }

    pub fn center_y(&self) -> f64 {
        self.y + self.height / 2.0
    }

    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// The node indices of one cycle, in edge order: each has an edge to
    /// the next and the last has an edge to the first.
    Cycle(Vec<usize>),
    /// Edge number `edge` names a node index that does not exist.
    BadEdge {
        edge: usize,
        from: usize,
        to: usize,
        node_count: usize,
    },
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::Cycle(nodes) => {
                write!(f, "the graph has a cycle through nodes ")?;
                for (i, node) in nodes.iter().enumerate() {
                    if i > 0 {
                        write!(f, " -> ")?;
                    }
                    write!(f, "{node}")?;
                }
                if let Some(first) = nodes.first() {
                    write!(f, " -> {first}")?;
                }
                Ok(())
            }
            LayoutError::BadEdge {
                edge,
                from,
                to,
                node_count,
            } => write!(
                f,
                "edge {edge} goes from node {from} to node {to}, but there are only {node_count} nodes"
            ),
        }
    }
}

impl std::error::Error for LayoutError {}

pub(super) fn non_negative(value: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value
    } else {
        0.0
    }
}

pub(super) fn clean_size(size: Size) -> Size {
    Size {
        width: non_negative(size.width),
        height: non_negative(size.height),
    }
}

/// Depth-first search for a back edge; returns the cycle it closes.
pub(super) fn find_cycle(input: &LayoutInput, out_edges: &[Vec<usize>]) -> Option<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    const FINISHED: usize = usize::MAX - 1;
    // For each node: UNSEEN, FINISHED, or its depth on the current path.
    let mut state = vec![UNSEEN; input.nodes.len()];
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..input.nodes.len() {
        if state[root] != UNSEEN {
            continue;
        }
        state[root] = 0;
        path.push((root, 0));
        while let Some(top) = path.last_mut() {
            let node = top.0;
            let Some(&edge) = out_edges[node].get(top.1) else {
                state[node] = FINISHED;
                path.pop();
                continue;
            };
            top.1 += 1;
            let next = input.edges[edge].to;
            match state[next] {
                UNSEEN => {
                    state[next] = path.len();
                    path.push((next, 0));
                }
                FINISHED => {}
                depth => return Some(path[depth..].iter().map(|&(n, _)| n).collect()),
            }
        }
    }
    None
}
