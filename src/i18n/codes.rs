//! Every kind of diagnostic: its stable code (shown with the message, listed in
//! docs/ma-loi.md) and the id of its message in the catalogues, whose `.help` attribute
//! says how to fix it. A code, once given, is never changed or given to another kind:
//! add new ones at the end of their group (or after the last).

/// A kind of diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code {
    /// `BT012`.
    pub code: &'static str,
    /// The message id in `vi.ftl` and `en.ftl`.
    pub id: &'static str,
}

/// The groups of codes for docs/ma-loi.md: the first code number of each and the
/// catalogue id of its heading. Codes past the last group's start are grouped under it.
pub const GROUPS: &[(u16, &str)] = &[
    (1, "codes-group-files"),
    (10, "codes-group-front-matter"),
    (40, "codes-group-registries"),
    (60, "codes-group-site"),
    (70, "codes-group-theme"),
    (80, "codes-group-references"),
    (90, "codes-group-output"),
    (100, "codes-group-import"),
    (120, "codes-group-other"),
    (130, "codes-group-values"),
    (150, "codes-group-deadlines"),
    (170, "codes-group-publish"),
    (190, "codes-group-start"),
];

macro_rules! codes {
    ($($code:ident $name:ident $id:literal,)*) => {
        $(pub const $name: Code = Code { code: stringify!($code), id: $id };)*
        /// All codes, in order.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

codes! {
    // Files and folders
    BT001 FILE_UNREADABLE "file-unreadable",
    BT002 FILE_NOT_UTF8 "file-not-utf8",
    BT003 CONTENT_MISSING "content-missing",
    BT004 FOLDER_UNREADABLE "folder-unreadable",
    BT005 INDEX_AT_TOP "index-at-top",
    BT006 ATTACHMENT_MISSING "attachment-missing",
    BT007 ADDRESS_TAKEN "address-taken",
    BT008 NAME_WITHOUT_LETTERS "name-without-letters",
    BT009 LINK_OUT_OF_CONTENT "link-out-of-content",
    // Front matter of a document
    BT010 FRONT_MATTER_MISSING "front-matter-missing",
    BT011 FRONT_MATTER_YAML "front-matter-yaml",
    BT012 FRONT_MATTER_NOT_MAP "front-matter-not-map",
    BT013 VALUE_NOT_TEXT "value-not-text",
    BT014 LIST_ITEM_NOT_TEXT "list-item-not-text",
    BT015 VALUE_NOT_LIST "value-not-list",
    BT016 DATE_WRONG_TYPE "date-wrong-type",
    BT017 DATE_SHAPE "date-shape",
    BT018 DATE_NOT_A_DAY "date-not-a-day",
    BT019 DATE_MONTH "date-month",
    BT020 DATE_AMBIGUOUS "date-ambiguous",
    BT021 KIND_UNKNOWN "kind-unknown",
    BT022 YEAR_INVALID "year-invalid",
    BT023 DRAFT_NOT_BOOL "draft-not-bool",
    BT024 KEY_UNKNOWN "key-unknown",
    BT025 SIGNER_KEY_UNKNOWN "signer-key-unknown",
    BT026 KEY_MISSING "key-missing",
    BT027 PERIOD_INCOMPLETE "period-incomplete",
    BT028 PERIOD_REVERSED "period-reversed",
    BT029 DEADLINES_NOT_LIST "deadlines-not-list",
    BT030 DEADLINE_INCOMPLETE "deadline-incomplete",
    BT031 DEADLINE_WITHOUT_DAY "deadline-without-day",
    BT032 DATE_CANONICAL "date-canonical",
    // units.yaml and campaigns.yaml
    BT040 UNIT_NAME_TAKEN "unit-name-taken",
    BT041 CAMPAIGN_NAME_TAKEN "campaign-name-taken",
    BT042 UNIT_LINK_UNKNOWN "unit-link-unknown",
    BT043 REGISTRY_NOT_LIST "registry-not-list",
    BT044 REGISTRY_YAML "registry-yaml",
    BT045 REGISTRY_KEY_UNKNOWN "registry-key-unknown",
    BT046 UNIT_WITHOUT_NAME "unit-without-name",
    BT047 UNIT_LEVEL_UNKNOWN "unit-level-unknown",
    BT048 UNIT_UNTIL_INVALID "unit-until-invalid",
    BT049 UNIT_SUCCESSOR_WITHOUT_UNTIL "unit-successor-without-until",
    BT050 CAMPAIGN_WITHOUT_NAME "campaign-without-name",
    BT051 SPELLING_SPLITS_INDEX "spelling-splits-index",
    BT052 NAME_UNREGISTERED "name-unregistered",
    // site.yaml
    BT060 SITE_YAML "site-yaml",
    BT061 SITE_NOT_MAP "site-not-map",
    BT062 BASE_URL_INVALID "base-url-invalid",
    BT063 LANGUAGE_UNKNOWN "language-unknown",
    BT064 PAGE_SIZE_INVALID "page-size-invalid",
    BT065 TRUST_HTML_NOT_BOOL "trust-html-not-bool",
    BT066 LINKS_UNKNOWN "links-unknown",
    BT067 SETTING_UNKNOWN "setting-unknown",
    // Theme, templates, rendering
    BT070 THEME_MISSING "theme-missing",
    BT071 THEME_TRANSLATIONS_YAML "theme-translations-yaml",
    BT072 TEMPLATE_ERROR "template-error",
    BT073 WRITE_FAILED "write-failed",
    BT074 ATTACHMENT_COPY_FAILED "attachment-copy-failed",
    BT076 LINK_BROKEN "link-broken",
    BT077 TEMPLATE_UNDEFINED "template-undefined",
    BT078 ADDRESS_OVER_OWN_PAGE "address-over-own-page",
    // References between documents
    BT080 REPORTS_ON_OUTSIDE "reports-on-outside",
    BT081 NUMBER_AMBIGUOUS "number-ambiguous",
    BT082 BASED_ON_AMBIGUOUS "based-on-ambiguous",
    BT083 NUMBER_DUPLICATE "number-duplicate",
    // The output folder; serve
    BT090 OUTPUT_IS_FILE "output-is-file",
    BT091 OUTPUT_HOLDS_SITE "output-holds-site",
    BT092 OUTPUT_NOT_OURS "output-not-ours",
    BT093 OUTPUT_SWAP_FAILED "output-swap-failed",
    BT094 STAGING_FAILED "staging-failed",
    BT095 REBUILD_FAILED "rebuild-failed",
    BT096 OUTPUT_IS_LINK "output-is-link",
    BT097 OLD_OUTPUT_LEFT "old-output-left",
    BT098 ZIP_TARGET_REFUSED "zip-target-refused",
    BT099 ZIP_WRITE_FAILED "zip-write-failed",
    // bantin import: a file that cannot be imported, or written
    BT100 IMPORT_NOT_FOUND "import-not-found",
    BT101 IMPORT_UNREADABLE "import-unreadable",
    BT102 IMPORT_EMPTY "import-empty",
    BT103 IMPORT_TOO_LARGE "import-too-large",
    BT104 IMPORT_NOT_ZIP "import-not-zip",
    BT105 IMPORT_BAD_ZIP "import-bad-zip",
    BT106 IMPORT_NOT_WORD "import-not-word",
    BT107 IMPORT_NOT_ODT "import-not-odt",
    BT108 IMPORT_BAD_XML "import-bad-xml",
    BT109 IMPORT_ENCRYPTED "import-encrypted",
    BT110 IMPORT_DOC "import-doc",
    BT111 IMPORT_PDF "import-pdf",
    BT112 IMPORT_NOT_TEXT "import-not-text",
    BT113 IMPORT_UNSUPPORTED "import-unsupported",
    BT114 IMPORT_NO_TEXT "import-no-text",
    BT115 IMPORT_EXISTS "import-exists",
    BT116 IMPORT_OUTSIDE "import-outside",
    BT117 IMPORT_WRITE_FAILED "import-write-failed",
    BT118 IMPORT_FRONT_MATTER "import-front-matter",
    // Files and folders (continued)
    BT120 LINK_DANGLING "link-dangling",
    BT121 FILE_IGNORED "file-ignored",
    BT122 FILE_BINARY "file-binary",
    // Values of keys: documents, units.yaml, campaigns.yaml, site.yaml
    BT130 VALUE_EMPTY "value-empty",
    BT131 LIST_ITEM_EMPTY "list-item-empty",
    BT132 FRONT_MATTER_UNCLOSED "front-matter-unclosed",
    BT133 SIGNER_PART_EMPTY "signer-part-empty",
    BT134 SIGNER_PART_NOT_TEXT "signer-part-not-text",
    BT135 SIGNER_NO_ONE "signer-no-one",
    BT136 SIGNER_WRONG_TYPE "signer-wrong-type",
    BT137 PERIOD_KEY_UNKNOWN "period-key-unknown",
    BT138 DEADLINE_KEY_UNKNOWN "deadline-key-unknown",
    BT139 DATE_YEAR "date-year",
    BT140 REGISTRY_ENTRY_NOT_MAP "registry-entry-not-map",
    BT141 UNIT_OWN_LINK "unit-own-link",
    BT142 UNIT_LINK_CYCLE "unit-link-cycle",
    BT143 DEADLINE_STATUS_UNKNOWN "deadline-status-unknown",
    BT144 BASE_URL_MISSING "base-url-missing",
    // Deadlines
    BT150 DEADLINE_BY_NO_RECIPIENTS "deadline-by-no-recipients",
    BT151 DEADLINE_BY_UNKNOWN "deadline-by-unknown",
    // bantin publish
    BT170 PUBLISH_CONFIG "publish-config",
    BT171 PUBLISH_AUTH "publish-auth",
    BT172 PUBLISH_UNREACHABLE "publish-unreachable",
    BT173 PUBLISH_REFUSED "publish-refused",
    BT174 PUBLISH_TIMEOUT "publish-timeout",
    BT175 PUBLISH_PERMISSION "publish-permission",
    BT176 PUBLISH_DISK_FULL "publish-disk-full",
    BT177 PUBLISH_HOST_KEY_UNKNOWN "publish-host-key-unknown",
    BT178 PUBLISH_HOST_KEY_CHANGED "publish-host-key-changed",
    BT179 PUBLISH_CERTIFICATE "publish-certificate",
    BT180 PUBLISH_LOCAL "publish-local",
    BT181 PUBLISH_OTHER "publish-other",
    BT182 PUBLISH_PASSWORD_IN_ADDRESS "publish-password-in-address",
    // bantin init, new, theme export, guide
    BT190 FOLDER_NOT_CREATED "folder-not-created",
    BT191 FILE_EXISTS "file-exists",
    BT192 FILE_NOT_WRITTEN "file-not-written",
    BT193 INIT_TARGET_IS_FILE "init-target-is-file",
    BT194 INIT_NOT_EMPTY "init-not-empty",
    BT195 NEW_OUTSIDE_SITE "new-outside-site",
    BT196 NEW_PLAN_NOT_FOUND "new-plan-not-found",
    BT197 NEW_TITLE_WITHOUT_LETTERS "new-title-without-letters",
    BT198 THEME_EXPORT_NOT_EMPTY "theme-export-not-empty",
    BT199 NEW_KIND_UNKNOWN "new-kind-unknown",
    BT200 NEW_DATE_INVALID "new-date-invalid",
}
