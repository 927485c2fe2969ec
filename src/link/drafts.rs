//! Drafts: pages whose front matter says `draft: true`. A build without `--drafts` leaves
//! them out, and a link to one from a page it keeps is an error at the link, saying so,
//! rather than the "does not exist" a reader of the source would not believe. With
//! `--drafts` they are pages like any other.
//!
//! The link is resolved where every Markdown link is (`render::markdown::resolve`), against
//! the drafts this stage hands over in `Site::left_out_drafts`; the message is made here.

use crate::model::Page;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The pages a build keeps, and the drafts it leaves out (source path → URL).
pub(super) fn select(
    pages: Vec<Page>,
    include_drafts: bool,
) -> (Vec<Page>, BTreeMap<PathBuf, String>) {
    let (drafts, kept): (Vec<Page>, Vec<Page>) = pages
        .into_iter()
        .partition(|page| page.front.draft && !include_drafts);
    let left_out = drafts
        .into_iter()
        .map(|page| (page.file, page.url))
        .collect();
    (kept, left_out)
}

/// The error (message, hint) for a link written as `link` to the draft at `draft`.
pub fn link_to_left_out_draft(link: &str, draft: &Path) -> (String, String) {
    (
        format!(
            "link to a draft: `{link}` is {}, a draft (`draft: true`) this build leaves out",
            draft.display()
        ),
        "publish it (remove `draft: true`), remove the link, or build with --drafts".into(),
    )
}
