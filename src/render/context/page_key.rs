//! What a page's HTML is a function of, as one digest: the theme's templates, the template
//! the page renders with, and the context it sees. Tera is deterministic, so two pages with
//! the same key render to the same bytes, and serve's rebuilds reuse the HTML of a page whose
//! key has not changed instead of rendering it again (`render::Reuse`).
//!
//! The context is digested straight from its typed value: [`Encoder`] is a serde
//! `Serializer` that writes every call it gets in an unambiguous encoding (a tag per kind, a
//! length before every string, an end mark after every list, map and struct), so two
//! contexts encode alike only when serde sees the same values in the same order, and then
//! serde_json turns them into the same object for Tera. No object is built for a page whose
//! key is unchanged, which is most of the cost of a page that is not rendered. SHA-256 keeps
//! an accidental collision out of the question.
//!
//! What every page of a language shares (its UI strings, its assets) is digested once per
//! render, not once per page: a context holds it as [`Shared`], which serialises as the value
//! itself, and a [`KeyMaker`] that was given the value encodes it as its digest.

use serde::ser::{self, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// The digest of a page's template set, template and context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageKey([u8; 32]);

/// A value many pages' contexts share, borrowed from what the render holds for all of them:
/// serialised as the value itself (to Tera it is the value), and encoded in a page's key as
/// its digest when the [`KeyMaker`] knows it.
pub struct Shared<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> Clone for Shared<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Shared<'_, T> {}

impl<T: fmt::Debug + ?Sized> fmt::Debug for Shared<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The newtype name [`Shared`] serialises under; serde_json, like every serializer but
/// [`Encoder`], serialises a newtype as what it wraps.
const SHARED: &str = "archkb::render::context::page_key::Shared";

impl<T: Serialize + ?Sized> Serialize for Shared<'_, T> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(SHARED, self.0)
    }
}

/// Makes page keys: the template set's digest, and the digests of the values pages share
/// (by address and type: the values are borrowed for as long as the key maker lives, so
/// none can change or move while it does).
pub struct KeyMaker<'v> {
    templates: TemplateSet,
    shared: Vec<(usize, &'static str, [u8; 32])>,
    _values: std::marker::PhantomData<&'v ()>,
}

impl<'v> KeyMaker<'v> {
    pub fn new(templates: TemplateSet) -> Self {
        KeyMaker {
            templates,
            shared: Vec::new(),
            _values: std::marker::PhantomData,
        }
    }

    /// Digests `value` once, for every context that holds it as [`Shared`].
    pub fn share<T: Serialize + ?Sized>(&mut self, value: &'v T) {
        let mut out = Digest256::default();
        let encoder = Encoder {
            out: &mut out,
            keys: self,
        };
        if value.serialize(encoder).is_ok() {
            let digest = out.finish();
            self.shared
                .push((address(value), std::any::type_name::<T>(), digest));
        }
    }

    fn shared_digest<T: ?Sized>(&self, value: &T) -> Option<&[u8; 32]> {
        let (at, ty) = (address(value), std::any::type_name::<T>());
        self.shared
            .iter()
            .find(|(a, t, _)| *a == at && *t == ty)
            .map(|(_, _, digest)| digest)
    }

    /// The key of a page rendered with `template` against `context`; `None` when the
    /// template set renders nothing reusable, or the context fails to serialise.
    pub fn page_key(&self, template: &str, context: &(impl Serialize + ?Sized)) -> Option<PageKey> {
        let set = self.templates.0?;
        let mut out = Digest256::default();
        out.extend(&set);
        bytes(&mut out, template.as_bytes());
        context
            .serialize(Encoder {
                out: &mut out,
                keys: self,
            })
            .ok()?;
        Some(PageKey(out.finish()))
    }
}

fn address<T: ?Sized>(value: &T) -> usize {
    (value as *const T).cast::<()>() as usize
}

/// The digest of a theme's templates, or `None` when a template calls one of Tera's
/// functions whose result is not a function of the context (`now`, `get_random`,
/// `get_env`): no page of such a theme is ever reused. Calls are looked for in the text
/// (the name, then `(`), so one in a comment only costs the reuse, never correctness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateSet(Option<[u8; 32]>);

/// Tera's built-in functions whose result is not a function of the context.
const IMPURE_FUNCTIONS: &[&str] = &["now", "get_random", "get_env"];

