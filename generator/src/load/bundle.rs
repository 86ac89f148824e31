//! Bundles references into other files into the root document.
//!
//! A reference `other.yml#/components/<kind>/<Name>` is copied into the root
//! document's `components/<kind>` (under a fresh name if the root already
//! has a different `<Name>`) and rewritten to a local reference; any other
//! external reference is inlined. References local to an external file are
//! resolved against that file, not the root.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use super::context::{has_children, Ctx, Pointer};
use super::{escape_token, read_value, unescape_token};
use crate::error::{Error, Result};

struct Bundler<'a> {
    root: PathBuf,
    root_dir: PathBuf,
    files: &'a mut BTreeSet<PathBuf>,
    cache: BTreeMap<PathBuf, Value>,
    /// (file, pointer) -> local reference already assigned.
    assigned: BTreeMap<(PathBuf, String), String>,
    /// Components to add to the root, by kind then name.
    added: BTreeMap<String, BTreeMap<String, Value>>,
    /// Guards against inlining cycles.
    inlining: Vec<(PathBuf, String)>,
    /// Schemas being inlined that a cycle made components instead:
    /// (file, pointer) -> the component's name.
    hoisted: BTreeMap<(PathBuf, String), String>,
    /// Component names the root document already has, by kind.
    existing: BTreeSet<(String, String)>,
}

/// Rewrites every external `$ref` in `value` (the root document).
pub(super) fn bundle(root: &Path, value: &mut Value, files: &mut BTreeSet<PathBuf>) -> Result<()> {
    let root_dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut existing = BTreeSet::new();
    if let Some(Value::Object(components)) = value.get("components") {
        for (kind, section) in components {
            if let Value::Object(section) = section {
                existing.extend(section.keys().map(|n| (kind.clone(), n.clone())));
            }
        }
    }
    let mut b = Bundler {
        root: root.to_path_buf(),
        root_dir,
        files,
        cache: BTreeMap::new(),
        assigned: BTreeMap::new(),
        added: BTreeMap::new(),
        inlining: Vec::new(),
        hoisted: BTreeMap::new(),
        existing,
    };
    let root_file = b.root.clone();
    // Local references to places other than `components` (Qovery points at
    // other operations' parameters) are inlined from this snapshot.
    b.cache.insert(root_file.clone(), value.clone());
    b.walk(&root_file, value, &mut Pointer::root(), Ctx::Object)?;
    super::drop_aside(std::mem::take(&mut b.cache));
    if b.added.is_empty() {
        return Ok(());
    }
    let obj = value.as_object_mut().ok_or_else(|| Error::spec(root, "#", "the document is not a mapping"))?;
    let components = obj.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return Err(Error::spec(root, "#/components", "`components` is not a mapping"));
    };
    for (kind, entries) in std::mem::take(&mut b.added) {
        let section = components.entry(kind.clone()).or_insert_with(|| Value::Object(Map::new()));
        let Some(section) = section.as_object_mut() else {
            return Err(Error::spec(root, format!("#/components/{kind}"), "not a mapping"));
        };
        for (name, v) in entries {
            section.insert(name, v);
        }
    }
    Ok(())
}

/// Normalizes `a/./b/../c` without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            // `..` after `..` (or at the start) climbs further; after a
            // name it removes that name.
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Follows a JSON pointer (without the leading `#`).
pub(crate) fn resolve_pointer<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() || pointer == "/" {
        return Some(value);
    }
    value.pointer(pointer)
}

