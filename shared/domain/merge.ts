// Deprecated: the duplicate-card merge rules now live in duplicate-merge.ts. Kept only for
// server/sync/push.ts until its rewrite imports duplicate-merge.ts directly; then delete this file.

export { lateChangeOntoSurvivor } from './duplicate-merge';
