//! Findings: every mistake the parser and the validator report, each with a stable code, a
//! message naming the culprit, the place it points at and, where one is known, the fix.
//!
//! The macros turn findings into `compile_error!`s at their span; the CLI prints them in rustc's
//! layout. Both read the same text from here, so they always say the same words.

use proc_macro2::Span;

/// Where a finding points: a token's span, and optionally a byte range inside a string
/// literal's *value* (the CLI underlines that exact part; a macro on stable Rust can only
/// underline the whole literal).
#[derive(Debug, Clone, Copy)]
pub struct Spot {
    pub span: Span,
    pub within: Option<(usize, usize)>,
    /// For input that is not Rust (a JSON policy document): the token's byte range in its file,
    /// which stands in for `span`.
    pub bytes: Option<(usize, usize)>,
}

impl Spot {
    pub fn new(span: Span) -> Spot {
        Spot {
            span,
            within: None,
            bytes: None,
        }
    }

    /// The token at `start..end` of a file that is not Rust.
    pub fn bytes(start: usize, end: usize) -> Spot {
        Spot {
            span: Span::call_site(),
            within: None,
            bytes: Some((start, end)),
        }
    }

    /// The bytes `start..end` of the literal's value.
    pub fn part(self, start: usize, end: usize) -> Spot {
        let (base, _) = self.within.unwrap_or((0, 0));
        Spot {
            within: Some((base + start, base + end)),
            ..self
        }
    }
}

impl From<Span> for Spot {
    fn from(span: Span) -> Spot {
        Spot::new(span)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $slug:literal, $silence:ident, $description:literal;)*) => {
        /// Every kind of finding. The code and the slug are stable: tools and users may rely on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, such as `RD101`.
            pub fn code(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short kebab-case name, such as `unknown-argument`.
            pub fn slug(self) -> &'static str {
                match self { $(Code::$variant => $slug,)* }
            }

            /// One sentence saying what the finding means.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $description,)* }
            }

            /// Whether `unchecked = ["RDnnn"]` may silence it. Findings that stand on knowledge
            /// that can be stale or on a judgement may be; findings without which the role cannot
            /// be built (a malformed argument, an unknown placeholder) may not.
            pub fn silenceable(self) -> bool {
                match self { $(Code::$variant => codes!(@silence $silence),)* }
            }
        }
    };
    (@silence silenceable) => { true };
    (@silence fixed) => { false };
}