impl TemplateSet {
    /// The digest of `templates`: every template's name and source, in the order given
    /// (the theme's, which is sorted).
    pub fn new<'a>(templates: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Self {
        let mut out = Digest256::default();
        for (name, source) in templates {
            let text = String::from_utf8_lossy(source);
            if IMPURE_FUNCTIONS.iter().any(|f| calls(&text, f)) {
                return TemplateSet(None);
            }
            bytes(&mut out, name.as_bytes());
            bytes(&mut out, source);
        }
        TemplateSet(Some(out.finish()))
    }
}

/// SHA-256 fed through a small buffer: the encoding's many short pieces are gathered
/// before they are hashed, and a long string (a page's HTML) is hashed where it lies,
/// never copied.
struct Digest256 {
    hasher: Sha256,
    buffer: Vec<u8>,
}

/// A piece at least this long skips the buffer.
const LONG: usize = 512;

impl Default for Digest256 {
    fn default() -> Self {
        Digest256 {
            hasher: Sha256::new(),
            buffer: Vec::with_capacity(8 * 1024),
        }
    }
}

impl Digest256 {
    fn push(&mut self, byte: u8) {
        self.buffer.push(byte);
    }

    fn extend(&mut self, data: &[u8]) {
        if data.len() >= LONG {
            self.flush();
            self.hasher.update(data);
            return;
        }
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= self.buffer.capacity() - LONG {
            self.flush();
        }
    }

    fn flush(&mut self) {
        self.hasher.update(&self.buffer);
        self.buffer.clear();
    }

    fn finish(mut self) -> [u8; 32] {
        self.flush();
        self.hasher.finalize().into()
    }
}

/// Whether `text` holds a call of the function `name`: the name as a whole word, then `(`
/// (Tera allows spaces between).
fn calls(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].trim_start();
        !before.is_some_and(is_ident) && after.starts_with('(')
    })
}

/// The tags of the encoding: one before every value, and `END` after the items of every
/// list, map and struct (no value starts with it, so where a list ends is never in doubt).
mod tag {
    pub(super) const END: u8 = 0;
    pub(super) const UNIT: u8 = 1;
    pub(super) const FALSE: u8 = 2;
    pub(super) const TRUE: u8 = 3;
    pub(super) const INT: u8 = 4;
    pub(super) const UINT: u8 = 5;
    pub(super) const FLOAT: u8 = 6;
    pub(super) const CHAR: u8 = 7;
    pub(super) const STR: u8 = 8;
    pub(super) const BYTES: u8 = 9;
    pub(super) const NONE: u8 = 10;
    pub(super) const SOME: u8 = 11;
    pub(super) const UNIT_STRUCT: u8 = 12;
    pub(super) const UNIT_VARIANT: u8 = 13;
    pub(super) const NEWTYPE_STRUCT: u8 = 14;
    pub(super) const NEWTYPE_VARIANT: u8 = 15;
    pub(super) const SEQ: u8 = 16;
    pub(super) const TUPLE: u8 = 17;
    pub(super) const TUPLE_STRUCT: u8 = 18;
    pub(super) const TUPLE_VARIANT: u8 = 19;
    pub(super) const MAP: u8 = 20;
    pub(super) const STRUCT: u8 = 21;
    pub(super) const STRUCT_VARIANT: u8 = 22;
    pub(super) const SKIPPED_FIELD: u8 = 23;
    pub(super) const SHARED_DIGEST: u8 = 24;
}

fn bytes(out: &mut Digest256, bytes: &[u8]) {
    out.extend(&(bytes.len() as u64).to_le_bytes());
    out.extend(bytes);
}

fn tagged(out: &mut Digest256, tag: u8, data: &[u8]) {
    out.push(tag);
    bytes(out, data);
}

/// Why a context could not be encoded: only a `Serialize` impl's own error.
#[derive(Debug)]
pub struct EncodeError(String);

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EncodeError {}

impl ser::Error for EncodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        EncodeError(msg.to_string())
    }
}

/// The serde `Serializer` that writes the encoding into `out`.
struct Encoder<'b> {
    out: &'b mut Digest256,
    keys: &'b KeyMaker<'b>,
}

type Done = Result<(), EncodeError>;

impl<'b> Encoder<'b> {
    fn reborrow(&mut self) -> Encoder<'_> {
        Encoder {
            out: self.out,
            keys: self.keys,
        }
    }

    fn open(self, tag: u8, name: &str) -> Self {
        tagged(self.out, tag, name.as_bytes());
        self
    }

    /// [`Encoder::open`] for an enum's variant: the enum's name, then the variant's.
    fn open_variant(self, tag: u8, name: &str, variant: &str) -> Self {
        let this = self.open(tag, name);
        bytes(this.out, variant.as_bytes());
        this
    }

    fn end(self) -> Done {
        self.out.push(tag::END);
        Ok(())
    }
}

