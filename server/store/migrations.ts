// Every module's schema changes, in the order they apply. A module adds its list here once.
import type { Migration } from "./db.ts";
import { HOSTING_MIGRATIONS } from "../hosting/store.ts";
import { LEVEL_MIGRATIONS } from "../levels/progress.ts";
import { CLASSROOM_MIGRATIONS } from "../classroom/store.ts";

export const MIGRATIONS: Migration[] = [...HOSTING_MIGRATIONS, ...LEVEL_MIGRATIONS, ...CLASSROOM_MIGRATIONS];