impl Bundler<'_> {
    /// Reads `file` into the cache (once); the document is borrowed from
    /// there, so a reference copies only what it points at.
    fn load(&mut self, file: &Path, from: &Path, at: &str) -> Result<&Value> {
        if self.cache.contains_key(file) {
            return Ok(&self.cache[file]);
        }
        if !file.exists() {
            return Err(Error::spec(from, at, format!("`$ref` points to `{}`, which does not exist", file.display())));
        }
        // Refuse to read outside the spec's folder tree: a spec from a third
        // party must not make the generator read arbitrary local files.
        let canon_root = self.root_dir.canonicalize().unwrap_or_else(|_| self.root_dir.clone());
        let canon = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
        if !canon.starts_with(&canon_root) {
            return Err(Error::spec(
                from,
                at,
                format!("`$ref` points to `{}`, outside the spec's folder", file.display()),
            ));
        }
        let v = read_value(file)?;
        self.files.insert(file.to_path_buf());
        Ok(self.cache.entry(file.to_path_buf()).or_insert(v))
    }

    /// Walks `value`, which lives in `file` and is a `ctx`, rewriting
    /// references. Data (examples, defaults, extensions) is left alone: a
    /// `$ref` key there is a value, not a reference.
    fn walk(&mut self, file: &Path, value: &mut Value, at: &mut Pointer, ctx: Ctx) -> Result<()> {
        match value {
            _ if ctx == Ctx::Data => {}
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let r = r.clone();
                    if let Some(replacement) = self.rewrite(file, &r, at.as_str(), ctx)? {
                        match replacement {
                            Rewritten::Ref(local) => {
                                map.insert("$ref".into(), Value::String(local));
                            }
                            Rewritten::Inline(v) => {
                                *value = v;
                            }
                        }
                    }
                    return Ok(());
                }
                // Only mappings and lists can hold a reference.
                for (k, v) in map.iter_mut().filter(|(_, v)| has_children(v)) {
                    let child_ctx = ctx.child(k, v);
                    at.key(k, |at| self.walk(file, v, at, child_ctx))?;
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate().filter(|(_, v)| has_children(v)) {
                    at.index(i, |at| self.walk(file, v, at, ctx))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Rewrites the reference `r`; its target is walked as a `ctx`, the
    /// kind of value the reference stands for.
    fn rewrite(&mut self, file: &Path, r: &str, at: &str, ctx: Ctx) -> Result<Option<Rewritten>> {
        let (target_file, pointer) = match r.split_once('#') {
            Some((f, p)) => (f, percent_decode(p)),
            None => (r, String::new()),
        };
        let component = component_of(&pointer);
        if target_file.is_empty() && file == self.root && component.is_some() {
            return Ok(None);
        }
        let target = if target_file.is_empty() {
            file.to_path_buf()
        } else {
            if target_file.contains("://") {
                return Err(Error::spec(file, at, format!("remote `$ref` `{r}` is not supported")));
            }
            let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
            normalize(&dir.join(target_file))
        };
        if target == self.root && component.is_some() {
            return Ok(Some(Rewritten::Ref(format!("#{pointer}"))));
        }
        let key = (target.clone(), pointer.clone());
        if let Some(local) = self.assigned.get(&key) {
            return Ok(Some(Rewritten::Ref(local.clone())));
        }
        let doc = self.load(&target, file, at)?;
        let Some(found) = resolve_pointer(doc, &pointer).cloned() else {
            return Err(Error::spec(
                file,
                at,
                format!("`$ref` `{r}`: `{pointer}` not found in `{}`", target.display()),
            ));
        };
        if let Some((kind, name)) = component {
            return self.copy_component(key, kind, name, found, ctx).map(Some);
        }
        if self.inlining.contains(&key) {
            if ctx != Ctx::Schema {
                return Err(Error::spec(file, at, format!("`$ref` `{r}` is part of a cycle that cannot be inlined")));
            }
            return Ok(Some(self.hoist(key)));
        }
        self.inline(file, r, at, key, found, ctx).map(Some)
    }

    /// Copies the component `kind`/`name` (`name` escaped) of another file
    /// into the root's components, under a name of its own, and gives the
    /// local reference to it. `key` is the target's file and pointer.
    fn copy_component(
        &mut self,
        key: (PathBuf, String),
        kind: &str,
        name: &str,
        mut found: Value,
        ctx: Ctx,
    ) -> Result<Rewritten> {
        let local_name = self.fresh_name(kind, &unescape_token(name));
        let local = format!("#/components/{kind}/{}", escape_token(&local_name));
        self.assigned.insert(key.clone(), local.clone());
        // Reserve the name before walking, so cycles find it.
        self.added.entry(kind.to_string()).or_default().insert(local_name.clone(), Value::Null);
        self.walk(&key.0, &mut found, &mut Pointer::at(&format!("#{}", key.1)), ctx)?;
        self.added.entry(kind.to_string()).or_default().insert(local_name, found);
        Ok(Rewritten::Ref(local))
    }

    /// A schema that contains a reference to itself (a `$ref` into the
    /// middle of another schema, recursive) becomes a component, which the
    /// IR boxes like any recursive type. Its name is reserved here; the
    /// inlining that met the cycle fills it in when it ends.
    fn hoist(&mut self, key: (PathBuf, String)) -> Rewritten {
        let parts: Vec<&str> = key.1.split('/').collect();
        let local_name = self.fresh_name("schemas", &hoisted_name(&parts));
        let local = format!("#/components/schemas/{}", escape_token(&local_name));
        self.added.entry("schemas".into()).or_default().insert(local_name.clone(), Value::Null);
        self.assigned.insert(key.clone(), local.clone());
        self.hoisted.insert(key, local_name);
        Rewritten::Ref(local)
    }

    /// The target `found` of the reference `r`, walked, to be inlined; or,
    /// when a cycle hoisted it meanwhile, a reference to the component it
    /// becomes.
    fn inline(
        &mut self,
        file: &Path,
        r: &str,
        at: &str,
        key: (PathBuf, String),
        mut found: Value,
        ctx: Ctx,
    ) -> Result<Rewritten> {
        self.inlining.push(key.clone());
        let res = self.walk(&key.0, &mut found, &mut Pointer::at(&format!("#{}", key.1)), ctx);
        self.inlining.pop();
        res?;
        let Some(local_name) = self.hoisted.remove(&key) else { return Ok(Rewritten::Inline(found)) };
        // Only references on the way round: nothing to make a type of.
        if found.as_object().is_some_and(|o| o.len() == 1 && o.contains_key("$ref")) {
            return Err(Error::spec(file, at, format!("`$ref` `{r}` is part of a cycle of references only")));
        }
        let local = format!("#/components/schemas/{}", escape_token(&local_name));
        self.added.entry("schemas".into()).or_default().insert(local_name, found);
        Ok(Rewritten::Ref(local))
    }

    fn fresh_name(&self, kind: &str, name: &str) -> String {
        let taken = |n: &str| {
            self.added.get(kind).is_some_and(|m| m.contains_key(n))
                || self.existing.contains(&(kind.to_string(), n.to_string()))
        };
        let mut candidate = name.to_string();
        let mut i = 2;
        while taken(&candidate) {
            candidate = format!("{name}{i}");
            i += 1;
        }
        candidate
    }
}

/// The name of a schema made a component from its pointer's tokens: the
/// last one that is not a keyword or an index, `Item` added when the
/// pointer goes on into `items` (`.../subnets/items` -> `subnetsItem`).
fn hoisted_name(parts: &[&str]) -> String {
    const KEYWORDS: &[&str] =
        &["items", "properties", "additionalProperties", "allOf", "oneOf", "anyOf", "not", "schemas", "components"];
    let is_name = |p: &&str| !p.is_empty() && !KEYWORDS.contains(p) && !p.bytes().all(|b| b.is_ascii_digit());
    let Some(i) = parts.iter().rposition(is_name) else { return "Schema".into() };
    let base = unescape_token(parts[i]);
    if parts[i + 1..].contains(&"items") {
        format!("{base}Item")
    } else {
        base
    }
}

/// What a reference becomes.
enum Rewritten {
    /// A local reference.
    Ref(String),
    /// The value it points at.
    Inline(Value),
}

/// The kind and (escaped) name of a pointer to a component
/// (`/components/<kind>/<name>`).
fn component_of(pointer: &str) -> Option<(&str, &str)> {
    match pointer.split('/').collect::<Vec<_>>()[..] {
        ["", "components", kind, name] => Some((kind, name)),
        _ => None,
    }
}

/// Decodes `%XX` escapes in a reference's fragment.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
