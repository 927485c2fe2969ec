//! The ranked shortlist of one recommendation under the reader's constraints: which
//! candidates stay (and why they fit), which are ruled out (and why, in one line), the
//! baseline to beat and a /compare/ link that shows just the shortlist.
//!
//! `rank` is the whole ranking. It works on a verdict table (how each candidate fares
//! under each option, from `Constraint::verdict`) that the widget receives as data, and
//! `themes/default/static/shortlist.js` mirrors it line for line; both are tested against
//! the same golden cases in `tests/shortlist/vectors.json`.

use super::card::link;
use crate::markup::join_path;
use crate::model::constraints::Verdict;
use crate::model::{Outcome, Site};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The reader's answers: constraint id → option id.
pub type ConstraintAnswers = BTreeMap<String, String>;

/// Architecture id → constraint id → option id → verdict; neutral verdicts are left out.
pub type VerdictTable = BTreeMap<String, BTreeMap<String, BTreeMap<String, Verdict>>>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub kept: Vec<Kept>,
    pub ruled_out: Vec<RuledOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub id: String,
    /// The constraints it meets, in asking order.
    pub fits: Vec<String>,
    /// The constraints it meets only with a caution.
    pub cautions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuledOut {
    pub id: String,
    /// The first constraint, in asking order, that rules it out.
    pub because: String,
}

/// Ranks `candidates` (the author's order: the experts' first choice first) under the
/// answered constraints among `ask`. A candidate any answer rules out leaves the list;
/// the rest keep the author's order, except that a candidate that uses the reader's
/// amount of data well comes first and one with a caution comes after those without.
pub fn rank(
    candidates: &[String],
    ask: &[String],
    answers: &ConstraintAnswers,
    verdicts: &VerdictTable,
) -> Ranked {
    let mut kept: Vec<(usize, bool, Kept)> = Vec::new();
    let mut ruled_out = Vec::new();
    for (index, id) in candidates.iter().enumerate() {
        let mut fits = Vec::new();
        let mut cautions = Vec::new();
        let mut boost = false;
        let mut out = None;
        for constraint in ask {
            let Some(option) = answers.get(constraint) else {
                continue;
            };
            let verdict = verdicts
                .get(id)
                .and_then(|v| v.get(constraint))
                .and_then(|v| v.get(option))
                .copied()
                .unwrap_or(Verdict::Neutral);
            match verdict {
                Verdict::Neutral => {}
                Verdict::Fits => fits.push(constraint.clone()),
                Verdict::Boost => {
                    boost = true;
                    fits.push(constraint.clone());
                }
                Verdict::Caution => cautions.push(constraint.clone()),
                Verdict::Out => {
                    out = Some(constraint.clone());
                    break;
                }
            }
        }
        match out {
            Some(because) => ruled_out.push(RuledOut {
                id: id.clone(),
                because,
            }),
            None => kept.push((
                index,
                boost,
                Kept {
                    id: id.clone(),
                    fits,
                    cautions,
                },
            )),
        }
    }
    kept.sort_by_key(|(index, boost, k)| (!boost, k.cautions.len(), *index));
    Ranked {
        kept: kept.into_iter().map(|(_, _, k)| k).collect(),
        ruled_out,
    }
}

/// The verdicts of `ids` under every option of every constraint.
pub fn verdict_table<'a>(site: &Site, ids: impl IntoIterator<Item = &'a str>) -> VerdictTable {
    let compute: Vec<&str> = site.facets.compute.values.keys().collect();
    let mut table = VerdictTable::new();
    for id in ids {
        let Some(arch) = site.architecture(id) else {
            continue;
        };
        let mut by_constraint = BTreeMap::new();
        for c in &site.constraints.list {
            let by_option: BTreeMap<String, Verdict> = c
                .options
                .iter()
                .map(|o| (o.id.clone(), c.verdict(o, &arch.record, &compute)))
                .filter(|(_, v)| *v != Verdict::Neutral)
                .collect();
            if !by_option.is_empty() {
                by_constraint.insert(c.id.clone(), by_option);
            }
        }
        table.insert(id.to_string(), by_constraint);
    }
    table
}

/// `/compare/?rows=a,b` in `lang`, under the site's base path: the table showing only `ids`.
pub fn compare_url(site: &Site, lang: &str, ids: &[&str]) -> String {
    let page = join_path(
        &site.config.base_path(),
        &format!("/{}compare/", site.config.lang_prefix(lang)),
    );
    format!("{page}?rows={}", ids.join(","))
}

/// The page a recommendation names to read next, in `lang`: its title and URL.
pub fn guide_link(site: &Site, lang: &str, rel: &str) -> Option<super::card::Link> {
    let page = site.page(lang, rel)?;
    Some(super::card::Link {
        id: rel.to_string(),
        name: page.front.title.clone(),
        url: join_path(&site.config.base_path(), &page.url),
    })
}

/// "ConvNeXt: too heavy for a phone", with the language's own colon.
pub fn labelled(lang: &str, name: &str, text: &str) -> String {
    if lang == "zh" {
        format!("{name}：{text}")
    } else {
        format!("{name}: {text}")
    }
}

/// Joins phrases with the language's own separator.
pub fn joined(lang: &str, parts: &[String]) -> String {
    parts.join(if lang == "zh" { "；" } else { "; " })
}

