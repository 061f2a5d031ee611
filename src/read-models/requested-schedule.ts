/**
 * The one place that says which weekly schedule an application requests, for the read models that count demand
 * (territory dashboard, estimated wait). Today: the application-level schedule (`applications.schedule`). When
 * preferences carry their own schedule (the application's stays the default), this becomes
 * `COALESCE(p.schedule, a.schedule)` over `application_preferences p`, and both read models follow.
 *
 * `a` is the alias of `applications`, `p` that of `application_preferences` in the queries that use it.
 */
export const REQUESTED_SCHEDULE_SQL = 'a.schedule';
