//! Which bench models an architecture's page covers: its own and its family members'
//! (for the estimator), and those no results file has yet (listed as pending, so a reader
//! sees the gap instead of an empty chart).

use crate::model::{Architecture, Site};
use std::collections::BTreeSet;

/// The bench models of `arch` and of the members of its family, in the order its page
/// lists them.
pub fn models_of(site: &Site, arch: &Architecture) -> Vec<String> {
    std::iter::once(arch)
        .chain(
            site.architectures
                .iter()
                .filter(|a| a.record.family.as_deref() == Some(&arch.id)),
        )
        .flat_map(|a| a.record.bench_models.iter().cloned())
        .collect()
}

/// The bench models `arch` names itself that no results file has yet, in its order.
pub fn pending<'a>(site: &Site, arch: &'a Architecture) -> Vec<&'a String> {
    let benched: BTreeSet<&str> = site
        .bench
        .iter()
        .flat_map(|f| f.record.results.iter().map(|r| r.model.as_str()))
        .collect();
    arch.record
        .bench_models
        .iter()
        .filter(|m| !benched.contains(m.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_site::bundled;

    /// An architecture with a bench model that has results, and that model.
    fn benched_architecture(site: &Site) -> (Architecture, String) {
        site.architectures
            .iter()
            .find_map(|a| {
                let model = a.record.bench_models.iter().find(|m| {
                    site.bench
                        .iter()
                        .any(|f| f.record.results.iter().any(|r| &r.model == *m))
                })?;
                Some((a.clone(), model.clone()))
            })
            .expect("some architecture has bench results")
    }

    #[test]
    fn a_model_without_results_is_pending_and_one_with_results_is_not() {
        let mut site = bundled().clone();
        let (arch, model) = benched_architecture(&site);
        assert!(
            !pending(&site, &arch).contains(&&model),
            "{model} has results"
        );
        for file in &mut site.bench {
            file.record.results.retain(|r| r.model != model);
        }
        assert!(
            pending(&site, &arch).contains(&&model),
            "{model} lost its results"
        );
    }

    #[test]
    fn a_family_covers_its_members_models_after_its_own() {
        let site = bundled();
        let family = site
            .architectures
            .iter()
            .find(|f| {
                site.architectures.iter().any(|m| {
                    m.record.family.as_deref() == Some(&f.id) && !m.record.bench_models.is_empty()
                })
            })
            .expect("a family with a benched member");
        let models = models_of(site, family);
        assert!(models.starts_with(&family.record.bench_models));
        for member in site
            .architectures
            .iter()
            .filter(|m| m.record.family.as_deref() == Some(&family.id))
        {
            for model in &member.record.bench_models {
                assert!(models.contains(model), "{model} of {}", member.id);
            }
        }
    }
}
