// UI and session state only (who is working, list filters, how sync stands). Data lives in
// Dexie, not here.

import { create, type StateCreator } from 'zustand';
import { EMPTY_CUSTOMER_FILTER, type CustomerListFilter } from '../db/customer-queries';
import type { Profile } from '../db/profile-repo';
import type { CertificateProblem } from '../sync/certificate-guard';
import type { SyncStatus } from '../sync/engine';

type SessionSlice = {
  profile: Profile | null;
  setProfile: (profile: Profile) => void;
};

type CustomerListSlice = {
  customerFilter: CustomerListFilter;
  setCustomerFilter: (patch: Partial<CustomerListFilter>) => void;
  resetCustomerFilter: () => void;
};

/** The sync engine's status, mirrored for the UI (sync/sync-runtime.ts keeps it current). */
type SyncSlice = {
  sync: SyncStatus;
  setSyncStatus: (status: SyncStatus) => void;
  /** The server's certificate is not the trusted one: sync is stopped until the user decides. */
  certificateProblem: CertificateProblem | null;
  setCertificateProblem: (problem: CertificateProblem | null) => void;
};

type AppState = SessionSlice & CustomerListSlice & SyncSlice;

/** No server configured: the app works exactly as before sync existed. */
export const LOCAL_SYNC_STATUS: SyncStatus = {
  state: 'not_configured',
  user: null,
  serverUrl: '',
  lastSyncAt: null,
  pending: 0,
  progress: null,
  lastError: null,
};

const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  profile: null,
  setProfile: (profile) => set({ profile }),
});

const createCustomerListSlice: StateCreator<AppState, [], [], CustomerListSlice> = (set) => ({
  customerFilter: EMPTY_CUSTOMER_FILTER,
  setCustomerFilter: (patch) =>
    set((state) => ({ customerFilter: { ...state.customerFilter, ...patch } })),
  resetCustomerFilter: () =>
    set((state) => ({
      customerFilter: { ...EMPTY_CUSTOMER_FILTER, sort: state.customerFilter.sort },
    })),
});

const createSyncSlice: StateCreator<AppState, [], [], SyncSlice> = (set) => ({
  sync: LOCAL_SYNC_STATUS,
  setSyncStatus: (sync) => set({ sync }),
  certificateProblem: null,
  setCertificateProblem: (certificateProblem) => set({ certificateProblem }),
});

export const useAppStore = create<AppState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createCustomerListSlice(...args),
  ...createSyncSlice(...args),
}));
