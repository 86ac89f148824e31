//! Views of paginated calls: the request value's `pages()` and
//! `paginate()`, and the field accessors the runtime's paginator calls.

use serde::Serialize;

use super::rust_type;
use crate::ir::pagination::{Follow, Step};
use crate::ir::Operation;
use crate::plan::filters::lit;

/// How an operation's request value pages.
#[derive(Debug, Clone, Serialize)]
pub struct PagesView {
    /// The type of one page (the operation's success type).
    pub page: String,
    /// The type of one item.
    pub item: String,
    /// The runtime's `Follow` expression.
    pub follow: String,
    /// A closure counting the items of `&page`.
    pub count: String,
    /// A closure taking the items out of a page.
    pub items: String,
    /// The rule that decided it, for the docs.
    pub rule: String,
    /// How the next page is asked for, for the docs.
    pub how: String,
}

/// The pages view of `op`, whose success type is `page`. Its closures bind
/// only [`crate::ir::reserved::CLOSURE_LOCALS`].
pub fn pages_view(op: &Operation, page: &str, rt: &str) -> Option<PagesView> {
    let p = op.pagination.as_ref()?;
    let text = |steps: &[Step]| {
        let (chain, optional) = borrowed(steps);
        let body =
            if optional { format!("{chain}.map(ToString::to_string)") } else { format!("Some({chain}.to_string())") };
        format!("|p: &{page}| {body}")
    };
    let follow = match &p.follow {
        Follow::Cursor { param, from } => {
            format!("{rt}::Follow::Cursor {{ param: {}, cursor: {} }}", lit(param), text(from))
        }
        Follow::BodyLink { from } => format!("{rt}::Follow::BodyLink({})", text(from)),
        Follow::LinkHeader => format!("{rt}::Follow::LinkHeader"),
        Follow::PageNumber { param, first } => {
            format!("{rt}::Follow::PageNumber {{ param: {}, first: {first} }}", lit(param))
        }
        Follow::Offset { param } => format!("{rt}::Follow::Offset {{ param: {} }}", lit(param)),
    };
    let (chain, optional) = borrowed(&p.items);
    let count = if optional { format!("{chain}.map_or(0, Vec::len)") } else { format!("{chain}.len()") };
    Some(PagesView {
        page: page.to_string(),
        item: rust_type(&p.item, "models"),
        follow,
        count: format!("|p: &{page}| {count}"),
        items: format!("|p: {page}| {}", owned(&p.items)),
        rule: p.rule.clone(),
        how: p.follow.label(),
    })
}

/// An expression borrowing the value at `steps` from `p`: a place of the
/// value itself when no step is optional (`false`), else an
/// `Option<&value>` (`true`).
fn borrowed(steps: &[Step]) -> (String, bool) {
    let (mut e, mut optional) = ("p".to_string(), false);
    for s in steps {
        let name = &s.rust_name;
        e = match (optional, s.options) {
            (false, 0) => format!("{e}.{name}"),
            (false, 1) => format!("{e}.{name}.as_ref()"),
            (false, _) => format!("{e}.{name}.as_ref().and_then(Option::as_ref)"),
            (true, 0) => format!("{e}.map(|x| &x.{name})"),
            (true, 1) => format!("{e}.and_then(|x| x.{name}.as_ref())"),
            (true, _) => format!("{e}.and_then(|x| x.{name}.as_ref().and_then(Option::as_ref))"),
        };
        optional |= s.options > 0;
    }
    (e, optional)
}

/// An expression moving the list at `steps` out of `p`; an absent list
/// is empty.
fn owned(steps: &[Step]) -> String {
    let (mut e, mut optional) = ("p".to_string(), false);
    for s in steps {
        let name = &s.rust_name;
        e = match (optional, s.options) {
            (false, 0 | 1) => format!("{e}.{name}"),
            (false, _) => format!("{e}.{name}.flatten()"),
            (true, 0) => format!("{e}.map(|x| x.{name})"),
            (true, 1) => format!("{e}.and_then(|x| x.{name})"),
            (true, _) => format!("{e}.and_then(|x| x.{name}.flatten())"),
        };
        optional |= s.options > 0;
    }
    if optional {
        e.push_str(".unwrap_or_default()");
    }
    e
}
