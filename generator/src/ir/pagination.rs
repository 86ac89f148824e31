//! Auto-pagination: which list operations page, and how the next page is
//! asked for. An operation is paginated by a rule of the `pagination`
//! option, else by its vendor extension (`page_extensions`), else by
//! detection on its parameters and response. Every
//! paginated operation is reported (`Kind::Paginated`) with the rule that
//! decided it, so nothing is detected silently.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{struct_of, Api, Encoding, Operation, ParamLocation, Success, TypeDef, TypeRef};
use crate::load::escape_token;
use crate::report::{Kind, Report};

/// How an operation's pages follow each other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    /// How the next page is asked for.
    pub follow: Follow,
    /// The fields from a page to its items; empty when the page is the list.
    pub items: Vec<Step>,
    /// The type of one item.
    pub item: TypeRef,
    /// The rule that decided it: a detection rule's name, or `configured`.
    pub rule: String,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Follow {
    /// A cursor out of the page into the query parameter `param`.
    Cursor { param: String, from: Vec<Step> },
    /// A link out of the page's body is the next URL.
    BodyLink { from: Vec<Step> },
    /// The `Link` header's `rel="next"`.
    LinkHeader,
    /// A page number in the query parameter `param`.
    PageNumber { param: String, first: u64 },
    /// An offset in the query parameter `param`.
    Offset { param: String },
}

/// One field on the way from a page to a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The Rust field name.
    pub rust_name: String,
    /// How many `Option`s wrap the field in the model (0 to 2).
    pub options: u8,
}

/// A rule of the `pagination` option: `<operations> <how> [items <path>]`,
/// where `<operations>` is an operation id, or a pattern with `*`, and
/// `<how>` one of `cursor <param> from <path>`, `link from <path>`,
/// `link-header`, `page <param>`, `offset <param>` or `none` (no
/// pagination, whatever detection finds). Paths are dotted field names
/// as the document spells them (`links.next`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct PageRule {
    /// The operation id pattern.
    pub operations: String,
    /// How the next page is asked for; `None` turns pagination off.
    pub how: Option<RuleFollow>,
    /// The path to the items, when given.
    pub items: Option<Vec<String>>,
}

/// The `<how>` of a [`PageRule`], with paths as wire names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleFollow {
    /// `cursor <param> from <path>`.
    Cursor(String, Vec<String>),
    /// `link from <path>`.
    BodyLink(Vec<String>),
    /// `link-header`.
    LinkHeader,
    /// `page <param>`.
    PageNumber(String),
    /// `offset <param>`.
    Offset(String),
}

impl FromStr for PageRule {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let path = |w: &str| w.split('.').map(str::to_string).collect::<Vec<_>>();
        let bad = || {
            format!("pagination rule `{text}`: expected `<operation> <how> [items <path>]`, where <how> is `cursor <param> from <path>`, `link from <path>`, `link-header`, `page <param>`, `offset <param>` or `none`")
        };
        let (how, rest) = match words.get(1..).unwrap_or_default() {
            ["cursor", param, "from", from, rest @ ..] => {
                (Some(RuleFollow::Cursor(param.to_string(), path(from))), rest)
            }
            ["link", "from", from, rest @ ..] => (Some(RuleFollow::BodyLink(path(from))), rest),
            ["link-header", rest @ ..] => (Some(RuleFollow::LinkHeader), rest),
            ["page", param, rest @ ..] => (Some(RuleFollow::PageNumber(param.to_string())), rest),
            ["offset", param, rest @ ..] => (Some(RuleFollow::Offset(param.to_string())), rest),
            ["none"] => (None, &[][..]),
            _ => return Err(bad()),
        };
        let items = match rest {
            [] => None,
            ["items", p] => Some(path(p)),
            _ => return Err(bad()),
        };
        Ok(PageRule { operations: words[0].to_string(), how, items })
    }
}

