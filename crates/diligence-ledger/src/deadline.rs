//! Deadlines, computed from a case's record and never stored.
//!
//! An acknowledgement is due a period after the notification was
//! **received** by the log (not after the time its sender claims), the
//! period set by the notification's urgency. The periods are configurable;
//! the defaults ([`AckPeriods::default`]) are this project's choice, not a
//! rule of law:
//!
//! | urgency     | acknowledgement due within |
//! |-------------|----------------------------|
//! | `immediate` | 24 hours                   |
//! | `urgent`    | 72 hours                   |
//! | `routine`   | 14 days                    |
//!
//! A case is overdue at `now` (passed in) when it is not acknowledged and
//! `now` is past the due time; an acknowledgement received after the due
//! time is recorded as late.

use crate::chain::Case;
use crate::model::Urgency;
use time::{Duration, OffsetDateTime};

/// How long the receiver has to acknowledge, per urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AckPeriods {
    /// For an `immediate` notification.
    pub immediate: Duration,
    /// For an `urgent` one.
    pub urgent: Duration,
    /// For a `routine` one.
    pub routine: Duration,
}

impl Default for AckPeriods {
    fn default() -> AckPeriods {
        AckPeriods {
            immediate: Duration::hours(24),
            urgent: Duration::hours(72),
            routine: Duration::days(14),
        }
    }
}

impl AckPeriods {
    /// The period for an urgency.
    pub fn period(&self, urgency: Urgency) -> Duration {
        match urgency {
            Urgency::Immediate => self.immediate,
            Urgency::Urgent => self.urgent,
            Urgency::Routine => self.routine,
        }
    }
}

/// Where a case's acknowledgement stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckStatus {
    /// Not acknowledged, not yet due.
    Pending {
        /// When it is due.
        due: OffsetDateTime,
    },
    /// Not acknowledged and past due.
    Overdue {
        /// When it was due.
        due: OffsetDateTime,
        /// By how much it is late at `now`.
        late_by: Duration,
    },
    /// Acknowledged (received at `on`); `late` when after the due time.
    Acknowledged {
        /// When it was due.
        due: OffsetDateTime,
        /// When the acknowledgement was received.
        on: OffsetDateTime,
        /// Whether that was after the due time.
        late: bool,
    },
}

impl AckStatus {
    /// Whether the case is overdue.
    pub fn is_overdue(&self) -> bool {
        matches!(self, AckStatus::Overdue { .. })
    }
}

/// When the acknowledgement of `case` is due.
pub fn ack_due(case: &Case, periods: &AckPeriods) -> OffsetDateTime {
    case.entries()[0].received + periods.period(case.notification().urgency)
}

/// Where the acknowledgement of `case` stands at `now`. An
/// acknowledgement received after `now` is not yet counted.
pub fn ack_status(case: &Case, periods: &AckPeriods, now: OffsetDateTime) -> AckStatus {
    let due = ack_due(case, periods);
    match case.acknowledgement() {
        Some(ack) if ack.received <= now => AckStatus::Acknowledged {
            due,
            on: ack.received,
            late: ack.received > due,
        },
        _ if now > due => AckStatus::Overdue {
            due,
            late_by: now - due,
        },
        _ => AckStatus::Pending { due },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn the_default_periods_follow_urgency() {
        let d = AckPeriods::default();
        assert_eq!(d.period(Urgency::Immediate), Duration::hours(24));
        assert_eq!(d.period(Urgency::Urgent), Duration::hours(72));
        assert_eq!(d.period(Urgency::Routine), Duration::days(14));
        assert!(d.immediate < d.urgent && d.urgent < d.routine);
    }

    #[test]
    fn due_pending_overdue_and_acknowledged() {
        let p = Parties::new();
        // The fixture's notification is urgent and received at at(0).
        let case = p.open();
        let periods = AckPeriods::default();
        let due = ack_due(&case, &periods);
        assert_eq!(due, at(72));
        assert_eq!(
            ack_status(&case, &periods, at(72)),
            AckStatus::Pending { due }
        );
        assert_eq!(
            ack_status(&case, &periods, at(73)),
            AckStatus::Overdue {
                due,
                late_by: Duration::hours(1)
            }
        );

        let mut on_time = case.clone();
        on_time
            .append(p.ack(&case), at(10), &p.directory)
            .expect("acknowledged");
        assert!(!ack_status(&on_time, &periods, at(5)).is_overdue());
        assert_eq!(
            ack_status(&on_time, &periods, at(5)),
            AckStatus::Pending { due }
        );
        assert_eq!(
            ack_status(&on_time, &periods, at(100)),
            AckStatus::Acknowledged {
                due,
                on: at(10),
                late: false
            }
        );

        let mut late = case.clone();
        late.append(p.ack(&case), at(80), &p.directory)
            .expect("acknowledged");
        assert_eq!(
            ack_status(&late, &periods, at(100)),
            AckStatus::Acknowledged {
                due,
                on: at(80),
                late: true
            }
        );
        assert!(ack_status(&late, &periods, at(75)).is_overdue());
    }

    #[test]
    fn the_periods_are_configurable() {
        let p = Parties::new();
        let case = p.open();
        let periods = AckPeriods {
            urgent: Duration::hours(2),
            ..AckPeriods::default()
        };
        assert_eq!(ack_due(&case, &periods), at(2));
        assert!(ack_status(&case, &periods, at(3)).is_overdue());
        assert!(!ack_status(&case, &AckPeriods::default(), at(3)).is_overdue());
    }
}
