//! Cron expressions, parsed where config is validated (and again by the
//! scheduler that fires them). Workers' five fields (minute hour day month
//! weekday); a sixth, leading seconds field is accepted too.

use croner::Cron;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid cron expression `{expression}`: {reason}")]
pub struct CronError {
    pub expression: String,
    pub reason: String,
}

pub fn parse(expression: &str) -> Result<Cron, CronError> {
    Cron::new(expression)
        .with_seconds_optional()
        .parse()
        .map_err(|err| CronError { expression: expression.to_string(), reason: err.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_crons_and_seconds() {
        assert!(parse("*/5 * * * *").is_ok());
        assert!(parse("0 12 * * MON-FRI").is_ok());
        assert!(parse("*/2 * * * * *").is_ok(), "an optional leading seconds field");
        let err = parse("61 * * * *").unwrap_err();
        assert_eq!(err.expression, "61 * * * *");
        assert!(err.to_string().starts_with("invalid cron expression `61 * * * *`"), "{err}");
        assert!(parse("every minute").is_err());
    }
}
