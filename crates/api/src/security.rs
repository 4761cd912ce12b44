//! What a company's security review asks for: the audit log (`/admin/api/audit`), two-factor
//! sign-in (`/two-factor`, `/login/code`), the sessions a member has (`/sessions`) and changing
//! the password (`/password`).

use serde::{Deserialize, Serialize};

named_enum! {
    /// Every change a member or an API token makes, as the audit log names it.
    pub enum AuditAction {
        OrganizationCreated = "organization_created",
        SignedIn = "signed_in",
        SignedOut = "signed_out",
        PasswordChanged = "password_changed",
        SessionEnded = "session_ended",
        MemberSessionsEnded = "member_sessions_ended",
        TwoFactorEnabled = "two_factor_enabled",
        TwoFactorDisabled = "two_factor_disabled",
        RecoveryCodeUsed = "recovery_code_used",
        RecoveryCodesRenewed = "recovery_codes_renewed",
        TwoFactorRequirementChanged = "two_factor_requirement_changed",
        InviteSent = "invite_sent",
        MemberJoined = "member_joined",
        MemberRoleChanged = "member_role_changed",
        MemberRemoved = "member_removed",
        TokenCreated = "token_created",
        TokenRevoked = "token_revoked",
        SurveyCreated = "survey_created",
        SurveyEdited = "survey_edited",
        SurveyStatusChanged = "survey_status_changed",
        SurveySecretRotated = "survey_secret_rotated",
        SurveyScheduleSet = "survey_schedule_set",
        SurveyAudienceSet = "survey_audience_set",
        FatigueSet = "fatigue_set",
        SiteAdded = "site_added",
        SiteRemoved = "site_removed",
        SiteFatigueSet = "site_fatigue_set",
        InvitationsSent = "invitations_sent",
        MailEventRecorded = "mail_event_recorded",
        ResponseDeleted = "response_deleted",
        ResponseTagged = "response_tagged",
        ResponseNoteAdded = "response_note_added",
        ExportDownloaded = "export_downloaded",
        ContactDetailsRead = "contact_details_read",
        WebhookCreated = "webhook_created",
        WebhookDeleted = "webhook_deleted",
        PlanCreated = "plan_created",
        PlanEdited = "plan_edited",
        PlanDeleted = "plan_deleted",
        PlanUpdateAdded = "plan_update_added",
        QuoteApproved = "quote_approved",
        QuoteWithdrawn = "quote_withdrawn",
        ReplyAnswered = "reply_answered",
        FollowUpSet = "follow_up_set",
        FollowUpRemoved = "follow_up_removed",
        ResultsPublished = "results_published",
        ResultsTakenDown = "results_taken_down",
        CaseRulesChanged = "case_rules_changed",
        CaseStatusChanged = "case_status_changed",
        CasePlanLinked = "case_plan_linked",
        RootCauseAdded = "root_cause_added",
        MemberGoalSet = "member_goal_set",
        WallLinkCreated = "wall_link_created",
        WallLinkRevoked = "wall_link_revoked",
        CaseMessageSent = "case_message_sent",
        ContactRetentionSet = "contact_retention_set",
        AnswerRetentionSet = "answer_retention_set",
        AnswersExpired = "answers_expired",
        TranslationsSaved = "translations_saved",
    }
}

