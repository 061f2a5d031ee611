import { CreateFoundation1764190000000 } from '../../../migrations/1764190000000-CreateFoundation';
import { CreateCrechesAndPlanning1764200000000 } from '../../../migrations/1764200000000-CreateCrechesAndPlanning';

/** Every migration, in order. */
export const MIGRATIONS = [CreateFoundation1764190000000, CreateCrechesAndPlanning1764200000000] as const;
