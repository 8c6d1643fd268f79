// The one database instance of the app.

import { AppDB } from './AppDB';

export const db = new AppDB();
