// Every way to write a session length IAM accepts, from 1h to 12h.
use role_dsl::{Role, role};

#[role(max_session = 5400, trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct BareSeconds;

#[role(max_session = "1h30m", trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct HoursAndMinutes;

#[role(max_session = "90m", trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct Minutes;

#[role(max_session = "5400s", trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct Seconds;

#[role(max_session = "5400", trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct SecondsText;

#[role(max_session = "1h", trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct Least;

#[role(max_session = 3600, trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct LeastSeconds;

#[role(max_session = "12h", trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct Most;

#[role(max_session = 43200, trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct MostSeconds;

#[role(max_session = "720m", trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
pub struct MostMinutes;

fn main() {
    assert_eq!(BareSeconds::definition().max_session, Some(5400));
    assert_eq!(HoursAndMinutes::definition().max_session, Some(5400));
    assert_eq!(Minutes::definition().max_session, Some(5400));
    assert_eq!(Seconds::definition().max_session, Some(5400));
    assert_eq!(SecondsText::definition().max_session, Some(5400));
    assert_eq!(Least::definition().max_session, Some(3600));
    assert_eq!(LeastSeconds::definition().max_session, Some(3600));
    assert_eq!(Most::definition().max_session, Some(43200));
    assert_eq!(MostSeconds::definition().max_session, Some(43200));
    assert_eq!(MostMinutes::definition().max_session, Some(43200));
}
