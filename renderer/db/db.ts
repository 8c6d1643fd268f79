// The one database instance of the app, sealed with the keys of the vault.

import { mutableKeySource } from '../vault/mutable-key-source';
import { AppDB } from './AppDB';
import { installProjection } from './projection/projection-store';

/**
 * The keys the database seals and opens rows with: the vault sets them when it opens and clears
 * them when it locks. Until then the database is locked: personal data can be neither read nor
 * written.
 */
export const appKeys = mutableKeySource();

export const db = new AppDB('dealerdesk', appKeys);
// The lists' in-memory projection follows every committed write (before the database opens).
installProjection(db);