impl TryFrom<String> for PageRule {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

impl fmt::Display for PageRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.operations)
    }
}

impl PageRule {
    fn matches(&self, id: &str) -> bool {
        glob(&self.operations, id)
    }
}

/// Whether `id` matches `pattern`, where `*` stands for any text.
fn glob(pattern: &str, id: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == id,
        Some((head, tail)) => {
            let Some(rest) = id.strip_prefix(head) else { return false };
            (0..=rest.len()).filter(|i| rest.is_char_boundary(*i)).any(|i| glob(tail, &rest[i..]))
        }
    }
}

/// Paginates the operations of `api`: by the first rule that matches an
/// operation, else by detection.
pub fn paginate(api: &mut Api, rules: &[PageRule], report: &mut Report) {
    let types = std::mem::take(&mut api.types);
    for op in api.groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        let ptr = format!("#/paths/{}/{}", escape_token(&op.path), op.method.to_string().to_ascii_lowercase());
        let extension = op.page_extension.take();
        let pagination = match (rules.iter().find(|r| r.matches(&op.id)), &extension) {
            (Some(rule), _) => configured(op, rule, &types, "configured")
                .map_err(|e| format!("pagination rule `{}`: {e}", rule.operations)),
            (None, Some((name, rule))) => configured(op, rule, &types, name).map_err(|e| format!("`{name}`: {e}")),
            (None, None) => Ok(detect(op, &types)),
        };
        match pagination {
            Ok(Some(p)) => {
                report.add(Kind::Paginated, &ptr, format!("paginated ({}): {}", p.rule, p.follow.label()));
                op.pagination = Some(p);
            }
            Ok(None) => {}
            Err(reason) => report.add(Kind::Other, &ptr, format!("{reason}; the operation is not paginated")),
        }
    }
    api.types = types;
}

impl Follow {
    /// What the check report says.
    pub fn label(&self) -> String {
        match self {
            Follow::Cursor { param, .. } => format!("a cursor from the body into `{param}`"),
            Follow::BodyLink { .. } => "the next link in the body".into(),
            Follow::LinkHeader => "the `Link` header's `rel=\"next\"`".into(),
            Follow::PageNumber { param, .. } => format!("page numbers in `{param}`"),
            Follow::Offset { param } => format!("offsets in `{param}`"),
        }
    }
}

/// The page type of a list operation: one JSON success, read whole.
fn page_type(op: &Operation) -> Option<&TypeRef> {
    match &op.success {
        Success::Single(r) if r.encoding == Encoding::Json && op.stream.is_none() => Some(&r.ty),
        _ => None,
    }
}

/// The pagination `rule` gives `op`, named `source` in the report (
/// `configured`, or the vendor extension it was read from).
fn configured(
    op: &Operation,
    rule: &PageRule,
    types: &BTreeMap<String, TypeDef>,
    source: &str,
) -> Result<Option<Pagination>, String> {
    let Some(how) = &rule.how else { return Ok(None) };
    let page = page_type(op).ok_or("the operation has no single JSON success to read pages from")?;
    let (items, item) = match &rule.items {
        Some(path) => {
            let (steps, ty) =
                walk(types, page, path).ok_or_else(|| format!("no field `{}` in the page", path.join(".")))?;
            (steps, vec_item(types, &ty).ok_or_else(|| format!("`{}` is not a list", path.join(".")))?)
        }
        None => find_items(types, page).ok_or("no list of items in the page; name it with `items <path>`")?,
    };
    let query = |name: &str| {
        op.params
            .iter()
            .any(|p| p.location == ParamLocation::Query && p.name == name)
            .then_some(())
            .ok_or_else(|| format!("no query parameter `{name}`"))
    };
    let text = |path: &[String]| {
        let (steps, ty) =
            walk(types, page, path).ok_or_else(|| format!("no field `{}` in the page", path.join(".")))?;
        scalar(&ty).then_some(steps).ok_or_else(|| format!("`{}` is not a string or a number", path.join(".")))
    };
    let follow = match how {
        RuleFollow::Cursor(param, from) => {
            query(param)?;
            Follow::Cursor { param: param.clone(), from: text(from)? }
        }
        RuleFollow::BodyLink(from) => Follow::BodyLink { from: text(from)? },
        RuleFollow::LinkHeader => Follow::LinkHeader,
        RuleFollow::PageNumber(param) => {
            query(param)?;
            Follow::PageNumber { param: param.clone(), first: 1 }
        }
        RuleFollow::Offset(param) => {
            query(param)?;
            Follow::Offset { param: param.clone() }
        }
    };
    Ok(Some(Pagination { follow, items, item, rule: source.into() }))
}