codes! {
    // The shape of the attribute and the item.
    UnknownArgument = "RD101", "unknown-argument", fixed, "an argument the attribute does not take";
    DuplicateArgument = "RD102", "duplicate-argument", fixed, "an argument given twice where only one is allowed";
    InvalidArgument = "RD103", "invalid-argument", fixed, "an argument whose value has the wrong shape";
    NotAStruct = "RD104", "not-a-struct", fixed, "#[role] and #[policy] go on a struct";
    MissingTrust = "RD105", "missing-trust", fixed, "a role needs at least one trust(...) statement";
    InvalidUnchecked = "RD106", "invalid-unchecked", fixed, "an `unchecked` entry that is neither an action nor the code of a finding that can be silenced";
    UnusedUnchecked = "RD107", "unused-unchecked", fixed, "an `unchecked` code that silenced nothing (a warning)";
    InvalidAccept = "RD109", "invalid-accept", fixed, "an `accept(...)` without a lint code (`RLnnn`) or without a reason";
    DuplicateKey = "RD108", "duplicate-key", fixed, "a key given twice in one object of a JSON policy document (IAM would keep only one)";
    // Role and policy properties.
    InvalidName = "RD201", "invalid-name", silenceable, "a name outside IAM's 1..64 characters of [\\w+=,.@-]";
    InvalidPath = "RD202", "invalid-path", silenceable, "a path that is not `/` or `/.../` of printable ASCII, up to 512 characters";
    InvalidDescription = "RD203", "invalid-description", silenceable, "a description over 1,000 characters";
    InvalidDuration = "RD204", "invalid-duration", fixed, "a max_session that is not a duration IAM accepts (1h to 12h)";
    InvalidTag = "RD205", "invalid-tag", silenceable, "a tag key or value IAM rejects";
    DuplicateTag = "RD206", "duplicate-tag", fixed, "two tag keys equal ignoring case";
    TooManyTags = "RD207", "too-many-tags", silenceable, "more than 50 tags";
    TooManyManagedPolicies = "RD208", "too-many-managed-policies", silenceable, "more than 10 managed policies on one role (the default quota)";
    InvalidManagedPolicy = "RD209", "invalid-managed-policy", fixed, "a managed policy that is neither an ARN nor a policy name";
    UnknownManagedPolicy = "RD210", "unknown-managed-policy", silenceable, "an AWS managed policy that AWS does not have";
    // Statements.
    MissingActions = "RD301", "missing-actions", fixed, "a statement without actions or not_actions";
    MissingResources = "RD302", "missing-resources", fixed, "a statement without on or not_on";
    ConflictingForms = "RD303", "conflicting-forms", fixed, "a statement with both forms of an element (actions and not_actions, on and not_on)";
    InvalidSid = "RD304", "invalid-sid", silenceable, "a sid outside [A-Za-z0-9]+";
    DuplicateSid = "RD305", "duplicate-sid", silenceable, "two statements of one policy with the same sid";
    MalformedAction = "RD306", "malformed-action", fixed, "an action that is not `service:Action`";
    UnknownService = "RD311", "unknown-service", silenceable, "an action whose service prefix AWS does not have";
    UnknownAction = "RD312", "unknown-action", silenceable, "an action the service does not have";
    WildcardMatchesNothing = "RD313", "wildcard-matches-nothing", silenceable, "an action wildcard that matches no action of the service";
    // Placeholders.
    UnknownPlaceholder = "RD401", "unknown-placeholder", fixed, "a placeholder that names no field of the struct";
    UnusedField = "RD402", "unused-field", fixed, "a field that no placeholder uses";
    ReservedField = "RD403", "reserved-field", fixed, "a field named like a pseudo-parameter";
    UnbalancedBrace = "RD404", "unbalanced-brace", fixed, "a `{` or `}` that opens or closes nothing (write `{{` or `}}`)";
    NonStringField = "RD405", "non-string-field", fixed, "a parameter field whose type is not String, &'static str or a list of them";
    MalformedPolicyVariable = "RD406", "malformed-policy-variable", fixed, "a `${...}` policy variable that IAM cannot read";
    PolicyVariableInAction = "RD407", "policy-variable-in-action", fixed, "a policy variable inside an action, where IAM does not expand it";
    ListPlaceholderInString = "RD408", "list-placeholder-in-string", fixed, "a list field inside a longer string, or where one value is needed";
    // ARNs.
    MalformedArn = "RD501", "malformed-arn", fixed, "an ARN without its six fields";
    InvalidPartition = "RD502", "invalid-partition", silenceable, "an ARN partition that does not exist";
    InvalidArnService = "RD503", "invalid-arn-service", silenceable, "an ARN service that is not lowercase";
    InvalidArnRegion = "RD504", "invalid-arn-region", silenceable, "an ARN region that is not a region";
    InvalidArnAccount = "RD505", "invalid-arn-account", silenceable, "an ARN account that is not 12 digits";
    ResourceMismatch = "RD511", "resource-mismatch", silenceable, "an allowed action that none of the statement's resources can name";
    NeedsAnyResource = "RD512", "needs-any-resource", silenceable, "an action without resource-level permissions, allowed on a resource other than \"*\"";
    ArnFieldNotAllowed = "RD513", "arn-field-not-allowed", silenceable, "a region or account in an ARN whose service's ARNs have none (S3 buckets)";
    WrongArnKind = "RD514", "wrong-arn-kind", silenceable, "an ARN that names the wrong kind of thing for its argument (a boundary that is not a policy)";
    // Conditions.
    UnknownOperator = "RD601", "unknown-operator", fixed, "a condition operator IAM does not have";
    NullIfExists = "RD602", "null-if-exists", fixed, "`Null` has no IfExists form";
    SetOperatorOnNull = "RD603", "set-operator-on-null", fixed, "ForAnyValue/ForAllValues cannot qualify `Null`";
    InvalidConditionValue = "RD604", "invalid-condition-value", silenceable, "a value that the condition operator cannot read";
    DuplicateConditionKey = "RD605", "duplicate-condition-key", fixed, "one key twice under one operator (IAM would keep only one)";
    MissingConditionKey = "RD606", "missing-condition-key", fixed, "a condition without its key or its values";
    UnknownConditionKey = "RD611", "unknown-condition-key", silenceable, "a condition key that is neither global nor a key of a service";
    TagKeyWithoutName = "RD612", "tag-key-without-name", silenceable, "aws:ResourceTag, aws:PrincipalTag or aws:RequestTag without `/key`";
    OperatorTypeMismatch = "RD613", "operator-type-mismatch", silenceable, "an operator family that can never match the key's type";
    UnknownPolicyVariable = "RD614", "unknown-policy-variable", silenceable, "a policy variable that names no condition key";
    // Trust.
    PrincipalCount = "RD701", "principal-count", fixed, "a trust(...) without exactly one principal kind";
    PrincipalActionMismatch = "RD702", "principal-action-mismatch", silenceable, "a trust action that does not fit its principal";
    TrustActionNotSts = "RD703", "trust-action-not-sts", silenceable, "a trust action outside sts:";
    InvalidExternalId = "RD704", "invalid-external-id", silenceable, "an external id outside 2..1224 characters of [\\w+=,.@:/-]";
    InvalidAccountId = "RD705", "invalid-account-id", silenceable, "an account principal that is not 12 digits";
    MalformedProvider = "RD706", "malformed-provider", silenceable, "an OIDC or SAML provider that is not a host or a provider ARN";
    InvalidPrincipal = "RD707", "invalid-principal", silenceable, "a principal IAM cannot read";
    NotAssumable = "RD708", "not-assumable", silenceable, "a role whose trust statements let no principal assume it (only session actions such as sts:TagSession)";
    UnknownServicePrincipal = "RD711", "unknown-service-principal", silenceable, "a service principal that is no AWS service";
    // Sizes.
    TrustPolicyTooLarge = "RD801", "trust-policy-too-large", silenceable, "a trust policy over 2,048 characters without whitespace";
    InlinePolicyTooLarge = "RD802", "inline-policy-too-large", silenceable, "an inline policy over 10,240 characters without whitespace";
    ManagedPolicyTooLarge = "RD803", "managed-policy-too-large", silenceable, "a managed policy over 6,144 characters without whitespace";
    ResourcePolicyTooLarge = "RD804", "resource-policy-too-large", silenceable, "a resource-based JSON policy over 102,400 characters without whitespace, more than any AWS service takes";
    // Across items.
    DuplicateRole = "RD901", "duplicate-role", fixed, "two roles or policies with the same identifier or name, or a policy attached twice";
    UnknownPolicy = "RD902", "unknown-policy", fixed, "policies(...) names a #[policy] that is not there";
    SourceError = "RD903", "source-error", fixed, "a Rust file that does not parse";
    CatalogueUnavailable = "RD904", "catalogue-unavailable", fixed, "the catalogue file named by ROLE_DSL_CATALOGUE cannot be read";
    Unrenderable = "RD905", "unrenderable", fixed, "declarations that one output format cannot write as they are (names that meet once spelled, a name the format reserves): a warning, since the other formats can";
}