/// Integer methods that write their value widened: a number keys the same whatever its
/// integer type.
macro_rules! widened_to {
    ($wide:ident: $($method:ident($narrow:ty)),*) => {$(
        fn $method(self, v: $narrow) -> Done {
            self.$wide(v.into())
        }
    )*};
}

impl<'b> ser::Serializer for Encoder<'b> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.out.push(if v { tag::TRUE } else { tag::FALSE });
        Ok(())
    }
    widened_to!(serialize_i128:
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64));
    fn serialize_i128(self, v: i128) -> Done {
        self.out.push(tag::INT);
        self.out.extend(&v.to_le_bytes());
        Ok(())
    }
    widened_to!(serialize_u128:
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64));
    fn serialize_u128(self, v: u128) -> Done {
        self.out.push(tag::UINT);
        self.out.extend(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        // serde_json widens an f32 to f64 the same way.
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.out.push(tag::FLOAT);
        self.out.extend(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.out.push(tag::CHAR);
        self.out.extend(&u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        tagged(self.out, tag::STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        tagged(self.out, tag::BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.out.push(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.out.push(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.out.push(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Done {
        tagged(self.out, tag::UNIT_STRUCT, name.as_bytes());
        Ok(())
    }
    fn serialize_unit_variant(self, name: &'static str, _: u32, variant: &'static str) -> Done {
        self.open_variant(tag::UNIT_VARIANT, name, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Done {
        if name == SHARED {
            if let Some(digest) = self.keys.shared_digest(value) {
                tagged(self.out, tag::SHARED_DIGEST, digest);
                return Ok(());
            }
        }
        value.serialize(self.open(tag::NEWTYPE_STRUCT, name))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        value.serialize(self.open_variant(tag::NEWTYPE_VARIANT, name, variant))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, EncodeError> {
        self.out.push(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, EncodeError> {
        self.out.push(tag::TUPLE);
        Ok(self)
    }
    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Self, EncodeError> {
        Ok(self.open(tag::TUPLE_STRUCT, name))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, EncodeError> {
        Ok(self.open_variant(tag::TUPLE_VARIANT, name, variant))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, EncodeError> {
        self.out.push(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Self, EncodeError> {
        Ok(self.open(tag::STRUCT, name))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, EncodeError> {
        Ok(self.open_variant(tag::STRUCT_VARIANT, name, variant))
    }
}

/// The compound serializers that write their elements one after another.
macro_rules! elements_in_order {
    ($($compound:ident :: $element:ident),* $(,)?) => {$(
        impl<'b> ser::$compound for Encoder<'b> {
            type Ok = ();
            type Error = EncodeError;
            fn $element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(self.reborrow())
            }
            fn end(self) -> Done {
                Encoder::end(self)
            }
        }
    )*};
}

elements_in_order!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl<'b> ser::SerializeMap for Encoder<'b> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(self.reborrow())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(self.reborrow())
    }
    fn end(self) -> Done {
        Encoder::end(self)
    }
}

/// The compound serializers with named fields: each field's name, then its value (or a
/// mark that it was skipped).
macro_rules! named_fields {
    ($($compound:ident),* $(,)?) => {$(
        impl<'b> ser::$compound for Encoder<'b> {
            type Ok = ();
            type Error = EncodeError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Done {
                tagged(self.out, tag::STR, key.as_bytes());
                value.serialize(self.reborrow())
            }
            fn skip_field(&mut self, key: &'static str) -> Done {
                tagged(self.out, tag::SKIPPED_FIELD, key.as_bytes());
                Ok(())
            }
            fn end(self) -> Done {
                Encoder::end(self)
            }
        }
    )*};
}

named_fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    fn set(source: &str) -> TemplateSet {
        TemplateSet::new([("page.html", source.as_bytes())])
    }

    fn key(templates: &TemplateSet, template: &str, context: &impl Serialize) -> PageKey {
        KeyMaker::new(*templates)
            .page_key(template, context)
            .unwrap()
    }

    #[derive(serde::Serialize)]
    struct Page<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
        summary: Option<&'a str>,
        minutes: usize,
        #[serde(flatten)]
        extra: BTreeMap<&'a str, f64>,
    }

    fn page() -> Page<'static> {
        Page {
            title: "A",
            tags: vec!["x", "y"],
            summary: None,
            minutes: 1,
            extra: BTreeMap::from([("score", 1.5)]),
        }
    }

    #[test]
    fn the_same_template_and_context_give_the_same_key() {
        let templates = set("{{ title }}");
        assert_eq!(
            key(&templates, "page.html", &page()),
            key(&set("{{ title }}"), "page.html", &page())
        );
        let value = json!({"title": "A", "n": [1, 2.5, null]});
        assert_eq!(
            key(&templates, "page.html", &value),
            key(&templates, "page.html", &value.clone())
        );
    }

    #[test]
    fn any_change_to_the_context_the_template_or_the_set_changes_the_key() {
        let templates = set("{{ title }}");
        let k = key(&templates, "page.html", &page());
        let changes: [fn(&mut Page<'static>); 7] = [
            |p| p.title = "B",
            |p| p.tags = vec!["xy"],
            |p| p.tags = vec!["x", "y", ""],
            |p| p.summary = Some(""),
            |p| p.minutes = 2,
            |p| {
                p.extra.insert("score", 1.25);
            },
            |p| {
                p.extra.insert("more", 0.0);
            },
        ];
        for change in changes {
            let mut other = page();
            change(&mut other);
            assert_ne!(k, key(&templates, "page.html", &other));
        }
        assert_ne!(k, key(&templates, "home.html", &page()));
        assert_ne!(k, key(&set("{{ title }}!"), "page.html", &page()));
        let renamed = TemplateSet::new([("other.html", "{{ title }}".as_bytes())]);
        assert_ne!(k, key(&renamed, "page.html", &page()));
    }

    /// Strings that run into each other, or a list that could end in two places, encode
    /// apart.
    #[test]
    fn the_encoding_tells_apart_what_concatenation_would_not() {
        let templates = set("");
        let pairs: [(Value, Value); 4] = [
            (json!(["ab", "c"]), json!(["a", "bc"])),
            (json!([["a"], "b"]), json!([["a", "b"]])),
            (json!({"a": "b", "c": "d"}), json!({"a": "bcd"})),
            (json!([1]), json!([1.0])),
        ];
        for (a, b) in pairs {
            assert_ne!(
                key(&templates, "t", &a),
                key(&templates, "t", &b),
                "{a} {b}"
            );
        }
    }

    #[test]
    fn a_template_that_reads_the_clock_or_the_environment_is_never_reused() {
        for source in [
            "{{ now() }}",
            "{{ now (timestamp=true) }}",
            "{{ get_random(end=9) }}",
            "{% set home = get_env(name=\"HOME\") %}",
        ] {
            let keys = KeyMaker::new(set(source));
            assert_eq!(keys.page_key("page.html", &page()), None, "{source}");
        }
        // Words that merely contain a name are not calls.
        let plain = KeyMaker::new(set("<p>Known now: {{ snow(x=1) }}</p>"));
        assert!(plain.page_key("page.html", &page()).is_some());
    }

    #[derive(serde::Serialize)]
    struct WithStrings<'a> {
        title: &'a str,
        t: Shared<'a, BTreeMap<String, String>>,
    }

    /// A shared value is the value itself to Tera, and in a key its digest: the same
    /// strings give the same key, other strings another.
    #[test]
    fn a_shared_value_is_keyed_by_its_digest_and_serialised_as_itself() {
        let strings = BTreeMap::from([("nav".to_string(), "Guides".to_string())]);
        let context = WithStrings {
            title: "A",
            t: Shared(&strings),
        };
        assert_eq!(
            serde_json::to_value(&context).unwrap(),
            json!({"title": "A", "t": {"nav": "Guides"}})
        );
        let templates = set("{{ t.nav }}");
        let mut keys = KeyMaker::new(templates);
        keys.share(&strings);
        let shared = keys.page_key("page.html", &context).unwrap();
        assert_eq!(keys.page_key("page.html", &context), Some(shared));

        let same = strings.clone();
        let mut again = KeyMaker::new(templates);
        again.share(&same);
        let copy = WithStrings {
            title: "A",
            t: Shared(&same),
        };
        assert_eq!(again.page_key("page.html", &copy), Some(shared));

        let other = BTreeMap::from([("nav".to_string(), "Guides!".to_string())]);
        let mut changed = KeyMaker::new(templates);
        changed.share(&other);
        let edited = WithStrings {
            title: "A",
            t: Shared(&other),
        };
        assert_ne!(changed.page_key("page.html", &edited), Some(shared));
        // Not shared with the key maker, the value is encoded whole: still its own key.
        let unshared = KeyMaker::new(templates).page_key("page.html", &edited);
        assert!(unshared.is_some());
        assert_ne!(unshared, Some(shared));
        assert_ne!(
            unshared,
            KeyMaker::new(templates).page_key("page.html", &context)
        );
    }
}