/// A name folded for comparison: lowercase, without `_` and `-`.
fn fold(name: &str) -> String {
    name.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect()
}

/// Query parameters that take a cursor.
const CURSOR_PARAMS: &[&str] = &["cursor", "continuetoken", "pagetoken", "nexttoken", "after", "marker", "startcursor"];
/// Response fields that hold the next cursor.
const CURSOR_FIELDS: &[&str] =
    &["nextcursor", "continuetoken", "nextpagetoken", "nexttoken", "nextmarker", "cursor", "endcursor"];
/// Containers of pagination fields in a page.
const META_FIELDS: &[&str] = &["meta", "pagination", "paging", "responsemetadata", "pageinfo", "links", "page"];
/// Paths of a next-page link in a page, folded.
const LINK_PATHS: &[&[&str]] =
    &[&["links", "next"], &["links", "next", "href"], &["next"], &["nextpageurl"], &["nextlink"], &["nexturl"]];
/// Preferred names of the items field, folded.
const ITEM_FIELDS: &[&str] = &["items", "data", "results", "entries", "records", "values", "elements", "content"];

/// Detection: the first rule whose pattern the operation matches.
fn detect(op: &Operation, types: &BTreeMap<String, TypeDef>) -> Option<Pagination> {
    if op.method != super::HttpMethod::Get {
        return None;
    }
    let page = page_type(op)?;
    let (items, item) = find_items(types, page)?;
    let query = |names: &[&str]| {
        op.params.iter().find(|p| p.location == ParamLocation::Query && names.contains(&fold(&p.name).as_str()))
    };
    let numeric = |t: &TypeRef| matches!(t, TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64);
    let made =
        |follow, rule: &str| Some(Pagination { follow, items: items.clone(), item: item.clone(), rule: rule.into() });
    if let Some(param) = query(CURSOR_PARAMS) {
        if let Some(from) = find_field(types, page, CURSOR_FIELDS) {
            return made(Follow::Cursor { param: param.name.clone(), from }, "cursor parameter and next-cursor field");
        }
    }
    for path in LINK_PATHS {
        if let Some((steps, ty)) = walk_folded(types, page, path) {
            if ty == TypeRef::String {
                return made(Follow::BodyLink { from: steps }, "next-page link in the body");
            }
        }
    }
    if let Some(param) = query(&["page", "pagenumber"]).filter(|p| numeric(&p.ty)) {
        return made(Follow::PageNumber { param: param.name.clone(), first: 1 }, "page-number parameter");
    }
    if let Some(param) = query(&["offset", "skip"]).filter(|p| numeric(&p.ty)) {
        if query(&["limit", "pagesize", "perpage", "top", "count"]).is_some() {
            return made(Follow::Offset { param: param.name.clone() }, "offset and limit parameters");
        }
    }
    None
}

