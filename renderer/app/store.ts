// UI and session state only (who is working, list filters). Data lives in Dexie, not here.

import { create, type StateCreator } from 'zustand';
import { EMPTY_CUSTOMER_FILTER, type CustomerListFilter } from '../db/customer-queries';
import type { Profile } from '../db/profile-repo';

type SessionSlice = {
  profile: Profile | null;
  setProfile: (profile: Profile) => void;
};

type CustomerListSlice = {
  customerFilter: CustomerListFilter;
  setCustomerFilter: (patch: Partial<CustomerListFilter>) => void;
  resetCustomerFilter: () => void;
};

type AppState = SessionSlice & CustomerListSlice;

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

export const useAppStore = create<AppState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createCustomerListSlice(...args),
}));