/// One recommendation's shortlist, resolved for one language: what /choose/ shows.
#[derive(Debug, Clone, Serialize)]
pub struct ShortlistView {
    pub candidates: Vec<CandidateView>,
    /// "ConvNeXt: too heavy for a phone", one line each.
    pub ruled_out: Vec<String>,
    pub ruled_out_ids: Vec<String>,
    pub baseline: Option<String>,
    pub compare_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CandidateView {
    pub id: String,
    pub name: String,
    pub url: String,
    /// Why it fits: the constraints' own phrases ("runs on a phone").
    pub why: Vec<String>,
    pub cautions: Vec<String>,
}

/// The shortlist of the answer `answer_id` (`question/index`) under `answers`, or `None`
/// when that answer does not recommend.
pub fn shortlist(
    site: &Site,
    lang: &str,
    answer_id: &str,
    answers: &ConstraintAnswers,
) -> Option<ShortlistView> {
    let answer = site
        .decision
        .questions
        .iter()
        .flat_map(|q| &q.answers)
        .find(|a| a.id == answer_id)?;
    let Outcome::Recommend {
        architectures,
        ask,
        baseline,
        ..
    } = &answer.outcome
    else {
        return None;
    };
    let table = verdict_table(site, architectures.iter().map(String::as_str));
    let ranked = rank(architectures, ask, answers, &table);
    let phrase = |constraint: &str,
                  pick: fn(
        &crate::model::constraints::ConstraintOption,
    ) -> Option<&crate::model::Localized<String>>| {
        let c = site.constraints.get(constraint)?;
        let o = c.option(answers.get(constraint)?)?;
        pick(o).map(|t| t.text(lang).to_string())
    };
    let candidates = ranked
        .kept
        .iter()
        .filter_map(|k| {
            let arch = site.architecture(&k.id)?;
            let l = link(site, lang, arch);
            Some(CandidateView {
                id: k.id.clone(),
                name: l.name,
                url: l.url,
                why: k
                    .fits
                    .iter()
                    .filter_map(|c| phrase(c, |o| o.fits.as_ref()))
                    .collect(),
                cautions: k
                    .cautions
                    .iter()
                    .filter_map(|c| phrase(c, |o| o.caution.as_ref()))
                    .collect(),
            })
        })
        .collect::<Vec<_>>();
    let ruled_out = ranked
        .ruled_out
        .iter()
        .filter_map(|r| {
            let arch = site.architecture(&r.id)?;
            let text = phrase(&r.because, |o| o.out.as_ref())?;
            Some(labelled(lang, arch.record.name.text(lang), &text))
        })
        .collect();
    let ids: Vec<&str> = candidates.iter().map(|c| c.id.as_str()).collect();
    Some(ShortlistView {
        compare_url: (!ids.is_empty()).then(|| compare_url(site, lang, &ids)),
        candidates,
        ruled_out,
        ruled_out_ids: ranked.ruled_out.iter().map(|r| r.id.clone()).collect(),
        baseline: baseline.as_ref().map(|b| b.text(lang).to_string()),
    })
}

/// For the no-JavaScript outline: each candidate of a recommendation with every option
/// of the asked constraints that would rule it out ("ConvNeXt: too heavy for a phone;
/// too slow without a GPU"). Candidates no option rules out are left out.
pub fn ruled_out_when(
    site: &Site,
    lang: &str,
    candidates: &[String],
    ask: &[String],
) -> Vec<String> {
    let table = verdict_table(site, candidates.iter().map(String::as_str));
    candidates
        .iter()
        .filter_map(|id| {
            let arch = site.architecture(id)?;
            let outs: Vec<String> = ask
                .iter()
                .filter_map(|cid| site.constraints.get(cid))
                .flat_map(|c| {
                    c.options.iter().filter(|o| {
                        table
                            .get(id)
                            .and_then(|t| t.get(&c.id))
                            .and_then(|t| t.get(&o.id))
                            == Some(&Verdict::Out)
                    })
                })
                .filter_map(|o| o.out.as_ref().map(|t| t.text(lang).to_string()))
                .collect();
            (!outs.is_empty())
                .then(|| labelled(lang, arch.record.name.text(lang), &joined(lang, &outs)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Case {
        name: String,
        candidates: Vec<String>,
        ask: Vec<String>,
        answers: ConstraintAnswers,
        verdicts: VerdictTable,
        expected: Ranked,
    }

    /// The same cases the JavaScript mirror is tested against.
    #[test]
    fn golden_cases_shared_with_the_browser() {
        let cases: Vec<Case> =
            serde_json::from_str(include_str!("../../tests/shortlist/vectors.json"))
                .expect("vectors parse");
        assert!(cases.len() >= 6);
        for case in cases {
            let got = rank(&case.candidates, &case.ask, &case.answers, &case.verdicts);
            assert_eq!(got, case.expected, "{}", case.name);
        }
    }

    #[test]
    fn an_unasked_constraint_changes_nothing() {
        let table: VerdictTable = serde_json::from_str(
            r#"{"convnext": {"target": {"phone": "out"}}, "mobilenet-v2": {"target": {"phone": "fits"}}}"#,
        )
        .unwrap();
        let answers: ConstraintAnswers = [("target".to_string(), "phone".to_string())].into();
        let ids = vec!["convnext".to_string(), "mobilenet-v2".to_string()];
        assert_eq!(rank(&ids, &[], &answers, &table).kept.len(), 2);
        let asked = rank(&ids, &["target".to_string()], &answers, &table);
        assert_eq!(asked.kept[0].id, "mobilenet-v2");
        assert_eq!(asked.ruled_out[0].because, "target");
    }

    #[test]
    fn ruled_out_lines_use_the_language_colon() {
        assert_eq!(
            labelled("en", "ConvNeXt", "too heavy for a phone"),
            "ConvNeXt: too heavy for a phone"
        );
        assert_eq!(
            labelled("zh", "ConvNeXt", "放到手机上太重"),
            "ConvNeXt：放到手机上太重"
        );
    }
}
