//! Typed positions in the Site's tables. A document's place cannot be taken for a unit's:
//! `site.docs[unit]` does not compile.

macro_rules! id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        impl $name {
            /// The position as a plain number, for tables that are not typed (search shards,
            /// counts) and for messages.
            pub fn index(self) -> usize {
                self.0
            }
        }

        impl From<usize> for $name {
            fn from(index: usize) -> Self {
                $name(index)
            }
        }

        impl From<$name> for usize {
            fn from(id: $name) -> usize {
                id.0
            }
        }
    };
}

id! {
    /// A document's place in `Site::docs` (newest first).
    DocId
}
id! {
    /// A unit's place in `Site::units`: registered units first, in the registry's order.
    UnitId
}
id! {
    /// A campaign's place in `Site::campaigns`: registered campaigns first.
    CampaignId
}
