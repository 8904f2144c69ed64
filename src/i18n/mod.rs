//! Messages a person reads, from one Fluent catalogue per language (`vi.ftl`, `en.ftl`),
//! compiled into the binary: code holds message ids and arguments, never the text.
//!
//! To add a message: give it an id in both catalogues with the same variables; a
//! diagnostic also gets a code in [`codes`]. The tests hold the catalogues to that.

pub mod codes;

use std::path::Path;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language bantin speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// Tiếng Việt: the default, before and whatever the site says.
    #[default]
    Vi,
    En,
}

/// The environment variable that chooses the language for tools (after `--lang`).
pub const ENV: &str = "BANTIN_LANG";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// `vi` or `en` (also `vi-VN`, `en_US.UTF-8`, any case).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let primary = s.split(['-', '_', '.']).next().unwrap_or("");
        match primary {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The language asked for in `BANTIN_LANG`, if any.
    pub fn from_env() -> Option<Lang> {
        std::env::var(ENV).ok().as_deref().and_then(Lang::parse)
    }

    /// The language to speak: the one asked for (`--lang`, then `BANTIN_LANG`), else the
    /// site's `language`, else Vietnamese.
    pub fn choose(asked: Option<Lang>, site: Option<&str>) -> Lang {
        asked
            .or_else(Lang::from_env)
            .or_else(|| site.and_then(Lang::parse))
            .unwrap_or_default()
    }

    /// [`Lang::choose`] with the site's `language` read from `ROOT/content/site.yaml`.
    pub fn for_site(asked: Option<Lang>, root: &Path) -> Lang {
        if let Some(lang) = asked.or_else(Lang::from_env) {
            return lang;
        }
        let path = root.join("content").join("site.yaml");
        let language = path
            .exists()
            .then(|| crate::config::SiteConfig::load(&path, &mut Vec::new()).language);
        Lang::choose(None, language.as_deref())
    }

    /// The catalogue's source text.
    pub fn catalogue(self) -> &'static str {
        match self {
            Lang::Vi => include_str!("vi.ftl"),
            Lang::En => include_str!("en.ftl"),
        }
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static VI: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
        static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
        let cell = match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        };
        cell.get_or_init(|| {
            let id = self.code().parse().expect("a valid language identifier");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Terminals and JSON readers show isolation marks as stray characters.
            bundle.set_use_isolating(false);
            let resource =
                FluentResource::try_new(self.catalogue().to_owned()).unwrap_or_else(|(r, _)| r);
            let _ = bundle.add_resource(resource);
            bundle
        })
    }
}

/// A value given to a message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// Another message of the catalogue, in the same language (`list` → "a list").
    Id(&'static str),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<std::borrow::Cow<'_, str>> for Arg {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Arg::Text(s.into_owned())
    }
}
impl From<&Path> for Arg {
    fn from(p: &Path) -> Self {
        Arg::Text(p.display().to_string())
    }
}
impl From<&std::path::PathBuf> for Arg {
    fn from(p: &std::path::PathBuf) -> Self {
        Arg::Text(p.display().to_string())
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i32, i64, u16, u32, u64, usize, u128);

/// A message to be put into words: its id in the catalogues and its arguments.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Message {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let text = format(lang, self.id, None, &self.args);
        debug_assert!(text.is_some(), "no message `{}` in {lang:?}", self.id);
        text.unwrap_or_else(|| self.id.to_owned())
    }

    /// An attribute of the message (`.help`) in `lang`, when the catalogue has it.
    pub fn attribute(&self, lang: Lang, name: &str) -> Option<String> {
        format(lang, self.id, Some(name), &self.args).filter(|s| !s.trim().is_empty())
    }
}

/// `msg!("kind-unknown", kind = written, …)`: a [`Message`] with its arguments.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

/// A number with `places` decimals, with the decimal comma in Vietnamese.
pub fn decimal(value: f64, places: usize, lang: Lang) -> String {
    let s = format!("{value:.places$}");
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A message without arguments, in `lang`.
pub fn text(lang: Lang, id: &'static str) -> String {
    Message::new(id).text(lang)
}

/// A message (or `id.attribute`) by an id made at run time, when the catalogue has it.
pub fn lookup(lang: Lang, id: &str) -> Option<String> {
    match id.split_once('.') {
        Some((id, attribute)) => format(lang, id, Some(attribute), &[]),
        None => format(lang, id, None, &[]),
    }
}

fn format(
    lang: Lang,
    id: &str,
    attribute: Option<&str>,
    args: &[(&'static str, Arg)],
) -> Option<String> {
    let bundle = lang.bundle();
    let message = bundle.get_message(id)?;
    let pattern = match attribute {
        Some(name) => message.get_attribute(name)?.value(),
        None => message.value()?,
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let value = match value {
            Arg::Text(s) => FluentValue::from(s.as_str()),
            Arg::Number(n) => FluentValue::from(*n),
            Arg::Id(id) => FluentValue::from(text(lang, id)),
        };
        fluent_args.set(*name, value);
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    debug_assert!(errors.is_empty(), "message {id}: {errors:?}");
    Some(out.into_owned())
}

#[cfg(test)]
mod tests;