/// The items of a page: the page itself when it is a list, else its list
/// field with a preferred name, else its only list field.
fn find_items(types: &BTreeMap<String, TypeDef>, page: &TypeRef) -> Option<(Vec<Step>, TypeRef)> {
    if let Some(item) = vec_item(types, page) {
        return Some((Vec::new(), item));
    }
    let s = struct_of(types, page)?;
    let lists: Vec<&super::Field> = s.fields.iter().filter(|f| vec_item(types, &f.ty).is_some()).collect();
    let field = lists.iter().find(|f| ITEM_FIELDS.contains(&fold(&f.name).as_str())).or(match lists.as_slice() {
        [only] => Some(only),
        _ => None,
    })?;
    Some((vec![step(field)], vec_item(types, &field.ty)?))
}

/// The first cursor field at the top of the page or in one of its
/// pagination containers.
fn find_field(types: &BTreeMap<String, TypeDef>, page: &TypeRef, names: &[&str]) -> Option<Vec<Step>> {
    let s = struct_of(types, page)?;
    let here = |s: &super::Struct| {
        s.fields.iter().find(|f| names.contains(&fold(&f.name).as_str()) && scalar(&f.ty)).map(step)
    };
    if let Some(found) = here(s) {
        return Some(vec![found]);
    }
    s.fields.iter().filter(|f| META_FIELDS.contains(&fold(&f.name).as_str())).find_map(|meta| {
        let inner = struct_of(types, &meta.ty)?;
        Some(vec![step(meta), here(inner)?])
    })
}

fn step(f: &super::Field) -> Step {
    let required = f.required && !f.write_only;
    let options = match (required, f.nullable) {
        (true, false) => 0,
        (false, true) => 2,
        _ => 1,
    };
    Step { rust_name: f.rust_name.clone(), options }
}

/// The fields along `path` (wire names), and the type at its end.
fn walk(types: &BTreeMap<String, TypeDef>, page: &TypeRef, path: &[String]) -> Option<(Vec<Step>, TypeRef)> {
    let mut ty = page.clone();
    let mut steps = Vec::new();
    for name in path {
        let f = struct_of(types, &ty)?.fields.iter().find(|f| &f.name == name)?;
        steps.push(step(f));
        ty = f.ty.clone();
    }
    Some((steps, ty))
}

/// [`walk`] with folded names.
fn walk_folded(types: &BTreeMap<String, TypeDef>, page: &TypeRef, path: &[&str]) -> Option<(Vec<Step>, TypeRef)> {
    let mut ty = page.clone();
    let mut steps = Vec::new();
    for name in path {
        let f = struct_of(types, &ty)?.fields.iter().find(|f| fold(&f.name) == *name)?;
        steps.push(step(f));
        ty = f.ty.clone();
    }
    Some((steps, ty))
}

/// A type a cursor can be: text or a number, sent as text.
fn scalar(t: &TypeRef) -> bool {
    matches!(t, TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::Uuid)
}

/// The item type of a list, through aliases.
fn vec_item(types: &BTreeMap<String, TypeDef>, t: &TypeRef) -> Option<TypeRef> {
    let mut t = t;
    for _ in 0..16 {
        match t {
            TypeRef::Vec(item) => return Some((**item).clone()),
            TypeRef::Named(n) => match types.get(n)? {
                TypeDef::Alias(a) => t = &a.ty,
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{glob, PageRule, RuleFollow};

    #[test]
    fn rules_parse_and_patterns_match() {
        let rule: PageRule = "list* cursor page_token from meta.next items data".parse().expect("a rule");
        assert_eq!(rule.how, Some(RuleFollow::Cursor("page_token".into(), vec!["meta".into(), "next".into()])));
        assert_eq!(rule.items, Some(vec!["data".to_string()]));
        assert!(rule.matches("listThings") && !rule.matches("getThing"));
        assert_eq!("getX none".parse::<PageRule>().expect("none").how, None);
        for bad in ["", "x", "x cursor", "x link links.next", "x page p items", "x none items a"] {
            assert!(bad.parse::<PageRule>().is_err(), "{bad}");
        }
        assert!(glob("*", "") && glob("a*c", "abc") && glob("a*c", "ac") && !glob("a*c", "ab"));
    }
}
