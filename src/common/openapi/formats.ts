/** OpenAPI patterns for the strings whose format OpenAPI has no name for. */

/** A time of day "HH:mm" (24:00 ends a day). OpenAPI's `format: time` is RFC 3339's HH:mm:ss with an offset: not ours. */
export const TIME_OF_DAY_PATTERN = '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$';

/** An ISO week "YYYY-Www". */
export const ISO_WEEK_PATTERN = '^\\d{4}-W\\d{2}$';

/** A loose schema for a JSON value kept as recorded (traces, snapshots): described in docs/rules.md, not here. */
export const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
