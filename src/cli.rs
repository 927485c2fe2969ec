//! The command line: parsed once into typed options, then run. `main` only maps the
//! outcome to an exit code: 0 success, 1 content errors, 2 plumbing failures.

use crate::diag::Diagnostics;
use crate::output::Target;
use crate::{BuildOptions, SiteBuild};
use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "archkb",
    version,
    about = "Build the architecture knowledge base: a bilingual static site"
)]
pub struct Cli {
    /// The site's root folder (the one with config.yaml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --out).
    Build {
        /// Where to write the site.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override config.yaml's base_url (e.g. https://example.com/kb/).
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Write a copy that works opened from disk (file://): page-relative links, no
        /// feeds or sitemap, no integrity attributes.
        #[arg(long)]
        offline: bool,
        /// Build even when the output of the same sources, options and archkb is already
        /// in place (see `.<out>.archkb-manifest.json` beside the output folder).
        #[arg(long)]
        no_cache: bool,
    },
    /// Validate everything build validates, plus links and translations; write nothing.
    Check {
        #[arg(long)]
        drafts: bool,
    },
    /// Export one article for a blog or the WeChat editor: inline-styled HTML or Markdown.
    Export {
        /// The article: its source path (content/en/architectures/resnet.md), its path in
        /// its language (guides/choosing-an-architecture) or an architecture id (resnet).
        article: String,
        /// The language to export (default: the source path's, else the default language).
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, value_enum, default_value = "html")]
        format: crate::export::ExportFormat,
        /// Write to FILE instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override config.yaml's base_url, which the links point back to.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Build into memory and serve on 127.0.0.1 with live reload; rebuild on change.
    Serve {
        /// The port; when it is taken, the next free one is used (and said).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll the sources for changes instead of using the OS's notifications.
        #[arg(long)]
        poll: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Scaffold a new site in DIR from the built-in starter.
    Init { dir: PathBuf },
    /// Add a stub for something new.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A data file and an article stub in every language.
    Architecture { id: String },
    /// A language: adds CODE (`fr`, `pt-BR`) to config.yaml and writes the articles a
    /// build needs in it; `archkb check` then lists what is left to translate.
    Language { code: String },
}

/// How a run ended, for the exit code.
pub enum RunResult {
    Ok,
    ContentErrors,
}

pub fn run(cli: Cli) -> Result<RunResult> {
    match cli.command {
        Command::Build {
            out,
            base_url,
            drafts,
            offline,
            no_cache,
        } => {
            let mut options = BuildOptions::new(&cli.root);
            if let Some(out) = out {
                options.out = out;
            }
            options.base_url = base_url;
            options.drafts = drafts;
            if offline {
                options.target = Target::Offline;
            }
            options.reuse_output = !no_cache;
            let started = std::time::Instant::now();
            let (outcome, report) = crate::build(&options)?;
            print_diagnostics(&outcome.diagnostics);
            if let Some(report) = report {
                let (files, kib) = (report.written.files, report.written.bytes / 1024);
                let (out, ms) = (options.out.display(), started.elapsed().as_millis());
                if report.up_to_date {
                    eprintln!(
                        "up to date: {files} files ({kib} KiB) in {out}, written by a build of \
                         the same sources, options and archkb; checked in {ms} ms \
                         (--no-cache builds anyway)"
                    );
                } else {
                    eprintln!("built {files} files ({kib} KiB) into {out} in {ms} ms");
                }
                // The process ends now: freeing the site's millions of allocations one by one
                // takes a tenth of a second of one core at 10,000 articles, which the OS does
                // at once. The build holds nothing but memory.
                std::mem::forget(outcome);
                Ok(RunResult::Ok)
            } else {
                summarize_failure(&outcome);
                Ok(RunResult::ContentErrors)
            }
        }
        Command::Check { drafts } => {
            let mut options = BuildOptions::new(&cli.root);
            options.drafts = drafts;
            let outcome = crate::check(&options)?;
            print_diagnostics(&outcome.diagnostics);
            if outcome.diagnostics.has_errors() {
                summarize_failure(&outcome);
                Ok(RunResult::ContentErrors)
            } else {
                eprintln!(
                    "check: no errors, {} warnings",
                    outcome.diagnostics.warning_count()
                );
                Ok(RunResult::Ok)
            }
        }
        Command::Export {
            article,
            lang,
            format,
            out,
            base_url,
        } => {
            let mut build = BuildOptions::new(&cli.root);
            build.base_url = base_url;
            build.target = Target::Export;
            let options = crate::export::ExportOptions {
                build,
                article,
                lang,
                format,
            };
            match crate::export::export(&options)? {
                Ok(text) => {
                    crate::export::write_output(&text, out.as_deref())?;
                    if let Some(out) = out {
                        eprintln!("exported {} to {}", options.article, out.display());
                    }
                    Ok(RunResult::Ok)
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    eprintln!("error: nothing was exported");
                    Ok(RunResult::ContentErrors)
                }
            }
        }
        Command::Serve {
            port,
            bind,
            open,
            poll,
            drafts,
        } => {
            let mut options = crate::serve::ServeOptions::new(&cli.root);
            options.port = port;
            options.bind = bind;
            options.drafts = drafts;
            options.poll = poll.then(|| std::time::Duration::from_millis(300));
            crate::serve::run_until_interrupted(options, open)?;
            Ok(RunResult::Ok)
        }
        Command::Init { dir } => {
            let written = crate::scaffold::init(&dir)?;
            eprintln!(
                "created a site in {} ({} files); build it with `archkb --root {} build`",
                dir.display(),
                written,
                dir.display()
            );
            Ok(RunResult::Ok)
        }
        Command::New {
            what: NewCommand::Architecture { id },
        } => match crate::scaffold::new_architecture(&cli.root, &id)? {
            Ok(files) => {
                for f in files {
                    eprintln!("created {}", f.display());
                }
                Ok(RunResult::Ok)
            }
            Err(diag) => {
                eprintln!("{diag}");
                Ok(RunResult::ContentErrors)
            }
        },
        Command::New {
            what: NewCommand::Language { code },
        } => match crate::scaffold::new_language(&cli.root, &code)? {
            Ok(added) => {
                report_language(&added);
                Ok(RunResult::Ok)
            }
            Err(diag) => {
                eprintln!("{diag}");
                Ok(RunResult::ContentErrors)
            }
        },
    }
}

/// What `new language` did and the steps left, in the order an author takes them.
fn report_language(added: &crate::scaffold::LanguageAdded) {
    let code = &added.code;
    eprintln!("added `{code}` to languages in config.yaml");
    for f in &added.created {
        eprintln!("created {}", f.display());
    }
    let i18n = added.i18n_file.display();
    match &added.theme_copy {
        Some(_) if added.created.contains(&added.i18n_file) => eprintln!(
            "the theme's strings for `{code}` are commented out in {i18n}: translate them there"
        ),
        Some(theme) => eprintln!(
            "{i18n} already exists; the other strings of {} fall back to the default language",
            theme.display()
        ),
        None => eprintln!(
            "this site uses the built-in theme, so its UI text shows in the default language \
             for now; to translate it, create {i18n} (a site's themes/ folder overrides single \
             theme files) with the keys of the default language's i18n file"
        ),
    }
    eprintln!(
        "next: run `archkb check`: it lists every text still missing in `{code}` (data files \
         must give one before the site builds; missing UI strings and untranslated articles \
         are warnings)"
    );
}

fn print_diagnostics(diags: &Diagnostics) {
    let text = diags.render_text();
    if !text.is_empty() {
        eprint!("{text}");
    }
}

fn summarize_failure(built: &SiteBuild) {
    let d = &built.diagnostics;
    eprintln!(
        "error: the site has {} error{} ({} warning{}); nothing was written",
        d.error_count(),
        if d.error_count() == 1 { "" } else { "s" },
        d.warning_count(),
        if d.warning_count() == 1 { "" } else { "s" },
    );
}
