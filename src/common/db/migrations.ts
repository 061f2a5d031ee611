import { CreateFoundation1764190000000 } from '../../../migrations/1764190000000-CreateFoundation';

/** Every migration, in order. */
export const MIGRATIONS = [CreateFoundation1764190000000] as const;
