import { InitialSchema1763800000000 } from './1763800000000-InitialSchema';

/** Every migration, in order. The app, the CLI and the tests all run exactly this list. */
export const MIGRATIONS = [InitialSchema1763800000000];
