//! The preview server's request parsing and path resolution: whatever the request head,
//! a resolved key names a file inside the site (no `..` or `.` segment, no separator
//! other than `/`, no NUL, no absolute path).
#![no_main]
use archkb::serve::http::{parse_request_head, resolve_target, route};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|head: &[u8]| {
    let Some(request) = parse_request_head(head) else {
        return;
    };
    let Ok(key) = resolve_target(&request.target) else {
        return;
    };
    assert!(!key.starts_with('/'), "{key:?}");
    assert!(!key.contains('\\') && !key.contains('\0'), "{key:?}");
    for segment in key.split('/') {
        assert!(segment != ".." && segment != ".", "{key:?}");
    }
    let files = ["index.html", "a/index.html", "404.html", "zh/404.html"];
    let _ = route(&key, None, |p| files.contains(&p));
});
