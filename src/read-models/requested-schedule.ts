/**
 * The one place that says which weekly schedule an application requests, for the read models that count demand
 * (territory dashboard, estimated wait). Each listed crèche carries the schedule asked of it
 * (`application_preferences.schedule`, the application's own schedule unless the family gave that crèche another).
 *
 * At one crèche: the schedule asked of it. `p` is the alias of `application_preferences` in the queries that use it.
 */
export const REQUESTED_SCHEDULE_SQL = 'p.schedule';

/**
 * Across a territory, an application counts once, with the schedule asked of its first choice among the territory's
 * crèches (a fallback crèche's other hours are not extra demand). `a` is the alias of `applications`; `territoryParam`
 * the placeholder of the territory id.
 */
export const FIRST_CHOICE_SCHEDULE_SQL = (territoryParam: string) =>
  `(SELECT fp.schedule FROM application_preferences fp JOIN creches fc ON fc.id = fp.creche_id
     WHERE fp.application_id = a.id AND fc.territory_id = ${territoryParam} ORDER BY fp.rank LIMIT 1)`;
