// What the import bench page exposes to its runner (import-bench.ts), typed once for both.

export type ImportBenchResult = {
  rows: number;
  fileBytes: number;
  /** openImportFile + planAgainstDatabase: decode, parse, map, validate, find duplicates. */
  planMs: number;
  /** applyImport: rows + outbox + timeline + batch record, in chunks. */
  applyMs: number;
  created: number;
  invalid: number;
  duplicate: number;
  /** Rows written per table, for the floor to write the same. */
  customers: number;
  followUps: number;
  timeline: number;
  outbox: number;
};

export type ImportFloorResult = { rows: number; bulkPutMs: number };

export type UndoBenchResult = { undoMs: number; withdrawn: number };

export type ImportBenchApi = {
  importApp: (rows: number) => Promise<ImportBenchResult>;
  /** bulkPut of the very rows importApp wrote (copied out of its database), same chunk size. */
  bulkPutFloor: () => Promise<ImportFloorResult>;
  undoApp: () => Promise<UndoBenchResult>;
};

declare global {
  // Declaration merging is the only way to type a property on window; a type alias can't merge.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    dealerImportBench?: ImportBenchApi;
  }
}