impl Code {
    /// The code for `RD312` or `unknown-action`, as a user writes it in `unchecked` or on the
    /// command line.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.code().eq_ignore_ascii_case(text) || c.slug() == text)
    }
}

/// A second place a finding concerns: "the other is here".
#[derive(Debug, Clone)]
pub struct Label {
    pub spot: Spot,
    /// The file it is in, where that is not the finding's own file (an index into the files the
    /// caller read).
    pub file: Option<usize>,
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub spot: Spot,
    /// The fix, when one is known: "did you mean `s3:PutObject`?" is part of the message; this
    /// holds longer advice.
    pub help: Option<String>,
    /// Other places the finding concerns.
    pub labels: Vec<Label>,
    /// Where an `unchecked = [...]` entry silenced it, if one did: the finding is kept, to be
    /// listed by `role-cli check --verbose`, and no longer counts.
    pub silenced: Option<Spot>,
}

impl Finding {
    pub fn error(code: Code, spot: impl Into<Spot>, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: Severity::Error,
            message: message.into(),
            spot: spot.into(),
            help: None,
            labels: Vec::new(),
            silenced: None,
        }
    }

    pub fn warning(code: Code, spot: impl Into<Spot>, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(code, spot, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(
        mut self,
        spot: Spot,
        file: Option<usize>,
        message: impl Into<String>,
    ) -> Finding {
        self.labels.push(Label {
            spot,
            file,
            message: message.into(),
        });
        self
    }

    /// An error that makes the declaration fail: not a warning, and not silenced.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error && self.silenced.is_none()
    }

    /// The text a macro shows: the code and the message, then the help on a line of its own
    /// (stable Rust gives a macro no `help:` of its own).
    pub fn macro_text(&self) -> String {
        let mut text = format!("[{}] {}", self.code.code(), self.message);
        for label in &self.labels {
            text.push_str(&format!("\n  = note: {}", label.message));
        }
        if let Some(help) = &self.help {
            text.push_str(&format!("\n  = help: {help}"));
        }
        text
    }
}

/// Where findings are collected; every check pushes here and goes on, so that all mistakes are
/// reported at once.
#[derive(Debug, Default)]
pub struct Findings(pub Vec<Finding>);

impl Findings {
    pub fn push(&mut self, finding: Finding) {
        self.0.push(finding);
    }

    pub fn error(&mut self, code: Code, spot: impl Into<Spot>, message: impl Into<String>) {
        self.push(Finding::error(code, spot, message));
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Finding::is_error)
    }

    /// Whether an error was pushed after the first `from` findings.
    pub fn has_errors_since(&self, from: usize) -> bool {
        self.0[from..].iter().any(Finding::is_error)
    }

    pub fn extend(&mut self, other: Findings) {
        self.0.extend(other.0);
    }
}

/// ", did you mean `x`?" when a suggestion exists, else nothing.
pub fn did_you_mean(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// The nearest of `candidates` to `input`, when it is close enough to be a likely typo.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_ascii_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&input_lower, &candidate.to_ascii_lowercase());
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}
