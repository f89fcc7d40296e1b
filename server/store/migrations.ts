// Every module's schema changes, in the order they apply. A module adds its list here once.
import type { Migration } from "./db.ts";

export const MIGRATIONS: Migration[] = [];