impl AuditAction {
    /// The kind of thing the action changes; the entry's `object` is its id.
    pub fn object_kind(self) -> &'static str {
        use AuditAction::*;
        match self {
            OrganizationCreated | TwoFactorRequirementChanged | FatigueSet => "organization",
            SignedIn | SignedOut | SessionEnded => "session",
            PasswordChanged | TwoFactorEnabled | TwoFactorDisabled | RecoveryCodeUsed | RecoveryCodesRenewed
            | MemberSessionsEnded | MemberJoined | MemberRoleChanged | MemberRemoved => "member",
            InviteSent => "invitation",
            TokenCreated | TokenRevoked => "api_token",
            SurveyCreated | SurveyEdited | SurveyStatusChanged | SurveySecretRotated | SurveyScheduleSet
            | SurveyAudienceSet | ExportDownloaded | ResultsPublished | ResultsTakenDown | ContactDetailsRead => {
                "survey"
            }
            ResponseDeleted | ResponseTagged | ResponseNoteAdded => "response",
            WebhookCreated | WebhookDeleted => "webhook",
            SiteAdded | SiteRemoved | SiteFatigueSet => "site",
            InvitationsSent => "survey",
            MailEventRecorded => "address",
            PlanCreated | PlanEdited | PlanDeleted | PlanUpdateAdded | FollowUpSet | FollowUpRemoved => "plan",
            QuoteApproved | QuoteWithdrawn => "quote",
            ReplyAnswered => "reply",
            CaseRulesChanged | TranslationsSaved | AnswerRetentionSet | AnswersExpired => "survey",
            CaseStatusChanged | CasePlanLinked | CaseMessageSent => "case",
            RootCauseAdded => "root_cause",
            MemberGoalSet => "member",
            WallLinkCreated | WallLinkRevoked | ContactRetentionSet => "organization",
        }
    }
}

named_enum! {
    /// Who acted.
    pub enum ActorKind {
        /// A member, through a session.
        Member = "member",
        /// An API token of the organisation.
        Token = "token",
        /// The server itself: the command line, the demo.
        System = "system",
    }
}

/// One entry of the audit log. Entries are written in the transaction of the change they
/// record and nobody can edit or delete them through the product; they go after the server's
/// retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    /// Milliseconds since 1970.
    pub at: i64,
    pub actor_kind: ActorKind,
    /// The member's user id, or the API token's id.
    pub actor_id: String,
    /// The member's or the token's name when they acted.
    pub actor_name: String,
    pub action: AuditAction,
    /// What kind of thing changed (`survey`, `plan`, `member`…).
    pub object_kind: String,
    /// Its id.
    pub object_id: String,
    /// The survey the object belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<String>,
    /// A short note on the change (the new status, the new role), never personal data.
    pub detail: String,
    /// The first 12 hex digits of the SHA-256 of the client's address: which entries came from
    /// the same place, never the address itself.
    pub address: String,
}

/// `GET /admin/api/audit`: a page of entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Passed as `before` for the next (older) page; none on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// How many days entries are kept.
    pub retention_days: u32,
}

/// A member's two-factor sign-in, as they see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactor {
    pub enabled: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: u32,
    /// Whether the organisation requires it of every member.
    pub required: bool,
}

/// `POST /admin/api/two-factor/enrolment`: a new secret to scan; nothing changes until a first
/// code from it is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolment {
    /// The secret in base32, for typing into an app by hand.
    pub secret: String,
    /// The `otpauth://` URL the QR code holds.
    pub url: String,
    /// The QR code, as an SVG document.
    pub qr_svg: String,
}

/// A code from the authenticator app (six digits) or, where said, a recovery code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub code: String,
}

/// Ten single-use recovery codes, shown this once; the server keeps only their digests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// The answer to a right password of a member with two-factor sign-in: no session yet, a
/// challenge to send back with a code within five minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecondFactor {
    pub challenge: String,
}

/// `POST /admin/api/login/code`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LogInCode {
    pub challenge: String,
    /// Six digits from the app, or one of the recovery codes.
    pub code: String,
}

/// `PUT /admin/api/organization/security` (owners).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrganizationSecurity {
    /// Members without two-factor sign-in are sent to set it up before anything else. API
    /// tokens are not affected.
    pub require_two_factor: bool,
}

/// A live session of a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub id: String,
    /// The browser and system, read from its user agent (`Firefox on Linux`).
    pub device: String,
    /// Milliseconds since 1970.
    pub created_at: i64,
    pub last_seen: i64,
    /// The first 12 hex digits of the SHA-256 of the address it signed in from.
    pub address: String,
    /// The session this request came with.
    pub current: bool,
}

/// `GET /admin/api/sessions`, `GET /admin/api/members/{user}/sessions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sessions {
    pub sessions: Vec<SessionInfo>,
}

/// `POST /admin/api/password`: ends every other session of the member.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}
