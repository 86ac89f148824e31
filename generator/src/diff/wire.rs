//! Changes that the Rust API does not show but the wire does: servers,
//! security, media types. And the credential setters, which are Rust API.

use super::{ChangeReport, Impact};
use crate::ir::{Api, SecurityScheme};
use crate::plan::OperationView;

/// Servers of the whole API.
pub(super) fn diff_servers(old: &Api, new: &Api, report: &mut ChangeReport) {
    if old.servers != new.servers {
        let what = format!("servers `{}` are now `{}`", old.servers.join(", "), new.servers.join(", "));
        report.add(Impact::Wire, "API", what);
    }
}

fn scheme_shape(s: &SecurityScheme) -> (String, String) {
    match s {
        SecurityScheme::Bearer { rust_name, .. } => (rust_name.clone(), "bearer token".into()),
        SecurityScheme::Basic { rust_name, .. } => (rust_name.clone(), "basic".into()),
        SecurityScheme::ApiKey { rust_name, location, param, .. } => {
            (rust_name.clone(), format!("api key in {} `{param}`", format!("{location:?}").to_lowercase()))
        }
    }
}

/// Security schemes: each is a setter of `ClientBuilder` (Rust API) and a
/// way to send a credential (wire).
pub(super) fn diff_schemes(old: &Api, new: &Api, report: &mut ChangeReport) {
    for (name, s) in &old.security_schemes {
        let (setter, how) = scheme_shape(s);
        match new.security_schemes.get(name).map(scheme_shape) {
            None => {
                report.add(Impact::Breaking, format!("ClientBuilder::{setter}"), format!("scheme `{name}` removed"))
            }
            Some((now, _)) if now != setter => report.add(
                Impact::Breaking,
                format!("ClientBuilder::{setter}"),
                format!("scheme `{name}` has the setter `{now}` now"),
            ),
            Some((_, now)) if now != how => {
                report.add(Impact::Wire, format!("ClientBuilder::{setter}"), format!("sent as {now} instead of {how}"))
            }
            Some(_) => {}
        }
    }
    for (name, s) in new.security_schemes.iter().filter(|(n, _)| !old.security_schemes.contains_key(*n)) {
        let (setter, how) = scheme_shape(s);
        report.add(Impact::Compatible, format!("ClientBuilder::{setter}"), format!("scheme `{name}` added ({how})"));
    }
}

/// What one operation sends and accepts, beyond its Rust signature.
pub(super) fn diff_operation(key: &str, op: &OperationView, now: &OperationView, report: &mut ChangeReport) {
    let mut wire = |what: String| report.add(Impact::Wire, key, what);
    let show = |m: &Option<String>| m.clone().unwrap_or_else(|| "none".into());
    let (was, is) = (&op.operation, &now.operation);
    if was.servers != is.servers {
        wire(format!("servers `{}` are now `{}`", was.servers.join(", "), is.servers.join(", ")));
    }
    if was.security != is.security {
        wire(format!("security `{}` is now `{}`", security_text(&was.security), security_text(&is.security)));
    }
    if op.content_type != now.content_type {
        wire(format!("request media type `{}` is now `{}`", show(&op.content_type), show(&now.content_type)));
    }
    if op.accept != now.accept {
        wire(format!("accepted media types `{}` are now `{}`", show(&op.accept), show(&now.accept)));
    }
}

/// Security alternatives as people read them: `a and b or c`, `none`.
fn security_text(alternatives: &[Vec<String>]) -> String {
    if alternatives.is_empty() {
        return "none".into();
    }
    let alt = |schemes: &Vec<String>| if schemes.is_empty() { "anonymous".into() } else { schemes.join(" and ") };
    alternatives.iter().map(alt).collect::<Vec<_>>().join(" or ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn security_reads_as_words() {
        let alts = |a: &[&[&str]]| a.iter().map(|s| s.iter().map(|x| x.to_string()).collect()).collect::<Vec<_>>();
        assert_eq!(super::security_text(&alts(&[])), "none");
        assert_eq!(super::security_text(&alts(&[&["key"], &["a", "b"], &[]])), "key or a and b or anonymous");
    }
}
