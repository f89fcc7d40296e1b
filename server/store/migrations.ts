// Every module's schema changes, in the order they apply. A module adds its list here once.
import type { Migration } from "./db.ts";
import { HOSTING_MIGRATIONS } from "../hosting/store.ts";

export const MIGRATIONS: Migration[] = [...HOSTING_MIGRATIONS];
