//! Domain types without I/O: ids, accounts, users, invites, jobs, statuses.

pub mod account;
pub mod email;
pub mod id;
pub mod instance;
pub mod invite;
pub mod job;
pub mod media;
pub mod notification;
pub mod secret;
pub mod status;
pub mod time;

pub use account::{
    Account, AccountFilter, ActorEndpoints, Field, Fields, LoginRefusal, LoginState, NewLocalAccount,
    NewRemoteAccount, User, UserAccount, UserFlags,
};
pub use id::{
    AccountId, ActivityId, AppId, AuthorizationId, HashtagId, Id, InviteId, JobId, MediaId, NotificationId,
    ObjectId, StatusId, TokenId, UserId,
};
pub use instance::Instance;
pub use invite::{Invite, InviteError, NewInvite};
pub use job::{Enqueued, Job, JobState, Lease, NewJob};
pub use media::{Attachment, Dimensions, Focus, MediaKind, NewAttachment};
pub use notification::{Notification, NotificationType};
pub use secret::Secret;
pub use status::{
    ContentType, Mention, NewStatus, Status, StatusMarks, StatusUpdate, StatusVersion, Tag, Visibility,
};
pub use time::Timestamp;
